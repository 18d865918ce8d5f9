"""Status of a target against uploaded progress: a pure function, no I/O.

Follows the UN ESCAP progress-assessment idea (progress made against progress expected by now)
and words the result as China's mid-term reviews of plan indicators do (提前完成 / 快于预期 /
符合预期 / 滞后); see DESIGN.md "Status of a target".

- progress ratio = (latest - baseline) / (target - baseline), compared with the share of the
  baseline -> target-year window that had elapsed *at the latest figure's period end* (data lag
  behind the calendar, so a 2023 figure is judged against where 2023 should have been);
- direction from the comparator (>= / > rise, <= / < fall), else from `change`, else from the
  baseline (target above it: rise), else a rise ("达到X" targets are mostly increases);
- relative targets (`change` set: "较2020年下降20%", "提高10个百分点"; see `is_relative`) are turned
  into an absolute level from the baseline value; without a stated one, from the first uploaded
  figure once there are two; with fewer they cannot be assessed and say so (never is the change
  itself read as a level to reach);
- per-year targets ("每年", "年均") are judged on the latest year's figure; "年均增长7%" relative to a
  baseline compounds to the target year;
- ranges ("3-5个") are met once the near end is reached.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

STATUSES = ("achieved", "ahead", "on_track", "lagging", "overdue", "no_data")  # worded in pages/common/i18n.py

# Within this many points of the elapsed share counts as on track (0.05 = 5% of the way).
ON_TRACK_TOLERANCE = 0.05
# "~" (约, 左右) is met within this relative distance of the target.
APPROXIMATE_TOLERANCE = 0.05
RISING = {">=", ">"}
FALLING = {"<=", "<"}


@dataclass(frozen=True, slots=True)
class TargetSpec:
    value: float
    value_high: float | None
    unit: str
    comparator: str
    change: str | None
    target_year: int | None
    baseline_value: float | None
    baseline_year: int | None
    per_year: bool = False


@dataclass(frozen=True, slots=True)
class Assessment:
    status: str  # one of STATUSES
    target_value: float | None  # absolute target (derived from the baseline for relative targets)
    progress_ratio: float | None  # (latest - baseline) / (target - baseline)
    elapsed_share: float | None  # share of the baseline -> target-year window elapsed
    required_annual_change: float | None  # from the latest point to the target, per year
    projected_value: float | None  # at the target year, with two or more points
    projected_gap: float | None  # shortfall of the projection (positive = falls short; negative = beyond)
    reason: str = ""  # why, a key worded in each UI language (pages/common/i18n.py: "reason.<key>")
    basis: str = ""  # what progress was measured from ("basis.<key>" there; "" when not applicable)
    facts: tuple[tuple[str, object], ...] = ()  # the values the wordings name (years, shares)
    base: tuple[date, float] | None = None  # where progress is measured from (stated baseline or first figure)


# --- small pieces ---------------------------------------------------------------------------------


def _as_date(when) -> date:
    """Points may carry datetime.date, datetime or pandas.Timestamp (a datetime subclass)."""
    return when.date() if isinstance(when, datetime) else when


def year_end(year: int) -> date:
    return date(year, 12, 31)


def _years_between(start: date, end: date) -> float:
    return (end - start).days / 365.25


RELATIVE_CHANGES = ("increase", "decrease")


def is_relative(change: object) -> bool:
    """Whether a target with this `change` is stated as a change to make ("较2020年下降20%",
    "提高10个百分点", "检验时限压减10个工作日", "年均增长7%"), not a level to reach: its level follows
    from a base value, stated or uploaded. The one definition: status, queries, charts and the
    progress upload all ask this function."""
    return isinstance(change, str) and change in RELATIVE_CHANGES  # not `in` alone: pandas' NA has no truth value


def rises(target: TargetSpec, target_value: float | None = None) -> bool:
    """Whether higher figures are better for this target."""
    if target.comparator in RISING:
        return True
    if target.comparator in FALLING:
        return False
    if target.change in ("increase", "decrease"):
        return target.change == "increase"
    if target_value is not None and target.baseline_value is not None and target_value != target.baseline_value:
        return target_value > target.baseline_value
    return True


def absolute_target(target: TargetSpec) -> float | None:
    """The level to reach; for a relative target derived from its baseline (None without one)."""
    if not is_relative(target.change):
        if target.value_high is not None and target.comparator in ("=", "~"):
            return target.value if rises(target) else target.value_high  # the near end of a range
        return target.value
    return level_from_base(target, target.baseline_value, target.baseline_year)


def level_from_base(target: TargetSpec, base: float | None, base_year: int | None) -> float | None:
    """A relative target's level, reached from `base` (measured in `base_year`): -20% of 100 is 80,
    +5 百分点 of 80% is 85%, 年均增长7% from 2020 to 2025 compounds five times. None without a base."""
    if base is None:
        return None
    sign = 1 if target.change == "increase" else -1
    years = None
    if target.per_year and target.target_year is not None and base_year is not None:
        years = max(0, target.target_year - base_year)
    if target.unit == "%":
        return base * (1 + sign * target.value / 100) ** (1 if years is None else years)
    return base + sign * target.value * (1 if years is None else years)  # 百分点 and counts ("压减10个工作日")


def is_met(target: TargetSpec, figure: float, target_value: float) -> bool:
    """Whether a figure satisfies the target's comparator (a range counts from its near end)."""
    up = rises(target, target_value)
    if target.comparator == ">":
        return figure > target_value
    if target.comparator == "<":
        return figure < target_value
    if target.comparator == "~" and not is_relative(target.change):
        return abs(figure - target_value) <= APPROXIMATE_TOLERANCE * abs(target_value) or (
            figure >= target_value if up else figure <= target_value
        )
    return figure >= target_value if up else figure <= target_value


def projection(points: Sequence[tuple[date, float]], when: date) -> float | None:
    """Weighted least-squares line through the points (later points weigh more), read at `when`."""
    if len(points) < 2:
        return None
    origin = points[0][0]
    xs = [_years_between(origin, d) for d, _ in points]
    ys = [v for _, v in points]
    weights = [i + 1 for i in range(len(points))]
    total = sum(weights)
    mean_x = sum(w * x for w, x in zip(weights, xs)) / total
    mean_y = sum(w * y for w, y in zip(weights, ys)) / total
    spread = sum(w * (x - mean_x) ** 2 for w, x in zip(weights, xs))
    if spread == 0:
        return None
    slope = sum(w * (x - mean_x) * (y - mean_y) for w, x, y in zip(weights, xs, ys)) / spread
    return mean_y + slope * (_years_between(origin, when) - mean_x)


def required_annual_change(target_value: float, latest: tuple[date, float], target_year: int | None) -> float | None:
    """Change per year needed from the latest figure to reach the target by the end of its year."""
    if target_year is None:
        return None
    years = _years_between(latest[0], year_end(target_year))
    if years <= 0:
        return None
    return (target_value - latest[1]) / max(years, 1 / 12)


# --- the assessment -------------------------------------------------------------------------------


def _pace(ratio: float, elapsed: float) -> str:
    if ratio > elapsed + ON_TRACK_TOLERANCE:
        return "ahead"
    if ratio >= elapsed - ON_TRACK_TOLERANCE:
        return "on_track"
    return "lagging"


def _per_year(target: TargetSpec, goal: float, latest: tuple[date, float], as_of: date) -> tuple[str, str]:
    """A yearly goal: the latest year's figure against it, pro rata if that year is still running.
    Returns (status, reason key)."""
    if is_met(target, latest[1], goal):
        return "achieved", "yearly_met"
    period_end = latest[0]
    if period_end.year == as_of.year and rises(target, goal) and goal:
        elapsed = (as_of - date(as_of.year, 1, 1)).days / 365.25
        return _pace(latest[1] / goal, elapsed), "yearly_pro_rata"
    return "lagging", "yearly_missed"


def _base(target: TargetSpec, clean: Sequence[tuple[date, float]]) -> tuple[tuple[date, float] | None, str]:
    """Where progress is measured from, and which kind of base that is (a key of BASES): the stated
    baseline at its year's end, else the first uploaded figure when a later one shows the way."""
    if target.baseline_value is not None and target.baseline_year is not None:
        return (year_end(target.baseline_year), target.baseline_value), "baseline"
    if len(clean) >= 2:
        return clean[0], "first_figure"
    return None, "none"


def assess(target: TargetSpec, points: Sequence[tuple[date, float]], as_of: date) -> Assessment:
    """Status, progress ratio, elapsed share, required annual change and projection of a target."""
    clean = sorted(((_as_date(d), float(v)) for d, v in points if v is not None and v == v), key=lambda p: p[0])
    goal = absolute_target(target)
    base, basis = _base(target, clean)
    if goal is None and base is not None and target.baseline_year is None:  # a change with no base stated
        goal = level_from_base(target, base[1], base[0].year)  # ("较2020年": only 2020's figure will do)
    if goal is None:
        why = "relative_no_baseline" if target.baseline_year is not None else "relative_no_base"
        return Assessment(
            "no_data", None, None, None, None, None, None, why, facts=(("baseline_year", target.baseline_year),)
        )
    if not clean:
        required = None if base is None or target.per_year else required_annual_change(goal, base, target.target_year)
        return Assessment("no_data", goal, None, None, required, None, None, "no_progress", base=base)
    latest = clean[-1]
    up = rises(target, goal)
    deadline = year_end(target.target_year) if target.target_year is not None else None
    projected = projection(clean, deadline) if deadline is not None and not target.per_year else None
    gap = None if projected is None else (goal - projected if up else projected - goal)
    required = None if target.per_year else required_annual_change(goal, latest, target.target_year)

    if target.per_year and not is_relative(target.change):
        status, why = _per_year(target, goal, latest, as_of)
        return Assessment(status, goal, None, None, None, None, None, why)

    ratio = None if base is None or goal == base[1] else (latest[1] - base[1]) / (goal - base[1])
    elapsed = None
    if base is not None and deadline is not None and deadline > base[0]:
        elapsed = min(1.0, max(0.0, (latest[0] - base[0]).days / (deadline - base[0]).days))

    facts = (
        ("baseline_year", target.baseline_year),
        ("target_year", target.target_year),
        ("ratio", ratio),
        ("elapsed", elapsed),
    )

    def result(status: str, why: str) -> Assessment:
        return Assessment(status, goal, ratio, elapsed, required, projected, gap, why, basis, facts, base)

    if is_met(target, latest[1], goal):
        return result("achieved", "met")
    if deadline is not None and as_of > deadline:
        return result("overdue", "overdue")
    if ratio is None or elapsed is None:
        return result("lagging", "not_met_yet")
    return result(_pace(ratio, elapsed), "pace")


# --- Progress reported in documents (issue 13) ---------------------------------------------------
# A target's points come from two sources: figures people uploaded and observations that later
# documents report (etl.links). For one period an uploaded figure wins: a person typed it on purpose.
PROGRESS_SOURCES = ("upload", "documents", "both")


def merge_progress(
    uploaded: Sequence[tuple[date, float]], reported: Sequence[tuple[date, float]]
) -> tuple[list[tuple[date, float]], str | None]:
    """One series in date order, and which source it used ("upload", "documents", "both", None).

    >>> merge_progress([(date(2021, 12, 31), 1.0)], [(date(2021, 12, 31), 2.0), (date(2022, 12, 31), 3.0)])
    ([(datetime.date(2021, 12, 31), 1.0), (datetime.date(2022, 12, 31), 3.0)], 'both')
    >>> merge_progress([], [(date(2021, 12, 31), 2.0)])
    ([(datetime.date(2021, 12, 31), 2.0)], 'documents')
    """
    taken = {when for when, _ in uploaded}
    kept = sorted({(when, value) for when, value in reported if when not in taken})
    points = sorted(list(uploaded) + kept, key=lambda point: point[0])
    if uploaded and kept:
        return points, "both"
    if uploaded:
        return points, "upload"
    return points, ("documents" if kept else None)
