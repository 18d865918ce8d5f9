"""Indicator tables: a header with two or more year columns, then one row per indicator.

Plans print their main indicators as a table ("专栏1 主要指标": 指标 | 2020年 | 2025年 | 属性). Text
taken from a PDF or a web page gives it in one of three layouts, all read here:

- one row per line, cells separated by spaces or tabs: "常住人口城镇化率（%） 60.6 65 预期性";
- one cell per line: "常住人口城镇化率（%）" / "60.6" / "65" / "预期性";
- a mix, where a long label wraps over lines: "全社会研发经费支出占地区生产" / "总值" / "比重（%）" / "3 3.05".

Each row gives a baseline for each year column but the last (the base year's observed value) and
a target for the last (the plan's value for its year), unless the header marks every column as
observed. The unit comes from the label's brackets (or a 单位 column) with its magnitude; a value
may carry a comparator ("＞6.5", "超过 4000", "99以上"); "/" or "—" means no value; the 属性 column
(预期性 / 约束性) is kept on both records of the row.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from etl import lexicon
from etl.numbers import alternation

_YEAR_CELL = r"(?:19|20)\d{2}\s?年"
# A header line: two or more year columns among a few short words ("序号 指标 2022年情况 2023年目标").
_HEADER_LINE = re.compile(rf"^[^。；，,;]{{0,30}}?{_YEAR_CELL}[^。；，,;]{{0,50}}$")
_YEAR_COLUMN = re.compile(r"(?P<year>(?:19|20)\d{2})\s?年(?P<note>[^\s\d年]{0,6})")
# The one-cell-per-line header: short lines, two of them year columns, one naming the indicator column.
_HEADER_CELL = re.compile(rf"^(?:{_YEAR_CELL}[^\s\d]{{0,6}}|{alternation(lexicon.TABLE_HEADER_WORDS)})$")
_INDICATOR_COLUMN = re.compile(alternation(lexicon.TABLE_HEADER_WORDS[:3]))
MAX_HEADER_CELLS = 8
HEADER_CELL_CHARS = 16  # a header cell printed on its own line is at most this long
MAX_HEADER_CHARS = 90  # a header printed on one line is at most this long (see _HEADER_LINE)
# A table ends at prose: a line this long with a full stop.
PROSE_LINE_CHARS = 60

_COMPARATOR_PREFIX = alternation(lexicon.TABLE_COMPARATOR_PREFIXES)
_COMPARATOR_SUFFIX = alternation(lexicon.TABLE_COMPARATOR_SUFFIXES)
_VALUE = (
    rf"(?:(?:{_COMPARATOR_PREFIX})\s?)?\d+(?:\.\d+)?(?:{_COMPARATOR_SUFFIX})?"
    r"|[/／]|[—－-]{1,2}"
)
_ATTRIBUTE = alternation(lexicon.TABLE_ATTRIBUTES)
# A 单位 cell: a unit with its magnitude ("万元", "%"), or a ratio ("万元/人", "人/万人").
_UNIT_WORD = alternation([*lexicon.UNITS, "年"])
_UNIT_CELL = (
    rf"(?:{alternation(lexicon.MAGNITUDES)})?(?:{_UNIT_WORD})(?:/(?:{alternation(lexicon.MAGNITUDES)})?"
    rf"(?:{_UNIT_WORD}))?"
)
_LABEL_LEAD = re.compile(r"^\d{1,3}\s?[.、．]?\s?")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_LABEL_CHANGE = re.compile(alternation(lexicon.CHANGE_VERBS))
# A category cell printed before a row's label ("研发投入", "经济发展") is this short or shorter.
CATEGORY_CHARS = 5
TABLE_CONFIDENCE = 0.8


@dataclass(frozen=True, slots=True)
class TableCell:
    """One value of an indicator table, as a record-to-be."""

    start: int  # offset of the number in the text
    end: int
    kind: str  # "baseline" | "target"
    label: str
    value: float
    unit: str
    comparator: str
    year: int
    per_year: bool
    change: str | None
    attribute: str | None


@dataclass(frozen=True, slots=True)
class _Header:
    end: int  # offset after the header
    years: tuple[int, ...]
    target_last: bool  # the last year column holds goals
    unit_column: bool


def table_quantities(text: str, reference_year: int | None = None) -> Iterator[TableCell]:
    """Every value of every indicator table in a document's text."""
    for header in _headers(text, reference_year):
        end = _table_end(text, header.end)
        row = _row_pattern(len(header.years), header.unit_column)
        block_start = header.end
        for match in row.finditer(text, header.end, end):
            label = _table_label(text[block_start : match.start("label")] + match.group("label"))
            block_start = match.end()
            unit, scale = _table_unit(match.group("unit") or match.group("ucol") or "")
            attribute = match.group("attr")
            per_year = "年均" in label
            change = _label_change(label)
            for i, year in enumerate(header.years):
                group = f"v{i}"
                raw = match.group(group)
                number = _NUMBER.search(raw)
                if number is None:
                    continue  # "/": no value
                kind = "target" if header.target_last and i == len(header.years) - 1 else "baseline"
                yield TableCell(
                    match.start(group) + number.start(),
                    match.start(group) + number.end(),
                    kind,
                    label,
                    float(number.group()) * scale,
                    unit,
                    _cell_comparator(raw),
                    year,
                    per_year,
                    change if kind == "target" or per_year else None,
                    attribute,
                )


def _headers(text: str, reference_year: int | None) -> Iterator[_Header]:
    """Header rows, as one line or as one short line per cell."""
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        if "年" not in line or len(line) > MAX_HEADER_CHARS:
            i += 1  # every header names its year columns, on a short line or in short cells
            continue
        years = _YEAR_COLUMN.findall(line) if line.count("年") >= 2 and _HEADER_LINE.match(line) else []
        if len(years) >= 2:
            yield _header(line, years, _line_end(lines, i), reference_year)
            i += 1
            continue
        if len(line) > HEADER_CELL_CHARS:
            i += 1
            continue
        start = i  # a header printed one cell per line may start a few lines above its first year
        while start > 0 and i - start < MAX_HEADER_CELLS and _is_header_cell(lines[start - 1]):
            start -= 1
        j = start
        while j < len(lines) and j - start < MAX_HEADER_CELLS and _is_header_cell(lines[j]):
            j += 1
        cells = " ".join(cell.strip() for cell in lines[start:j])
        years = _YEAR_COLUMN.findall(cells)
        if len(years) >= 2 and _INDICATOR_COLUMN.search(cells):
            yield _header(cells, years, _line_end(lines, j - 1), reference_year)
            i = j
            continue
        i = max(i + 1, j)


def _line_end(lines: list[str], k: int) -> int:
    """Offset of the end of line k (headers are few: counted when one is found)."""
    return sum(len(line) + 1 for line in lines[: k + 1]) - 1


def _is_header_cell(line: str) -> bool:
    return len(line) <= HEADER_CELL_CHARS and bool(_HEADER_CELL.match(line.strip()))


def _header(cells: str, years: list[tuple[str, str]], end: int, reference_year: int | None) -> _Header:
    """What the header says: the year columns, whether the last holds goals, a unit column."""
    last_year, last_note = int(years[-1][0]), years[-1][1]
    observed_notes = [note for _, note in years if re.search(alternation(lexicon.TABLE_OBSERVED_NOTES), note)]
    goal_note = bool(re.search(alternation(lexicon.TABLE_GOAL_NOTES), last_note + cells))
    target_last = (
        goal_note
        or (reference_year is not None and last_year > reference_year)
        or (reference_year is None and len(observed_notes) < len(years))
    )
    return _Header(end, tuple(int(y) for y, _ in years), target_last, "单位" in cells)


def _row_pattern(columns: int, unit_column: bool) -> re.Pattern:
    """A row: its label (with a unit in brackets, or a unit cell), one value per year column and an
    optional attribute, cells apart by spaces, tabs or line ends."""
    # Cells apart by white space; a cell that opens with a word ("超过 4000") may follow at once.
    values = r"(?:[ \t\n]+|(?=[^\d\s]))".join(rf"(?P<v{i}>{_VALUE})" for i in range(columns))
    unit_cell = rf"[ \t\n]*(?P<ucol>{_UNIT_CELL})" if unit_column else r"(?P<ucol>)"
    return re.compile(
        rf"(?:^|\n)[ \t]*(?P<label>[^\n]*?[^\s\d/／—－-])\n?(?:[（(](?P<unit>[^（）()]{{1,8}})[）)])?{unit_cell}"
        rf"[ \t\n]*{values}(?:[ \t\n]*(?P<attr>{_ATTRIBUTE}))?[ \t]*(?=\n|$)"
    )


def _table_end(text: str, start: int) -> int:
    """A table ends at the first long prose paragraph (a full sentence) or the next header."""
    for m in re.finditer(r"[^\n]+", text[start:]):
        line = m.group()
        if len(line) > PROSE_LINE_CHARS and "。" in line:
            return start + m.start()
    return len(text)


def _table_label(block: str) -> str:
    """The indicator of a row: the lines since the previous row, without the row number and the
    narrow category column ("研发投入", "高新技术\\n产业")."""
    parts = [_LABEL_LEAD.sub("", p.strip()) for p in re.split(r"[\n\t]", block)]
    parts = [p for p in parts if p]
    while len(parts) > 1 and len(parts[0]) <= CATEGORY_CHARS:
        parts.pop(0)
    return "".join(parts)


def _table_unit(raw: str) -> tuple[str, float]:
    raw = raw.replace("\n", "").strip()
    for mag, scale in sorted(lexicon.MAGNITUDES.items(), key=lambda kv: -len(kv[0])):
        if raw.startswith(mag) and raw != mag:
            unit = raw[len(mag) :]
            return lexicon.UNITS.get(unit, unit), float(scale)
    return lexicon.UNITS.get(raw, raw), 1.0


def _cell_comparator(raw: str) -> str:
    for word, comparator in lexicon.TABLE_COMPARATOR_PREFIXES.items():
        if raw.startswith(word):
            return comparator
    for word, comparator in lexicon.TABLE_COMPARATOR_SUFFIXES.items():
        if raw.endswith(word):
            return comparator
    return "="


def _label_change(label: str) -> str | None:
    found = _LABEL_CHANGE.findall(label)
    return lexicon.CHANGE_VERBS[found[-1]] if found else None
