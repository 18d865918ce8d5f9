"""The Targets page at scale: one page of rows at a time (page in the URL), downloads of every
filtered row made on click, and a document filter that lists a few documents, not thousands (AppTest).

The sample database has 8 targets in 2 documents, so the page size and the document list's limit
are made small here to exercise the same code paths as 31,300 targets in 8,500 documents.
"""

from __future__ import annotations

import io

import pandas as pd
import pytest

from etl import queries
from pages.common import data
from tests.dashboard.conftest import download, open_page, shown_text


def _rows(at) -> pd.DataFrame:
    return at.dataframe[0].value if at.dataframe else pd.DataFrame()


@pytest.fixture
def three_per_page(monkeypatch):
    monkeypatch.setattr(data, "TARGETS_PER_PAGE", 3)


def test_the_table_shows_one_page_and_the_page_is_in_the_url(sample_dir, three_per_page):
    at = open_page("targets")
    first = _rows(at)
    assert len(first) == 3 and "8 of 8 targets" in shown_text(at) and "Rows 1–3 of 8" in shown_text(at)
    assert at.number_input(key="url:page").value == 1 and "page" not in at.query_params
    at.number_input(key="url:page").set_value(3).run()
    assert at.query_params["page"] == "3" and len(_rows(at)) == 2 and "Rows 7–8 of 8" in shown_text(at)
    every = pd.concat([first, _rows(open_page("targets", page="2")), _rows(at)])
    assert every["Detail"].is_unique and len(every) == 8  # pages neither overlap nor skip a row


def test_a_shared_page_link_opens_that_page_and_bad_pages_are_clamped(sample_dir, three_per_page):
    assert "Rows 4–6 of 8" in shown_text(open_page("targets", page="2"))
    for raw, rows in (
        ("99", "Rows 7–8"),
        ("9" * 40, "Rows 7–8"),
        ("0", "Rows 1–3"),
        ("-1", "Rows 1–3"),
        ("abc", "Rows 1–3"),
        ("1e309", "Rows 1–3"),
        ("nan", "Rows 1–3"),
    ):
        at = open_page("targets", page=raw)
        assert rows in shown_text(at), raw
    at = open_page("targets", page="2", doc="doc_notice")  # 2 rows: one page, no pager
    assert len(_rows(at)) == 2 and not at.number_input and "page" not in at.query_params


def test_changing_a_filter_goes_back_to_the_first_page(sample_dir, three_per_page):
    at = open_page("targets", page="2")
    at.multiselect(key="url:unit").set_value(["%"]).run()  # 4 targets: still two pages
    assert at.number_input(key="url:page").value == 1 and "page" not in at.query_params
    at.button(key="clear_filters").click().run()
    assert "page" not in at.query_params and len(_rows(at)) == 3


def test_downloads_hold_every_filtered_target_not_just_the_page(sample_dir, three_per_page, downloads):
    at = open_page("targets", page="2")
    exported = pd.read_csv(io.BytesIO(download(at, downloads, "Download CSV")), encoding="utf-8-sig")
    assert len(exported) == 8
    template = download(at, downloads, "Progress template for these 8 targets")
    assert len(pd.read_csv(io.BytesIO(template), encoding="utf-8-sig")) == 8
    at = open_page("targets", unit="%", page="2")
    exported = pd.read_csv(io.BytesIO(download(at, downloads, "Download CSV")), encoding="utf-8-sig")
    assert sorted(exported["quantity_id"]) == ["q_digital", "q_energy", "q_gdp", "q_share"]


def test_the_document_filter_lists_a_few_documents_and_finds_others_by_title(sample_dir, monkeypatch):
    monkeypatch.setattr(queries, "DOCUMENT_OPTIONS_LIMIT", 1)
    at = open_page("targets")
    assert at.multiselect(key="url:doc").options == ["关于做好2026年数字经济工作的通知"]  # first by title
    assert "1 of 2 documents listed" in shown_text(at)
    at.text_input(key="doc_title_search").set_value("能源").run()
    assert at.multiselect(key="url:doc").options == ["示范省“十四五”能源发展规划"]
    assert "documents listed" not in shown_text(at)
    at.multiselect(key="url:doc").set_value(["doc_plan"]).run()
    assert at.query_params["doc"] == "doc_plan" and len(_rows(at)) == 6
    at.text_input(key="doc_title_search").set_value("数字").run()  # the choice stays while others are found
    assert at.multiselect(key="url:doc").value == ["doc_plan"]
    assert at.multiselect(key="url:doc").options == ["示范省“十四五”能源发展规划", "关于做好2026年数字经济工作的通知"]


def test_a_linked_document_is_kept_though_beyond_the_list(sample_dir, monkeypatch):
    monkeypatch.setattr(queries, "DOCUMENT_OPTIONS_LIMIT", 0)
    at = open_page("targets", doc="doc_plan")
    assert at.multiselect(key="url:doc").value == ["doc_plan"] and len(_rows(at)) == 6


def test_the_document_list_follows_the_other_filters(sample_dir):
    at = open_page("targets", year="2026")
    assert at.multiselect(key="url:doc").options == ["关于做好2026年数字经济工作的通知"]
    at = open_page("targets", unit="吨")
    assert at.multiselect(key="url:doc").options == ["示范省“十四五”能源发展规划"]


def test_sorting_a_column_sorts_every_filtered_target_before_paging(sample_dir, three_per_page):
    """Sorted by year, newest first: page 1 holds the latest years of all 8 targets, not of page 1's rows."""
    at = open_page("targets", sort="year", desc="1")
    assert at.selectbox(key="url:sort").value == "year" and at.toggle(key="url:desc").value
    years = [list(_rows(open_page("targets", sort="year", desc="1", page=str(p)))["Year"]) for p in (1, 2, 3)]
    everything = [y for page in years for y in page]
    assert years[0][:2] == [2027, 2026]  # the two years after 2025, latest first
    present = [y for y in everything if not pd.isna(y)]
    assert present == sorted(present, reverse=True) and all(pd.isna(y) for y in everything[len(present) :])


def test_choosing_a_sort_goes_to_the_first_page_and_into_the_url(sample_dir, three_per_page):
    at = open_page("targets", page="2")
    at.selectbox(key="url:sort").set_value("confidence").run()
    assert at.query_params["sort"] == "confidence" and "page" not in at.query_params
    confidences = list(_rows(at)["Confidence"])
    assert confidences == sorted(confidences) and confidences[0] == 0.5  # the lowest of all 8 (the notice's)
    at.toggle(key="url:desc").set_value(True).run()
    assert at.query_params["desc"] == "1" and list(_rows(at)["Confidence"])[0] == 0.9


def test_an_unknown_sort_in_a_link_falls_back_to_document_order(sample_dir):
    at = open_page("targets", sort="value; DROP TABLE quantities")
    assert at.selectbox(key="url:sort").value == "" and len(_rows(at)) == 8
