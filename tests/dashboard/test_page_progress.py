"""The Progress page (AppTest): template, upload -> report -> confirm -> import, history, undo, orphans."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from etl.progress.validation import validate_progress
from etl.store import progress as store
from tests.etl.progress_fixtures import TARGET_IDS, TARGETS, csv_bytes, minimal_xlsx, write_small_tracker

DASHBOARD = str(Path(__file__).resolve().parents[2] / "dashboard.py")
TONNES, PERCENT, RELATIVE, RANGE = TARGET_IDS


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    folder = write_small_tracker(tmp_path / "data")
    monkeypatch.setenv("TRACKER_DATA_DIR", str(folder))
    return folder


def open_progress(lang: str = "en") -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=30)
    if lang == "zh":
        at.query_params["lang"] = "zh"
    at.switch_page("pages/progress.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    parts = [
        e.value
        for kind in ("title", "subheader", "markdown", "caption", "info", "warning", "success", "error")
        for e in getattr(at, kind)
    ]
    return "\n".join(str(p) for p in parts)


def table(at: AppTest, column: str):
    """The first table showing `column` (AppTest does not expose a dataframe's key)."""
    for frame in at.dataframe:
        if column in frame.value.columns:
            return frame.value
    raise AssertionError(f"no table with a {column!r} column")


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader(key="progress_file").set_value((name, data, "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_empty_page_offers_the_template_and_says_nothing_is_uploaded(folder):
    at = open_progress()
    shown = texts(at)
    assert "Progress" in shown and "Nothing has been uploaded yet." in shown
    buttons = at.get("download_button")
    assert len(buttons) == 1 and f"all {len(TARGETS)} targets" in buttons[0].proto.label
    assert not at.button  # nothing to confirm or undo yet


def test_chinese_page(folder):
    shown = texts(open_progress("zh"))
    assert "进展" in shown and "上传记录" in shown and "尚无上传记录" in shown


def test_upload_shows_rejected_rows_then_imports_after_confirm(folder):
    data = csv_bytes(
        [
            [TONNES, "2024", "28亿", ""],
            [PERCENT, "2024", "87%", ""],
            [TONNES, "2023", "87%", ""],
            ["qnope", "2024", "1", ""],
        ]
    )
    at = upload(open_progress(), "figures.csv", data)
    rejected = table(at, "reason")
    assert rejected["line"].tolist() == [4, 5]
    assert "percentage" in rejected["reason"].iloc[0] and "unknown quantity_id" in rejected["reason"].iloc[1]
    assert store.read_progress(folder).empty  # nothing before the confirm
    confirm = at.button(key="progress_confirm")
    assert "Import the 2 valid rows, skip 2 rejected" in confirm.label
    confirm.click().run()
    assert not at.exception
    assert "Saved as upload #1: 2 figures imported" in texts(at)
    assert sorted(store.read_progress(folder)["value"]) == [87.0, 2.8e9]
    history = table(at, "state")
    assert history["file_name"].tolist() == ["figures.csv"] and history["imported"].tolist() == [2]


def test_xlsx_by_mistake_gets_save_as_csv_advice(folder):
    at = upload(open_progress(), "progress.xlsx", minimal_xlsx())
    assert "Save As" in "\n".join(e.value for e in at.error)
    assert not any(b.key == "progress_confirm" for b in at.button)


def test_history_undo_and_restore(folder):
    data = csv_bytes([[TONNES, "2024", "5", ""]])
    store.import_report(folder, validate_progress(data, store.known_targets(folder), file_name="a.csv"))
    at = open_progress()
    assert table(at, "state")["state"].tolist() == ["in effect"]
    at.button(key="progress_undo").click().run()
    assert store.read_progress(folder).empty
    assert table(at, "state")["state"].tolist() == ["undone"]
    at.button(key="progress_restore").click().run()
    assert store.read_progress(folder)["value"].tolist() == [5.0]


def test_orphaned_progress_is_reported_not_deleted(folder):
    data = csv_bytes([[TONNES, "2024", "5", ""], [PERCENT, "2024", "50", ""]])
    store.import_report(folder, validate_progress(data, store.known_targets(folder), file_name="old.csv"))
    write_small_tracker(folder, [q for q in TARGETS if q.quantity_id != PERCENT])  # a rebuild drops a target
    at = open_progress()
    assert "no longer in the targets database (a rebuild may have changed the extraction): 1." in texts(at)
    assert table(at, "period_end")["quantity_id"].tolist() == [PERCENT]
    assert len(store.read_progress(folder)) == 2


# --- Issue 11 (items 2, 7, 8) and issue 15 (items 4, 14, 15) ------------------------------------------


def test_markdown_in_an_uploaded_file_is_shown_as_text(folder):
    # A header cell that renders as a sign-in link and fetches an image when shown as Markdown.
    hostile = "[**Session expired – sign in**](http://evil.example/login) ![b](http://127.0.0.1:9/beacon.png)"
    data = csv_bytes([[TONNES, "2024", "5", ""]], header=("quantity_id", "period", "value", "note", hostile))
    at = upload(open_progress(), "figures.csv", data)
    notes = [e.value for e in at.info if "ignored columns" in e.value]
    assert notes and "](http" not in notes[0] and "![" not in notes[0]
    assert "\\[\\*\\*Session expired" in notes[0]  # every Markdown character escaped: shown as typed
    first_line = b"[click me](http://evil.example) **now**\nno header here\n"
    at = upload(open_progress(), "notes.csv", first_line)
    assert at.error and "](http" not in at.error[0].value


def test_a_formula_file_name_is_neutralised_in_the_history_table(folder):
    data = csv_bytes([[TONNES, "2024", "5", '=HYPERLINK("http://evil")']])
    at = upload(open_progress(), "=1+1.csv", data)
    at.button(key="progress_confirm").click().run()
    history = table(at, "state")
    assert history["file_name"].tolist() == ["'=1+1.csv"]
    valid = open_progress()
    assert store.read_uploads(folder)["file_name"].tolist() == ["=1+1.csv"]  # stored as it came
    assert table(valid, "state")["file_name"].tolist() == ["'=1+1.csv"]


def test_a_doubtful_encoding_is_shown_and_must_be_confirmed_or_changed(folder):
    data = f"quantity_id,period,value,note\n{TONNES},2024,5,naïve résumés\n".encode("cp1252")
    at = upload(open_progress(), "latin.csv", data)
    assert any("1252" in w.value and "2024" in w.value for w in at.warning)  # the doubt, with the sample
    assert at.button(key="progress_confirm").disabled
    at.selectbox(key="progress_encoding").set_value("cp1252").run()
    assert not at.exception and not any("1252" in w.value for w in at.warning)
    at.button(key="progress_confirm").click().run()
    assert store.read_progress(folder)["note"].tolist() == ["naïve résumés"]


def test_an_xlsx_workbook_is_checked_and_imported(folder):
    from tests.etl.progress_fixtures import workbook_bytes

    at = upload(open_progress(), "figures.xlsx", workbook_bytes([[TONNES, 2024, 5, "表格"], [PERCENT, 2023, 87, ""]]))
    assert not at.error
    at.button(key="progress_confirm").click().run()
    assert sorted(store.read_progress(folder)["value"]) == [5.0, 87.0]


def test_the_page_reads_each_thing_once_and_builds_the_template_only_on_click(folder, monkeypatch):
    # Issue 15, item 15: the template for every target was built on every visit, and the uploads,
    # progress rows and tracker were read several times per visit.
    import streamlit as st

    data = csv_bytes([[TONNES, "2024", "5", ""]])
    store.import_report(folder, validate_progress(data, store.known_targets(folder), file_name="a.csv"))
    calls: dict[str, int] = {}
    for name in ("read_uploads", "read_progress", "template_targets", "_tracker_frame", "problem"):
        real = getattr(store, name)

        def counted(*args, _real=real, _name=name, **kwargs):
            calls[_name] = calls.get(_name, 0) + 1
            return _real(*args, **kwargs)

        monkeypatch.setattr(store, name, counted)
    st.cache_data.clear()
    at = open_progress()
    first = dict(calls)
    assert first.get("template_targets", 0) == 0
    assert first.get("read_uploads") == 1 and first.get("read_progress", 0) <= 1
    assert first.get("_tracker_frame", 0) <= 2  # the template's count and the orphans' lookup
    at.run()  # a rerun with nothing changed reads nothing again
    assert calls == first
