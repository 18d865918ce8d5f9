"""The Add documents page (AppTest): upload, detected metadata, correct, add and build, refusals."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from etl.build import build
from etl.pipeline import process_file
from etl.store import library
from etl.store.paths import tracker_path
from tests.etl.convert.documents import EXTERNAL_DEV, docx_bytes, external_dev_texts

DASHBOARD = str(Path(__file__).resolve().parents[2] / "dashboard.py")


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    corpus = tmp_path / "data" / "corpus"
    corpus.mkdir(parents=True)
    shutil.copy(EXTERNAL_DEV / "nbs75_services.txt", corpus)
    build(tmp_path / "data", corpus, workers=1)
    monkeypatch.setenv("TRACKER_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def open_page() -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.switch_page("pages/add_documents.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def uploader(at: AppTest):
    return at.file_uploader(key=f"add_uploads_{at.session_state['add_round']}")


def test_upload_shows_what_was_detected_and_a_bad_file_is_named(folder):
    at = open_page()
    report = docx_bytes(external_dev_texts()["gwr2019.txt"])
    uploader(at).set_value(
        [
            ("gwr2019.docx", report, "application/octet-stream"),
            ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 800, "application/msword"),
        ]
    ).run()
    assert not at.exception, [e.value for e in at.exception]
    errors = [e.value for e in at.error]
    assert errors == [
        "old.doc: an old binary Word/WPS (.doc, .wps) file; open it in WPS or Word and save it as "
        ".docx or PDF, then add that file"
    ]
    assert library.entries(folder) == []  # nothing added before the button
    [title] = [w for w in at.text_input if w.key.startswith("add_title_")]
    assert title.value == "政府工作报告"
    from_text = sum(q.kind == "target" for q in process_file("gwr2019.txt", external_dev_texts()["gwr2019.txt"])[1])
    captions = " ".join(c.value for c in at.caption)
    assert "Word document" in captions and f"{from_text} targets found" in captions
    assert at.button(key="add_build").label == "Add 1 and build"


def test_correct_the_title_add_and_build(folder):
    at = open_page()
    uploader(at).set_value(
        [("gwr2019.docx", docx_bytes(external_dev_texts()["gwr2019.txt"]), "application/octet-stream")]
    ).run()
    [title] = [w for w in at.text_input if w.key.startswith("add_title_")]
    title.set_value("2019年国务院政府工作报告").run()
    [level] = [w for w in at.selectbox if w.key.startswith("add_level_")]
    assert level.value == "national"  # detected from the text
    [issuer] = [w for w in at.text_input if w.key.startswith("add_issuer_")]
    assert issuer.value == "国务院"  # detected from the speaker line
    issuer.set_value("中华人民共和国国务院").run()
    at.button(key="add_build").click().run()
    assert not at.exception, [e.value for e in at.exception]
    [entry] = library.entries(folder)
    assert entry.corrections == {"title": "2019年国务院政府工作报告", "issuer": "中华人民共和国国务院"}
    con = duckdb.connect(str(tracker_path(folder)), read_only=True)
    rows = con.execute(
        "SELECT d.title, d.issuer, d.level, count(q.quantity_id) FROM documents d JOIN quantities q USING (doc_id) "
        "WHERE d.source_file = ? AND q.kind = 'target' GROUP BY ALL",
        [entry.seed],
    ).fetchall()
    con.close()
    from_text = sum(q.kind == "target" for q in process_file("gwr2019.txt", external_dev_texts()["gwr2019.txt"])[1])
    assert rows == [("2019年国务院政府工作报告", "中华人民共和国国务院", "national", from_text)]
    assert any("Added 1" in s.value for s in at.success)
    assert "2019年国务院政府工作报告" in [s.value for s in at.subheader]
    assert uploader(at).value in (None, [])  # a fresh uploader for the next files


def test_read_only_mode_refuses_uploads(folder, monkeypatch):
    monkeypatch.setenv("TRACKER_READ_ONLY", "1")
    at = open_page()
    assert not at.get("file_uploader")
    assert any("read-only" in i.value for i in at.info)


def test_the_password_is_asked_first(folder, monkeypatch):
    monkeypatch.setenv("TRACKER_PASSWORD", "s3cret")
    at = open_page()
    assert not at.get("file_uploader")
    assert at.text_input(key="password_input")


def test_a_hostile_file_name_is_shown_as_text_and_kept_out_of_paths(folder):
    at = open_page()
    name = '../../"quoted" <b onmouseover=alert(1)>x.txt'
    shown = '"quoted" <b onmouseover=alert(1)>x.txt'  # the part after the last path separator
    uploader(at).set_value([(name, (EXTERNAL_DEV / "nbs75_health.txt").read_bytes(), "text/plain")]).run()
    assert not at.exception, [e.value for e in at.exception]
    assert shown in [t.value for t in at.text]
    at.button(key="add_build").click().run()
    assert not at.exception, [e.value for e in at.exception]
    [entry] = library.entries(folder)
    assert entry.name == shown
    assert (library.library_dir(folder) / entry.doc_id / entry.stored).is_file()
    assert entry.seed == f"library-quoted_b_onmouseover_alert_1_x-{entry.doc_id}.txt"
    assert sorted(p.name for p in folder.parent.iterdir()) == ["data"]


def _add_one(folder) -> library.Entry:
    at = open_page()
    uploader(at).set_value([("health.txt", (EXTERNAL_DEV / "nbs75_health.txt").read_bytes(), "text/plain")]).run()
    at.button(key="add_build").click().run()
    assert not at.exception, [e.value for e in at.exception]
    [entry] = library.entries(folder)
    return entry


def _titles(folder, seed) -> list[tuple]:
    con = duckdb.connect(str(tracker_path(folder)), read_only=True)
    try:
        return con.execute(
            "SELECT title, issue_date FROM documents WHERE source_file = ? ORDER BY start_line", [seed]
        ).fetchall()[:1]
    finally:
        con.close()


def test_a_library_document_can_be_corrected_removed_and_put_back_later(folder):
    entry = _add_one(folder)
    detected_title = _titles(folder, entry.seed)[0][0]
    at = open_page()
    assert at.selectbox(key="library_choice").value == entry.doc_id
    title = at.text_input(key=f"library_title_{entry.doc_id}")
    issue_date = at.text_input(key=f"library_date_{entry.doc_id}")
    assert title.value == detected_title
    title.set_value("卫生健康事业75年综述")
    issue_date.set_value("2024-09-20")
    [save] = [b for b in at.button if b.label == "Save corrections and rebuild"]
    save.click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert library.entries(folder)[0].corrections == {"title": "卫生健康事业75年综述", "issue_date": "2024-09-20"}
    assert _titles(folder, entry.seed) == [("卫生健康事业75年综述", "2024-09-20")]
    at.button(key=f"library_remove_{entry.doc_id}").click().run()
    assert not library.entries(folder)[0].active and _titles(folder, entry.seed) == []
    assert (library.library_dir(folder) / entry.doc_id / entry.stored).is_file()
    at.button(key=f"library_remove_{entry.doc_id}").click().run()
    assert library.entries(folder)[0].active
    assert _titles(folder, entry.seed) == [("卫生健康事业75年综述", "2024-09-20")]  # the correction came back too
