"""Status of a target against uploaded progress. (Interface stub: the progress work fills it in.)

Pure function of (baseline, target, progress points, as-of date); see DESIGN.md "Status of a target".
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

STATUSES = ("achieved", "ahead", "on_track", "lagging", "overdue", "no_data")
STATUS_LABELS = {
    "en": {"achieved": "Achieved", "ahead": "Ahead", "on_track": "On track", "lagging": "Lagging",
           "overdue": "Overdue", "no_data": "No data"},
    "zh": {"achieved": "提前完成", "ahead": "快于预期", "on_track": "符合预期", "lagging": "滞后",
           "overdue": "逾期未完成", "no_data": "暂无数据"},
}


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
    projected_gap: float | None
    explanation: str = ""  # English sentence on why (e.g. relative target without a baseline)


def assess(target: TargetSpec, points: Sequence[tuple[date, float]], as_of: date) -> Assessment:
    """Placeholder: reports no data until the status work lands."""
    return Assessment("no_data", None, None, None, None, None, None, "status not implemented yet")
