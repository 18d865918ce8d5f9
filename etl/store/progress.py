"""The user database `progress.duckdb`: uploaded progress figures and the record of every upload.

Never rebuilt by the ETL, and nothing in it is ever deleted: an undo marks an upload as undone
(and can be reversed), the raw bytes of every uploaded file are kept, and progress whose target
disappears after a rebuild is reported as orphaned. All access goes through this module and is
serialised by a lock file next to the database (etl.store.write_lock): writers one at a time,
each in one transaction, so two sessions uploading at once both succeed or one is told to try
again, and nobody sees a half-imported file.

Effective figures: for each (quantity_id, period) the row of the newest upload that is not
undone. A row identical to the effective one is not stored again, so re-uploading a file or a
row changes nothing; a different figure for the same period supersedes the old one, and undoing
that upload brings the old one back.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from etl.errors import DiskFull, EtlError, is_disk_full
from etl.progress.cells import ExpectedUnit, FieldError, parse_period
from etl.progress.validation import ProgressReport, ProgressRow
from etl.queries import apply_corrections
from etl.status import is_relative
from etl.store.paths import file_token, progress_path, tracker_path
from etl.store.reading import first_line, open_tracker
from etl.store.write_lock import DEFAULT_WAIT_SECONDS, DatabaseBusy, locked

SCHEMA_VERSION = 1
PROGRESS_COLUMNS = ["quantity_id", "period", "period_end", "value", "note", "upload_id"]
UPLOAD_COLUMNS = ["upload_id", "file_name", "sha256", "rows", "uploaded_at", "undone"]
UPLOAD_EXTRA_COLUMNS = ["valid", "rejected", "imported", "source", "undone_at"]
ORPHAN_COLUMNS = PROGRESS_COLUMNS + ["file_name"]

SCHEMA = [
    "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    """CREATE TABLE IF NOT EXISTS uploads (
        upload_id INTEGER PRIMARY KEY,
        file_name VARCHAR NOT NULL,
        sha256 VARCHAR NOT NULL,
        rows INTEGER NOT NULL,          -- non-empty data rows in the file
        valid INTEGER NOT NULL,
        rejected INTEGER NOT NULL,
        imported INTEGER NOT NULL,      -- rows stored (new or changed figures)
        uploaded_at TIMESTAMP NOT NULL, -- UTC
        source VARCHAR,                 -- 'app' or 'cli'
        undone BOOLEAN NOT NULL DEFAULT false,
        undone_at TIMESTAMP)""",
    """CREATE TABLE IF NOT EXISTS progress (
        quantity_id VARCHAR NOT NULL,
        period VARCHAR NOT NULL,        -- as normalised: 2024, 2024-06, 2024-06-30, 2024-Q2
        period_start DATE NOT NULL,
        period_end DATE NOT NULL,
        value DOUBLE NOT NULL,
        note VARCHAR NOT NULL DEFAULT '',
        upload_id INTEGER NOT NULL,
        line INTEGER,                   -- line of the uploaded file it came from
        PRIMARY KEY (quantity_id, period, upload_id))""",
    "CREATE TABLE IF NOT EXISTS upload_files (upload_id INTEGER PRIMARY KEY, content BLOB)",
]

EFFECTIVE_SQL = """
    SELECT p.quantity_id, p.period, p.period_end, p.value, p.note, p.upload_id
    FROM progress p JOIN uploads u USING (upload_id)
    WHERE NOT u.undone
    QUALIFY row_number() OVER (PARTITION BY p.quantity_id, p.period ORDER BY p.upload_id DESC) = 1
"""

_ROW_SCHEMA = pa.schema(
    [
        ("quantity_id", pa.string()),
        ("period", pa.string()),
        ("period_start", pa.date32()),
        ("period_end", pa.date32()),
        ("value", pa.float64()),
        ("note", pa.string()),
        ("line", pa.int32()),
    ]
)


@dataclass(frozen=True, slots=True)
class ImportResult:
    upload_id: int
    imported: int  # new or changed figures stored
    unchanged: int  # figures already there with the same value and note


# --- connections --------------------------------------------------------------------------------


class ProgressUnreadable(EtlError):
    """progress.duckdb cannot be read: damaged, or not a progress database. It is never changed
    by this program then; the message says what the person can do."""

    def __init__(self, path: Path, detail: str):
        self.path, self.detail = Path(path), detail
        super().__init__(
            f"{self.path} cannot be read ({detail}). It holds your uploaded figures, so it has not been "
            "changed: restore it from a backup, or move it aside to start a new one (the Progress page "
            "can do that), then upload again."
        )

    def __reduce__(self):
        return type(self), (self.path, self.detail)


def _utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _connect_retrying(path: Path, read_only: bool, wait_seconds: float) -> duckdb.DuckDBPyConnection:
    """DuckDB's own file lock can still be held by a process outside our lock (a DuckDB shell)."""
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.Error as error:
            busy = isinstance(error, duckdb.IOException) and "lock" in str(error).lower()
            if not busy:
                raise ProgressUnreadable(path, first_line(error)) from None
            if time.monotonic() >= deadline:
                raise DatabaseBusy(f"{path.name} is open in another program. Try again in a moment.") from None
            time.sleep(0.1)


def _tables(con: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    """table -> its columns, in the connected file."""
    rows = con.execute("""SELECT table_name, column_name FROM information_schema.columns
                          WHERE table_catalog = current_database() AND table_schema = 'main'""").fetchall()
    tables: dict[str, set[str]] = {}
    for table, column in rows:
        tables.setdefault(table, set()).add(column)
    return tables


def stored_version(con: duckdb.DuckDBPyConnection, path: Path) -> int | None:
    """The file's schema version: None for an empty database, 0 for the first layout (no meta table).

    Raises ProgressUnreadable for a file whose tables are not a progress database at all (a
    tracker.duckdb copied over it, say): nothing is written to such a file.
    """
    try:
        tables = _tables(con)
        if not tables:
            return None
        if "meta" in tables:
            foreign = set(tables) - V1_TABLES
            if foreign:
                raise ProgressUnreadable(path, f"it has tables of another database ({', '.join(sorted(foreign))})")
            found = _first_row(con, "SELECT value FROM meta WHERE key = 'schema_version'")
            if found is None or not str(found[0]).isdigit():
                raise ProgressUnreadable(path, "its meta table has no schema version")
            return int(found[0])
        if V0_COLUMNS["progress"] <= tables.get("progress", set()) and V0_COLUMNS["uploads"] <= tables.get(
            "uploads", set()
        ):
            return 0
    except duckdb.Error as error:
        raise ProgressUnreadable(path, first_line(error)) from None
    raise ProgressUnreadable(path, f"its tables ({', '.join(sorted(tables))}) are not a progress database")


@contextmanager
def _writing(data_dir: Path, wait_seconds: float) -> Iterator[duckdb.DuckDBPyConnection]:
    path = progress_path(data_dir)
    with locked(path, exclusive=True, wait_seconds=wait_seconds):
        stored = None
        if path.exists():
            reader = _connect_retrying(path, read_only=True, wait_seconds=wait_seconds)
            try:
                stored = stored_version(reader, path)
            finally:
                reader.close()
        if stored is not None and stored > SCHEMA_VERSION:
            raise EtlError(
                f"progress.duckdb has schema version {stored}, newer than this program "
                f"({SCHEMA_VERSION}); update the program before uploading"
            )
        if stored is not None and stored < SCHEMA_VERSION:
            _backup(path, stored)
        con = _connect_retrying(path, read_only=False, wait_seconds=wait_seconds)
        try:
            if stored is not None and stored < SCHEMA_VERSION:
                _migrate(con, path, stored)
            _ensure_schema(con)
            yield con
        except (OSError, duckdb.Error) as error:
            if not is_disk_full(error):
                raise
            con.close()
            _settle_wal(path)
            raise DiskFull(
                f"the disk holding {path} is full, so nothing was saved; the figures already "
                "there are unchanged. Free some space and try again."
            ) from None
        finally:
            con.close()


def _settle_wal(path: Path) -> None:
    """After a failed write, let DuckDB itself replay or drop the half-written log (never deleted
    here: a log can hold committed figures), so no stray .wal is left behind."""
    if path.with_name(path.name + ".wal").exists():
        with contextlib.suppress(duckdb.Error):
            duckdb.connect(str(path)).close()


@contextmanager
def _reading(data_dir: Path, wait_seconds: float = DEFAULT_WAIT_SECONDS) -> Iterator[duckdb.DuckDBPyConnection | None]:
    """A read-only connection, or None when nothing has been uploaded yet (no file is created).

    A file in an older layout is migrated first (under the writers' lock); a damaged one raises
    ProgressUnreadable, also when the damage only shows while reading.
    """
    path = progress_path(data_dir)
    for _ in range(2):
        if not path.exists():
            yield None
            return
        with locked(path, exclusive=False, wait_seconds=wait_seconds):
            con = _connect_retrying(path, read_only=True, wait_seconds=wait_seconds)
            try:
                stored = stored_version(con, path)
                if stored is None or stored >= SCHEMA_VERSION:
                    try:
                        yield con if stored is not None else None
                    except duckdb.Error as error:
                        raise ProgressUnreadable(path, first_line(error)) from None
                    return
            finally:
                con.close()
        with _writing(data_dir, wait_seconds):  # migrates, then read again
            pass
    raise ProgressUnreadable(path, "it could not be migrated to the current layout")


def _first_row(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> tuple | None:
    """The first row, fetching the whole (small) result: DuckDB 2 refuses new work on a
    connection while a result is only partly fetched."""
    rows = con.execute(sql, params or []).fetchall()
    return rows[0] if rows else None


def _only_row(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> tuple:
    """The row of a query that always has one (an aggregate, or a key known to be there)."""
    row = _first_row(con, sql, params)
    assert row is not None
    return row


def _ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    for statement in SCHEMA:
        con.execute(statement)
    stored = _first_row(con, "SELECT value FROM meta WHERE key = 'schema_version'")
    if stored is None:
        con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])


def schema_version(data_dir: Path) -> int | None:
    with _reading(data_dir) as con:
        if con is None:
            return None
        return int(_only_row(con, "SELECT value FROM meta WHERE key = 'schema_version'")[0])


def problem(data_dir: Path) -> str | None:
    """Why progress.duckdb cannot be read, or None (also None when there is no file yet)."""
    try:
        with _reading(data_dir) as con:
            if con is not None:
                con.execute(f"SELECT count(*), sum(value), sum(length(note)) FROM ({EFFECTIVE_SQL})").fetchall()
                con.execute("SELECT count(*), sum(length(file_name)) FROM uploads").fetchall()
    except ProgressUnreadable as error:
        return str(error)
    return None


def move_aside(data_dir: Path, wait_seconds: float = DEFAULT_WAIT_SECONDS) -> Path:
    """Rename an unreadable progress.duckdb (and its WAL) to progress.duckdb.corrupt-<UTC time>.

    Only when the person has asked for it, and only if the file is still unreadable: it is the
    only copy of their figures, so it is kept, never deleted, and a readable file is never moved.
    Returns the new path; the next upload starts a new, empty progress.duckdb.
    """
    path = progress_path(data_dir)
    with locked(path, exclusive=True, wait_seconds=wait_seconds):
        if not path.exists():
            raise EtlError(f"there is no {path.name} to move aside")
        try:
            con = _connect_retrying(path, read_only=True, wait_seconds=wait_seconds)
            try:
                stored_version(con, path)
                con.execute(f"SELECT count(*), sum(value), sum(length(note)) FROM ({EFFECTIVE_SQL})").fetchall()
            finally:
                con.close()
        except ProgressUnreadable:
            pass
        except duckdb.Error:
            pass
        else:
            raise EtlError(f"{path.name} can be read; it was not moved")
        target = path.with_name(f"{path.name}.corrupt-{_utc_now():%Y%m%dT%H%M%S}")
        while target.exists():
            target = target.with_name(target.name + "x")
        wal = path.with_name(path.name + ".wal")
        if wal.exists():
            os.replace(wal, target.with_name(target.name + ".wal"))
        os.replace(path, target)
        return target


# --- migration from older layouts ---------------------------------------------------------------

V1_TABLES = {"meta", "uploads", "progress", "upload_files"}
# Layout 0 (the first DESIGN.md): no meta table, periods without dates, no per-upload counts.
V0_COLUMNS = {
    "progress": {"quantity_id", "period", "value", "note", "upload_id"},
    "uploads": {"upload_id", "file_name", "sha256", "rows", "uploaded_at"},
}
_FAR_FUTURE = date(9999, 12, 31)  # migrated periods were checked when uploaded; don't refuse them now


def _backup(path: Path, stored: int) -> Path:
    """A copy of the file as it was before a migration (the migration is in place)."""
    copy = path.with_name(f"{path.name}.v{stored}-backup-{_utc_now():%Y%m%dT%H%M%S}")
    shutil.copy2(path, copy)
    wal = path.with_name(path.name + ".wal")
    if wal.exists():
        shutil.copy2(wal, copy.with_name(copy.name + ".wal"))
    return copy


def _migrate(con: duckdb.DuckDBPyConnection, path: Path, stored: int) -> None:
    """Bring an older layout to SCHEMA_VERSION in place, in one transaction, every row carried over.

    Layout 0 -> 1: period dates from the period label, per-upload counts from the rows, an upload
    record made up for figures whose upload was not recorded. Any row that cannot be carried
    over rolls the whole migration back and says which, leaving the file as it was.
    """
    if stored != 0:
        raise ProgressUnreadable(path, f"no migration from schema version {stored}")
    con.begin()
    try:
        old_rows = con.execute("SELECT quantity_id, period, value, note, upload_id FROM progress").fetchall()
        old_uploads = _only_row(con, "SELECT count(*) FROM uploads")[0]
        con.execute("ALTER TABLE progress RENAME TO progress_v0")
        con.execute("ALTER TABLE uploads RENAME TO uploads_v0")
        for statement in SCHEMA:
            con.execute(statement)
        carried = []
        for number, (qid, period, value, note, upload_id) in enumerate(old_rows, start=1):
            try:
                parsed = parse_period(str(period), _FAR_FUTURE)
                figure = float(value)
            except (FieldError, TypeError, ValueError) as error:
                raise ProgressUnreadable(
                    path,
                    f"cannot migrate row {number} ({qid}, {period!r}, {value!r}): {error}; the file was left as it was",
                ) from None
            carried.append(
                {
                    "quantity_id": str(qid),
                    "period": parsed.label,
                    "period_start": parsed.start,
                    "period_end": parsed.end,
                    "value": figure,
                    "note": note or "",
                    "line": None,
                    "upload_id": int(upload_id),
                }
            )
        con.register(
            "carried", pa.Table.from_pylist(carried, schema=_ROW_SCHEMA.append(pa.field("upload_id", pa.int32())))
        )
        con.execute("""
            INSERT INTO uploads (upload_id, file_name, sha256, rows, valid, rejected, imported, uploaded_at, source)
            SELECT u.upload_id, coalesce(u.file_name, ''), coalesce(u.sha256, ''), coalesce(u.rows, 0),
                   coalesce(u.rows, 0), 0, (SELECT count(*) FROM carried c WHERE c.upload_id = u.upload_id),
                   coalesce(u.uploaded_at, TIMESTAMP '1970-01-01'), 'migrated from layout 0'
            FROM uploads_v0 u""")
        con.execute("""
            INSERT INTO uploads (upload_id, file_name, sha256, rows, valid, rejected, imported, uploaded_at, source)
            SELECT upload_id, '(upload not recorded in the old database)', '', count(*), count(*), 0, count(*),
                   TIMESTAMP '1970-01-01', 'migrated from layout 0'
            FROM carried WHERE upload_id NOT IN (SELECT upload_id FROM uploads) GROUP BY upload_id""")
        con.execute("""
            INSERT INTO progress (quantity_id, period, period_start, period_end, value, note, upload_id, line)
            SELECT quantity_id, period, period_start, period_end, value, note, upload_id, line FROM carried""")
        con.unregister("carried")
        moved = _only_row(con, "SELECT count(*) FROM progress")[0]
        recorded = _only_row(con, "SELECT count(*) FROM uploads_v0 WHERE upload_id IN (SELECT upload_id FROM uploads)")[
            0
        ]
        if moved != len(old_rows) or recorded != old_uploads:
            raise ProgressUnreadable(
                path,
                f"migration carried {moved} of {len(old_rows)} figures and "
                f"{recorded} of {old_uploads} uploads; the file was left as it was",
            )
        con.execute("DROP TABLE progress_v0")
        con.execute("DROP TABLE uploads_v0")
        con.executemany(
            "INSERT INTO meta VALUES (?, ?)",
            [
                ("schema_version", str(SCHEMA_VERSION)),
                ("migrated_from", str(stored)),
                ("migrated_at", _utc_now().isoformat(timespec="seconds")),
            ],
        )
        con.commit()
    except duckdb.ConstraintException as error:
        con.rollback()
        raise ProgressUnreadable(path, f"cannot migrate: {first_line(error)}; the file was left as it was") from None
    except BaseException:
        con.rollback()
        raise


def version(data_dir: Path) -> str:
    """Changes whenever progress.duckdb is written: a cache key for the dashboard's reads."""
    path = progress_path(data_dir)
    return "/".join(file_token(p) for p in (path, path.with_name(path.name + ".wal")))


# --- writes ---------------------------------------------------------------------------------------


def _rows_table(rows: tuple[ProgressRow, ...]) -> pa.Table:
    return pa.Table.from_pylist(
        [
            {
                "quantity_id": r.quantity_id,
                "period": r.period,
                "period_start": r.period_start,
                "period_end": r.period_end,
                "value": r.value,
                "note": r.note,
                "line": r.line,
            }
            for r in rows
        ],
        schema=_ROW_SCHEMA,
    )


def import_report(
    data_dir: Path,
    report: ProgressReport,
    content: bytes | None = None,
    source: str = "app",
    wait_seconds: float = DEFAULT_WAIT_SECONDS,
) -> ImportResult:
    """Store the report's valid rows and record the upload, in one transaction.

    The caller has shown the report and the person has confirmed. Rows identical to the
    figures already in effect are not stored again (re-uploading is idempotent). `content`, the
    file's bytes, is kept so an upload can always be inspected or replayed.
    """
    rows = report.rows_to_import
    with _writing(data_dir, wait_seconds) as con:
        con.begin()
        try:
            upload_id = _only_row(con, "SELECT coalesce(max(upload_id), 0) + 1 FROM uploads")[0]
            con.register("incoming", _rows_table(rows))
            con.execute(
                f"""
                INSERT INTO progress (quantity_id, period, period_start, period_end, value, note, upload_id, line)
                SELECT n.quantity_id, n.period, n.period_start, n.period_end, n.value, n.note, ?, n.line
                FROM incoming n
                LEFT JOIN ({EFFECTIVE_SQL}) e ON e.quantity_id = n.quantity_id AND e.period = n.period
                WHERE e.quantity_id IS NULL OR e.value IS DISTINCT FROM n.value OR e.note IS DISTINCT FROM n.note
            """,
                [upload_id],
            )
            con.unregister("incoming")
            imported = _only_row(con, "SELECT count(*) FROM progress WHERE upload_id = ?", [upload_id])[0]
            con.execute(
                """
                INSERT INTO uploads (upload_id, file_name, sha256, rows, valid, rejected, imported, uploaded_at, source)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                [
                    upload_id,
                    report.file_name,
                    report.sha256,
                    report.rows,
                    len(report.valid),
                    len(report.rejected),
                    imported,
                    _utc_now(),
                    source,
                ],
            )
            if content is not None:
                con.execute("INSERT INTO upload_files VALUES (?, ?)", [upload_id, content])
            con.commit()
        except BaseException:
            with contextlib.suppress(duckdb.Error):  # a failed commit has already rolled back
                con.rollback()
            raise
    return ImportResult(int(upload_id), int(imported), len(rows) - int(imported))


def _set_undone(data_dir: Path, upload_id: int, undone: bool, wait_seconds: float) -> None:
    with _writing(data_dir, wait_seconds) as con:
        found = _first_row(con, "SELECT undone FROM uploads WHERE upload_id = ?", [int(upload_id)])
        if found is None:
            raise EtlError(f"there is no upload #{upload_id}")
        con.execute(
            "UPDATE uploads SET undone = ?, undone_at = ? WHERE upload_id = ?",
            [undone, _utc_now() if undone else None, int(upload_id)],
        )


def undo_upload(data_dir: Path, upload_id: int, wait_seconds: float = DEFAULT_WAIT_SECONDS) -> None:
    """Take an upload's figures out of effect (kept, and brought back by `restore_upload`)."""
    _set_undone(data_dir, upload_id, True, wait_seconds)


def restore_upload(data_dir: Path, upload_id: int, wait_seconds: float = DEFAULT_WAIT_SECONDS) -> None:
    _set_undone(data_dir, upload_id, False, wait_seconds)


# --- reads ----------------------------------------------------------------------------------------


def _typed_progress(frame: pd.DataFrame) -> pd.DataFrame:
    """period_end as datetime.date objects, the same on every pandas/DuckDB version."""
    frame = frame.copy()
    frame["period_end"] = pd.Series(
        [pd.Timestamp(d).date() for d in frame["period_end"]], index=frame.index, dtype=object
    )
    frame["value"] = frame["value"].astype(float)
    return frame


def _empty_progress() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "quantity_id": pd.Series([], dtype="string"),
            "period": pd.Series([], dtype="string"),
            "period_end": pd.Series([], dtype=object),
            "value": pd.Series([], dtype=float),
            "note": pd.Series([], dtype="string"),
            "upload_id": pd.Series([], dtype="int64"),
        }
    )


def read_progress(data_dir: Path, quantity_ids: list[str] | None = None) -> pd.DataFrame:
    """Progress figures in effect (columns PROGRESS_COLUMNS; period_end is a date), in period order."""
    if quantity_ids is not None and not quantity_ids:
        return _empty_progress()
    with _reading(data_dir) as con:
        if con is None:
            return _empty_progress()
        sql = f"SELECT * FROM ({EFFECTIVE_SQL}) e"
        params: list = []
        if quantity_ids is not None:
            sql += " WHERE quantity_id IN (SELECT unnest(?::VARCHAR[]))"
            params.append([str(q) for q in quantity_ids])
        frame = con.execute(sql + " ORDER BY quantity_id, period_end, period", params).df()
    return _typed_progress(frame[PROGRESS_COLUMNS]) if len(frame) else _empty_progress()


def read_uploads(data_dir: Path) -> pd.DataFrame:
    """Upload history, newest first (columns UPLOAD_COLUMNS, then UPLOAD_EXTRA_COLUMNS)."""
    columns = UPLOAD_COLUMNS + UPLOAD_EXTRA_COLUMNS
    with _reading(data_dir) as con:
        if con is None:
            return pd.DataFrame(columns=columns)
        return con.execute(f"SELECT {', '.join(columns)} FROM uploads ORDER BY upload_id DESC").df()


def read_upload_file(data_dir: Path, upload_id: int) -> bytes | None:
    """The bytes of an uploaded file as they arrived."""
    with _reading(data_dir) as con:
        if con is None:
            return None
        found = _first_row(con, "SELECT content FROM upload_files WHERE upload_id = ?", [int(upload_id)])
        return bytes(found[0]) if found else None


# --- the targets database, read-only -------------------------------------------------------------


def _tracker_frame(data_dir: Path, sql: str, params: list | None = None) -> pd.DataFrame | None:
    """Run a query on tracker.duckdb as it is on disk now, with the user's corrections applied
    (etl.queries.apply_corrections: added targets take progress, rejected ones do not), None when
    there is none.

    Through etl.store.reading's private ATTACH rather than `duckdb.connect(path)`: DuckDB caches
    one instance per path in a process, so while the dashboard still holds a connection to a file
    that a rebuild has since replaced, connect(path) would hand back the old targets.
    """
    path = tracker_path(data_dir)
    if not path.exists():
        return None
    try:
        open_tracker(path, scan=False).close()  # a tracker of this schema, else a clear error
        with apply_corrections(path) as db:  # the targets as the user corrected them (issue 14)
            return db.execute(sql, params).df()
    except duckdb.Error as error:
        raise EtlError(f"cannot read {path}: {first_line(error)}; rebuild it (python -m etl build)") from None


def known_targets(data_dir: Path) -> dict[str, ExpectedUnit]:
    """quantity_id -> unit of every target in tracker.duckdb: what an upload is checked against."""
    frame = _tracker_frame(
        data_dir,
        """
        SELECT quantity_id, coalesce(unit, '') AS unit, change FROM quantities WHERE kind = 'target'""",
    )
    if frame is None:
        raise EtlError(
            f"there is no targets database at {tracker_path(data_dir)}; build it first (python -m etl build)"
        )
    return {
        qid: ExpectedUnit(unit, is_relative(change)) for qid, unit, change in frame.itertuples(index=False, name=None)
    }


def template_targets(data_dir: Path) -> pd.DataFrame:
    """Every target with what the template shows (quantity_id, indicator, unit, value, value_high, target_year)."""
    frame = _tracker_frame(
        data_dir,
        """
        SELECT quantity_id, indicator, unit, value, value_high, target_year FROM quantities
        WHERE kind = 'target' ORDER BY doc_id, line, quantity_id""",
    )
    return (
        frame
        if frame is not None
        else pd.DataFrame(columns=["quantity_id", "indicator", "unit", "value", "value_high", "target_year"])
    )


def template_count(data_dir: Path) -> int:
    """How many targets the template would list (without building it)."""
    frame = _tracker_frame(data_dir, "SELECT count(*) AS n FROM quantities WHERE kind = 'target'")
    return 0 if frame is None else int(frame["n"].iloc[0])


def read_orphans(
    data_dir: Path, progress: pd.DataFrame | None = None, uploads: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Progress in effect whose target is no longer in tracker.duckdb (kept, never deleted).

    `progress` and `uploads` (read_progress, read_uploads) may be passed when the caller has them;
    only the uploaded ids are looked up in tracker.duckdb, not every target."""
    progress = read_progress(data_dir) if progress is None else progress
    if progress.empty:
        return pd.DataFrame(columns=ORPHAN_COLUMNS)
    ids = _tracker_frame(
        data_dir,
        "SELECT quantity_id FROM quantities WHERE kind = 'target' AND quantity_id IN (SELECT unnest(?::VARCHAR[]))",
        [sorted(set(progress["quantity_id"]))],
    )
    if ids is None:
        return pd.DataFrame(columns=ORPHAN_COLUMNS)
    orphans = progress[~progress["quantity_id"].isin(set(ids["quantity_id"]))]
    uploads = read_uploads(data_dir) if uploads is None else uploads
    names = uploads.set_index("upload_id")["file_name"]
    orphans = orphans.assign(file_name=orphans["upload_id"].map(names))
    return orphans[ORPHAN_COLUMNS].reset_index(drop=True)
