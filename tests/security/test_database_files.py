"""Damaged, missing and old database files: a clear message and a way out, never a traceback.

tracker.duckdb is derived, so the fix offered is a rebuild. progress.duckdb is the only copy of
what people uploaded: it is never deleted or overwritten; a damaged one is reported, uploads are
refused, and it is moved aside (renamed) only after an explicit confirmation; an older layout is
migrated in place, in one transaction, with every row carried over.
"""

from __future__ import annotations

import random
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from etl.cli import main
from etl.progress.validation import validate_progress
from etl.store import progress as store
from etl.store.paths import progress_path, tracker_path
from etl.store.reading import tracker_problem
from tests.dashboard.conftest import open_page, shown_text
from tests.dashboard.sample_data import PLAN_TEXT
from tests.etl.progress_fixtures import TARGET_IDS, csv_bytes, write_small_tracker


def _valid_tracker_bytes(tmp_path: Path) -> bytes:
    return tracker_path(write_small_tracker(tmp_path / "good")).read_bytes()


def _other_schema(path: Path, version: str | None, drop: str | None = None) -> None:
    """A real DuckDB file in another layout: another schema version, no meta, or a table missing."""
    write_small_tracker(path.parent)
    with duckdb.connect(str(path)) as con:
        if version is None:
            con.execute("DROP TABLE meta")
        else:
            con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [version])
        if drop:
            con.execute(f"DROP TABLE {drop}")


BAD_TRACKERS = {
    "empty": lambda path, good: path.write_bytes(b""),
    "garbage": lambda path, good: path.write_bytes(random.Random(7).randbytes(64 * 1024)),
    "csv-renamed": lambda path, good: path.write_bytes(b"quantity_id,period,value\r\nq1,2024,5\r\n" * 50),
    "truncated-header": lambda path, good: path.write_bytes(good[:4096]),
    "truncated-half": lambda path, good: path.write_bytes(good[: len(good) // 2]),
    "old-schema": lambda path, good: _other_schema(path, "0"),
    "newer-schema": lambda path, good: _other_schema(path, "99"),
    "no-meta": lambda path, good: _other_schema(path, None),
    "table-missing": lambda path, good: _other_schema(path, "1", drop="documents"),
}


@pytest.fixture
def data_folder(tmp_path, monkeypatch) -> Path:
    """An empty data folder with a one-file corpus of its own (a rebuild takes a second)."""
    folder = tmp_path / "data"
    (folder / "corpus").mkdir(parents=True)
    (folder / "corpus" / "plan.txt").write_text(PLAN_TEXT, encoding="utf-8")
    monkeypatch.setenv("TRACKER_DATA_DIR", str(folder))
    return folder


# --- tracker.duckdb in the dashboard ----------------------------------------------------------------


@pytest.mark.parametrize("kind", list(BAD_TRACKERS))
def test_bad_tracker_shows_a_message_and_a_rebuild_button(data_folder, tmp_path, kind):
    path = tracker_path(data_folder)
    BAD_TRACKERS[kind](path, _valid_tracker_bytes(tmp_path))
    problem = tracker_problem(path)
    if kind == "truncated-half" and problem is None:
        pytest.skip("this small file still reads completely when cut in half")
    for page in ("overview", "targets", "documents"):
        at = open_page("overview") if page == "overview" else _switch(page)
        shown = shown_text(at) + "\n".join(e.value for e in at.error)
        assert "The tracker database cannot be used" in shown, page
        assert ("damaged" in shown) if problem.kind == "corrupt" else ("another version of this program" in shown)
        assert "Uploaded progress is kept in progress.duckdb and is not touched" in shown
        assert at.button(key="build_database").label == "Rebuild the database"


def _switch(page: str):
    from streamlit.testing.v1 import AppTest

    from tests.dashboard.conftest import DASHBOARD

    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.run()
    at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_rebuild_button_replaces_a_damaged_tracker_and_keeps_progress(data_folder, tmp_path):
    write_small_tracker(data_folder)
    store.import_report(
        data_folder, validate_progress(csv_bytes([[TARGET_IDS[0], "2024", "5", ""]]), store.known_targets(data_folder))
    )
    progress_before = progress_path(data_folder).read_bytes()
    tracker_path(data_folder).write_bytes(random.Random(1).randbytes(32 * 1024))
    at = open_page("overview")
    at.button(key="build_database").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert tracker_problem(tracker_path(data_folder)) is None
    assert at.title[0].value == "Policy targets tracker" and at.metric  # the Overview, from the new file
    assert progress_path(data_folder).read_bytes() == progress_before
    assert store.read_progress(data_folder)["value"].tolist() == [5.0]


def test_the_build_button_is_the_command_lines_build(data_folder, monkeypatch):
    """One build entry (etl.commands.build.build_database): the button passes what `etl build` would
    (`--full` for a damaged file), and the CLI goes through the same function."""
    from etl.commands import build as build_command

    calls = []
    real = build_command.build_database

    def recording(data, corpus, full=False, workers=None, show_progress=False):
        calls.append((Path(data), Path(corpus), full, workers))
        return real(data, corpus, full=full, workers=workers, show_progress=show_progress)

    monkeypatch.setattr(build_command, "build_database", recording)
    open_page("overview").button(key="build_database").click().run()  # missing: a plain build
    tracker_path(data_folder).write_bytes(b"not a database")
    open_page("overview").button(key="build_database").click().run()  # damaged: rebuilt in full
    assert [call[2:] for call in calls] == [(False, None), (True, None)]
    assert calls[0][0] == data_folder and calls[0][1] == calls[1][1]
    assert main(["build", "--data-dir", str(data_folder), "--corpus", str(calls[0][1]), "--full", "--quiet"]) == 0
    assert calls[2] == (data_folder, calls[0][1], True, None)


def test_read_only_mode_explains_instead_of_offering_a_build(data_folder, monkeypatch):
    monkeypatch.setenv("TRACKER_READ_ONLY", "1")
    at = open_page("overview")  # missing database
    assert not any(b.key == "build_database" for b in at.button)
    assert "ask whoever runs it to build the database" in shown_text(at)
    tracker_path(data_folder).write_bytes(b"not a database")
    at = open_page("overview")
    assert not any(b.key == "build_database" for b in at.button)
    assert "The tracker database cannot be used" in shown_text(at)


def test_damage_found_only_while_a_page_reads_is_a_message_not_a_traceback(sample_dir, monkeypatch):
    from etl import queries

    def broken(*args, **kwargs):
        raise duckdb.IOException("Could not read enough bytes from file: attempted to read 262144 bytes")

    monkeypatch.setattr(queries, "targets_frame", broken)
    at = open_page("targets")
    assert "The tracker database could not be read (IO Error" not in shown_text(at)  # detail is DuckDB's line
    assert "could not be read" in "\n".join(e.value for e in at.error)
    assert at.button(key="build_database").label == "Rebuild the database"


# --- progress.duckdb ----------------------------------------------------------------------------------

BAD_PROGRESS = {
    "empty": b"",
    "garbage": random.Random(3).randbytes(48 * 1024),
    "text": "这不是数据库\n".encode() * 100,
}


def _bad_progress(folder: Path, kind: str, tmp_path: Path) -> bytes:
    path = progress_path(folder)
    if kind == "tracker-copied-over":
        path.write_bytes(_valid_tracker_bytes(tmp_path))
    elif kind == "truncated":
        good = tmp_path / "good_progress"
        write_small_tracker(good)
        store.import_report(
            good, validate_progress(csv_bytes([[TARGET_IDS[0], "2024", "5", ""]]), store.known_targets(good))
        )
        path.write_bytes(progress_path(good).read_bytes()[:4096])
    else:
        path.write_bytes(BAD_PROGRESS[kind])
    return path.read_bytes()


PROGRESS_KINDS = list(BAD_PROGRESS) + ["tracker-copied-over", "truncated"]


@pytest.mark.parametrize("kind", PROGRESS_KINDS)
def test_bad_progress_is_reported_and_never_written(sample_dir, tmp_path, kind):
    before = _bad_progress(sample_dir, kind, tmp_path)
    assert store.problem(sample_dir) is not None
    report = validate_progress(csv_bytes([["q_share", "2024", "19", ""]]), store.known_targets(sample_dir))
    with pytest.raises(store.ProgressUnreadable, match="has not been changed"):
        store.import_report(sample_dir, report)
    with pytest.raises(store.ProgressUnreadable):
        store.undo_upload(sample_dir, 1)
    overview = open_page("overview")
    assert "The progress database cannot be read" in shown_text(overview)
    assert overview.metric  # the rest of the dashboard works, without progress
    at = open_page("progress")
    errors = "\n".join(e.value for e in at.error)
    assert "cannot be read" in errors and "has not been changed" in errors
    assert not at.get("file_uploader")  # uploads refused
    assert progress_path(sample_dir).read_bytes() == before
    assert not list(sample_dir.glob("progress.duckdb.corrupt-*"))


def test_moving_a_damaged_progress_file_aside_needs_confirmation_and_keeps_it(sample_dir, tmp_path):
    before = _bad_progress(sample_dir, "garbage", tmp_path)
    at = open_page("progress")
    assert at.button(key="progress_move_aside").disabled  # until the person ticks the confirmation
    at.run()
    assert progress_path(sample_dir).read_bytes() == before
    at.checkbox(key="progress_move_confirm").check().run()
    at.button(key="progress_move_aside").click().run()
    assert not at.exception
    (moved,) = sample_dir.glob("progress.duckdb.corrupt-*")
    assert moved.read_bytes() == before and not progress_path(sample_dir).exists()
    assert f"moved to {moved}" in shown_text(at)
    assert at.get("file_uploader")  # uploads work again, into a new file
    data = csv_bytes([["q_share", "2024", "19", ""]])
    at.file_uploader(key="progress_file").set_value(("new.csv", data, "text/csv")).run()
    at.button(key="progress_confirm").click().run()
    assert store.read_progress(sample_dir)["value"].tolist() == [19.0]
    assert moved.read_bytes() == before


def test_move_aside_refuses_a_readable_file(sample_dir):
    store.import_report(
        sample_dir, validate_progress(csv_bytes([["q_share", "2024", "19", ""]]), store.known_targets(sample_dir))
    )
    with pytest.raises(store.EtlError, match="can be read; it was not moved"):
        store.move_aside(sample_dir)
    assert store.read_progress(sample_dir)["value"].tolist() == [19.0]


def test_read_only_mode_offers_no_move_aside(sample_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("TRACKER_READ_ONLY", "1")
    _bad_progress(sample_dir, "garbage", tmp_path)
    at = open_page("progress")
    assert not any(b.key == "progress_move_aside" for b in at.button)
    assert "cannot be read" in "\n".join(e.value for e in at.error)


# --- migration of an older progress.duckdb ----------------------------------------------------------


def write_layout_0(path: Path, extra_rows: list[tuple] = ()) -> list[tuple]:
    """progress.duckdb as DESIGN.md first laid it out (no meta table, no period dates, no counts)."""
    rows = [
        ("q_share", "2022", 17.5, "统计公报", 1),
        ("q_share", "2023", 18.0, None, 1),
        ("q_coal", "2023年", 3.1e8, "", 1),
        ("q_share", "2023", 18.6, "修订", 2),
        ("q_energy", "2024-06", 0.5, "半年", 2),
        ("q_digital", "2025-06-30", 11.0, "", 3),
        ("q_removed_target", "2024", 1.0, "orphan", 2),
        *extra_rows,
    ]
    with duckdb.connect(str(path)) as con:
        con.execute(
            "CREATE TABLE uploads (upload_id INTEGER, file_name VARCHAR, sha256 VARCHAR, rows INTEGER, "
            "uploaded_at TIMESTAMP)"
        )
        con.execute(
            "CREATE TABLE progress (quantity_id VARCHAR, period VARCHAR, value DOUBLE, note VARCHAR, upload_id INTEGER)"
        )
        con.executemany(
            "INSERT INTO uploads VALUES (?, ?, ?, ?, ?)",
            [
                (1, "2023年报.csv", "a" * 64, 3, datetime(2024, 3, 1, 9, 0)),
                (2, "修订.csv", "b" * 64, 3, datetime(2024, 9, 1, 9, 0)),
            ],
        )  # upload 3 was never recorded
        con.executemany("INSERT INTO progress VALUES (?, ?, ?, ?, ?)", rows)
    return rows


def test_layout_0_progress_is_migrated_in_place_with_every_row(sample_dir):
    path = progress_path(sample_dir)
    rows = write_layout_0(path)
    original = path.read_bytes()
    assert store.read_progress(sample_dir) is not None  # the first read migrates
    assert store.schema_version(sample_dir) == store.SCHEMA_VERSION
    with duckdb.connect(str(path), read_only=True) as con:
        migrated = con.execute(
            "SELECT quantity_id, period, period_end, value, note, upload_id FROM progress "
            "ORDER BY upload_id, quantity_id, period"
        ).fetchall()
        uploads = con.execute("SELECT upload_id, file_name, rows, imported, undone FROM uploads ORDER BY 1").fetchall()
        meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
        tables = {
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database()"
            ).fetchall()
        }
    assert len(migrated) == len(rows)
    assert sorted((q, v, u) for q, _, _, v, _, u in migrated) == sorted((q, v, u) for q, _, v, _, u in rows)
    assert ("q_coal", "2023", date(2023, 12, 31), 3.1e8, "", 1) in migrated  # 2023年 -> 2023, note NULL -> ''
    assert ("q_energy", "2024-06", date(2024, 6, 30), 0.5, "半年", 2) in migrated
    assert uploads[:2] == [(1, "2023年报.csv", 3, 3, False), (2, "修订.csv", 3, 3, False)]
    assert uploads[2][0] == 3 and uploads[2][3] == 1  # made up for the unrecorded upload, its row kept
    assert meta["schema_version"] == str(store.SCHEMA_VERSION) and meta["migrated_from"] == "0"
    assert tables == {"meta", "uploads", "progress", "upload_files"}
    (backup,) = sample_dir.glob("progress.duckdb.v0-backup-*")
    assert backup.read_bytes() == original
    effective = store.read_progress(sample_dir).set_index(["quantity_id", "period"])["value"]
    assert effective[("q_share", "2023")] == 18.6  # upload 2 supersedes upload 1, as before
    assert set(store.read_orphans(sample_dir)["quantity_id"]) == {"q_removed_target"}
    # and the migrated file takes new uploads and undo
    result = store.import_report(
        sample_dir, validate_progress(csv_bytes([["q_share", "2024", "19", ""]]), store.known_targets(sample_dir))
    )
    assert result.upload_id == 4
    store.undo_upload(sample_dir, 2)
    assert store.read_progress(sample_dir).set_index(["quantity_id", "period"])["value"][("q_share", "2023")] == 18.0


def test_migration_that_cannot_carry_a_row_changes_nothing(sample_dir):
    path = progress_path(sample_dir)
    rows = write_layout_0(path, extra_rows=[("q_share", "last year", 1.0, "", 2)])
    message = store.problem(sample_dir)
    assert message is not None and "cannot migrate row 8" in message and "'last year'" in message
    with duckdb.connect(str(path), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM progress").fetchone()[0] == len(rows)
        tables = {
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database()"
            ).fetchall()
        }
    assert tables == {"uploads", "progress"}  # still layout 0, all there


def test_dashboard_migrates_and_shows_the_old_history(sample_dir):
    write_layout_0(progress_path(sample_dir))
    at = open_page("progress")
    history = next(f.value for f in at.dataframe if "state" in f.value.columns)
    assert history["file_name"].tolist()[1:] == ["修订.csv", "2023年报.csv"]
    assert store.schema_version(sample_dir) == store.SCHEMA_VERSION


# --- the command line -------------------------------------------------------------------------------


def _one_line_error(capsys) -> str:
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and "\n" not in err and "Traceback" not in err, err
    return err


@pytest.mark.parametrize("kind", list(BAD_TRACKERS))
def test_cli_export_and_import_with_a_bad_tracker_say_so_in_one_line(tmp_path, capsys, kind):
    folder = tmp_path / "data"
    folder.mkdir()
    BAD_TRACKERS[kind](tracker_path(folder), _valid_tracker_bytes(tmp_path))
    if kind == "truncated-half" and tracker_problem(tracker_path(folder)) is None:
        pytest.skip("this small file still reads completely when cut in half")
    assert main(["export", "--data-dir", str(folder), str(tmp_path / "out")]) == 2
    assert "rebuild it: python -m etl build" in _one_line_error(capsys)
    upload = tmp_path / "p.csv"
    upload.write_bytes(csv_bytes([[TARGET_IDS[0], "2024", "5", ""]]))
    assert main(["import-progress", "--data-dir", str(folder), str(upload)]) == 2
    _one_line_error(capsys)
    assert not progress_path(folder).exists()


@pytest.mark.parametrize("kind", PROGRESS_KINDS)
def test_cli_import_into_a_bad_progress_file_says_so_and_leaves_it(tmp_path, capsys, kind):
    folder = write_small_tracker(tmp_path / "data")
    before = _bad_progress(folder, kind, tmp_path)
    upload = tmp_path / "p.csv"
    upload.write_bytes(csv_bytes([[TARGET_IDS[0], "2024", "5", ""]]))
    assert main(["import-progress", "--data-dir", str(folder), str(upload)]) == 2
    assert "has not been changed" in _one_line_error(capsys)
    assert progress_path(folder).read_bytes() == before


def test_every_page_works_on_a_read_only_data_folder(sample_dir, tmp_path, monkeypatch):
    # Issue 11, item 10: a server that may only read the folder showed PermissionError on every
    # page, because read locks opened progress.duckdb.lock for writing.
    from tests.disk import read_only_view

    store.import_report(
        sample_dir,
        validate_progress(csv_bytes([["q_share", "2024", "19", ""]]), store.known_targets(sample_dir)),
        content=b"x",
    )
    progress_path(sample_dir).with_name("progress.duckdb.lock").unlink()
    with read_only_view(sample_dir, tmp_path / "view") as view:
        monkeypatch.setenv("TRACKER_DATA_DIR", str(view))
        monkeypatch.setenv("TRACKER_READ_ONLY", "1")
        for page, params in (
            ("overview", {}),
            ("targets", {}),
            ("target_detail", {"id": "q_share"}),
            ("progress", {}),
            ("documents", {}),
        ):
            at = open_page(page, **params)
            shown = shown_text(at)
            assert "PermissionError" not in shown and "Errno" not in shown, page
            assert not at.error, (page, [e.value for e in at.error])
        assert store.read_progress(view)["value"].tolist() == [19.0]
