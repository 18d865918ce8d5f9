"""etl.build: incremental rebuilds extract only what changed; parallel and serial builds agree.

Work is counted through a hook on the pipeline (which files reach `process_file`), never timed.
"""
from __future__ import annotations

import shutil
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
    changed.write_text(changed.read_text(encoding="utf-8") + "\n到2030年，新增造林面积达到100万亩。\n", encoding="utf-8")
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
        parallel.documents, parallel.targets, parallel.baselines)


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
        copied = {r[0] for r in con.execute("SELECT quantity_id FROM quantities WHERE source_file = 'new_copy.txt' "
                                            "AND kind = 'target'").fetchall()}
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
