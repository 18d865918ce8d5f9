"""Corrections and their audit trail, stored in progress.duckdb (user data, never rebuilt).

The tables live in their own schema, `review`, inside progress.duckdb: the progress layout (its
`main` tables and their migrations, etl.store.progress) is untouched by them, and they follow the
same rules: every access takes the lock next to the file (etl.store.write_lock; writers one at a
time, each in one transaction), nothing is ever deleted (an undo is a new change in the audit),
and a future layout change must copy the file first and migrate in one transaction, as etl.store.progress does.

- review.corrections: one row per corrected or added record, its `Anchor` (etl.corrections) and
  its current effect (state + overridden fields, JSON), with a revision counter.
- review.correction_audit: one row per change: who, when, action, before and after (JSON).

Two sessions changing the same record: both changes are applied in turn (the later one wins) and
both are in the audit; `save` reports the change it replaced when the caller had read an older
revision, so the page can say so.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from etl.corrections import OPEN, WITHDRAWN, Anchor, FieldProblem, Snapshot, undo_snapshot
from etl.errors import EtlError
from etl.store.paths import progress_path
from etl.store.reading import first_line
from etl.store.write_lock import DEFAULT_WAIT_SECONDS, DatabaseBusy, locked

SCHEMA_NAME = "review"
SCHEMA_VERSION = 1
ANCHOR_COLUMNS = [
    "doc_sha256",
    "doc_title",
    "seed",
    "sentence",
    "occurrence",
    "number_offset",
    "number_text",
    "quantity_id_hint",
]
CORRECTION_COLUMNS = [
    "correction_id",
    *ANCHOR_COLUMNS,
    "added",
    "state",
    "fields",
    "revision",
    "created_at",
    "created_by",
    "updated_at",
    "updated_by",
]
AUDIT_COLUMNS = ["audit_id", "correction_id", "changed_at", "who", "action", "before", "after", "source", "undoes"]

SCHEMA = [
    f"CREATE SCHEMA IF NOT EXISTS {SCHEMA_NAME}",
    f"CREATE TABLE IF NOT EXISTS {SCHEMA_NAME}.meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    f"""CREATE TABLE IF NOT EXISTS {SCHEMA_NAME}.corrections (
        correction_id INTEGER PRIMARY KEY,
        doc_sha256 VARCHAR NOT NULL,     -- sha256 of the document's text when corrected
        doc_title VARCHAR NOT NULL,
        seed VARCHAR NOT NULL,           -- source file name then
        sentence VARCHAR NOT NULL,
        occurrence INTEGER NOT NULL,     -- which occurrence of the sentence in the document (0 = first)
        number_offset INTEGER NOT NULL,  -- the number's start within the sentence, in characters
        number_text VARCHAR NOT NULL,
        quantity_id_hint VARCHAR NOT NULL,
        added BOOLEAN NOT NULL,          -- a record the extractor missed, added by a person
        state VARCHAR NOT NULL,          -- open / checked / rejected / withdrawn (etl.corrections)
        fields VARCHAR NOT NULL,         -- JSON object: the overridden fields
        revision INTEGER NOT NULL,       -- +1 on every change
        created_at TIMESTAMP NOT NULL,   -- UTC
        created_by VARCHAR NOT NULL,
        updated_at TIMESTAMP NOT NULL,
        updated_by VARCHAR NOT NULL)""",
    f"""CREATE TABLE IF NOT EXISTS {SCHEMA_NAME}.correction_audit (
        audit_id INTEGER PRIMARY KEY,
        correction_id INTEGER NOT NULL,
        changed_at TIMESTAMP NOT NULL,   -- UTC
        who VARCHAR NOT NULL,
        action VARCHAR NOT NULL,         -- confirm / reject / edit / add / reopen / undo / import
        before VARCHAR NOT NULL,         -- JSON snapshot {{state, fields}}
        after VARCHAR NOT NULL,
        source VARCHAR NOT NULL,         -- app / cli
        undoes INTEGER)                  -- the audit_id an undo reversed""",
]


class CorrectionsUnreadable(EtlError):
    """The corrections cannot be read or written (a damaged or newer progress.duckdb)."""


@dataclass(frozen=True, slots=True)
class StoredCorrection:
    correction_id: int
    anchor: Anchor
    added: bool
    snapshot: Snapshot
    revision: int
    updated_at: datetime
    updated_by: str


@dataclass(frozen=True, slots=True)
class SaveResult:
    correction_id: int
    revision: int
    audit_id: int
    replaced: dict | None = None  # someone else's change the caller had not seen (an audit row), if any


def _utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _connect(path: Path, read_only: bool, wait_seconds: float) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.Error as error:
            if not (isinstance(error, duckdb.IOException) and "lock" in str(error).lower()):
                raise CorrectionsUnreadable(
                    f"{path} cannot be read ({first_line(error)}); the corrections in it were not changed"
                ) from None
            if time.monotonic() >= deadline:
                raise DatabaseBusy(f"{path.name} is open in another program. Try again in a moment.") from None
            time.sleep(0.1)


def _stored_version(con: duckdb.DuckDBPyConnection) -> int | None:
    found = con.execute(
        """SELECT count(*) FROM information_schema.tables
                           WHERE table_catalog = current_database() AND table_schema = ? AND table_name = 'meta'""",
        [SCHEMA_NAME],
    ).fetchall()[0][0]
    if not found:
        return None
    rows = con.execute(f"SELECT value FROM {SCHEMA_NAME}.meta WHERE key = 'schema_version'").fetchall()
    return int(rows[0][0]) if rows and str(rows[0][0]).isdigit() else None


@contextmanager
def _writing(data_dir: Path, wait_seconds: float) -> Iterator[duckdb.DuckDBPyConnection]:
    path = progress_path(data_dir)
    with locked(path, exclusive=True, wait_seconds=wait_seconds):
        con = _connect(path, read_only=False, wait_seconds=wait_seconds)
        try:
            stored = _stored_version(con)
            if stored is not None and stored > SCHEMA_VERSION:
                raise CorrectionsUnreadable(
                    f"the corrections in {path.name} have layout {stored}, newer than "
                    f"this program ({SCHEMA_VERSION}); update the program before editing"
                )
            if stored is not None and stored < SCHEMA_VERSION:
                raise CorrectionsUnreadable(f"no migration of the corrections from layout {stored}")  # none exists yet
            for statement in SCHEMA:
                con.execute(statement)
            if stored is None:
                con.execute(
                    f"INSERT OR REPLACE INTO {SCHEMA_NAME}.meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)]
                )
            yield con
        except duckdb.Error as error:
            raise CorrectionsUnreadable(
                f"{path} could not be written ({first_line(error)}); nothing was changed"
            ) from None
        finally:
            con.close()


@contextmanager
def _reading(data_dir: Path, wait_seconds: float = DEFAULT_WAIT_SECONDS) -> Iterator[duckdb.DuckDBPyConnection | None]:
    """A read-only connection, or None when there are no corrections yet (no file is created)."""
    path = progress_path(data_dir)
    if not path.exists():
        yield None
        return
    with locked(path, exclusive=False, wait_seconds=wait_seconds):
        con = _connect(path, read_only=True, wait_seconds=wait_seconds)
        try:
            yield con if _stored_version(con) is not None else None
        except duckdb.Error as error:
            raise CorrectionsUnreadable(f"{path} cannot be read ({first_line(error)})") from None
        finally:
            con.close()


# --- reads ----------------------------------------------------------------------------------------


def _correction(row: tuple) -> StoredCorrection:
    values = dict(zip(CORRECTION_COLUMNS, row))
    anchor = Anchor(
        values["doc_sha256"],
        values["doc_title"],
        values["seed"],
        values["sentence"],
        int(values["occurrence"]),
        int(values["number_offset"]),
        values["number_text"],
        values["quantity_id_hint"],
    )
    return StoredCorrection(
        int(values["correction_id"]),
        anchor,
        bool(values["added"]),
        Snapshot(values["state"], json.loads(values["fields"])),
        int(values["revision"]),
        values["updated_at"],
        values["updated_by"],
    )


def read_corrections(data_dir: Path) -> list[StoredCorrection]:
    """Every correction, oldest first (none when there is no progress.duckdb yet)."""
    with _reading(data_dir) as con:
        if con is None:
            return []
        rows = con.execute(
            f"SELECT {', '.join(CORRECTION_COLUMNS)} FROM {SCHEMA_NAME}.corrections ORDER BY correction_id"
        ).fetchall()
    return [_correction(r) for r in rows]


def read_audit(data_dir: Path, correction_id: int | None = None, limit: int = 500) -> pd.DataFrame:
    """The audit trail, newest first (columns AUDIT_COLUMNS), of one correction or all."""
    with _reading(data_dir) as con:
        if con is None:
            return pd.DataFrame(columns=AUDIT_COLUMNS)
        where, params = ("WHERE correction_id = ?", [int(correction_id)]) if correction_id is not None else ("", [])
        return con.execute(
            f"SELECT {', '.join(AUDIT_COLUMNS)} FROM {SCHEMA_NAME}.correction_audit {where} "
            "ORDER BY audit_id DESC LIMIT ?",
            params + [int(limit)],
        ).df()


def version_token(data_dir: Path) -> str:
    """Changes whenever corrections may have changed (they share progress.duckdb's file)."""
    from etl.store.paths import file_token

    path = progress_path(data_dir)
    return "/".join(file_token(p) for p in (path, path.with_name(path.name + ".wal")))


# --- writes ---------------------------------------------------------------------------------------


def _find(con, anchor: Anchor, added: bool) -> tuple | None:
    rows = con.execute(
        f"""SELECT {", ".join(CORRECTION_COLUMNS)} FROM {SCHEMA_NAME}.corrections
                           WHERE doc_title = ? AND seed = ? AND sentence = ? AND occurrence = ?
                             AND number_offset = ? AND number_text = ? AND added = ?
                           ORDER BY correction_id DESC LIMIT 1""",
        [*anchor.key(), added],
    ).fetchall()
    return rows[0] if rows else None


def _audit(
    con,
    correction_id: int,
    when: datetime,
    who: str,
    action: str,
    before: Snapshot,
    after: Snapshot,
    source: str,
    undoes: int | None = None,
) -> int:
    audit_id = con.execute(f"SELECT coalesce(max(audit_id), 0) + 1 FROM {SCHEMA_NAME}.correction_audit").fetchall()[0][
        0
    ]
    con.execute(
        f"INSERT INTO {SCHEMA_NAME}.correction_audit VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [audit_id, correction_id, when, who, action, before.to_json(), after.to_json(), source, undoes],
    )
    return int(audit_id)


def _check_who(who: str) -> str:
    who = (who or "").strip()
    if not who:
        raise FieldProblem("who: a name is needed for the audit trail")
    if len(who) > 100:
        raise FieldProblem("who: longer than 100 characters")
    return who


def save(
    data_dir: Path,
    anchor: Anchor,
    after: Snapshot,
    who: str,
    action: str,
    added: bool = False,
    correction_id: int | None = None,
    seen_revision: int | None = None,
    source: str = "app",
    wait_seconds: float = DEFAULT_WAIT_SECONDS,
) -> SaveResult:
    """Set a record's correction to `after`, audited, in one transaction.

    `correction_id` names the correction being changed (as shown); without it the correction at the
    same anchor is changed, or a new one made. The anchor is refreshed to `anchor` (the place as the
    current build has it). `seen_revision` is the revision the person was looking at: if another
    change came in since, it is still kept in the audit, this one is applied after it, and the
    result names it.
    """
    who = _check_who(who)
    with _writing(data_dir, wait_seconds) as con:
        con.begin()
        try:
            result = _change(con, anchor, after, who, action, added, correction_id, seen_revision, source, _utc_now())
            con.commit()
        except BaseException:
            con.rollback()
            raise
    return result


@dataclass(frozen=True, slots=True)
class ImportSummary:
    new: int
    changed: int
    unchanged: int
    actions: tuple[str, ...]  # per row: new / changed / unchanged


def import_corrections(
    data_dir: Path,
    rows: list[tuple[Anchor, bool, Snapshot]],
    who: str,
    dry_run: bool = False,
    source: str = "cli",
    wait_seconds: float = DEFAULT_WAIT_SECONDS,
) -> ImportSummary:
    """Take corrections from a colleague's file, in one transaction: a row whose place has no
    correction here is new, one that differs changes it (audited as 'import'), an identical one is
    left alone, so importing a file twice changes nothing. `dry_run` says what would change."""
    who = _check_who(who)
    if dry_run and not progress_path(data_dir).exists():
        return ImportSummary(len(rows), 0, 0, tuple("new" for _ in rows))
    context = _reading(data_dir, wait_seconds) if dry_run else _writing(data_dir, wait_seconds)
    actions = []
    with context as con:
        if con is None:  # dry run, no corrections yet
            return ImportSummary(len(rows), 0, 0, tuple("new" for _ in rows))
        if not dry_run:
            con.begin()
        try:
            when = _utc_now()
            for anchor, added, snapshot in rows:
                found = _find(con, anchor, added)
                if found is not None and _correction(found).snapshot == snapshot:
                    actions.append("unchanged")
                    continue
                actions.append("new" if found is None else "changed")
                if not dry_run:
                    _change(con, anchor, snapshot, who, "import", added, None, None, source, when)
            if not dry_run:
                con.commit()
        except BaseException:
            if not dry_run:
                con.rollback()
            raise
    return ImportSummary(actions.count("new"), actions.count("changed"), actions.count("unchanged"), tuple(actions))


def all_rows(data_dir: Path) -> list[tuple[Anchor, bool, Snapshot]]:
    """Every correction as (anchor, added, snapshot): what `corrections export` writes."""
    return [(c.anchor, c.added, c.snapshot) for c in read_corrections(data_dir)]


def _change(
    con,
    anchor: Anchor,
    after: Snapshot,
    who: str,
    action: str,
    added: bool,
    correction_id: int | None,
    seen_revision: int | None,
    source: str,
    when: datetime,
) -> SaveResult:
    if correction_id is not None:
        found = con.execute(
            f"SELECT {', '.join(CORRECTION_COLUMNS)} FROM {SCHEMA_NAME}.corrections WHERE correction_id = ?",
            [int(correction_id)],
        ).fetchall()
        if not found:
            raise EtlError(f"there is no correction #{correction_id}")
        row = found[0]
    else:
        row = _find(con, anchor, added)
    replaced = None
    fields_json = json.dumps(dict(after.fields), ensure_ascii=False, sort_keys=True)
    if row is None:
        correction_id = con.execute(
            f"SELECT coalesce(max(correction_id), 0) + 1 FROM {SCHEMA_NAME}.corrections"
        ).fetchall()[0][0]
        before = Snapshot(WITHDRAWN if added else OPEN, {})
        revision = 1
        con.execute(
            f"INSERT INTO {SCHEMA_NAME}.corrections VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                correction_id,
                anchor.doc_sha256,
                anchor.doc_title,
                anchor.seed,
                anchor.sentence,
                anchor.occurrence,
                anchor.number_offset,
                anchor.number_text,
                anchor.quantity_id,
                added,
                after.state,
                fields_json,
                revision,
                when,
                who,
                when,
                who,
            ],
        )
    else:
        stored = _correction(row)
        correction_id, before, revision = stored.correction_id, stored.snapshot, stored.revision + 1
        if seen_revision is not None and seen_revision < stored.revision:
            replaced = _latest_audit(con, correction_id)
        con.execute(
            f"""UPDATE {SCHEMA_NAME}.corrections SET doc_sha256 = ?, doc_title = ?, seed = ?,
                        sentence = ?, occurrence = ?, number_offset = ?, number_text = ?, quantity_id_hint = ?,
                        state = ?, fields = ?, revision = ?, updated_at = ?, updated_by = ?
                        WHERE correction_id = ?""",
            [
                anchor.doc_sha256,
                anchor.doc_title,
                anchor.seed,
                anchor.sentence,
                anchor.occurrence,
                anchor.number_offset,
                anchor.number_text,
                anchor.quantity_id or stored.anchor.quantity_id,
                after.state,
                fields_json,
                revision,
                when,
                who,
                correction_id,
            ],
        )
    audit_id = _audit(con, int(correction_id), when, who, action, before, after, source)
    return SaveResult(int(correction_id), int(revision), audit_id, replaced)


def _latest_audit(con, correction_id: int) -> dict | None:
    rows = con.execute(
        f"SELECT {', '.join(AUDIT_COLUMNS)} FROM {SCHEMA_NAME}.correction_audit "
        "WHERE correction_id = ? ORDER BY audit_id DESC LIMIT 1",
        [correction_id],
    ).fetchall()
    return dict(zip(AUDIT_COLUMNS, rows[0])) if rows else None


def undo(
    data_dir: Path, audit_id: int, who: str, source: str = "app", wait_seconds: float = DEFAULT_WAIT_SECONDS
) -> SaveResult:
    """Reverse one change (itself a new, audited change: an undo can be undone too).

    Raises FieldProblem when what that change touched has been changed again since.
    """
    who = _check_who(who)
    when = _utc_now()
    with _writing(data_dir, wait_seconds) as con:
        con.begin()
        try:
            found = con.execute(
                f"SELECT correction_id, before, after FROM {SCHEMA_NAME}.correction_audit WHERE audit_id = ?",
                [int(audit_id)],
            ).fetchall()
            if not found:
                raise EtlError(f"there is no change #{audit_id}")
            correction_id, before, after = found[0]
            row = con.execute(
                f"SELECT {', '.join(CORRECTION_COLUMNS)} FROM {SCHEMA_NAME}.corrections WHERE correction_id = ?",
                [correction_id],
            ).fetchall()[0]
            stored = _correction(row)
            restored = undo_snapshot(stored.snapshot, Snapshot.from_json(before), Snapshot.from_json(after))
            con.execute(
                f"UPDATE {SCHEMA_NAME}.corrections SET state = ?, fields = ?, revision = revision + 1, "
                "updated_at = ?, updated_by = ? WHERE correction_id = ?",
                [
                    restored.state,
                    json.dumps(dict(restored.fields), ensure_ascii=False, sort_keys=True),
                    when,
                    who,
                    correction_id,
                ],
            )
            new_audit = _audit(
                con, int(correction_id), when, who, "undo", stored.snapshot, restored, source, undoes=int(audit_id)
            )
            con.commit()
        except BaseException:
            con.rollback()
            raise
    return SaveResult(int(correction_id), stored.revision + 1, new_audit)
