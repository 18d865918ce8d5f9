"""A target's status and the reason for it are worded in English and Chinese from the same facts
(etl.status.assess gives keys and facts; pages/common/i18n.py words them)."""

from __future__ import annotations

import re
import string
from datetime import date

import pytest

from etl.status import STATUSES, TargetSpec, assess
from pages.common.i18n import STRINGS, status_label, status_reason


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("prefix", ["status.", "reason.", "basis."])
def test_every_wording_exists_in_both_languages_with_the_same_facts(prefix):
    wordings = {key: words for key, words in STRINGS.items() if key.startswith(prefix)}
    assert wordings
    for key, words in wordings.items():
        assert set(words) == {"en", "zh"}, key
        assert _fields(words["en"]) == _fields(words["zh"]), key


def test_every_status_has_a_label_in_the_wording_of_plan_reviews():
    assert {key.removeprefix("status.") for key in STRINGS if key.startswith("status.")} == set(STATUSES)
    assert status_label("ahead", "zh") == "快于预期" and status_label("on_track", "en") == "On track"
    assert status_label("lagging", "zh") == "滞后" and status_label("unknown", "zh") == "unknown"


RISING = TargetSpec(
    value=20.0,
    value_high=None,
    unit="%",
    comparator=">=",
    change=None,
    target_year=2025,
    baseline_value=15.0,
    baseline_year=2020,
)
CASES = [
    (
        RISING,
        [(date(2023, 12, 31), 18.0)],
        date(2024, 6, 1),
        "pace",
        "60% of the way after 60% of the time (baseline 2020)",
        "时间过去60%，进度完成60%（基期为2020年）",
    ),
    (
        RISING,
        [(date(2023, 12, 31), 21.0)],
        date(2024, 6, 1),
        "met",
        "the latest figure meets the target (baseline 2020)",
        "最新数据已达到目标（基期为2020年）",
    ),
    (
        RISING,
        [(date(2025, 12, 31), 19.0)],
        date(2026, 6, 1),
        "overdue",
        "the target year 2025 has passed and the target is not met (baseline 2020)",
        "目标年份2025年已过，目标未完成（基期为2020年）",
    ),
    (RISING, [], date(2024, 6, 1), "no_progress", "no progress figures uploaded yet", "尚未上传进展数据"),
    (
        TargetSpec(13.5, None, "%", "=", "decrease", 2025, None, 2020),
        [],
        date(2024, 6, 1),
        "relative_no_baseline",
        "relative target (against 2020) without a baseline value: upload the figure for the base year to assess it",
        "相对目标（较2020年）缺少基期值：上传基期年份的数据后即可评估",
    ),
    (
        TargetSpec(10, None, "百分点", "=", "increase", 2025, None, None),
        [(date(2023, 12, 31), 55.0)],
        date(2024, 6, 1),
        "relative_no_base",
        "target stated as a change with no base value: upload two or more figures and it is measured from the first",
        "以变化量表述的目标缺少基数：上传两个及以上数据后，以首个数据为基数评估",
    ),
]


@pytest.mark.parametrize(("spec", "points", "as_of", "reason", "english", "chinese"), CASES, ids=[c[3] for c in CASES])
def test_explanations_in_both_languages(spec, points, as_of, reason, english, chinese):
    result = assess(spec, points, as_of)
    assert result.reason == reason
    assert status_reason(result.reason, result.basis, result.facts, "en") == english
    assert status_reason(result.reason, result.basis, result.facts, "zh") == chinese
    assert not re.search(r"[A-Za-z]{3,}", chinese)  # no English left in the Chinese
