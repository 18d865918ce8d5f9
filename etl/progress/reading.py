"""Bytes of an uploaded file -> a table of cells with their line numbers, or one clear file error.

This layer knows about files (size, encodings, delimiters, headers) and nothing about targets:
`etl.progress.validation` checks the cells. Pure: bytes in, values out.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from etl.errors import EtlError
from etl.progress.cells import normalise_cell

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
HEADER_SEARCH_LINES = 10  # a title row or two above the header is tolerated

# Header names people use, normalised (NFKC, lower case, no spaces) -> the contract's column.
COLUMN_ALIASES = {
    "quantity_id": ("quantity_id", "quantityid", "quantity id", "id", "指标编号", "编号", "目标编号", "指标id"),
    "period": ("period", "期间", "时期", "报告期", "统计期", "年份", "年度", "日期", "时间"),
    "value": ("value", "数值", "值", "实际值", "完成值", "进展值", "实绩"),
    "note": ("note", "notes", "备注", "说明", "注释", "comment"),
}
REQUIRED_COLUMNS = ("quantity_id", "period", "value")
DELIMITERS = {",": "comma", "\t": "tab", ";": "semicolon"}

# Files people upload by mistake, recognised by their first bytes.
SAVE_AS_CSV = ("In Excel or WPS choose File > Save As > 'CSV UTF-8 (comma delimited)' (另存为 CSV UTF-8) "
               "and upload that file.")
SIGNATURES = {
    b"PK\x03\x04": "This is an Excel workbook (.xlsx) or another zip file, not a CSV. " + SAVE_AS_CSV,
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": "This is an old Excel workbook (.xls), not a CSV. " + SAVE_AS_CSV,
    b"%PDF": "This is a PDF, not a CSV. Upload the figures as a CSV file (use the template).",
}


class ProgressFileError(EtlError):
    """The file as a whole cannot be read as a progress CSV (exit code 2); the message says why."""

    exit_code = 2


@dataclass(frozen=True, slots=True)
class CsvRow:
    line: int  # 1-based line of the file where the row starts
    cells: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CsvTable:
    encoding: str
    delimiter: str
    header_line: int
    columns: dict[str, int]  # contract column -> cell index
    header: tuple[str, ...]
    rows: tuple[CsvRow, ...]
    unreadable: tuple[tuple[int, str], ...] = ()  # (line, reason) where the csv reader gave up

    @property
    def extra_columns(self) -> tuple[str, ...]:
        used = set(self.columns.values())
        return tuple(name for index, name in enumerate(self.header) if index not in used and name.strip())


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _human_size(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"


def check_file_kind(data: bytes) -> None:
    """Refuse empty, oversized and non-text files before any parsing (cheap; keeps 50 MB fast)."""
    if not data:
        raise ProgressFileError("The file is empty. Use the template: a header row "
                                "(quantity_id, period, value, note) and one row per figure.")
    if len(data) > MAX_FILE_BYTES:
        raise ProgressFileError(f"The file is {_human_size(len(data))}; the limit is "
                                f"{MAX_FILE_BYTES // 1024 // 1024} MB. Split it into smaller files.")
    for signature, advice in SIGNATURES.items():
        if data.startswith(signature):
            raise ProgressFileError(advice)


def decode_text(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was read with: UTF-8 (with or without BOM), UTF-16 with BOM
    (Excel's "Unicode text"), else GB18030 (a superset of GBK, what Excel in China writes)."""
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ("utf-8-sig",)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ("utf-16",)
    else:
        candidates = ("utf-8", "gb18030")
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text, encoding
    raise ProgressFileError("The file is not text in UTF-8 or GBK/GB18030, so it is not a CSV. " + SAVE_AS_CSV)


def _header_key(cell: str) -> str:
    return normalise_cell(cell).lower().replace(" ", "").replace("_", "").replace("\ufeff", "")


_ALIAS_TO_COLUMN = {alias.replace(" ", "").replace("_", ""): column
                    for column, aliases in COLUMN_ALIASES.items() for alias in aliases}


def match_header(cells: list[str]) -> dict[str, int]:
    """Contract column -> index for the cells that name one (first occurrence wins)."""
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        column = _ALIAS_TO_COLUMN.get(_header_key(cell))
        if column and column not in found:
            found[column] = index
    return found


def _split_line(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return []


def find_header(lines: list[str]) -> tuple[int, str, dict[str, int], list[str]]:
    """(0-based line index, delimiter, columns, header cells) of the first line naming the
    required columns; the delimiter is the one that makes the header readable."""
    best: tuple[int, str, dict[str, int], list[str]] | None = None
    for index, line in enumerate(lines[:HEADER_SEARCH_LINES]):
        for delimiter in DELIMITERS:
            cells = _split_line(line, delimiter)
            columns = match_header(cells)
            if all(name in columns for name in REQUIRED_COLUMNS):
                return index, delimiter, columns, cells
            if columns and (best is None or len(columns) > len(best[2])):
                best = (index, delimiter, columns, cells)
    expected = ("expected the columns quantity_id, period, value (optional note), "
                "or in Chinese 指标编号, 期间, 数值 (备注)")
    if best is None:
        first = next((line.strip() for line in lines if line.strip()), "")
        shown = first if len(first) <= 80 else first[:79] + "…"
        raise ProgressFileError(f"No recognisable header: {expected}. The first line reads: {shown!r}")
    missing = [name for name in REQUIRED_COLUMNS if name not in best[2]]
    raise ProgressFileError(f"The header on line {best[0] + 1} lacks the column(s) {', '.join(missing)}: {expected}.")


def read_table(data: bytes) -> CsvTable:
    """Check, decode and split a progress file; raises ProgressFileError if it is not one."""
    check_file_kind(data)
    text, encoding = decode_text(data)
    head = _LINE_BREAK.split(text[:65536])  # the csv module's line breaks, so line numbers agree
    header_index, delimiter, columns, header = find_header(head)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[CsvRow] = []
    unreadable: list[tuple[int, str]] = []
    last_line = 0
    while True:
        start = last_line + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            unreadable.append((start, f"cannot read this line or anything after it ({error}); "
                                      "is a quote (\") left open?"))
            break
        last_line = reader.line_num
        if start <= header_index + 1:
            continue
        if not any(cell.strip() for cell in cells):
            continue
        rows.append(CsvRow(start, tuple(cells)))
        if len(rows) > MAX_ROWS:
            raise ProgressFileError(f"The file has more than {MAX_ROWS:,} rows; split it into smaller files.")
    return CsvTable(encoding, delimiter, header_index + 1, columns, tuple(header), tuple(rows), tuple(unreadable))
