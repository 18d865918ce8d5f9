"""Read-only access to a DuckDB file as it is on disk now, and a health check for tracker.duckdb.

`duckdb.connect(path, read_only=True)` hands back the database instance this process already has
open for that path while any connection to it lives, so after a rebuild swaps in a new file a
reader could keep seeing the old one. Every reader here ATTACHes the file to a private in-memory
database instead: a new `ReadOnlyDatabase` always opens the file that is at the path now.

Used by the dashboard's connection (etl.queries.connect), by etl.store.progress to check uploads
against the targets, and by the export; one place, so they agree on what "unreadable" means.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from etl.errors import EtlError
from etl.store.tracker import DOCUMENT_COLUMNS, QUANTITY_COLUMNS, SCHEMA_VERSION

MISSING, CORRUPT, SCHEMA = "missing", "corrupt", "schema"


class DatabaseUnreadable(EtlError):
    """A database file that is missing, damaged, or not in the layout this program reads.

    `kind` is MISSING, CORRUPT or SCHEMA; `detail` is DuckDB's first line (or our reason).
    """

    def __init__(self, path: Path, kind: str, detail: str = ""):
        self.path, self.kind, self.detail = Path(path), kind, detail
        reasons = {
            MISSING: "does not exist",
            CORRUPT: "is damaged or not a DuckDB database",
            SCHEMA: "was written by another version of this program",
        }
        super().__init__(
            f"{self.path} {reasons[kind]}"
            + (f" ({detail})" if detail else "")
            + "; it is derived from the corpus, so rebuild it: python -m etl build"
        )

    def __reduce__(self):  # picklable, so st.cache_data can keep it
        return type(self), (self.path, self.kind, self.detail)


def first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


class ReadOnlyDatabase:
    """One database file ATTACHed read-only to a private in-memory DuckDB.

    Quacks like the part of a DuckDB connection the readers use: `cursor()` (each cursor starts
    in the attached file, as cursors do not inherit `USE`), `execute()` and `close()`.
    """

    def __init__(self, path: Path | str, alias: str = "db"):
        if not alias.isidentifier():
            raise ValueError(f"bad alias {alias!r}")
        self.path, self.alias = Path(path), alias
        if not self.path.exists():
            raise DatabaseUnreadable(self.path, MISSING)
        self._con = duckdb.connect(":memory:")
        try:
            self._con.execute(f"ATTACH ? AS {alias} (READ_ONLY)", [str(self.path)])
            self._con.execute(f"USE {alias}")
        except duckdb.Error as error:
            self._con.close()
            raise DatabaseUnreadable(self.path, CORRUPT, first_line(error)) from None

    def cursor(self) -> duckdb.DuckDBPyConnection:
        cur = self._con.cursor()
        cur.execute(f"USE {self.alias}")
        return cur

    def execute(self, sql: str, params: list | None = None) -> duckdb.DuckDBPyConnection:
        return self._con.execute(sql, params or [])

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> ReadOnlyDatabase:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _columns(db: ReadOnlyDatabase, table: str) -> set[str]:
    rows = db.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_catalog = ? AND table_name = ?",
        [db.alias, table],
    ).fetchall()
    return {r[0] for r in rows}


def check_tracker(db: ReadOnlyDatabase, scan: bool = True) -> None:
    """Raise DatabaseUnreadable unless `db` is a tracker.duckdb of this SCHEMA_VERSION.

    With `scan`, also reads every row of both tables (the text columns too), so a file cut short
    fails here, with a message, rather than half way through drawing a page.
    """
    try:
        tables = {
            r[0]
            for r in db.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_catalog = ?", [db.alias]
            ).fetchall()
        }
        if "meta" not in tables:
            raise DatabaseUnreadable(db.path, SCHEMA, "no schema version in the file")
        stored = dict(db.execute("SELECT key, value FROM meta").fetchall()).get("schema_version")
        if stored != str(SCHEMA_VERSION):
            raise DatabaseUnreadable(db.path, SCHEMA, f"schema version {stored}, this program reads {SCHEMA_VERSION}")
        for table, expected in (("documents", DOCUMENT_COLUMNS), ("quantities", QUANTITY_COLUMNS)):
            missing = set(expected) - _columns(db, table)
            if missing:
                raise DatabaseUnreadable(db.path, SCHEMA, f"{table} lacks {', '.join(sorted(missing))}")
        if not scan:
            return
        db.execute("SELECT count(*), sum(length(text)), sum(length(title)) FROM documents").fetchall()
        db.execute(
            "SELECT count(*), sum(length(sentence)), sum(value), sum(length(quantity_id)) FROM quantities"
        ).fetchall()
    except duckdb.Error as error:
        raise DatabaseUnreadable(db.path, CORRUPT, first_line(error)) from None


def open_tracker(path: Path, alias: str = "tracker", scan: bool = True) -> ReadOnlyDatabase:
    """tracker.duckdb as it is on disk now, checked (see check_tracker; `scan` reads every row)."""
    db = ReadOnlyDatabase(path, alias)
    try:
        check_tracker(db, scan)
    except BaseException:
        db.close()
        raise
    return db


def tracker_problem(path: Path) -> DatabaseUnreadable | None:
    """What is wrong with tracker.duckdb (missing, damaged, other schema), or None when it is fine."""
    try:
        open_tracker(path).close()
    except DatabaseUnreadable as problem:
        return problem
    return None
