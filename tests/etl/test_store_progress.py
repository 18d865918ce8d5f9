"""etl.store.progress: imports are atomic, idempotent, undoable, serialised and survive rebuilds."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import duckdb
import pytest

from etl.errors import EtlError
from etl.progress.validation import validate_progress
from etl.store import progress as store
from etl.store.paths import progress_path, tracker_path
from etl.store.tracker import write_database
from etl.store.write_lock import DatabaseBusy, locked
from tests.etl.progress_fixtures import DOC, TARGET_IDS, TARGETS, csv_bytes, good_rows, write_small_tracker

REPO = Path(__file__).resolve().parents[2]
TONNES, PERCENT, RELATIVE, RANGE = TARGET_IDS


@pytest.fixture
def folder(tmp_path) -> Path:
    return write_small_tracker(tmp_path / "data")


def upload(folder: Path, rows: list[list[str]], name: str = "a.csv", **kwargs):
    data = csv_bytes(rows)
    report = validate_progress(data, store.known_targets(folder), file_name=name)
    return report, store.import_report(folder, report, content=data, **kwargs)


def test_nothing_uploaded_reads_empty_without_creating_the_database(folder):
    assert list(store.read_progress(folder).columns) == store.PROGRESS_COLUMNS
    assert store.read_uploads(folder).empty and store.read_orphans(folder).empty
    assert not progress_path(folder).exists()


def test_import_records_the_upload_and_keeps_the_file(folder):
    report, result = upload(folder, [[TONNES, "2024", "28亿", "统计公报"], [PERCENT, "2024-06", "87%", ""]])
    assert (result.upload_id, result.imported, result.unchanged) == (1, 2, 0)
    progress = store.read_progress(folder)
    assert list(progress.columns) == store.PROGRESS_COLUMNS
    assert sorted(progress["value"]) == [87.0, 2.8e9]
    assert str(progress["period_end"].iloc[0]) in {"2024-12-31", "2024-06-30"}
    uploads = store.read_uploads(folder)
    assert uploads.loc[0, "file_name"] == "a.csv" and uploads.loc[0, "sha256"] == report.sha256
    assert (uploads.loc[0, "rows"], uploads.loc[0, "imported"], bool(uploads.loc[0, "undone"])) == (2, 2, False)
    assert store.read_upload_file(folder, 1) == csv_bytes(
        [[TONNES, "2024", "28亿", "统计公报"], [PERCENT, "2024-06", "87%", ""]]
    )
    assert store.schema_version(folder) == store.SCHEMA_VERSION


def test_same_file_or_row_uploaded_again_changes_nothing(folder):
    rows = [[TONNES, "2024", "5", ""], [PERCENT, "2024", "50", ""]]
    upload(folder, rows)
    _, again = upload(folder, rows)
    _, one_row = upload(folder, rows[:1], name="b.csv")
    assert (again.imported, again.unchanged, one_row.imported) == (0, 2, 0)
    assert len(store.read_progress(folder)) == 2
    con = duckdb.connect(str(progress_path(folder)), read_only=True)
    assert con.execute("SELECT count(*) FROM progress").fetchall() == [(2,)]
    con.close()


def test_a_new_figure_supersedes_and_undo_brings_the_old_one_back(folder):
    upload(folder, [[TONNES, "2024", "5", ""]])
    _, second = upload(folder, [[TONNES, "2024", "6", "revised"]], name="revised.csv")
    assert store.read_progress(folder)["value"].tolist() == [6.0]
    store.undo_upload(folder, second.upload_id)
    assert store.read_progress(folder)["value"].tolist() == [5.0]
    assert bool(store.read_uploads(folder).set_index("upload_id").loc[second.upload_id, "undone"])
    store.restore_upload(folder, second.upload_id)
    assert store.read_progress(folder)["value"].tolist() == [6.0]


def test_undo_of_an_unknown_upload_says_so(folder):
    upload(folder, [[TONNES, "2024", "5", ""]])
    with pytest.raises(Exception, match="no upload #99"):
        store.undo_upload(folder, 99)


def test_read_progress_for_some_targets(folder):
    upload(folder, [[TONNES, "2024", "5", ""], [PERCENT, "2024", "50", ""]])
    assert store.read_progress(folder, [PERCENT])["quantity_id"].tolist() == [PERCENT]
    assert store.read_progress(folder, []).empty


def test_failed_import_leaves_nothing_half_written(folder, monkeypatch):
    upload(folder, [[TONNES, "2023", "4", ""]])
    report = validate_progress(csv_bytes([[TONNES, "2024", "5", ""]]), store.known_targets(folder))

    def broken_now():
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "_utc_now", broken_now)  # fails after the progress rows are inserted
    with pytest.raises(RuntimeError):
        store.import_report(folder, report)
    assert store.read_progress(folder)["period"].tolist() == ["2023"]
    assert len(store.read_uploads(folder)) == 1


def test_upload_survives_a_rebuild_and_stays_linked(folder):
    upload(folder, good_rows(200))
    before = store.read_progress(folder)
    write_small_tracker(folder)  # the ETL swaps in a new tracker.duckdb
    after = store.read_progress(folder)
    assert after.equals(before) and len(after) == 200
    con = duckdb.connect(str(tracker_path(folder)), read_only=True)
    linked = set(con.execute("SELECT quantity_id FROM quantities WHERE kind = 'target'").df()["quantity_id"])
    con.close()
    assert set(after["quantity_id"]) <= linked
    assert store.read_orphans(folder).empty


def test_upload_survives_a_rebuild_from_the_corpus(data_dir):
    from etl.build import build
    from tests.conftest import CORPUS_DIR

    write_database(tracker_path(data_dir), [DOC], TARGETS)
    upload(data_dir, [[TONNES, "2024", "5", ""]])
    build(data_dir, CORPUS_DIR, workers=1)
    assert store.read_progress(data_dir)["value"].tolist() == [5.0]


def test_progress_whose_target_disappears_is_reported_as_orphaned_never_deleted(folder):
    upload(folder, [[TONNES, "2024", "5", ""], [PERCENT, "2024", "50", ""]], name="old.csv")
    write_small_tracker(folder, [q for q in TARGETS if q.quantity_id != PERCENT])
    orphans = store.read_orphans(folder)
    assert orphans["quantity_id"].tolist() == [PERCENT] and orphans["file_name"].tolist() == ["old.csv"]
    assert len(store.read_progress(folder)) == 2


def test_two_threads_importing_at_once_both_land(folder):
    reports = [
        validate_progress(csv_bytes(rows), store.known_targets(folder), file_name=f"{i}.csv")
        for i, rows in enumerate([good_rows(300), [[RANGE, "2024", "70", ""]]])
    ]
    errors: list[BaseException] = []

    def run(report):
        try:
            store.import_report(folder, report)
        except BaseException as error:  # noqa: BLE001 - collected for the assertion
            errors.append(error)

    threads = [threading.Thread(target=run, args=(r,)) for r in reports]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(store.read_progress(folder)) == 301
    assert sorted(store.read_uploads(folder)["imported"].tolist()) == [1, 300]


def test_two_processes_importing_at_once_hold_exactly_both(folder, tmp_path):
    files = []
    for i, rows in enumerate([good_rows(400), [[RANGE, "2024", "70", ""], [RELATIVE, "2023", "91", ""]]]):
        path = tmp_path / f"upload{i}.csv"
        path.write_bytes(csv_bytes(rows))
        files.append(path)
    command = [sys.executable, "-m", "etl", "import-progress", "--data-dir", str(folder)]
    procs = [
        subprocess.Popen(command + [str(path)], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for path in files
    ]
    outputs = [proc.communicate(timeout=120) for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0], outputs
    progress = store.read_progress(folder)
    assert len(progress) == 402
    uploads = store.read_uploads(folder)
    assert sorted(uploads["file_name"]) == ["upload0.csv", "upload1.csv"]
    assert sorted(uploads["imported"]) == [2, 400]
    assert progress.groupby("upload_id").size().sort_values().tolist() == [2, 400]


def test_a_writer_holding_the_lock_makes_others_wait_then_try_again(folder):
    report = validate_progress(csv_bytes([[TONNES, "2024", "5", ""]]), store.known_targets(folder))
    with locked(progress_path(folder), exclusive=True):
        with pytest.raises(DatabaseBusy, match="Try again"):
            store.import_report(folder, report, wait_seconds=0.2)
    assert store.import_report(folder, report).imported == 1


def test_known_targets_sees_a_rebuild_even_while_another_connection_holds_the_old_file(folder):
    held = duckdb.connect(str(tracker_path(folder)), read_only=True)  # as the dashboard's cached connection
    try:
        write_small_tracker(folder, TARGETS[:1])
        assert list(store.known_targets(folder)) == [TONNES]
    finally:
        held.close()


# --- Faults (issue 11): a read-only data folder, a full disk ------------------------------------------


def test_reads_work_in_a_read_only_folder_and_writes_say_why_not(folder, tmp_path):
    # Issue 11, item 10: every read opened progress.duckdb.lock for writing (PermissionError).
    from tests.disk import read_only_view

    upload(folder, good_rows(3))
    (folder / "progress.duckdb.lock").unlink()  # as a folder copied without it would be
    with read_only_view(folder, tmp_path / "view") as view:
        assert len(store.read_progress(view)) == 3 and len(store.read_uploads(view)) == 1
        assert store.problem(view) is None and store.read_orphans(view).empty
        with pytest.raises(EtlError, match="read-only|cannot write"):
            upload(view, good_rows(5))
    assert len(store.read_progress(folder)) == 3


def test_a_full_disk_during_an_import_says_so_and_keeps_what_was_saved(folder, tmp_path):
    # Issue 11, item 11: a chained TransactionException, the cause hidden by the failed rollback.
    from etl.errors import DiskFull
    from tests.disk import fill, small_disk

    with small_disk(tmp_path / "disk", 16) as data:
        write_small_tracker(data)
        upload(data, good_rows(5))
        before = store.read_progress(data)
        fill(data, 64 * 1024)
        rows = [[TARGET_IDS[0], f"{1950 + i // 300}-{1 + i % 12:02d}", str(i), "说明" * 100] for i in range(3000)]
        with pytest.raises(DiskFull, match="full"):
            upload(data, rows, name="big.csv")
        (data / "filler.bin").unlink()
        assert store.read_progress(data).equals(before)
        assert len(store.read_uploads(data)) == 1
        assert not (data / "progress.duckdb.wal").exists()
