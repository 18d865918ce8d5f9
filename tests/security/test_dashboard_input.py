"""Hostile input through the UI and the URL: SQL stays parameters, HTML stays text, CSVs stay data.

Injection strings go into the Targets free-text filter and into every query parameter of every
page; afterwards no exception, no extra rows, and the database is as it was. `<script>` in a
document, an indicator, an upload's note and file name is shown escaped wherever it appears.
"""

from __future__ import annotations

import io
import json

import duckdb
import pandas as pd
import pytest

from etl.progress.validation import validate_progress
from etl.store import progress as store
from tests.dashboard.conftest import download, figures, open_page, shown_text
from tests.dashboard.sample_data import NOTICE, PLAN, QUANTITIES, write_sample

INJECTIONS = [
    "' OR 1=1 --",
    "'; DROP TABLE quantities; --",
    "%' UNION SELECT quantity_id, doc_id FROM quantities --",
    '") OR ("1"="1',
    "\\'; SELECT 1; --",
    "\\\\",
    "q_share' OR 'a'='a",
    "1; ATTACH '/tmp/x.duckdb' AS x",
    "煤炭'); DELETE FROM documents; --",
    "＇ＯＲ １＝１ －－",  # full-width look-alikes
    "%",
    "_",
    "<script>alert(1)</script>",
]
PAGES_AND_PARAMS = {
    "overview": ["lang"],
    "targets": ["doc", "issuer", "level", "year", "status", "unit", "conf", "q", "lang"],
    "target_detail": ["id", "lang"],
    "progress": ["lang"],
    "documents": ["doc", "lang"],
}


def _table_counts(folder) -> dict[str, int]:
    with duckdb.connect(":memory:") as con:
        con.execute("ATTACH ? AS t (READ_ONLY)", [str(folder / "tracker.duckdb")])
        return {
            table: con.execute(f"SELECT count(*) FROM t.{table}").fetchone()[0]
            for table in ("documents", "quantities", "meta")
        }


def _no_raw_html(at) -> None:
    """No markdown element may render HTML, and no st.html body may carry a live tag from the data."""
    for kind in ("markdown", "caption", "info", "warning", "error", "success", "title", "subheader"):
        for element in getattr(at, kind):
            assert not getattr(element.proto, "allow_html", False), (kind, element.value)
    for body in (h.proto.body for h in at.get("html")):
        assert "<script" not in body and "<img" not in body and "javascript:" not in body


def _literal_matches(text: str) -> list[str]:
    """Targets whose sentence or indicator contains `text` as plain text (what the filter must do)."""
    needle = text.strip().lower()
    return [
        q.quantity_id
        for q in QUANTITIES
        if q.kind == "target" and (needle in q.sentence.lower() or needle in (q.indicator or "").lower())
    ]


def _rows(at) -> pd.DataFrame:
    return at.dataframe[0].value if at.dataframe else pd.DataFrame()


@pytest.mark.parametrize("text", INJECTIONS)
def test_injection_typed_into_the_text_filter(sample_dir, text):
    before = _table_counts(sample_dir)
    at = open_page("targets")
    at.text_input(key="url:q").set_value(text).run()
    assert not at.exception, [e.value for e in at.exception]
    literal = _literal_matches(text)
    assert len(_rows(at)) == len(literal)  # matched as literal text: "%" finds the sentences with a %
    if not literal:
        assert "No targets match these filters" in shown_text(at)
    assert at.query_params["q"] == text.strip()
    assert _table_counts(sample_dir) == before


def test_a_matching_substring_still_finds_rows_through_the_parameter(sample_dir):
    """The same code path does find text: 0 rows above is the parameter working, not a broken query."""
    at = open_page("targets")
    at.text_input(key="url:q").set_value("煤炭").run()
    assert _rows(at)["Indicator"].tolist() == ["煤炭消费量"]


@pytest.mark.parametrize("page", list(PAGES_AND_PARAMS))
def test_injection_in_every_query_parameter(sample_dir, page):
    before = _table_counts(sample_dir)
    for text in INJECTIONS + ["abc", "-1", "1e309", "nan", "9" * 40, "doc_plan,doc_notice'--"]:
        params = {name: text for name in PAGES_AND_PARAMS[page]}
        at = open_page(page, **params)  # asserts no exception
        shown = shown_text(at)
        _no_raw_html(at)
        if page == "targets":
            # values that are no option are dropped; q is matched as literal text
            assert len(_rows(at)) == len(_literal_matches(text)), text
        if page == "target_detail":
            assert not figures(at) and "No target with id" in shown
        if page == "documents":
            assert at.selectbox(key="document_choice").value == NOTICE.doc_id  # unknown -> the first listed
    assert _table_counts(sample_dir) == before


def test_unknown_detail_id_stays_inside_its_code_span(sample_dir):
    at = open_page("target_detail", id="x` [click](javascript:alert(1)) **bold** `y")
    warning = at.warning[0].value
    code = warning.split("`")
    assert len(code) == 3 and "[click](javascript:alert(1))" in code[1]  # one code span holding it all


# --- HTML ---------------------------------------------------------------------------------------

SCRIPT = "<script>alert('x')</script>"


@pytest.fixture
def hostile_dir(tmp_path, monkeypatch):
    """The sample database with `<script>` in an indicator and a title, and an upload whose note has one."""
    from dataclasses import replace

    from tests.etl.progress_fixtures import csv_bytes

    quantities = [replace(q, indicator=q.indicator + SCRIPT) if q.quantity_id == "q_share" else q for q in QUANTITIES]
    folder = tmp_path / "data"
    write_sample(folder)
    from etl.store.tracker import write_database

    write_database(folder / "tracker.duckdb", [replace(PLAN, title=PLAN.title + SCRIPT), NOTICE], quantities)
    data = csv_bytes(
        [["q_share", "2022", "17", f"公报 {SCRIPT} <img src=x onerror=alert(1)>"], ["q_share", "2023", "18", "ok"]]
    )
    store.import_report(
        folder, validate_progress(data, store.known_targets(folder), file_name=f"{SCRIPT}.csv"), content=data
    )
    monkeypatch.setenv("TRACKER_DATA_DIR", str(folder))
    return folder


def _no_live_markup(text: str) -> None:
    assert "<script>" not in text and "<img" not in text


def test_script_in_indicator_title_and_note_is_escaped_on_every_page(hostile_dir):
    detail = open_page("target_detail", id="q_share")
    _no_raw_html(detail)
    assert "&lt;script&gt;" in shown_text(detail)  # shown, as text
    for fig, _ in figures(detail):
        spec = json.dumps(fig.to_plotly_json(), ensure_ascii=False)
        _no_live_markup(spec)
        assert "&lt;script&gt;" in spec  # the indicator in the title and axis, as text
    documents = open_page("documents", doc="doc_plan")
    _no_raw_html(documents)
    assert 'title="非化石能源消费比重&lt;script&gt;' in shown_text(documents)
    for page in ("overview", "targets", "progress"):
        at = open_page(page)
        _no_raw_html(at)
        for fig, _ in figures(at):
            _no_live_markup(json.dumps(fig.to_plotly_json(), ensure_ascii=False))


# --- CSV ----------------------------------------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cells(data: bytes) -> list[str]:
    frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    return [str(c) for c in frame.columns] + [c for column in frame.columns for c in frame[column]]


def test_downloaded_csvs_are_formula_safe(sample_dir, downloads):
    at = open_page("targets")
    for label in ("Download CSV", "Progress template for these 8 targets"):
        cells = _cells(download(at, downloads, label))
        assert any(c.startswith("'=HYPERLINK") for c in cells), label
        texts = [c for c in cells if not _is_number(c)]
        assert not [c for c in texts if c.startswith(FORMULA_STARTS)], label
    progress = open_page("progress")
    cells = _cells(download(progress, downloads, "Template for all 8 targets"))
    assert not [c for c in cells if not _is_number(c) and c.startswith(FORMULA_STARTS)]


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_uploaded_note_and_file_name_with_markup_are_data(sample_dir):
    from tests.etl.progress_fixtures import csv_bytes

    at = open_page("progress")
    note = f"公报 {SCRIPT} <img src=x onerror=alert(1)>"
    data = csv_bytes([["q_share", "2023", "18.6", note], ["=cmd|' /C calc'!A0", "2023", "1", SCRIPT]])
    at.file_uploader(key="progress_file").set_value((f"{SCRIPT}.csv", data, "text/csv")).run()
    assert not at.exception
    _no_raw_html(at)
    valid = next(f.value for f in at.dataframe if "note" in f.value.columns)
    assert valid["note"].tolist() == [note]  # kept verbatim, shown in a table cell (never as HTML)
    at.button(key="progress_confirm").click().run()
    _no_raw_html(at)
    assert store.read_progress(sample_dir)["note"].tolist() == [note]
    assert store.read_uploads(sample_dir)["file_name"].tolist() == [f"{SCRIPT}.csv"]


def test_every_table_on_every_page_is_formula_safe_for_its_own_csv_download(sample_dir):
    # Issue 11, item 8: st.dataframe's toolbar "Download as CSV" writes the cells as shown; a target
    # named "=HYPERLINK(...)" and an upload named "=1+1.csv" reached it unneutralised.
    from tests.etl.progress_fixtures import csv_bytes

    data = csv_bytes([["q_share", "2023", "18", "@SUM(A1)"]])
    store.import_report(
        sample_dir, validate_progress(data, store.known_targets(sample_dir), file_name="=1+1.csv"), content=data
    )
    seen = 0
    for page, params in (
        ("overview", {}),
        ("targets", {}),
        ("progress", {}),
        ("documents", {}),
        ("target_detail", {"id": "q_broadband"}),
    ):
        at = open_page(page, **params)
        for frame in at.dataframe:
            for column in frame.value.columns:
                for cell in frame.value[column]:
                    if isinstance(cell, str):
                        seen += cell.startswith("'=") or cell.startswith("'@")
                        assert not cell.startswith(FORMULA_STARTS), (page, column, cell)
    assert seen >= 2  # the hostile indicator and the file name were there, neutralised
