"""etl.build: incremental rebuilds extract only what changed; parallel and serial builds agree.

Work is counted through a hook on the pipeline (which files reach `process_file`), never timed.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import duckdb
import pytest

from etl import build as build_module
from etl.build import build, map_in_order
from etl.store.paths import DEFAULT_DATA_DIR, tracker_path

BUNDLED = sorted((DEFAULT_DATA_DIR / "corpus").glob("*.txt"))


@pytest.fixture
def corpus(tmp_path) -> Path:
    """A writable copy of the bundled corpus."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for path in BUNDLED:
        shutil.copyfile(path, folder / path.name)
    return folder


@pytest.fixture
def extracted(monkeypatch) -> list[str]:
    """The names of the files the pipeline runs on (serial builds run it in this process)."""
    seen: list[str] = []
    real = build_module.process_file

    def counting_process_file(seed, raw):
        seen.append(seed)
        return real(seed, raw)

    monkeypatch.setattr(build_module, "process_file", counting_process_file)
    return seen


def table_rows(data_dir: Path) -> dict[str, list[tuple]]:
    """Every row of the derived tables, in a canonical order (physical order may differ)."""
    con = duckdb.connect(str(tracker_path(data_dir)), read_only=True)
    try:
        return {
            "documents": con.execute("SELECT * FROM documents ORDER BY doc_id").fetchall(),
            "quantities": con.execute("SELECT * FROM quantities ORDER BY quantity_id").fetchall(),
            "build_files": con.execute("SELECT * FROM build_files ORDER BY source_file").fetchall(),
        }
    finally:
        con.close()


def test_a_rebuild_of_an_unchanged_corpus_extracts_nothing(tmp_path, corpus, extracted):
    first = build(tmp_path, corpus, workers=1)
    assert sorted(extracted) == [p.name for p in BUNDLED]
    before = table_rows(tmp_path)
    extracted.clear()
    again = build(tmp_path, corpus, workers=1)
    assert extracted == []
    assert (again.extracted, again.reused) == (0, len(BUNDLED))
    assert table_rows(tmp_path) == before
    assert (again.documents, again.targets, again.baselines) == (first.documents, first.targets, first.baselines)


def test_a_rebuild_with_one_new_file_extracts_only_that_file(tmp_path, corpus, extracted):
    build(tmp_path, corpus, workers=1)
    shutil.copyfile(BUNDLED[0], corpus / "new_copy.txt")
    extracted.clear()
    summary = build(tmp_path, corpus, workers=1)
    assert extracted == ["new_copy.txt"]
    assert (summary.extracted, summary.reused) == (1, len(BUNDLED))
    full = tmp_path / "full"
    build(full, corpus, workers=1)
    assert table_rows(tmp_path) == table_rows(full)


def test_a_changed_file_is_re_extracted_and_a_removed_file_disappears(tmp_path, corpus, extracted):
    build(tmp_path, corpus, workers=1)
    changed, removed = corpus / BUNDLED[0].name, corpus / BUNDLED[1].name
    changed.write_text(
        changed.read_text(encoding="utf-8") + "\n到2030年，新增造林面积达到100万亩。\n", encoding="utf-8"
    )
    removed.unlink()
    extracted.clear()
    summary = build(tmp_path, corpus, workers=1)
    assert extracted == [changed.name]
    assert (summary.files, summary.extracted, summary.reused) == (1, 1, 0)
    sources = {row[0] for row in table_rows(tmp_path)["build_files"]}
    assert sources == {changed.name}
    build(tmp_path / "full", corpus, workers=1, reuse=False)
    assert table_rows(tmp_path) == table_rows(tmp_path / "full")


def test_a_new_extractor_version_re_extracts_everything(tmp_path, corpus, extracted, monkeypatch):
    build(tmp_path, corpus, workers=1)
    monkeypatch.setattr(build_module, "extractor_version", lambda: "edited-extractor")
    extracted.clear()
    summary = build(tmp_path, corpus, workers=1)
    assert sorted(extracted) == [p.name for p in BUNDLED]
    assert summary.reused == 0


def test_full_ignores_the_previous_build(tmp_path, corpus, extracted):
    build(tmp_path, corpus, workers=1)
    extracted.clear()
    build(tmp_path, corpus, workers=1, reuse=False)
    assert sorted(extracted) == [p.name for p in BUNDLED]


def test_an_unreadable_previous_database_means_a_full_build(tmp_path, corpus, extracted):
    tracker_path(tmp_path).write_bytes(b"not a database")
    summary = build(tmp_path, corpus, workers=1)
    assert sorted(extracted) == [p.name for p in BUNDLED]
    assert summary.documents > 0 and table_rows(tmp_path)["build_files"]


def test_an_unreadable_file_stays_reported_when_reused(tmp_path, corpus):
    (corpus / "scan.txt").write_bytes(b"\x00\x01binary")
    first = build(tmp_path, corpus, workers=1)
    again = build(tmp_path, corpus, workers=1)
    assert len(first.skipped) == 1 and "scan.txt" in first.skipped[0]
    assert again.skipped == first.skipped and again.reused == len(BUNDLED) + 1


def test_parallel_and_serial_builds_write_the_same_database(tmp_path, corpus):
    for copy in range(2):  # four files, so the pool has more files than workers
        for path in BUNDLED:
            shutil.copyfile(path, corpus / f"copy{copy}_{path.name}")
    serial = build(tmp_path / "serial", corpus, workers=1)
    parallel = build(tmp_path / "parallel", corpus, workers=2)
    assert table_rows(tmp_path / "serial") == table_rows(tmp_path / "parallel")
    assert (serial.documents, serial.targets, serial.baselines) == (
        parallel.documents,
        parallel.targets,
        parallel.baselines,
    )


def test_map_in_order_keeps_the_input_order_with_a_pool():
    numbers = list(range(-40, 0))
    assert list(map_in_order(abs, numbers, workers=2)) == [abs(n) for n in numbers]


def test_an_incremental_build_links_like_a_full_build(tmp_path, corpus):
    """Links of unchanged file pairs are kept, the rest relinked: the result equals a full build's."""

    def links_of(folder: Path) -> set[tuple]:
        con = duckdb.connect(str(tracker_path(folder)), read_only=True)
        try:
            return set(con.execute("SELECT target_id, observation_id, type, score FROM links").fetchall())
        finally:
            con.close()

    build(tmp_path / "incremental", corpus, workers=1)
    shutil.copyfile(BUNDLED[0], corpus / "new_copy.txt")  # every target of this file repeats the original
    build(tmp_path / "incremental", corpus, workers=1)
    build(tmp_path / "full", corpus, workers=1)
    incremental = links_of(tmp_path / "incremental")
    build(tmp_path / "incremental", corpus, workers=1)  # nothing changed: the links are kept as they were
    assert links_of(tmp_path / "incremental") == incremental
    con = duckdb.connect(str(tracker_path(tmp_path / "full")), read_only=True)
    try:
        copied = {
            r[0]
            for r in con.execute(
                "SELECT quantity_id FROM quantities WHERE source_file = 'new_copy.txt' AND kind = 'target'"
            ).fetchall()
        }
    finally:
        con.close()
    restating = {link[1] for link in incremental if link[2] == "restatement"}
    assert incremental == links_of(tmp_path / "full")
    assert len(copied & restating) > 0.9 * len(copied)


def test_a_build_has_every_table_write_database_makes(tmp_path, corpus):
    """The streaming writer must not drift from etl.store.tracker's schema (a new derived table)."""

    def tables(path: Path) -> set[str]:
        con = duckdb.connect(str(path), read_only=True)
        try:
            return {row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        finally:
            con.close()

    tracker_module = build_module.tracker
    tracker_module.write_database(tmp_path / "reference.duckdb", [], [])
    build(tmp_path / "built", corpus, workers=1)
    assert tables(tmp_path / "reference.duckdb") <= tables(tracker_path(tmp_path / "built"))


# --- Faults (issue 11): one file never costs the build -------------------------------------------------

SMALL = "关于印发某规划的通知\n到2025年，港口综合通过能力达到28亿吨。\n"


def test_a_file_that_takes_too_long_is_skipped_by_name_and_the_rest_builds(tmp_path, corpus, monkeypatch):
    # A stand-in for an extractor that stalls on one file (issue 11, item 4): it never returns.
    (corpus / "stuck.txt").write_text(SMALL, encoding="utf-8")
    real = build_module.process_file

    def stalls_on_one_file(seed, raw):
        while seed == "stuck.txt":
            time.sleep(0.05)
        return real(seed, raw)

    monkeypatch.setattr(build_module, "process_file", stalls_on_one_file)
    monkeypatch.setattr(build_module, "FILE_SECONDS", 1.0)
    monkeypatch.setattr(build_module, "FILE_SECONDS_PER_MB", 0.0)
    summary = build(tmp_path, corpus, workers=1)
    assert len(summary.skipped) == 1 and summary.skipped[0].startswith("stuck.txt:")
    assert "longer than" in summary.skipped[0]
    assert summary.targets > 0  # the other files were built


def test_a_file_deleted_during_the_build_is_skipped_by_name(tmp_path, corpus, monkeypatch):
    names = sorted(p.name for p in corpus.glob("*.txt"))
    real = build_module.process_file

    def deletes_the_next_file(seed, raw):
        if seed == names[0]:
            (corpus / names[1]).unlink()
        return real(seed, raw)

    monkeypatch.setattr(build_module, "process_file", deletes_the_next_file)
    summary = build(tmp_path, corpus, workers=1, reuse=False)
    assert [m.split(":")[0] for m in summary.skipped] == [names[1]]
    assert "deleted" in summary.skipped[0] and summary.targets > 0


def test_an_oversized_file_is_skipped_without_reading_it(tmp_path, corpus, monkeypatch):
    # A sparse 20 GB file took 65 s to skip because it was hashed first (issue 11, item 6).
    with open(corpus / "huge.txt", "wb") as handle:
        handle.truncate(20 * 2**30)
    hashed: list[str] = []
    real = build_module.file_sha256
    monkeypatch.setattr(build_module, "file_sha256", lambda path: hashed.append(Path(path).name) or real(path))
    for _ in range(2):  # a first build, then an incremental one (which hashes to compare)
        summary = build(tmp_path, corpus, workers=1)
        assert [m.split(":")[0] for m in summary.skipped] == ["huge.txt"]
    assert "huge.txt" not in hashed and hashed  # the others were hashed for the incremental build


def test_links_that_leave_the_corpus_and_odd_entries_are_skipped_by_name(tmp_path, corpus):
    outside = tmp_path / "secret.txt"
    outside.write_text("到2025年，秘密指标达到99亿吨。\n", encoding="utf-8")
    (corpus / "outside.txt").symlink_to(outside)
    (corpus / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (corpus / "loop.txt").symlink_to(corpus / "loop.txt")
    os.mkfifo(corpus / "pipe.txt")
    (corpus / "inside.txt").symlink_to(sorted(corpus.glob("0*.txt"))[0])  # inside the folder: fine
    summary = build(tmp_path, corpus, workers=1)
    skipped = {m.split(":")[0] for m in summary.skipped}
    assert skipped == {"outside.txt", "dangling.txt", "loop.txt", "pipe.txt"}
    con = duckdb.connect(str(tracker_path(tmp_path)), read_only=True)
    try:
        files = {r[0] for r in con.execute("SELECT DISTINCT source_file FROM quantities").fetchall()}
        secret = con.execute("SELECT count(*) FROM quantities WHERE sentence LIKE '%秘密%'").fetchall()[0][0]
    finally:
        con.close()
    assert "inside.txt" in files and secret == 0


def test_a_full_disk_says_so_in_one_line_and_keeps_the_previous_database(tmp_path, corpus, capsys):
    from etl.cli import main
    from tests.disk import fill, small_disk

    small = tmp_path / "small"
    small.mkdir()
    (small / "one.txt").write_text(SMALL, encoding="utf-8")
    with small_disk(tmp_path / "disk", 16) as data:
        assert main(["build", "--data-dir", str(data), "--corpus", str(small), "--quiet"]) == 0
        before = duckdb.connect(str(tracker_path(data)), read_only=True)
        counts = before.execute("SELECT count(*) FROM quantities").fetchall()
        before.close()
        fill(data, 64 * 1024)
        capsys.readouterr()
        code = main(["build", "--full", "--data-dir", str(data), "--corpus", str(corpus), "--quiet"])
        err = capsys.readouterr().err.strip().splitlines()
        assert code != 0 and len(err) == 1 and "disk" in err[0] and "full" in err[0], err
        after = duckdb.connect(str(tracker_path(data)), read_only=True)
        assert after.execute("SELECT count(*) FROM quantities").fetchall() == counts
        after.close()
        leftovers = sorted(p.name for p in data.iterdir() if p.name not in ("tracker.duckdb", "filler.bin"))
        assert leftovers == [], leftovers  # no temporary database, no stray .wal


def test_a_rebuild_with_nothing_to_extract_works_off_the_main_thread(tmp_path):
    """The dashboard builds in a script thread; a rebuild that reuses every file extracts nothing."""
    import threading

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("关于印发示范方案的通知\n到2025年，港口综合通过能力达到28亿吨。\n", encoding="utf-8")
    build(tmp_path / "data", corpus, workers=2)
    outcome = {}
    thread = threading.Thread(target=lambda: outcome.update(summary=build(tmp_path / "data", corpus, workers=2)))
    thread.start()
    thread.join(60)
    assert outcome["summary"].extracted == 0 and outcome["summary"].reused == 1
