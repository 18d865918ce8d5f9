"""Validate an uploaded progress file against the known targets.

Pure: `validate_progress(bytes, {quantity_id: unit}) -> ProgressReport`. Nothing here touches a
database; `etl.store.progress` imports a report's good rows after the user confirms. Every row
that is refused comes back with its line number and a reason a person can act on, and a file that
is not a progress CSV at all raises `ProgressFileError` with one clear message (DESIGN.md,
"Progress CSV contract").
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from etl.progress.cells import ExpectedUnit, FieldError, normalise_cell, parse_period, parse_value
from etl.progress.reading import DELIMITERS, MAX_FILE_BYTES, MAX_ROWS, CsvRow, CsvTable, ProgressFileError, read_table

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "ExpectedUnit",
    "ProgressFileError",
    "ProgressReport",
    "ProgressRow",
    "RejectedRow",
    "validate_progress",
]

MAX_NOTE_CHARS = 500
MAX_ID_CHARS = 64


@dataclass(frozen=True, slots=True)
class ProgressRow:
    """One figure ready to import."""

    line: int
    quantity_id: str
    period: str  # normalised label: "2024", "2024-06", "2024-06-30", "2024-Q2"
    period_start: date
    period_end: date
    value: float
    note: str


@dataclass(frozen=True, slots=True)
class RejectedRow:
    line: int
    quantity_id: str
    reason: str
    text: str  # the row as it was read, for the person to find it


@dataclass(frozen=True, slots=True)
class ProgressReport:
    """What an upload would import, what it refuses, and why."""

    file_name: str
    sha256: str
    size: int
    encoding: str
    delimiter: str
    rows: int  # non-empty data rows
    valid: tuple[ProgressRow, ...]
    rejected: tuple[RejectedRow, ...]
    notes: tuple[str, ...] = field(default=())  # not errors: ignored columns, repeated rows
    encoding_doubt: str = ""  # the encoding was guessed and may be wrong: confirm before importing

    @property
    def rows_to_import(self) -> tuple[ProgressRow, ...]:
        """Valid rows with exact repeats inside the file collapsed to their first line."""
        seen: set[tuple[str, str]] = set()
        unique = []
        for row in self.valid:
            if (row.quantity_id, row.period) not in seen:
                seen.add((row.quantity_id, row.period))
                unique.append(row)
        return tuple(unique)

    @property
    def ok(self) -> bool:
        return not self.rejected

    def summary_line(self, imported: int = 0) -> str:
        return f"rows={self.rows} valid={len(self.valid)} rejected={len(self.rejected)} imported={imported}"

    def rejected_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [(r.line, r.quantity_id, r.reason, r.text) for r in self.rejected],
            columns=["line", "quantity_id", "reason", "text"],
        )

    def valid_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [(r.line, r.quantity_id, r.period, r.period_end, r.value, r.note) for r in self.valid],
            columns=["line", "quantity_id", "period", "period_end", "value", "note"],
        )


def _expected(targets: Mapping[str, str | ExpectedUnit], quantity_id: str) -> ExpectedUnit | None:
    found = targets.get(quantity_id)
    if found is None or isinstance(found, ExpectedUnit):
        return found
    return ExpectedUnit(str(found or ""))


def _cell(cells: tuple[str, ...], index: int | None) -> str:
    return cells[index] if index is not None and index < len(cells) else ""


def _row_text(cells: tuple[str, ...], delimiter: str) -> str:
    text = delimiter.join(cells).replace("\t", " ⇥ ")
    return text if len(text) <= 120 else text[:119] + "…"


_SPLIT_THOUSANDS_HEAD = re.compile(r"^[+-]?\d{1,3}$")
_SPLIT_THOUSANDS_TAIL = re.compile(r"^\d{3}(,\d{3})*(\.\d+)?$")


def _is_unfilled(row: CsvRow, table: CsvTable) -> bool:
    """A template row nobody filled in: no period and no value."""
    return not (_cell(row.cells, table.columns["period"]).strip() or _cell(row.cells, table.columns["value"]).strip())


def _validate_row(row: CsvRow, table: CsvTable, targets, today: date) -> ProgressRow | RejectedRow:
    cols = table.columns
    quantity_id = normalise_cell(_cell(row.cells, cols["quantity_id"])).lower()
    reasons: list[str] = []
    if len(row.cells) > len(table.header) and any(c.strip() for c in row.cells[len(table.header) :]):
        reasons.append(
            f"this line has {len(row.cells)} cells but the header has {len(table.header)}; "
            "a number such as 1,234.5 must be quoted or written without the comma"
        )
    value_index = cols["value"]
    if (
        table.delimiter == ","
        and value_index + 1 < len(row.cells)
        and _SPLIT_THOUSANDS_HEAD.match(row.cells[value_index].strip())
        and _SPLIT_THOUSANDS_TAIL.match(row.cells[value_index + 1].strip())
    ):
        reasons.append(
            f"the value looks like {row.cells[value_index].strip()},{row.cells[value_index + 1].strip()} "
            "split at its thousands comma; put it in quotes or write it without the comma"
        )
    expected = None
    if not quantity_id:
        reasons.append("quantity_id is empty (copy it from the template)")
    elif len(quantity_id) > MAX_ID_CHARS or (expected := _expected(targets, quantity_id)) is None:
        shown = quantity_id if len(quantity_id) <= 24 else quantity_id[:23] + "…"
        reasons.append(
            f"unknown quantity_id {shown!r}: it is not a target in the current database (download a fresh template)"
        )
    period = value = None
    try:
        period = parse_period(_cell(row.cells, cols["period"]), today)
    except FieldError as error:
        reasons.append(str(error))
    try:
        value = parse_value(_cell(row.cells, cols["value"]), expected or ExpectedUnit(""))
    except FieldError as error:
        if expected is not None or "empty" in str(error) or "not a number" in str(error):
            reasons.append(str(error))
    note = normalise_cell(_cell(row.cells, cols.get("note")))
    if len(note) > MAX_NOTE_CHARS:
        reasons.append(f"note is {len(note)} characters long; keep it under {MAX_NOTE_CHARS}")
    if reasons or period is None or value is None:
        return RejectedRow(
            row.line, quantity_id[:MAX_ID_CHARS], "; ".join(reasons), _row_text(row.cells, table.delimiter)
        )
    return ProgressRow(row.line, quantity_id, period.label, period.start, period.end, value, note)


CITED_LINES = 3  # a refused repeat cites this many other lines, then "and N more"


def _cite(lines: list[int], own: int | None = None) -> str:
    """'lines 3, 5, 9 and 996 more' without `own`: linear in the file however many rows repeat."""
    others = [line for line in lines[: CITED_LINES + 1] if line != own][:CITED_LINES]
    rest = len(lines) - len(others) - (1 if own is not None else 0)
    return ", ".join(map(str, others)) + (f" and {rest:,} more" if rest > 0 else "")


def _conflicts(valid: list[ProgressRow]) -> tuple[list[ProgressRow], list[RejectedRow], list[str]]:
    """Same target and period twice: identical repeats are kept once (a note), differing
    values are all refused, since only the person knows which one is right."""
    groups: dict[tuple[str, str], list[ProgressRow]] = {}
    for row in valid:
        groups.setdefault((row.quantity_id, row.period), []).append(row)
    kept: list[ProgressRow] = []
    refused: list[RejectedRow] = []
    notes: list[str] = []
    for (quantity_id, period), rows in groups.items():
        lines = [r.line for r in rows]
        if len({(r.value, r.note) for r in rows}) == 1:
            kept.extend(rows)
            if len(rows) > 1:
                notes.append(
                    f"lines {_cite(lines)} repeat the same figure for {quantity_id} {period}; it is imported once"
                )
            continue
        values = sorted({r.value for r in rows})
        if len(values) == 1:
            what = f"the same value ({values[0]:g}) but different notes"
        else:
            shown = ", ".join(f"{v:g}" for v in values[: CITED_LINES + 1])
            more = len(values) - CITED_LINES - 1
            what = f"different figures ({shown}" + (f" and {more:,} more" if more > 0 else "") + ")"
        for row in rows:
            refused.append(
                RejectedRow(
                    row.line,
                    quantity_id,
                    f"{quantity_id} {period} is also on line(s) {_cite(lines, row.line)} with "
                    f"{what}; keep only the right one",
                    "",
                )
            )
    kept.sort(key=lambda r: r.line)
    return kept, refused, notes


def validate_progress(
    data: bytes,
    targets: Mapping[str, str | ExpectedUnit],
    file_name: str = "upload.csv",
    today: date | None = None,
    encoding: str | None = None,
) -> ProgressReport:
    """Check every row of a progress file; raises ProgressFileError if it is not a progress CSV.

    `targets` maps each known target's quantity_id to its unit (or an ExpectedUnit): a value is
    read in that unit, so a percentage is accepted only for a percentage target.
    """
    table = read_table(data, encoding)
    today = today or date.today()
    valid: list[ProgressRow] = []
    rejected: list[RejectedRow] = [RejectedRow(line, "", reason, text) for line, reason, text in table.unreadable]
    data_rows = [row for row in table.rows if not _is_unfilled(row, table)]
    if not table.rows and not table.unreadable:
        raise ProgressFileError("The file has a header but no rows below it: nothing to import (no rows).")
    for row in data_rows:
        result = _validate_row(row, table, targets, today)
        if isinstance(result, ProgressRow):
            valid.append(result)
        else:
            rejected.append(result)
    valid, refused, notes = _conflicts(valid)
    texts = {row.line: _row_text(row.cells, table.delimiter) for row in table.rows}
    refused = [RejectedRow(r.line, r.quantity_id, r.reason, texts.get(r.line, "")) for r in refused]
    rejected = sorted(rejected + refused, key=lambda r: r.line)
    if len(data_rows) < len(table.rows):
        notes.append(
            f"{len(table.rows) - len(data_rows)} rows without period and value were skipped "
            "(template rows not filled in)"
        )
    if table.extra_columns:
        notes.insert(0, "ignored columns: " + ", ".join(table.extra_columns))
    if table.header_line > 1:
        notes.insert(0, f"the header is on line {table.header_line}; the lines above it were skipped")
    return ProgressReport(
        file_name=file_name,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        encoding=table.encoding,
        delimiter="sheet" if table.encoding == "xlsx" else DELIMITERS[table.delimiter],
        rows=len(data_rows) + len(table.unreadable),
        valid=tuple(valid),
        rejected=tuple(rejected),
        notes=tuple(notes),
        encoding_doubt=table.encoding_doubt,
    )
