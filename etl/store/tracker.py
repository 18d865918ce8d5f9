"""The derived database, `tracker.duckdb`: schema and the one atomic write that builds it.

The build writes a complete new file next to the old one and swaps it in with `os.replace`, which
is atomic on POSIX: a build killed half way leaves the previous database untouched, and a reader
never opens a half-written file. Readers notice the swap by the file's identity (see `version`).
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

import duckdb
import pyarrow as pa

from etl.records import Document, Quantity

SCHEMA_VERSION = 1

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
}

# A target stated again in another document (a news summary and the full text, a guidance and the
# sector guides it announces, a notice and its attachment) is the same commitment: same value, unit
# and year, and an indicator whose distinct characters are mostly those of the other one.
REPEAT_MIN_CONTAINMENT = 0.85
# Grouped by (value, unit, year, indicator) first, so only distinct indicators are compared pairwise:
# a national target restated by every province costs one comparison, not one per pair of copies.
LINK_REPEATS_SQL = """
CREATE OR REPLACE TABLE target_repeats AS
WITH t AS (
    SELECT quantity_id, value, unit, target_year, indicator, (source_file, line, char_start) AS pos
    FROM quantities WHERE kind = 'target' AND indicator <> '' AND unit IS NOT NULL
), statements AS (
    SELECT value, unit, target_year, indicator, min(pos) AS first_pos, arg_min(quantity_id, pos) AS first_id,
           list_distinct(string_split(indicator, '')) AS chars
    FROM t GROUP BY value, unit, target_year, indicator
), alike AS (
    SELECT a.value, a.unit, a.target_year, a.indicator, b.first_pos, b.first_id
    FROM statements AS a JOIN statements AS b
      ON a.value = b.value AND a.unit = b.unit AND a.target_year IS NOT DISTINCT FROM b.target_year
    WHERE len(list_intersect(a.chars, b.chars)) / least(len(a.chars), len(b.chars)) >= ?
)
SELECT t.quantity_id, arg_min(alike.first_id, alike.first_pos) AS repeat_of
FROM t JOIN alike
  ON alike.value = t.value AND alike.unit = t.unit AND alike.target_year IS NOT DISTINCT FROM t.target_year
 AND alike.indicator = t.indicator
WHERE alike.first_pos < t.pos
GROUP BY t.quantity_id
"""

_ARROW_TYPES = {"VARCHAR": pa.string(), "INTEGER": pa.int32(), "DOUBLE": pa.float64(), "BOOLEAN": pa.bool_()}


def _create_sql(table: str, columns: Mapping[str, str]) -> str:
    body = ",\n  ".join(f"{name} {kind}" for name, kind in columns.items())
    return f"CREATE TABLE {table} (\n  {body}\n)"


def _arrow_table(rows: list[dict], columns: Mapping[str, str]) -> pa.Table:
    """Column-wise Arrow table: one bulk insert instead of thousands of parameterised ones."""
    arrays = {
        name: pa.array([row[name] for row in rows], type=_ARROW_TYPES[kind.split()[0]])
        for name, kind in columns.items()
    }
    return pa.table(arrays)


def link_repeated_targets(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create `target_repeats(quantity_id, repeat_of)`: each repeated target points at its first
    statement in the corpus, so counts can be of distinct commitments."""
    con.execute(LINK_REPEATS_SQL, [REPEAT_MIN_CONTAINMENT])


def _document_row(doc: Document) -> dict:
    row = doc.as_row()
    row["source_file"] = row.pop("seed")
    return row


def _quantity_row(q: Quantity) -> dict:
    row = q.as_row()
    row["source_file"] = row.pop("seed")
    return row


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
        pid = leftover.name[len(path.name) + 2:].split(".", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _pid_alive(int(pid)):
            leftover.unlink(missing_ok=True)


def write_database(
    path: Path,
    documents: Iterable[Document],
    quantities: Iterable[Quantity],
    meta: Mapping[str, str] | None = None,
) -> None:
    """Write a complete tracker database to `path`, replacing any previous one atomically."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temp_files(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        con = duckdb.connect(str(tmp))
        try:
            con.execute(_create_sql("documents", DOCUMENT_COLUMNS))
            con.execute(_create_sql("quantities", QUANTITY_COLUMNS))
            con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
            doc_table = _arrow_table([_document_row(d) for d in documents], DOCUMENT_COLUMNS)
            qty_table = _arrow_table([_quantity_row(q) for q in quantities], QUANTITY_COLUMNS)
            con.register("doc_rows", doc_table)
            con.register("qty_rows", qty_table)
            con.execute("INSERT INTO documents SELECT * FROM doc_rows")
            con.execute("INSERT INTO quantities SELECT * FROM qty_rows")
            entries = {"schema_version": str(SCHEMA_VERSION), **(meta or {})}
            con.executemany("INSERT INTO meta VALUES (?, ?)", list(entries.items()))
            con.execute("CREATE INDEX quantities_doc ON quantities(doc_id)")
            link_repeated_targets(con)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
        tmp.with_name(tmp.name + ".wal").unlink(missing_ok=True)


def read_meta(path: Path) -> dict[str, str]:
    """The build's metadata (schema version, build time, source hashes); empty if unreadable."""
    try:
        con = duckdb.connect(str(path), read_only=True)
    except (duckdb.Error, OSError):
        return {}
    try:
        return dict(con.execute("SELECT key, value FROM meta").fetchall())
    except duckdb.Error:
        return {}
    finally:
        con.close()


def version(path: Path) -> str:
    """A token that changes whenever a new build is swapped in (inode, size, mtime)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return "missing"
    return f"{st.st_ino}-{st.st_size}-{st.st_mtime_ns}"
