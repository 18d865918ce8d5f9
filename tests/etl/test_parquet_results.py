"""etl.store.parquet_results: per-file results as Parquet, loaded into the same database the local
build writes. No cluster here: results are written in this process (tests/etl/test_dask_engine.py
runs them on one)."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import duckdb
import fsspec
import pytest

from etl.build import build, extract_file, extractor_version
from etl.errors import EtlError
from etl.store.parquet_results import MARKER_TABLE, ResultStore, arrow_schema, load_results, result_key
from etl.store.paths import DEFAULT_DATA_DIR, tracker_path

BUNDLED = sorted((DEFAULT_DATA_DIR / "corpus").glob("*.txt"))


def database_rows(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, in a canonical order; meta without the build time."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = [name for (name,) in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
        rows = {table: con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall() for table in tables}
    finally:
        con.close()
    rows["meta"] = [row for row in rows["meta"] if row[0] != "built_at"]
    return rows


def write_all(store: ResultStore, paths: list[Path]) -> list[str]:
    return [store.write(extract_file(path)) for path in paths]


def meta() -> dict[str, str]:
    return {"built_at": "now", "extractor_version": extractor_version()}


@pytest.fixture(scope="module")
def local_build(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("local")
    build(folder, DEFAULT_DATA_DIR / "corpus", workers=1)
    return tracker_path(folder)


def test_loading_the_results_of_every_file_gives_the_local_builds_database(tmp_path, local_build):
    store = ResultStore(str(tmp_path / "results"), extractor_version())
    keys = write_all(store, BUNDLED)
    loaded = load_results(store, keys, tmp_path / "tracker.duckdb", meta())
    assert database_rows(tmp_path / "tracker.duckdb") == database_rows(local_build)
    assert loaded.errors == [] and loaded.documents > 0 and loaded.targets > 0


def test_results_on_an_fsspec_url_load_the_same(tmp_path, local_build):
    url = f"memory://tracker-results-{uuid.uuid4().hex}"
    store = ResultStore(url, extractor_version())
    try:
        keys = write_all(store, BUNDLED)
        assert not store.is_local and store.existing_keys() == set(keys)
        load_results(store, keys, tmp_path / "tracker.duckdb", meta())
    finally:
        fsspec.filesystem("memory").rm(url.removeprefix("memory://"), recursive=True)
    assert database_rows(tmp_path / "tracker.duckdb") == database_rows(local_build)


def test_a_file_url_is_a_local_folder(tmp_path):
    store = ResultStore(f"file://{tmp_path}/results", "v1")
    assert store.is_local and store.location("documents", "k").startswith(str(tmp_path))


def test_only_complete_results_exist(tmp_path):
    """A task killed before its marker was written leaves tables without a marker, or a temp file:
    neither counts, so the file is extracted again."""
    store = ResultStore(str(tmp_path), "v1")
    complete = store.write(extract_file(BUNDLED[0]))
    interrupted = store.write(extract_file(BUNDLED[1]))
    store.fs.rm(store.path(MARKER_TABLE, interrupted))
    Path(store.path(MARKER_TABLE, "stray")).with_suffix(".parquet.0123.tmp").write_bytes(b"half")
    assert store.existing_keys() == {complete}
    assert ResultStore(str(tmp_path), "v2").existing_keys() == set()  # another extractor version


def test_an_unreadable_file_is_a_complete_result_that_names_the_reason(tmp_path):
    scan = tmp_path / "scan.txt"
    scan.write_bytes(b"\x00\x01binary")
    store = ResultStore(str(tmp_path / "results"), extractor_version())
    keys = write_all(store, [BUNDLED[0], scan])
    loaded = load_results(store, keys, tmp_path / "tracker.duckdb", meta())
    assert store.existing_keys() == set(keys)
    assert len(loaded.errors) == 1 and loaded.errors[0].startswith("scan.txt: looks binary")
    rows = database_rows(tmp_path / "tracker.duckdb")
    assert {row[0] for row in rows["build_files"]} == {BUNDLED[0].name, "scan.txt"}


def test_the_key_depends_on_content_and_name(tmp_path):
    """Ids are derived from the file name (etl.ids), so the same bytes under another name are
    another result."""
    assert result_key("a.txt", "0" * 64) != result_key("b.txt", "0" * 64)
    assert result_key("a.txt", "0" * 64) != result_key("a.txt", "1" * 64)
    assert result_key("a.txt", "0" * 64) == result_key("a.txt", "0" * 64)
    assert result_key("a.txt", "0" * 64).startswith("0" * 64 + "-")


def test_a_file_that_was_not_hashed_still_gets_a_plain_key():
    """Files over the size limit are not read, so etl.build records a size-and-time token."""
    key = result_key("huge.txt", "not hashed: 99999999999 bytes, modified 1700000000")
    assert re.fullmatch(r"[0-9a-f]{64}-[0-9a-f]{16}", key)
    assert key != result_key("huge.txt", "not hashed: 99999999999 bytes, modified 1700000001")


def test_loading_no_results_gives_an_empty_database(tmp_path):
    load_results(ResultStore(str(tmp_path / "results"), "v1"), [], tmp_path / "tracker.duckdb", meta())
    rows = database_rows(tmp_path / "tracker.duckdb")
    assert rows["documents"] == [] and rows["quantities"] == []


def test_a_column_type_without_a_parquet_mapping_is_named():
    with pytest.raises(EtlError, match="column when has type TIMESTAMP"):
        arrow_schema({"when": "TIMESTAMP NOT NULL"})
