"""Bytes of an uploaded file -> a table of cells with their line numbers, or one clear file error.

This layer knows about files (size, encodings, delimiters, headers) and nothing about targets:
`etl.progress.validation` checks the cells. Pure: bytes in, values out.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime, time

from etl.errors import EtlError
from etl.progress.cells import normalise_cell

MAX_FILE_BYTES = 20 * 1024 * 1024
# A quote left open reads the rest of the file into one cell; the csv module's default limit
# (131,072 characters) would then stop reading with an error and leave the rows after it uncounted.
csv.field_size_limit(max(csv.field_size_limit(), MAX_FILE_BYTES))
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
SAVE_AS_CSV = (
    "In Excel or WPS choose File > Save As > 'CSV UTF-8 (comma delimited)' (另存为 CSV UTF-8) and upload that file."
)
XLSX_SIGNATURE = b"PK\x03\x04"  # a zip: .xlsx from Excel or WPS (read_workbook), or another zip
SIGNATURES = {
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
    unreadable: tuple[tuple[int, str, str], ...] = ()  # (line, reason, text): lines no row can be read from
    encoding_doubt: str = ""  # why the encoding may be wrong, with a decoded sample; "" when sure

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
        raise ProgressFileError(
            "The file is empty. Use the template: a header row "
            "(quantity_id, period, value, note) and one row per figure."
        )
    if len(data) > MAX_FILE_BYTES:
        raise ProgressFileError(
            f"The file is {_human_size(len(data))}; the limit is "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB. Split it into smaller files."
        )
    for signature, advice in SIGNATURES.items():  # (an .xlsx is read by read_workbook)
        if data.startswith(signature):
            raise ProgressFileError(advice)


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' when every other byte of the start is NUL (ASCII text in UTF-16)."""
    head = data[:4096]
    pairs = len(head) // 2
    if pairs < 2:
        return None
    odd_zeros, even_zeros = head[1::2].count(0), head[0::2].count(0)
    if odd_zeros >= 0.3 * pairs and even_zeros == 0:
        return "utf-16-le"
    if even_zeros >= 0.3 * pairs and odd_zeros == 0:
        return "utf-16-be"
    return None


def _outside_gb2312(char: str) -> bool:
    """A character of GBK's extensions (second byte below 0xA1) or of GB18030's four-byte range:
    rare in Chinese text, but what Windows-1252 bytes such as "ï v" or "é s" decode to."""
    encoded = char.encode("gb18030")
    return len(encoded) == 4 or (len(encoded) == 2 and encoded[1] < 0xA1)


def encoding_doubt(data: bytes, text: str) -> str:
    """Why text decoded as GB18030 may be Windows-1252 (Western European) text instead, with the
    line that shows it; "" when it reads like Chinese."""
    odd = [ch for ch in text if ord(ch) > 0x7F]
    suspicious = sum(map(_outside_gb2312, odd))
    if not odd or suspicious < 0.5 * len(odd):
        return ""
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return ""
    line = next(line for line in _LINE_BREAK.split(text) if any(map(_outside_gb2312, line)))
    sample = line if len(line) <= 80 else line[:79] + "…"
    return (
        f"The file is not UTF-8; read as GBK/GB18030 a line reads {sample!r}. If that is not what the file "
        "says, it is probably Windows-1252 (Western European) text: save it as 'CSV UTF-8' and upload it "
        "again, or choose the encoding."
    )


def decode_text(data: bytes, encoding: str | None = None) -> tuple[str, str, str]:
    """(text, the encoding it was read with, doubt): UTF-8 (with or without BOM), UTF-16 with or
    without BOM (Excel's "Unicode text"), else GB18030 (a superset of GBK, what Excel in China
    writes). `doubt` is "" unless a GB18030 reading looks like Windows-1252 text (encoding_doubt).
    A given `encoding` (the person chose it) is used as is."""
    if encoding:
        try:
            return data.decode(encoding), encoding, ""
        except LookupError:
            raise ProgressFileError(f"unknown encoding {encoding!r} (try utf-8, gb18030 or cp1252)") from None
        except UnicodeDecodeError as error:
            raise ProgressFileError(f"the file cannot be read as {encoding}: byte {error.start} does not fit") from None
    if data.startswith(b"\xef\xbb\xbf"):
        candidates: tuple[str, ...] = ("utf-8-sig",)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ("utf-16",)
    elif utf16 := _utf16_without_bom(data):
        candidates = (utf16,)
    else:
        candidates = ("utf-8", "gb18030")
    for candidate in candidates:
        try:
            text = data.decode(candidate)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text, candidate, encoding_doubt(data, text) if candidate == "gb18030" else ""
    raise ProgressFileError("The file is not text in UTF-8, UTF-16 or GBK/GB18030, so it is not a CSV. " + SAVE_AS_CSV)


def _header_key(cell: str) -> str:
    return normalise_cell(cell).lower().replace(" ", "").replace("_", "").replace("\ufeff", "")


# alias -> (column, rank): a lower rank is a more specific name ("quantity_id" before "id").
_ALIAS_TO_COLUMN = {
    alias.replace(" ", "").replace("_", ""): (column, rank)
    for column, aliases in COLUMN_ALIASES.items()
    for rank, alias in enumerate(aliases)
}


def match_header(cells: list[str]) -> dict[str, int]:
    """Contract column -> index for the cells that name one: the most specific name wins
    (`quantity_id` over `id` in a header with both), then the first occurrence."""
    found: dict[str, tuple[int, int]] = {}
    for index, cell in enumerate(cells):
        column, rank = _ALIAS_TO_COLUMN.get(_header_key(cell), (None, 0))
        if column and (column not in found or rank < found[column][0]):
            found[column] = (rank, index)
    return {column: index for column, (_rank, index) in found.items()}


def _split_line(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return []


EXPECTED_HEADER = (
    "expected the columns quantity_id, period, value (optional note), or in Chinese 指标编号, 期间, 数值 (备注)"
)


def _no_header(best: tuple[int, str, dict[str, int], list[str]] | None, first: str) -> ProgressFileError:
    if best is None:
        shown = first if len(first) <= 80 else first[:79] + "…"
        return ProgressFileError(f"No recognisable header: {EXPECTED_HEADER}. The first line reads: {shown!r}")
    missing = [name for name in REQUIRED_COLUMNS if name not in best[2]]
    return ProgressFileError(
        f"The header on line {best[0] + 1} lacks the column(s) {', '.join(missing)}: {EXPECTED_HEADER}."
    )


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
    raise _no_header(best, next((line.strip() for line in lines if line.strip()), ""))


def _swallowed_rows(cells: list[str], delimiter: str, needed: int) -> bool:
    """Whether a cell's later lines read as rows of their own: the sign of a quote left open,
    not of a note typed on two lines (Alt+Enter in Excel)."""
    for cell in cells:
        for line in _LINE_BREAK.split(cell)[1:]:
            if len(_split_line(line, delimiter)) >= needed:
                return True
    return False


def _open_quote(start: int, end: int, lines: list[str], delimiter: str) -> list[tuple[int, str, str]]:
    """The lines start..end (1-based) that an open quote read into one row, each with a reason."""

    def text(line: int) -> str:
        shown = lines[line - 1].replace(delimiter, " ⇥ ") if delimiter == "\t" else lines[line - 1]
        return shown if len(shown) <= 120 else shown[:119] + "…"

    found = [
        (
            start,
            f'a quote (") opens on line {start} and runs to line {end}, so lines {start + 1}-{end} were '
            "read into one cell; close the quote or remove it",
            text(start),
        )
    ]
    found += [
        (line, f"read into the open quote of line {start} (see there)", text(line))
        for line in range(start + 1, end + 1)
        if lines[line - 1].strip()
    ]
    return found


def read_table(data: bytes, encoding: str | None = None) -> CsvTable:
    """Check, decode and split a progress file; raises ProgressFileError if it is not one.

    `encoding` overrides the detection (the person chose it after a doubt, see decode_text).
    """
    check_file_kind(data)
    if data.startswith(XLSX_SIGNATURE):
        return read_workbook(data)
    text, encoding, doubt = decode_text(data, encoding)
    head = _LINE_BREAK.split(text[:65536])  # the csv module's line breaks, so line numbers agree
    header_index, delimiter, columns, header = find_header(head)
    needed = max(columns[name] for name in REQUIRED_COLUMNS) + 1
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[CsvRow] = []
    unreadable: list[tuple[int, str, str]] = []
    lines: list[str] | None = None
    last_line = 0
    while True:
        start = last_line + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            unreadable.append(
                (start, f'cannot read this line or anything after it ({error}); is a quote (") left open?', "")
            )
            break
        last_line = reader.line_num
        if start <= header_index + 1:
            continue
        if last_line > start and _swallowed_rows(cells, delimiter, needed):
            lines = lines if lines is not None else _LINE_BREAK.split(text)
            unreadable += _open_quote(start, last_line, lines, delimiter)
            continue
        if not any(cell.strip() for cell in cells):
            continue
        rows.append(CsvRow(start, tuple(cells)))
        if len(rows) + len(unreadable) > MAX_ROWS:
            raise ProgressFileError(f"The file has more than {MAX_ROWS:,} rows; split it into smaller files.")
    return CsvTable(
        encoding, delimiter, header_index + 1, columns, tuple(header), tuple(rows), tuple(unreadable), doubt
    )


# --- .xlsx ----------------------------------------------------------------------------------------


def workbook_cell(value: object) -> str:
    """A typed spreadsheet cell as the text a person sees: 2024 (not 2024.0), a date as 2024-06-30."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return format(value, ".15g")
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def read_workbook(data: bytes) -> CsvTable:
    """The first sheet of an .xlsx workbook (Excel, WPS) as a table: a row number is its line, and
    the header is found by the same rules as in a CSV (a title row or two above it is fine)."""
    from openpyxl import load_workbook  # only an .xlsx upload pays for the import

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises zip, XML and key errors for a damaged file
        raise ProgressFileError(
            f"This Excel workbook (.xlsx) cannot be read ({type(error).__name__}). " + SAVE_AS_CSV
        ) from None
    try:
        if not book.worksheets:
            raise ProgressFileError("This Excel workbook has no sheets. " + SAVE_AS_CSV)
        sheet = book.worksheets[0]
        rows: list[CsvRow] = []
        header: tuple[int, dict[str, int], list[str]] | None = None
        best: tuple[int, str, dict[str, int], list[str]] | None = None
        first = ""
        for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [workbook_cell(v) for v in values]
            while cells and not cells[-1].strip():
                cells.pop()  # the sheet's used range, not the row, decides how many cells come back
            if header is None:
                first = first or " ".join(c for c in cells if c.strip())
                columns = match_header(cells)
                if all(name in columns for name in REQUIRED_COLUMNS):
                    header = (line, columns, cells)
                elif columns and (best is None or len(columns) > len(best[2])):
                    best = (line - 1, "", columns, cells)
                if header is None and line >= HEADER_SEARCH_LINES:
                    break
                continue
            if any(cell.strip() for cell in cells):
                rows.append(CsvRow(line, tuple(cells)))
                if len(rows) > MAX_ROWS:
                    raise ProgressFileError(f"The sheet has more than {MAX_ROWS:,} rows; split it into smaller files.")
    finally:
        book.close()
    if header is None:
        raise _no_header(best, first)
    line, columns, cells = header
    return CsvTable("xlsx", "\t", line, columns, tuple(cells), tuple(rows))
