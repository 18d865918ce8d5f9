"""Read one cell of a progress CSV: a period ("2024", "2024-06", "2024年6月") or a value ("28亿").

Pure functions of a string. Each returns a parsed value or raises `FieldError` whose message is
written for the person who typed the cell (it ends up next to the line number in the report).
The words they understand live in the tables at the top, so a reader adds one without reading
the parsers.
"""

from __future__ import annotations

import calendar
import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from etl import lexicon

# Magnitudes written after a number ("28亿", "1.3万亿"): the lexicon's, plus 千 and 百, which are
# unambiguous in a cell that holds only a number (in prose "3千瓦" is a unit, so the lexicon omits
# them). Longest first, so "千万" is not read as "千".
MAGNITUDES = dict(sorted({**lexicon.MAGNITUDES, "千": 10**3, "百": 10**2}.items(), key=lambda kv: -len(kv[0])))

# Suffixes that mark a value as a percentage, and the target units that accept one.
PERCENT_SUFFIXES = ("个百分点", "百分点", "%")
PERCENT_UNITS = {"%", "百分点"}

# What people write for "no figure" (reported as an empty value, not as a bad number).
EMPTY_VALUES = {"", "-", "--", "—", "——", "n/a", "na", "nan", "null", "none", "无", "空", "/"}

# Quarters and halves, written after a year: "2024Q2", "2024年第二季度", "2024年上半年".
PERIOD_PARTS = {
    "q1": ("Q1", 3),
    "q2": ("Q2", 6),
    "q3": ("Q3", 9),
    "q4": ("Q4", 12),
    "第一季度": ("Q1", 3),
    "第二季度": ("Q2", 6),
    "第三季度": ("Q3", 9),
    "第四季度": ("Q4", 12),
    "一季度": ("Q1", 3),
    "二季度": ("Q2", 6),
    "三季度": ("Q3", 9),
    "四季度": ("Q4", 12),
    "上半年": ("H1", 6),
    "h1": ("H1", 6),
    "下半年": ("H2", 12),
    "h2": ("H2", 12),
    "全年": ("", 12),
    "年度": ("", 12),
}

EARLIEST_YEAR = 1949


class FieldError(ValueError):
    """A cell that cannot be read; the message says why in plain words."""


@dataclass(frozen=True, slots=True)
class Period:
    """A reporting period as typed, normalised: "2024", "2024-06", "2024-06-30", "2024-Q2"."""

    label: str
    start: date
    end: date


def normalise_cell(text: str) -> str:
    """NFKC folds full-width digits, ％ and ，; Excel pads cells with spaces and NBSPs."""
    return unicodedata.normalize("NFKC", text).strip()


# --- Periods --------------------------------------------------------------------------------
_ISO = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$")
_CHINESE = re.compile(r"^(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})日)?)?(.*)$")
_YEAR_PART = re.compile(r"^(\d{4})\s*[-_ ]?\s*(.+)$")
_EXCEL_FLOAT_YEAR = re.compile(r"^(\d{4})\.0+$")  # a year cell Excel stored as a number


def _month_period(year: int, month: int) -> Period:
    last = calendar.monthrange(year, month)[1]
    return Period(f"{year:04d}-{month:02d}", date(year, month, 1), date(year, month, last))


def _checked_year(year: int, today: date) -> int:
    if year < EARLIEST_YEAR:
        raise FieldError(f"year {year} is too early (periods start at {EARLIEST_YEAR})")
    if year > today.year:
        raise FieldError(f"period {year} is in the future; progress is what has been observed")
    return year


def _from_parts(year: int, month: int | None, day: int | None, today: date) -> Period:
    _checked_year(year, today)
    if month is None:
        period = Period(f"{year:04d}", date(year, 1, 1), date(year, 12, 31))
    elif not 1 <= month <= 12:
        raise FieldError(f"month {month} does not exist")
    elif day is None:
        period = _month_period(year, month)
    else:
        try:
            when = date(year, month, day)
        except ValueError:
            raise FieldError(f"{year}-{month:02d}-{day:02d} is not a date") from None
        period = Period(when.isoformat(), when, when)
    if period.start > today:
        raise FieldError(f"period {period.label} has not started yet; progress is what has been observed")
    return period


def _with_part(year: int, part: str, today: date) -> Period:
    key = part.strip().lower()
    if key not in PERIOD_PARTS:
        raise FieldError(f"cannot read the period part {part!r}")
    suffix, end_month = PERIOD_PARTS[key]
    if not suffix:
        return _from_parts(year, None, None, today)
    _checked_year(year, today)
    start_month = {"Q": end_month - 2, "H": end_month - 5}[suffix[0]]
    start = date(year, start_month, 1)
    if start > today:
        raise FieldError(f"period {year}-{suffix} has not started yet; progress is what has been observed")
    return Period(f"{year:04d}-{suffix}", start, _month_period(year, end_month).end)


def parse_period(text: str, today: date) -> Period:
    """A period as a year, month or day; also 2024年6月, 2024/6/30, 2024Q2 and 2024年上半年.

    Fires on: "2024", "2024-06", "2024-06-30", "2024年", "2024年6月", "2024.0" (Excel's number).
    Rejects: "24" (which century?), "Jun-24" (Excel's rewrite of 2024-06: ambiguous), "2031".
    """
    cell = normalise_cell(text)
    if not cell:
        raise FieldError("period is empty (write 2024, 2024-06 or 2024-06-30)")
    if match := _EXCEL_FLOAT_YEAR.match(cell):
        cell = match.group(1)
    if match := _ISO.match(cell):
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None  # the pattern's year is not optional
        return _from_parts(year, month, day, today)
    if match := _CHINESE.match(cell):
        year, month, day = (int(g) if g else None for g in match.groups()[:3])
        assert year is not None  # the pattern's year is not optional
        rest = match.group(4).strip()
        if not rest:
            return _from_parts(year, month, day, today)
        if month is None:
            # "2024年度" reads as "2024" + "年度" once the 年 is given back to the part.
            return _with_part(year, rest if rest.lower() in PERIOD_PARTS else "年" + rest, today)
    elif match := _YEAR_PART.match(cell):
        if match.group(2).strip().lower() in PERIOD_PARTS:
            return _with_part(int(match.group(1)), match.group(2), today)
    raise FieldError(f"cannot read period {_shorten(text)}: write 2024, 2024-06 or 2024-06-30")


# --- Values ---------------------------------------------------------------------------------
_NUMBER = re.compile(r"^([+-]?)(\d{1,3}(?:,\d{3})+(?![\d])|\d+)?(\.\d*)?")
# Digits on both sides of a space: "12 15" is two numbers (or a typo), never 1215.
_SPACE_INSIDE = re.compile(r"[\d.,]\s+[\d.,]")


@dataclass(frozen=True, slots=True)
class ExpectedUnit:
    """What a target's progress values are measured in.

    `relative` targets ("较2020年下降20%") are tracked by the indicator's level, not by the
    percentage change, so a percentage is not accepted for them unless their unit is 百分点
    (whose level is a share, e.g. a rate of 85%).
    """

    unit: str
    relative: bool = False

    def accepts_percent(self) -> bool:
        if self.relative:
            return self.unit == "百分点"
        return self.unit in PERCENT_UNITS


def _shorten(text: str, limit: int = 40) -> str:
    shown = text if len(text) <= limit else text[: limit - 1] + "…"
    return repr(shown)


def _split_number(cell: str) -> tuple[float, str]:
    if _SPACE_INSIDE.search(cell):
        raise FieldError(
            f"value {_shorten(cell)} has a space inside the number; write it without spaces (1234.5 or 1,234.5)"
        )
    compact = cell.replace(" ", "")
    match = _NUMBER.match(compact)
    if not match or not (match.group(2) or (match.group(3) or ".") != "."):
        raise FieldError(f"value {_shorten(cell)} is not a number")
    rest = compact[match.end() :]
    if rest[:1] == ",":
        raise FieldError(f"value {_shorten(cell)}: commas may only group thousands (1,234.5); use a point for decimals")
    if rest[:1] in set("0123456789."):
        raise FieldError(f"value {_shorten(cell)} is not a number")
    digits = (match.group(2) or "0").replace(",", "") + (match.group(3) or "")
    number = float(match.group(1) + digits)
    return number, rest


def _strip_unit(rest: str, expected: ExpectedUnit, cell: str) -> tuple[str, bool]:
    """Remove a unit suffix; returns (what is left, whether it was a percentage)."""
    for suffix in PERCENT_SUFFIXES:
        if rest.endswith(suffix):
            if not expected.accepts_percent():
                if expected.relative and expected.unit == "%":
                    raise FieldError(
                        f"value {_shorten(cell)} is a percentage, but this target is a change "
                        "against a base year: give the indicator's level, not the change"
                    )
                raise FieldError(
                    f"value {_shorten(cell)} is a percentage, but the target is measured in "
                    f"{expected.unit or 'a plain number'}"
                )
            return rest[: -len(suffix)], True
    unit = expected.unit
    if unit and unit not in PERCENT_UNITS and rest.endswith(unit):
        return rest[: -len(unit)], False
    return rest, False


def parse_value(text: str, expected: ExpectedUnit) -> float:
    """A number in the target's unit: "1,234.5", "28亿", "28亿吨", "87%", "-3.5".

    Fires on: "1,234.5" -> 1234.5; "28亿" -> 2.8e9; "87%" for a % target -> 87.
    Rejects: "87%" for a 吨 target, "28亿千瓦" for a 吨 target, "1,2" (decimal comma), "abc".
    """
    cell = normalise_cell(text)
    if cell.lower() in EMPTY_VALUES:
        raise FieldError("value is empty")
    number, rest = _split_number(cell)
    rest, percent = _strip_unit(rest, expected, cell)
    factor = 1
    if rest:
        if rest not in MAGNITUDES:
            wanted = expected.unit or "a plain number"
            magnitude = next((m for m in MAGNITUDES if rest.startswith(m)), "")
            if magnitude:
                raise FieldError(
                    f"unit {rest[len(magnitude) :]!r} in value {_shorten(cell)} does not match "
                    f"the target's unit ({wanted})"
                )
            raise FieldError(f"cannot read {rest!r} in value {_shorten(cell)}; the target is measured in {wanted}")
        if percent:
            raise FieldError(f"value {_shorten(cell)} mixes a magnitude ({rest}) with a percentage")
        factor = MAGNITUDES[rest]
    value = number * factor + 0.0  # + 0.0 turns "-0" into 0.0
    if not math.isfinite(value):
        raise FieldError(f"value {_shorten(cell)} is too large")
    return value
