"""The derived database, `tracker.duckdb`: schema and the one writer that builds it.

`TrackerWriter` fills a new file next to the old one and swaps it in with `os.replace`, which is
atomic on POSIX: a build killed half way leaves the previous database untouched, and a reader
never opens a half-written file. Readers notice the swap by the file's identity (see `version`).
Rows arrive as column lists (cheap to pickle from extraction workers, and DuckDB takes them as
list parameters, so no process of the build needs pyarrow or pandas).
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import duckdb

from etl import links
from etl.records import Document, Quantity
from etl.store.paths import file_token

SCHEMA_VERSION = 3  # 2: quantities.attribute; 3: links replaces target_repeats

DOCUMENT_COLUMNS: dict[str, str] = {
    "doc_id": "VARCHAR PRIMARY KEY",
    "source_file": "VARCHAR NOT NULL",
    "title": "VARCHAR NOT NULL",
    "issuer": "VARCHAR",
    "doc_number": "VARCHAR",
    "issue_date": "VARCHAR",
    "level": "VARCHAR",
    "start_line": "INTEGER",
    "end_line": "INTEGER",
    "title_year": "INTEGER",
    "horizon_year": "INTEGER",
    "text": "VARCHAR",
}

QUANTITY_COLUMNS: dict[str, str] = {
    "quantity_id": "VARCHAR PRIMARY KEY",
    "doc_id": "VARCHAR NOT NULL",
    "source_file": "VARCHAR NOT NULL",
    "kind": "VARCHAR NOT NULL",
    "indicator": "VARCHAR",
    "value": "DOUBLE NOT NULL",
    "value_high": "DOUBLE",
    "unit": "VARCHAR",
    "comparator": "VARCHAR",
    "change": "VARCHAR",
    "baseline_year": "INTEGER",
    "target_year": "INTEGER",
    "per_year": "BOOLEAN",
    "baseline_value": "DOUBLE",
    "sentence": "VARCHAR",
    "line": "INTEGER",
    "char_start": "INTEGER",
    "char_end": "INTEGER",
    "confidence": "DOUBLE",
    "attribute": "VARCHAR",  # 预期性 / 约束性, where an indicator table prints it
}

# The build's own bookkeeping: one row per source file, so a rebuild can reuse unchanged files.
BUILD_FILE_COLUMNS: dict[str, str] = {
    "source_file": "VARCHAR PRIMARY KEY",
    "sha256": "VARCHAR NOT NULL",
    "bytes": "BIGINT NOT NULL",
    "error": "VARCHAR",  # why the file was skipped (unreadable), else NULL
}
# Record attribute for a column whose name differs (the database says source_file, records say seed).
_RECORD_FIELD = {"source_file": "seed"}
# Rows are buffered up to this many bytes of source text before one bulk insert per table. Each
# batch briefly exists twice (Python objects, DuckDB), so small batches keep the writer's peak low;
# an insert costs ~1 ms, so batching more buys nothing measurable.
WRITE_BATCH_BYTES = 2_000_000
# The writer's DuckDB cache, the one part of its memory that grows with the database (checkpoints keep
# table blocks cached up to this limit). Measured writer peaks: 512 MB limit: 152 MB at 30x, 228 MB
# at 100x, 414 MB at 300x; 64 MB limit: 198 MB at 100x, 204 MB at 300x, with writes ~30% slower.
WRITER_MEMORY_LIMIT = "256MB"

# Links between a target and what other documents report for it or restate (etl.links).
LINK_COLUMNS: dict[str, str] = {
    "target_id": "VARCHAR NOT NULL",
    "observation_id": "VARCHAR NOT NULL",  # the other end: an observation, or the restating target
    "type": "VARCHAR NOT NULL",  # progress | interim | restatement
    "score": "DOUBLE NOT NULL",  # indicator similarity, 0-1
}
LINK_QUANTITIES_SQL = """
SELECT quantity_id, doc_id, kind, indicator, value, coalesce(unit, ''), coalesce(comparator, '='), change,
       baseline_year, target_year, coalesce(per_year, false)
FROM quantities WHERE coalesce(indicator, '') <> ''
"""
LINK_DOCUMENTS_SQL = """
SELECT d.doc_id, coalesce(d.issuer, ''), coalesce(d.level, ''), d.title, d.issue_date, d.title_year,
       d.source_file || chr(31) || lpad(CAST(d.start_line AS VARCHAR), 9, '0'), o.latest
FROM documents d LEFT JOIN (
    SELECT doc_id, max(target_year) AS latest FROM quantities WHERE kind = 'baseline' GROUP BY doc_id) o
USING (doc_id)
"""

Columns = dict[str, list]


def _create_sql(table: str, columns: Mapping[str, str]) -> str:
    return f"CREATE TABLE {table} ({', '.join(f'{name} {kind}' for name, kind in columns.items())})"


def record_columns(records: Iterable[Document] | Iterable[Quantity], columns: Mapping[str, str]) -> Columns:
    """Column lists of records, named as in the database; reads attributes directly (asdict would
    also copy every document's line map)."""
    rows = list(records)
    return {name: [getattr(r, _RECORD_FIELD.get(name, name)) for r in rows] for name in columns}


def insert_columns(
    con: duckdb.DuckDBPyConnection, table: str, columns: Mapping[str, str], parts: list[Columns]
) -> None:
    """One bulk insert of several column-list batches, passed as list parameters."""
    unnested = ", ".join(f"unnest(?::{kind.split()[0]}[]) AS {name}" for name, kind in columns.items())
    values = [[v for part in parts for v in part[name]] for name in columns]
    con.execute(f"INSERT INTO {table} ({', '.join(columns)}) SELECT {unnested}", values)


def link_records(con: duckdb.DuckDBPyConnection) -> tuple[list[links.LinkQuantity], list[links.LinkDocument]]:
    """The linker's view of every quantity and document in the database."""
    quantities = [links.LinkQuantity(*row) for row in con.execute(LINK_QUANTITIES_SQL).fetchall()]
    documents = [
        links.LinkDocument(doc_id, issuer, level, title, links.document_year(date, title_year, [latest]), position)
        for doc_id, issuer, level, title, date, title_year, position, latest in con.execute(
            LINK_DOCUMENTS_SQL
        ).fetchall()
    ]
    return quantities, documents


def derive_links(con: duckdb.DuckDBPyConnection, fresh_files: Iterable[str] | None = None) -> int:
    """(Re)derive the `links` table; returns how many links it holds.

    `fresh_files` None: every pair is compared. Otherwise only progress/interim pairs with an end in
    those source files (added or changed by this build) are; the other pairs' links are kept, since a
    progress link depends on its two documents alone. Restatements are always derived in full.
    """
    con.execute(f"CREATE TABLE IF NOT EXISTS links ({', '.join(f'{n} {k}' for n, k in LINK_COLUMNS.items())})")
    quantities, documents = link_records(con)
    fresh = None
    if fresh_files is not None:
        fresh = {
            r[0]
            for r in con.execute(
                "SELECT doc_id FROM documents WHERE source_file IN (SELECT unnest(?::VARCHAR[]))",
                [sorted(set(fresh_files))],
            ).fetchall()
        }
        # Links with an end gone (changed or removed files) or touching a fresh document are redone.
        con.execute(
            """
            DELETE FROM links WHERE type = 'restatement'
               OR target_id NOT IN (SELECT quantity_id FROM quantities)
               OR observation_id NOT IN (SELECT quantity_id FROM quantities)
               OR target_id IN (SELECT quantity_id FROM quantities WHERE doc_id IN (SELECT unnest(?::VARCHAR[])))
               OR observation_id IN (SELECT quantity_id FROM quantities WHERE doc_id IN (SELECT unnest(?::VARCHAR[])))""",
            [sorted(fresh), sorted(fresh)],
        )
    else:
        con.execute("DELETE FROM links")
    found = links.link_quantities(quantities, documents, fresh)
    insert_columns(
        con,
        "links",
        LINK_COLUMNS,
        [
            {
                "target_id": [link.target_id for link in found],
                "observation_id": [link.observation_id for link in found],
                "type": [link.type for link in found],
                "score": [link.score for link in found],
            }
        ],
    )
    [(count,)] = con.execute("SELECT count(*) FROM links").fetchall()
    return count


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_temp_files(path: Path) -> None:
    """Delete temp files left by builds that were killed (their process is gone)."""
    for leftover in path.parent.glob(f".{path.name}.*.tmp*"):
        pid = leftover.name[len(path.name) + 2 :].split(".", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _pid_alive(int(pid)):
            leftover.unlink(missing_ok=True)


@dataclass(frozen=True, slots=True)
class FileRows:
    """The rows of one source file, as column lists: what an extraction worker sends the writer."""

    name: str
    sha256: str
    size: int
    documents: Columns
    quantities: Columns
    error: str | None = None  # why the file was skipped, else None


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
        self._buffer: list[FileRows] = []
        self._buffered_bytes = 0
        self.busy_seconds = 0.0  # time spent inserting and committing: the part that cannot be parallel
        self.derive_seconds = 0.0  # of which, deriving the corpus-wide tables (links)
        self._fresh_files: list[str] | None = None  # files added by this build; None: every file is new
        self._dropped_files = 0  # files of the previous build changed or gone

    def __enter__(self) -> TrackerWriter:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temp_files(self.path)
        self._discard_temp()
        return self

    def __exit__(self, *exc_info) -> None:
        self._close()
        self._discard_temp()

    def _discard_temp(self) -> None:
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

    def start(self, hashes: Mapping[str, str] | None = None, version: str = "") -> dict[str, str | None]:
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
            self._discard_temp()
        self._connect()
        assert self.con is not None
        self.con.execute(_create_sql("documents", DOCUMENT_COLUMNS))
        self.con.execute(_create_sql("quantities", QUANTITY_COLUMNS))
        self.con.execute(_create_sql("build_files", BUILD_FILE_COLUMNS))
        self.con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        self.con.execute("CREATE INDEX quantities_doc ON quantities(doc_id)")
        self.con.execute(_create_sql("links", LINK_COLUMNS))
        self._fresh_files = None
        return {}

    def _start_from_previous(self, hashes: Mapping[str, str], version: str) -> dict[str, str | None] | None:
        """Copy the previous file and delete the rows of files that changed or are gone; None when
        it was built by another extractor version."""
        shutil.copyfile(self.path, self.tmp)
        self._connect()
        assert self.con is not None
        built_with = self.con.execute("SELECT value FROM meta WHERE key = 'extractor_version'").fetchall()
        if built_with != [(version,)]:
            return None
        [(previous,)] = self.con.execute("SELECT count(*) FROM build_files").fetchall()
        self.con.execute(
            """
            CREATE TEMP TABLE kept AS
            SELECT source_file, error FROM build_files
            JOIN (SELECT unnest(?::VARCHAR[]) AS source_file, unnest(?::VARCHAR[]) AS sha256)
                USING (source_file, sha256)""",
            [list(hashes), list(hashes.values())],
        )
        for table in ("quantities", "documents", "build_files"):
            self.con.execute(f"DELETE FROM {table} WHERE source_file NOT IN (SELECT source_file FROM kept)")
        unchanged = dict(self.con.execute("SELECT source_file, error FROM kept").fetchall())
        self.con.execute("DROP TABLE kept")
        self._dropped_files = previous - len(unchanged)
        self.con.execute("DELETE FROM meta")
        self._fresh_files = []
        return unchanged

    def add(self, rows: FileRows) -> None:
        if self._fresh_files is not None:
            self._fresh_files.append(rows.name)
        self._buffer.append(rows)
        self._buffered_bytes += rows.size
        if self._buffered_bytes >= WRITE_BATCH_BYTES:
            self.flush()

    def flush(self) -> None:
        """One bulk insert per table for everything buffered."""
        if not self._buffer:
            return
        assert self.con is not None  # flushed only between start and commit
        started = time.perf_counter()
        files: Columns = {
            "source_file": [r.name for r in self._buffer],
            "sha256": [r.sha256 for r in self._buffer],
            "bytes": [r.size for r in self._buffer],
            "error": [r.error for r in self._buffer],
        }
        for table, columns, batch in (
            ("documents", DOCUMENT_COLUMNS, [r.documents for r in self._buffer]),
            ("quantities", QUANTITY_COLUMNS, [r.quantities for r in self._buffer]),
            ("build_files", BUILD_FILE_COLUMNS, [files]),
        ):
            insert_columns(self.con, table, columns, batch)
        self._buffer.clear()
        self._buffered_bytes = 0
        self.busy_seconds += time.perf_counter() - started

    def counts(self) -> tuple[int, int, int]:
        """(documents, targets, baselines) in the new database."""
        assert self.con is not None
        [(documents,)] = self.con.execute("SELECT count(*) FROM documents").fetchall()
        [(targets, baselines)] = self.con.execute(
            "SELECT count(*) FILTER (kind = 'target'), count(*) FILTER (kind = 'baseline') FROM quantities"
        ).fetchall()
        return documents, targets, baselines

    def commit(self, meta: Mapping[str, str] | None = None) -> None:
        """Derive the corpus-wide tables, checkpoint, fsync and atomically replace the database."""
        self.flush()
        assert self.con is not None
        started = time.perf_counter()
        entries = {"schema_version": str(SCHEMA_VERSION), **(meta or {})}
        self.con.executemany("INSERT INTO meta VALUES (?, ?)", list(entries.items()))
        linking = time.perf_counter()
        if self._fresh_files is None or self._fresh_files or self._dropped_files:
            derive_links(self.con, self._fresh_files)  # pairs touching new or changed files only
        # else: the same files, the same code (the build's version covers etl/): the links stand
        self.derive_seconds = time.perf_counter() - linking
        self.con.execute("CHECKPOINT")
        self._close()
        with open(self.tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(self.tmp, self.path)
        self.busy_seconds += time.perf_counter() - started


def write_database(
    path: Path,
    documents: Iterable[Document],
    quantities: Iterable[Quantity],
    meta: Mapping[str, str] | None = None,
) -> None:
    """Write a complete tracker database from records (tests, tools), replacing any previous one
    atomically. The build streams through TrackerWriter itself."""
    documents, quantities = list(documents), list(quantities)
    with TrackerWriter(path) as writer:
        writer.start()
        for seed in dict.fromkeys([d.seed for d in documents] + [q.seed for q in quantities]):
            writer.add(
                FileRows(
                    seed,
                    "",
                    0,
                    record_columns([d for d in documents if d.seed == seed], DOCUMENT_COLUMNS),
                    record_columns([q for q in quantities if q.seed == seed], QUANTITY_COLUMNS),
                )
            )
        writer.commit(meta)


def version(path: Path) -> str:
    """A token that changes whenever a new build is swapped in."""
    return file_token(path)
