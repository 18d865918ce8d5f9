from __future__ import annotations

from dataclasses import dataclass

from etl.numbers import NumberMention


@dataclass(slots=True)
class Candidate:
    mention: NumberMention
    kind: str
    indicator: str
    comparator: str
    change: str | None
    baseline_year: int | None
    year: int | None
    per_year: bool
    sentence_start: int
    sentence_end: int
    confidence: float
    baseline_value: float | None = None
    noun: str = ""  # what the number counts when it comes first ("建设3000个重大项目" -> "重大项目")
    attribute: str | None = None  # 预期性 / 约束性, where an indicator table prints it
