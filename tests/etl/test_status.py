"""etl.status: table-driven cases, one per kind of target (increasing, decreasing, relative,
per-year, range, already achieved), each with the status a plan reviewer would give."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from etl.status import STATUSES, Assessment, TargetSpec, absolute_target, assess, is_relative

AS_OF = date(2023, 6, 30)


def spec(
    value,
    comparator=">=",
    change=None,
    target_year=2025,
    baseline_value=None,
    baseline_year=None,
    unit="吨",
    value_high=None,
    per_year=False,
) -> TargetSpec:
    return TargetSpec(
        value=value,
        value_high=value_high,
        unit=unit,
        comparator=comparator,
        change=change,
        target_year=target_year,
        baseline_value=baseline_value,
        baseline_year=baseline_year,
        per_year=per_year,
    )


def year(y: int, value: float) -> tuple[date, float]:
    return (date(y, 12, 31), value)


# Baseline 2020 -> target 2025: by the end of 2022, 2/5 = 40% of the window has elapsed.
CASES = [
    # name, target, points, as_of, expected status
    ("increasing, ahead", spec(200, baseline_value=100, baseline_year=2020), [year(2022, 160)], AS_OF, "ahead"),
    ("increasing, on track", spec(200, baseline_value=100, baseline_year=2020), [year(2022, 140)], AS_OF, "on_track"),
    ("increasing, lagging", spec(200, baseline_value=100, baseline_year=2020), [year(2022, 110)], AS_OF, "lagging"),
    (
        "increasing, achieved early",
        spec(200, baseline_value=100, baseline_year=2020),
        [year(2022, 205)],
        AS_OF,
        "achieved",
    ),
    (
        "increasing, overdue",
        spec(200, baseline_value=100, baseline_year=2020),
        [year(2025, 190)],
        date(2026, 3, 1),
        "overdue",
    ),
    (
        "decreasing (<=), on track",
        spec(50, comparator="<=", baseline_value=100, baseline_year=2020),
        [year(2022, 80)],
        AS_OF,
        "on_track",
    ),
    (
        "decreasing (<=), lagging",
        spec(50, comparator="<=", baseline_value=100, baseline_year=2020),
        [year(2022, 95)],
        AS_OF,
        "lagging",
    ),
    (
        "decreasing (<=), achieved",
        spec(50, comparator="<=", baseline_value=100, baseline_year=2020),
        [year(2022, 49)],
        AS_OF,
        "achieved",
    ),
    (
        "relative 较2020年下降13.5%, ahead",
        spec(13.5, comparator="=", change="decrease", unit="%", baseline_value=100, baseline_year=2020),
        [year(2022, 89)],
        AS_OF,
        "ahead",
    ),
    (
        "relative 较2020年下降13.5%, achieved",
        spec(13.5, comparator="=", change="decrease", unit="%", baseline_value=100, baseline_year=2020),
        [year(2022, 86)],
        AS_OF,
        "achieved",
    ),
    (
        "relative 提高5个百分点, lagging",
        spec(5, comparator="=", change="increase", unit="百分点", baseline_value=80, baseline_year=2020),
        [year(2022, 80.5)],
        AS_OF,
        "lagging",
    ),
    (
        "relative without a baseline",
        spec(20, comparator="=", change="decrease", unit="%", baseline_year=2020),
        [year(2022, 89)],
        AS_OF,
        "no_data",
    ),
    (
        "per-year 每年安排1亿元, met",
        spec(1e8, comparator="=", per_year=True, target_year=None, unit="元"),
        [year(2021, 0.9e8), year(2022, 1.1e8)],
        AS_OF,
        "achieved",
    ),
    (
        "per-year, last year missed",
        spec(1e8, comparator="=", per_year=True, target_year=None, unit="元"),
        [year(2022, 0.8e8)],
        AS_OF,
        "lagging",
    ),
    (
        "per-year, this year pro rata",
        spec(100, comparator=">=", per_year=True, target_year=None),
        [(date(2023, 6, 30), 50)],
        AS_OF,
        "on_track",
    ),
    ("range 3-5个, inside", spec(3, comparator="=", value_high=5, unit="个"), [year(2022, 4)], AS_OF, "achieved"),
    (
        "range 3-5个, below",
        spec(3, comparator="=", value_high=5, unit="个", baseline_value=0, baseline_year=2020),
        [year(2022, 1)],
        AS_OF,
        "lagging",
    ),
    (
        "standing limit 严守18亿亩, met",
        spec(1.8e9, target_year=None, unit="亩"),
        [year(2022, 1.86e9)],
        AS_OF,
        "achieved",
    ),
    (
        "approximately 约3000万吨",
        spec(3e7, comparator="~", baseline_value=0, baseline_year=2020),
        [year(2022, 2.9e7)],
        AS_OF,
        "achieved",
    ),
    ("no progress figures", spec(200, baseline_value=100, baseline_year=2020), [], AS_OF, "no_data"),
    (
        "no baseline, two points: measured from the first",
        spec(200),
        [year(2020, 100), year(2022, 140)],
        AS_OF,
        "on_track",
    ),
]


@pytest.mark.parametrize("name, target, points, as_of, expected", CASES, ids=[c[0] for c in CASES])
def test_status(name, target, points, as_of, expected):
    result = assess(target, points, as_of)
    assert isinstance(result, Assessment)
    assert result.status == expected, (result.reason, result.facts)
    assert result.status in STATUSES and result.reason


def test_progress_ratio_and_elapsed_share():
    result = assess(spec(200, baseline_value=100, baseline_year=2020), [year(2022, 140)], AS_OF)
    assert result.progress_ratio == pytest.approx(0.4)
    assert result.elapsed_share == pytest.approx(0.4, abs=0.01)


@pytest.mark.parametrize(
    "target, expected",
    [
        (spec(13.5, comparator="=", change="decrease", unit="%", baseline_value=100, baseline_year=2020), 86.5),
        (spec(10, comparator="=", change="increase", unit="%", baseline_value=200, baseline_year=2020), 220),
        (spec(5, comparator="=", change="increase", unit="百分点", baseline_value=80, baseline_year=2020), 85),
        (spec(10, comparator="=", change="decrease", unit="工作日", baseline_value=30, baseline_year=2020), 20),
        (
            spec(7, comparator="=", change="increase", unit="%", baseline_value=100, baseline_year=2020, per_year=True),
            100 * 1.07**5,
        ),
        (spec(3, comparator="=", value_high=5, unit="个"), 3),
        (spec(3, comparator="<=", value_high=5, unit="个"), 3),
    ],
)
def test_absolute_target(target, expected):
    assert absolute_target(target) == pytest.approx(expected)


def test_required_annual_change_from_the_latest_point():
    result = assess(spec(200, baseline_value=100, baseline_year=2020), [year(2022, 160)], AS_OF)
    assert result.required_annual_change == pytest.approx(40 / 3, rel=0.01)


def test_required_annual_change_without_figures_starts_from_the_baseline():
    result = assess(spec(200, baseline_value=100, baseline_year=2020), [], AS_OF)
    assert result.required_annual_change == pytest.approx(20, rel=0.01)


def test_projection_needs_two_points_and_weights_recent_ones():
    target = spec(200, baseline_value=100, baseline_year=2020)
    assert assess(target, [year(2022, 160)], AS_OF).projected_value is None
    steady = assess(target, [year(2021, 120), year(2022, 140)], AS_OF)
    assert steady.projected_value == pytest.approx(200, rel=0.01)
    assert steady.projected_gap == pytest.approx(0, abs=1)
    slowing = assess(target, [year(2020, 100), year(2021, 110), year(2022, 112)], AS_OF)
    assert slowing.projected_value < 200 and slowing.projected_gap > 0


def test_points_may_be_pandas_timestamps_in_any_order():
    points = [(pd.Timestamp("2022-12-31"), 140.0), (pd.Timestamp("2021-12-31"), 120.0)]
    result = assess(spec(200, baseline_value=100, baseline_year=2020), points, AS_OF)
    assert result.status == "on_track"


# --- targets stated as a change (one definition: etl.status.is_relative) --------------------------


@pytest.mark.parametrize("change, relative", [("increase", True), ("decrease", True), (None, False), ("", False)])
def test_a_target_is_relative_exactly_when_it_states_a_change(change, relative):
    assert is_relative(change) is relative


# "提高10个百分点" (no base year, no base value): the 10 is a change, never a level to reach.
POINTS_RAISE = spec(10, comparator="=", change="increase", unit="百分点", target_year=2025)
# "检验时限压减10个工作日": the same for a decrease in a count.
DAYS_CUT = spec(10, comparator="=", change="decrease", unit="工作日", target_year=2025)


def test_a_change_without_a_base_is_not_met_by_a_level_above_the_change():
    result = assess(POINTS_RAISE, [year(2022, 55)], AS_OF)
    assert result.status == "no_data"
    assert result.target_value is None
    assert result.reason == "relative_no_base"


def test_a_change_without_a_base_is_measured_from_the_first_uploaded_figure():
    result = assess(POINTS_RAISE, [year(2021, 45), year(2023, 50)], date(2024, 3, 1))
    assert result.target_value == pytest.approx(55)
    assert result.base == (date(2021, 12, 31), 45)
    assert result.basis == "first_figure"
    assert result.progress_ratio == pytest.approx(0.5)
    assert result.status == "on_track"


def test_a_change_without_a_base_is_achieved_once_the_change_is_made():
    assert assess(POINTS_RAISE, [year(2021, 45), year(2023, 56)], date(2024, 3, 1)).status == "achieved"
    assert assess(DAYS_CUT, [year(2021, 30), year(2023, 19)], date(2024, 3, 1)).status == "achieved"


def test_a_decrease_without_a_base_runs_ahead_when_cut_faster_than_time_passes():
    result = assess(DAYS_CUT, [year(2021, 30), year(2023, 22)], date(2024, 3, 1))
    assert result.target_value == pytest.approx(20)
    assert result.status == "ahead"


def test_a_change_with_a_base_year_but_no_base_value_asks_for_that_year():
    target = spec(10, comparator="=", change="increase", unit="百分点", baseline_year=2020)
    for points in ([year(2022, 55)], [year(2021, 50), year(2022, 55)]):  # later figures are no base for 2020
        result = assess(target, points, AS_OF)
        assert (result.status, result.reason, result.target_value) == ("no_data", "relative_no_baseline", None)


def test_a_yearly_relative_change_from_the_first_figure_compounds_from_its_year():
    target = spec(10, comparator="=", change="increase", unit="%", target_year=2025, per_year=True)
    result = assess(target, [year(2023, 100), year(2024, 105)], date(2025, 3, 1))
    assert result.target_value == pytest.approx(100 * 1.1**2)
