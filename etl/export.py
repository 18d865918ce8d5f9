"""Export the tracker database as the JSONL contract of DESIGN.md (what extraction is scored on),
and the one rule every CSV the project writes follows (no cell a spreadsheet would run as a formula).

The user's corrections are applied (edited fields, rejected records left out, added records in:
etl.queries.apply_corrections); `raw=True` gives the extractor's output alone, so extraction can
still be scored on its own."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from etl.errors import EtlError
from etl.queries import apply_corrections
from etl.store.reading import ReadOnlyDatabase, open_tracker

QUANTITY_SQL = """
SELECT quantity_id, doc_id, source_file AS seed, line, kind, indicator, value, value_high, unit,
       comparator, change, baseline_year, target_year AS year, per_year, sentence AS text,
       baseline_value, confidence, attribute
FROM quantities ORDER BY source_file, line, char_start, quantity_id
"""
LINK_SQL = """
SELECT target_id, observation_id, type, score FROM links ORDER BY target_id, type, observation_id
"""

# A cell starting with one of these is run as a formula by Excel and LibreOffice (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise_formula(cell: str) -> str:
    """'=HYPERLINK(...)' -> "'=HYPERLINK(...)" (OWASP's CSV-injection advice: prefix a quote);
    the one rule for every CSV the project writes."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


DOCUMENT_SQL = """
SELECT doc_id, source_file AS seed, start_line AS line, title, issuer, doc_number,
       issue_date AS date, level
FROM documents ORDER BY source_file, start_line
"""


def _rows(con: duckdb.DuckDBPyConnection | ReadOnlyDatabase, sql: str) -> list[dict]:
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _write_jsonl(path: Path, rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def export(database: Path, out_dir: Path, raw: bool = False) -> tuple[int, int]:
    """Write quantities.jsonl, documents.jsonl and links.jsonl; returns (quantities, documents) counts."""
    if not Path(database).exists():
        raise EtlError(f"no database at {database}; run `python -m etl build` first")
    con = open_tracker(Path(database))  # damaged or other-schema files: one clear EtlError
    if not raw:
        con.close()
        con = apply_corrections(Path(database))
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        quantities = _rows(con, QUANTITY_SQL)
        documents = _rows(con, DOCUMENT_SQL)
        links = _rows(con, LINK_SQL)
    finally:
        con.close()
    _write_jsonl(out_dir / "quantities.jsonl", quantities)
    _write_jsonl(out_dir / "documents.jsonl", documents)
    _write_jsonl(out_dir / "links.jsonl", links)
    return len(quantities), len(documents)
