"""Build the tracker database from a corpus folder: read files, run the pure pipeline, write once.

The build grows linearly with the corpus and its memory does not:
- Files are independent, so a process pool extracts them (all cores) and hands back each file's
  rows as column lists; results come back in corpus order through a bounded window, so at most a few
  files' results are in flight at once.
- One writer (this process) streams those rows into a new DuckDB file in batches, then swaps it in
  atomically: a crash mid-build leaves the previous database untouched.
- Incremental: the database remembers each source file's sha256 and the extractor version it was
  built with (`build_files` table, `extractor_version` in meta). A rebuild starts from a copy of the
  previous file, deletes the rows of changed and removed files, and extracts only new or changed
  files, so its cost is a file copy plus the new work. Any change to the etl package's source
  invalidates every file (see `extractor_version`).
"""
from __future__ import annotations

import hashlib
import os
import shutil
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from itertools import islice
from pathlib import Path

import duckdb
from tqdm import tqdm

from etl.corpus import UnreadableFile, check_size, decode, list_corpus_files
from etl.pipeline import process_file
from etl.records import Document, Quantity
from etl.store import tracker
from etl.store.paths import tracker_path

ETL_PACKAGE = Path(__file__).resolve().parent

# The build's own bookkeeping, next to the tables etl.store.tracker defines: one row per source file.
BUILD_FILE_COLUMNS: dict[str, str] = {
    "source_file": "VARCHAR PRIMARY KEY",
    "sha256": "VARCHAR NOT NULL",
    "bytes": "BIGINT NOT NULL",
    "error": "VARCHAR",  # why the file was skipped (unreadable), else NULL
}
# Record attribute for a column whose name differs (the database says source_file, records say seed).
_RECORD_FIELD = {"source_file": "seed"}
# Results are buffered up to this many bytes of source text before one bulk insert per table. Each
# batch briefly exists twice (Python objects, DuckDB), so small batches keep the writer's peak low;
# an insert costs ~1 ms, so batching more buys nothing measurable.
WRITE_BATCH_BYTES = 2_000_000
# The writer's DuckDB cache, the one part of its memory that grows with the database (checkpoints keep
# table blocks cached up to this limit). Measured writer peaks: 512 MB limit: 152 MB at 30x, 228 MB
# at 100x, 414 MB at 300x; 64 MB limit: 198 MB at 100x, 204 MB at 300x, with writes ~30% slower.
WRITER_MEMORY_LIMIT = "256MB"


@dataclass(slots=True)
class BuildSummary:
    files: int = 0
    documents: int = 0
    targets: int = 0
    baselines: int = 0
    seconds: float = 0.0
    skipped: list[str] = field(default_factory=list)  # one message per rejected file
    extracted: int = 0  # files run through the pipeline in this build
    reused: int = 0  # unchanged files whose rows were copied from the previous build
    write_seconds: float = 0.0  # of `seconds`, spent by the one writer inserting and committing
    derive_seconds: float = 0.0  # of `write_seconds`, deriving corpus-wide tables over all rows

    def line(self) -> str:
        text = (f"built {self.documents} documents, {self.targets} targets, {self.baselines} baselines "
                f"from {self.files} files in {self.seconds:.2f} s")
        if self.reused:
            text += f" ({self.extracted} extracted, {self.reused} unchanged reused)"
        return text + (f"; skipped {len(self.skipped)} unreadable files" if self.skipped else "")


# ---------------------------------------------------------------------------------------------
# The cache key: file content plus the code that extracts it.

@lru_cache(maxsize=1)
def extractor_version() -> str:
    """A hash of every source file of the etl package and the schema version.

    Deliberately coarse: any edit under etl/ re-extracts everything, which is never wrong; a list of
    the modules the pipeline imports would go stale the day someone adds an import.
    """
    digest = hashlib.sha256(f"schema {tracker.SCHEMA_VERSION}\n".encode())
    for path in sorted(ETL_PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(ETL_PACKAGE).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


# ---------------------------------------------------------------------------------------------
# Worker side: one file in, its rows out as plain column lists (cheap to pickle, and DuckDB takes
# them as list parameters: no Arrow, hence no pandas import, in any process of the build).

Columns = dict[str, list]


def record_columns(records: list[Document] | list[Quantity], columns: Mapping[str, str]) -> Columns:
    """Column lists of records, named as in the database; reads attributes directly (asdict would
    also copy every document's line map)."""
    return {name: [getattr(r, _RECORD_FIELD.get(name, name)) for r in records] for name in columns}


@dataclass(frozen=True, slots=True)
class FileResult:
    """What a worker sends back for one file: small, picklable, ready to insert."""

    name: str
    sha256: str
    size: int
    documents: Columns
    quantities: Columns
    error: str | None = None


def extract_file(path: Path) -> FileResult:
    """Read and extract one corpus file; an unreadable file becomes an error, not an exception."""
    path = Path(path)
    size = path.stat().st_size
    try:
        check_size(size, path.name)  # before reading a huge file into memory
    except UnreadableFile as error:
        return _unreadable(path.name, file_sha256(path), size, error)
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    try:
        text, _encoding = decode(data, path.name)
    except UnreadableFile as error:
        return _unreadable(path.name, digest, len(data), error)
    documents, quantities = process_file(path.name, text)
    return FileResult(path.name, digest, len(data), record_columns(documents, tracker.DOCUMENT_COLUMNS),
                      record_columns(quantities, tracker.QUANTITY_COLUMNS))


def _unreadable(name: str, digest: str, size: int, error: UnreadableFile) -> FileResult:
    return FileResult(name, digest, size, record_columns([], tracker.DOCUMENT_COLUMNS),
                      record_columns([], tracker.QUANTITY_COLUMNS), str(error))


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


def map_in_order(function: Callable, items: list, workers: int) -> Iterator:
    """`map(function, items)` over a process pool, in order, with a bounded number of tasks in flight.

    ProcessPoolExecutor.map would submit every item at once and keep every finished result until
    the consumer reaches it; the window keeps memory flat however many files there are.
    """
    if workers <= 1 or len(items) <= 1:
        yield from map(function, items)
        return
    workers = min(workers, len(items))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        todo = iter(items)
        pending: deque[Future] = deque(pool.submit(function, item) for item in islice(todo, workers * 3))
        try:
            while pending:
                result = pending.popleft().result()
                pending.extend(pool.submit(function, item) for item in islice(todo, 1))
                yield result
        finally:
            for future in pending:
                future.cancel()


# ---------------------------------------------------------------------------------------------
# The one writer: a new database file, filled in batches, swapped in atomically.

def insert_columns(con: duckdb.DuckDBPyConnection, table: str, columns: Mapping[str, str],
                   parts: list[Columns]) -> None:
    """One bulk insert of the column lists of several files, passed as list parameters.

    As fast as going through Arrow, without loading pyarrow (and the pandas it imports, ~0.2 s and
    ~40 MB) into the writer.
    """
    unnested = ", ".join(f"unnest(?::{kind.split()[0]}[]) AS {name}" for name, kind in columns.items())
    values = [[v for part in parts for v in part[name]] for name in columns]
    con.execute(f"INSERT INTO {table} ({', '.join(columns)}) SELECT {unnested}", values)


def _create_sql(table: str, columns: Mapping[str, str]) -> str:
    return f"CREATE TABLE {table} ({', '.join(f'{name} {kind}' for name, kind in columns.items())})"


class TrackerWriter:
    """Streams rows into a temporary database next to `path`; `commit` swaps it in.

    `start` opens the temporary file either as a copy of the previous build (a file copy at disk
    speed, then the rows of changed and removed files deleted) or empty. Leaving the `with` block
    without `commit` (an exception, Ctrl-C) deletes the temporary file and leaves the previous
    database as it was.
    """

    def __init__(self, path: Path):
        self.path = Path(path)
        self.tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        self.con: duckdb.DuckDBPyConnection | None = None
        self._buffer: list[FileResult] = []
        self._buffered_bytes = 0
        self.busy_seconds = 0.0  # time spent inserting and committing: the part that cannot be parallel
        self.derive_seconds = 0.0  # of which, deriving the corpus-wide tables (target_repeats)

    def __enter__(self) -> "TrackerWriter":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tracker.remove_stale_temp_files(self.path)
        self.tmp.unlink(missing_ok=True)
        return self

    def __exit__(self, *exc_info) -> None:
        self._close()
        self.tmp.unlink(missing_ok=True)
        self.tmp.with_name(self.tmp.name + ".wal").unlink(missing_ok=True)

    def _connect(self) -> None:
        # One thread: this process only inserts, the cores belong to the extraction workers (and a
        # process forked later for the pool must not inherit busy DuckDB threads).
        self.con = duckdb.connect(str(self.tmp), config={"threads": 1, "memory_limit": WRITER_MEMORY_LIMIT})

    def _close(self) -> None:
        if self.con is not None:
            self.con.close()
            self.con = None

    def start(self, hashes: Mapping[str, str], version: str) -> dict[str, str | None]:
        """Open the new database; returns the files kept from the previous build, {name: error}.

        `hashes` maps each current source file to its sha256 (empty: build from scratch). Nothing
        is kept when the previous database is missing, unreadable, or was built by another
        extractor version; then the new database starts empty.
        """
        if hashes and self.path.exists():
            try:
                unchanged = self._start_from_previous(hashes, version)
            except (duckdb.Error, OSError):
                unchanged = None  # not a database this build can read
            if unchanged is not None:
                return unchanged
            self._close()
            self.tmp.unlink(missing_ok=True)
            self.tmp.with_name(self.tmp.name + ".wal").unlink(missing_ok=True)
        self._connect()
        self.con.execute(_create_sql("documents", tracker.DOCUMENT_COLUMNS))
        self.con.execute(_create_sql("quantities", tracker.QUANTITY_COLUMNS))
        self.con.execute(_create_sql("build_files", BUILD_FILE_COLUMNS))
        self.con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        self.con.execute("CREATE INDEX quantities_doc ON quantities(doc_id)")
        return {}

    def _start_from_previous(self, hashes: Mapping[str, str], version: str) -> dict[str, str | None] | None:
        """Copy the previous file and delete the rows of files that changed or are gone; None when
        it was built by another extractor version."""
        shutil.copyfile(self.path, self.tmp)
        self._connect()
        built_with = self.con.execute("SELECT value FROM meta WHERE key = 'extractor_version'").fetchall()
        if built_with != [(version,)]:
            return None
        self.con.execute("""
            CREATE TEMP TABLE kept AS
            SELECT source_file, error FROM build_files
            JOIN (SELECT unnest(?::VARCHAR[]) AS source_file, unnest(?::VARCHAR[]) AS sha256)
                USING (source_file, sha256)""", [list(hashes), list(hashes.values())])
        for table in ("quantities", "documents", "build_files"):
            self.con.execute(f"DELETE FROM {table} WHERE source_file NOT IN (SELECT source_file FROM kept)")
        unchanged = dict(self.con.execute("SELECT source_file, error FROM kept").fetchall())
        self.con.execute("DROP TABLE kept")
        self.con.execute("DELETE FROM meta")
        return unchanged

    def add(self, result: FileResult) -> None:
        self._buffer.append(result)
        self._buffered_bytes += result.size
        if self._buffered_bytes >= WRITE_BATCH_BYTES:
            self.flush()

    def flush(self) -> None:
        """One bulk insert per table for everything buffered."""
        if not self._buffer:
            return
        started = time.perf_counter()
        files = {"source_file": [r.name for r in self._buffer], "sha256": [r.sha256 for r in self._buffer],
                 "bytes": [r.size for r in self._buffer], "error": [r.error for r in self._buffer]}
        for table, columns, batch in (
                ("documents", tracker.DOCUMENT_COLUMNS, [r.documents for r in self._buffer]),
                ("quantities", tracker.QUANTITY_COLUMNS, [r.quantities for r in self._buffer]),
                ("build_files", BUILD_FILE_COLUMNS, [files])):
            insert_columns(self.con, table, columns, batch)
        self._buffer.clear()
        self._buffered_bytes = 0
        self.busy_seconds += time.perf_counter() - started

    def counts(self) -> tuple[int, int, int]:
        """(documents, targets, baselines) in the new database."""
        [(documents,)] = self.con.execute("SELECT count(*) FROM documents").fetchall()
        [(targets, baselines)] = self.con.execute(
            "SELECT count(*) FILTER (kind = 'target'), count(*) FILTER (kind = 'baseline') FROM quantities").fetchall()
        return documents, targets, baselines

    def commit(self, meta: Mapping[str, str]) -> None:
        """Derive the corpus-wide tables, checkpoint, fsync and atomically replace the database."""
        self.flush()
        started = time.perf_counter()
        entries = {"schema_version": str(tracker.SCHEMA_VERSION), **meta}
        self.con.executemany("INSERT INTO meta VALUES (?, ?)", list(entries.items()))
        linking = time.perf_counter()
        tracker.link_repeated_targets(self.con)  # corpus-wide, so redone over all rows every build
        self.derive_seconds = time.perf_counter() - linking
        self.con.execute("CHECKPOINT")
        self._close()
        with open(self.tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(self.tmp, self.path)
        self.busy_seconds += time.perf_counter() - started


# ---------------------------------------------------------------------------------------------

def hash_files(paths: Iterable[Path]) -> dict[str, str]:
    return {path.name: file_sha256(path) for path in paths}


def build(data_dir: Path, corpus: Path, workers: int | None = None, show_progress: bool = False,
          reuse: bool = True) -> BuildSummary:
    """Rebuild tracker.duckdb in `data_dir` from the .txt files in `corpus`, re-extracting only
    the files that changed since the previous build (every file when `reuse` is false)."""
    started = time.perf_counter()
    paths = list_corpus_files(corpus)
    database = tracker_path(data_dir)
    version = extractor_version()
    summary = BuildSummary(files=len(paths))
    with TrackerWriter(database) as writer:
        # Hashing costs one read of the corpus, far less than extracting it; skip it when there is
        # nothing to compare with (the workers hash what they read anyway).
        hashes = hash_files(paths) if reuse and database.exists() else {}
        unchanged = writer.start(hashes, version)
        todo = [path for path in paths if path.name not in unchanged]
        bar = tqdm(total=sum(p.stat().st_size for p in todo), unit="B", unit_scale=True, desc="extracting",
                   disable=not show_progress, file=sys.stderr, leave=False)
        with bar:
            for result in map_in_order(extract_file, todo, workers or default_workers()):
                writer.add(result)
                bar.update(result.size)
                if result.error:
                    summary.skipped.append(result.error)
        summary.skipped += [error for error in unchanged.values() if error]
        writer.flush()
        summary.documents, summary.targets, summary.baselines = writer.counts()
        writer.commit({"built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                       "extractor_version": version})
    summary.extracted, summary.reused = len(todo), len(unchanged)
    summary.write_seconds, summary.derive_seconds = writer.busy_seconds, writer.derive_seconds
    summary.seconds = time.perf_counter() - started
    return summary
