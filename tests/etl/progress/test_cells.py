"""etl.progress.cells: one cell at a time (tables of what fires and what must be refused)."""

from __future__ import annotations

from datetime import date

import pytest

from etl.progress.cells import ExpectedUnit, FieldError, parse_period, parse_value

TODAY = date(2025, 11, 22)


@pytest.mark.parametrize(
    "cell, label, end",
    [
        ("2024", "2024", date(2024, 12, 31)),
        ("2024-06", "2024-06", date(2024, 6, 30)),
        ("2024-06-30", "2024-06-30", date(2024, 6, 30)),
        ("2024年", "2024", date(2024, 12, 31)),
        ("2024年6月", "2024-06", date(2024, 6, 30)),
        ("2024年6月30日", "2024-06-30", date(2024, 6, 30)),
        ("2024/6/30", "2024-06-30", date(2024, 6, 30)),
        ("2024-2", "2024-02", date(2024, 2, 29)),
        ("２０２４", "2024", date(2024, 12, 31)),
        (" 2024.0 ", "2024", date(2024, 12, 31)),
        ("2024Q2", "2024-Q2", date(2024, 6, 30)),
        ("2024年第三季度", "2024-Q3", date(2024, 9, 30)),
        ("2024年上半年", "2024-H1", date(2024, 6, 30)),
        ("2025年", "2025", date(2025, 12, 31)),  # the current year: a preliminary figure
        ("2024年度", "2024", date(2024, 12, 31)),  # as "2024 年度" already was (issue 11, item 14)
        ("2024 年度", "2024", date(2024, 12, 31)),
    ],
)
def test_periods_read(cell, label, end):
    period = parse_period(cell, TODAY)
    assert (period.label, period.end) == (label, end)


@pytest.mark.parametrize(
    "cell, reason",
    [
        ("", "empty"),
        ("Jun-24", "cannot read period"),
        ("24", "cannot read period"),
        ("2031", "future"),
        ("2025-12", "not started"),
        ("2024-13", "month 13"),
        ("2023-02-29", "not a date"),
        ("1900", "too early"),
        ("2024年春", "cannot read"),
    ],
)
def test_periods_refused(cell, reason):
    with pytest.raises(FieldError, match=reason):
        parse_period(cell, TODAY)


@pytest.mark.parametrize(
    "cell, unit, value",
    [
        ("1,234.5", "吨", 1234.5),
        ("28亿", "吨", 2.8e9),
        ("28亿吨", "吨", 2.8e9),
        ("1.3万亿", "元", 1.3e12),
        ("500万千瓦", "千瓦", 5e6),
        ("87%", "%", 87.0),
        ("87", "%", 87.0),
        ("87％", "%", 87.0),
        ("3个百分点", "百分点", 3.0),
        ("-3.5", "%", -3.5),
        ("+7", "", 7.0),
        (".5", "", 0.5),
        ("5.", "", 5.0),
        (" 1234 ", "", 1234.0),
        ("28 亿", "吨", 2.8e9),
    ],
)
def test_values_read_in_the_targets_unit(cell, unit, value):
    assert parse_value(cell, ExpectedUnit(unit)) == pytest.approx(value)


def test_relative_share_target_takes_the_level_as_a_percentage():
    assert parse_value("85%", ExpectedUnit("百分点", relative=True)) == 85.0


@pytest.mark.parametrize(
    "cell, expected, reason",
    [
        ("87%", ExpectedUnit("吨"), "percentage, but the target is measured in 吨"),
        ("12%", ExpectedUnit("%", relative=True), "level, not the change"),
        ("28亿千瓦", ExpectedUnit("吨"), "does not match the target's unit"),
        ("1,2", ExpectedUnit("吨"), "commas may only group thousands"),
        ("abc", ExpectedUnit("吨"), "not a number"),
        ("1.2.3", ExpectedUnit(""), "not a number"),
        ("—", ExpectedUnit("吨"), "empty"),
        ("1e999", ExpectedUnit(""), "cannot read"),
        ("5亿%", ExpectedUnit("%"), "magnitude"),
        # A space is not a thousands separator (issue 11, item 2): these were read as 1215, 22 and 1234.
        ("12 15", ExpectedUnit(""), "space inside the number"),
        ("+ 2 2", ExpectedUnit(""), "space inside the number"),
        (" 1 234 ", ExpectedUnit(""), "space inside the number"),
        (".", ExpectedUnit(""), "not a number"),
    ],
)
def test_values_refused(cell, expected, reason):
    with pytest.raises(FieldError, match=reason):
        parse_value(cell, expected)


def test_minus_zero_is_stored_as_zero():
    # "-0" was stored as -0.0, which a spreadsheet shows as "-0" (issue 11, item 14).
    value = parse_value("-0", ExpectedUnit(""))
    assert value == 0 and str(value) == "0.0"
