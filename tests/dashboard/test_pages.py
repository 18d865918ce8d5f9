"""Every page, in both languages, with and without progress: what a person sees (AppTest)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.dashboard.conftest import figures, open_page, shown_text, values

PAGES = {
    "overview": ({}, {"en": "Policy targets tracker", "zh": "政策目标跟踪"}),
    "targets": ({}, {"en": "Targets", "zh": "目标"}),
    "target_detail": ({"id": "q_share"}, {"en": "Target detail", "zh": "目标详情"}),
    "progress": ({}, {"en": "Progress", "zh": "进展"}),
    "documents": ({"doc": "doc_plan"}, {"en": "Documents", "zh": "文件"}),
}


@pytest.mark.parametrize("progress", [False, True], ids=["no-progress", "progress"])
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("page", list(PAGES))
def test_page_opens_in_language(page, lang, progress, sample_dir, request):
    if progress:
        request.getfixturevalue("with_progress")
    params, titles = PAGES[page]
    at = open_page(page, lang, **params)
    assert at.title[0].value == titles[lang]
    assert at.radio(key="ui_language").value == lang
    assert at.radio(key="ui_language").label == {"en": "Language", "zh": "语言"}[lang]


def test_overview_counts_and_charts(sample_dir, monkeypatch):
    from pages.common import data

    monkeypatch.setattr(data, "today", lambda: date(2026, 3, 1))  # the deadlines from 2026 on: the notice's two
    at = open_page("overview")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Documents"] == "2" and metrics["Targets"] == "8" and metrics["Baselines"] == "1"
    titles = [fig.layout.title.text for fig, _ in figures(at)]
    assert titles == ["Targets by status", "Targets by target year", "Targets by document (top 2)"]
    for fig, config in figures(at):
        assert fig.layout.title.subtitle.text == "Source: 2 documents in the tracker · as of 2026-03-01"
        assert fig.layout.yaxis.title.text and fig.layout.xaxis.title.text
        assert fig.layout.font.family.startswith("Noto Sans CJK SC")
        assert config["toImageButtonOptions"]["scale"] == 2
        assert config["toImageButtonOptions"]["filename"].startswith("targets-by-")
    years = figures(at)[1][0].data[0]
    assert list(years.x) == ["2025", "2026", "2027", "No year"] and values(years.y) == [5, 1, 1, 1]
    deadlines = at.dataframe[0].value
    assert list(deadlines["Year"]) == [2026, 2027]
    # shown spreadsheet-safe: the table's own CSV download must not carry a formula (issue 11)
    assert list(deadlines["Indicator"]) == ["数字经济核心产业增加值占比", '\'=HYPERLINK("http://evil")宽带用户']


def test_overview_in_chinese_names_charts_in_chinese(sample_dir):
    at = open_page("overview", "zh")
    assert [fig.layout.title.text for fig, _ in figures(at)][:2] == ["目标状态分布", "各目标年份的目标数"]
    assert figures(at)[1][0].data[0].x[-1] == "无年份"


def test_language_switch_changes_the_ui_and_the_url(sample_dir):
    at = open_page("overview")
    at.radio(key="ui_language").set_value("zh").run()
    assert at.title[0].value == "政策目标跟踪"
    assert at.query_params["lang"] == "zh"
    at.radio(key="ui_language").set_value("en").run()
    assert at.title[0].value == "Policy targets tracker"
    assert "lang" not in at.query_params


def test_no_database_offers_to_build_it(tmp_path, monkeypatch):
    monkeypatch.setenv("TRACKER_DATA_DIR", str(tmp_path))
    at = open_page("overview")
    assert "No database yet" in shown_text(at)
    assert (tmp_path / "tracker.duckdb").exists() is False
    at.button(key="build_database").click().run()
    assert not at.exception
    assert (tmp_path / "tracker.duckdb").exists()
    assert at.title[0].value == "Policy targets tracker"
    assert int({m.label: m.value for m in at.metric}["Documents"]) > 10


@pytest.mark.parametrize("held", [False, True], ids=["alone", "old-file-held-open"])
def test_rebuilt_database_is_noticed(sample_dir, held):
    """Also while another connection in the process still holds the replaced file open (another
    session's cursor, the CLI's export): DuckDB would hand `connect(path)` that old instance."""
    import duckdb

    from etl.store.tracker import write_database
    from tests.dashboard.sample_data import NOTICE, QUANTITIES

    at = open_page("overview")
    assert {m.label: m.value for m in at.metric}["Targets"] == "8"
    holder = duckdb.connect(str(sample_dir / "tracker.duckdb"), read_only=True) if held else None
    try:
        write_database(sample_dir / "tracker.duckdb", [NOTICE], [q for q in QUANTITIES if q.doc_id == NOTICE.doc_id])
        at.run()
        metrics = {m.label: m.value for m in at.metric}
        assert metrics["Documents"] == "1" and metrics["Targets"] == "2"
        at.switch_page("pages/targets.py").run()
        assert len(at.dataframe[0].value) == 2
    finally:
        if holder is not None:
            holder.close()


def test_documents_page_lists_counts_and_highlights_escaped_text(sample_dir):
    at = open_page("documents", doc="doc_notice")
    listing = at.dataframe[0].value
    assert dict(zip(listing["Document"], listing["Targets"])) == {
        "示范省“十四五”能源发展规划": 6,
        "关于做好2026年数字经济工作的通知": 2,
    }
    text = shown_text(at)
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in text and "<script>" not in text
    assert '<a href="target_detail?id=q_digital" target="_self"' in text
    assert '<mark class="target">12%</mark>' in text and '<mark class="target">1亿户</mark>' in text
    assert at.query_params["doc"] == "doc_notice"


def test_documents_links_keep_the_language(sample_dir):
    at = open_page("documents", "zh", doc="doc_plan")
    text = shown_text(at)
    assert 'href="target_detail?id=q_coal_base&amp;lang=zh"' in text
    assert '<mark class="baseline">3.2亿吨</mark>' in text
    assert "高亮：目标（黄色）与基期值（蓝色）" in text


def test_documents_are_searched_by_title_and_paged(sample_dir, monkeypatch):
    from pages.common import data

    monkeypatch.setattr(data, "DOCUMENTS_PER_PAGE", 1)
    at = open_page("documents")
    assert list(at.dataframe[0].value["Document"]) == ["关于做好2026年数字经济工作的通知"]  # sample_notice.txt first
    assert "Rows 1–1 of 2" in shown_text(at)
    at.number_input(key="url:page").set_value(2).run()
    assert list(at.dataframe[0].value["Document"]) == ["示范省“十四五”能源发展规划"] and at.query_params["page"] == "2"
    at.text_input(key="url:q").set_value("数字经济").run()
    assert list(at.dataframe[0].value["Document"]) == ["关于做好2026年数字经济工作的通知"]
    assert at.query_params["q"] == "数字经济" and "page" not in at.query_params
    at = open_page("documents", doc="doc_plan", page="1")  # a linked document not on the page shown
    assert at.selectbox(key="document_choice").value == "doc_plan"
    assert "示范省“十四五”能源发展规划" in [s.value for s in at.subheader]
