"""pages/common/charts.py: the figures people share, built from small frames (no app run)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from pages.common import charts, detail_view, i18n

SAME_TITLES = pd.DataFrame(
    {
        "doc_id": ["a", "b", "c"],
        "title": ["关于做好工作的通知", "关于做好工作的通知", "示范规划"],
        "issuer": ["示范省人民政府", "示范市人民政府", "示范部"],
        "issue_date": ["2022-01-01", "2023-02-01", ""],
        "source_file": ["x.txt", "y.txt", "x.txt"],
        "start_line": [1, 9, 40],
        "targets": [12, 7, 3],
    }
)


def test_documents_sharing_a_title_get_a_bar_each_told_apart_by_issuer_and_date():
    fig = charts.document_bar(SAME_TITLES, "caption")
    bar = fig.data[0]
    assert list(bar.y) == ["a", "b", "c"] and list(bar.x) == [12, 7, 3]  # one bar per document
    assert list(fig.layout.yaxis.tickvals) == ["a", "b", "c"]
    assert list(fig.layout.yaxis.ticktext) == [
        "关于做好工作的通知 · 示范省人民政府 · 2022-01-01",
        "关于做好工作的通知 · 示范市人民政府 · 2023-02-01",
        "示范规划",
    ]


# --- the Target detail chart ----------------------------------------------------------------------

DETAIL = {
    "indicator": "固定资产投资",
    "value": 4e11,
    "value_high": None,
    "unit": "元",
    "comparator": ">=",
    "change": None,
    "baseline_year": 2020,
    "target_year": 2025,
    "per_year": False,
    "sentence": "",
}
ASSESSMENT = {"target_value": 4e11, "base_value": 3e11, "base_period": date(2020, 12, 31)}
PROGRESS = pd.DataFrame(
    {"period": ["2022", "2023-06"], "period_end": [date(2022, 12, 31), date(2023, 6, 30)], "value": [3.3e11, 3.5e11]}
)


@pytest.fixture
def chinese(monkeypatch):
    monkeypatch.setattr(i18n, "current_language", lambda: "zh")
    monkeypatch.setattr(charts, "current_language", lambda: "zh")


def _path_figure():
    return charts.target_path(DETAIL, ASSESSMENT, PROGRESS, date(2024, 3, 1), "caption")


def test_a_chinese_value_axis_reads_in_wan_and_yi(chinese):
    axis = _path_figure().layout.yaxis
    assert "4,000亿" in axis.ticktext and "0" in axis.ticktext
    assert not any(letter in label for label in axis.ticktext for letter in "BGMk")
    assert [float(v) for v in axis.tickvals] == sorted(float(v) for v in axis.tickvals)
    assert float(axis.tickvals[-1]) >= 4e11  # the target is on the axis


def test_an_english_value_axis_keeps_plotlys_billions():
    axis = _path_figure().layout.yaxis
    assert axis.tickmode is None and axis.ticktext is None


def test_a_mid_year_figure_sits_at_its_real_date_inside_its_years_label():
    fig = _path_figure()
    progress = next(trace for trace in fig.data if trace.name == "Reported progress")
    assert [str(x) for x in progress.x] == ["2022-12-31", "2023-06-30"]  # not moved to a year's end
    axis = fig.layout.xaxis
    assert axis.ticklabelmode == "period" and axis.dtick == "M12" and str(axis.tick0).startswith("2000-01-01")
    assert [c[0] for c in progress.customdata] == ["2022", "2023-06"]  # the hover names the period
    assert "end" in axis.title.text  # the convention for a year's figure is on the chart


@pytest.mark.parametrize(
    "assessment, english, chinese_text",
    [
        (
            {"status": "overdue", "target_value": 4e11, "latest_value": 3.5e11, "required_annual_change": None},
            ("detail.gap_overdue", "+50 billion元"),
            ("detail.gap_overdue", "+500亿元"),
        ),
        (
            {"status": "lagging", "target_value": 4e11, "latest_value": 3.5e11, "required_annual_change": 2.5e10},
            ("detail.required", "+25 billion元 per year"),
            ("detail.required", "+250亿元/年"),
        ),
        (
            {"status": "no_data", "target_value": None, "latest_value": None, "required_annual_change": None},
            ("detail.required", "–"),
            ("detail.required", "–"),
        ),
    ],
)
def test_what_is_still_required_is_the_same_figure_in_both_languages(assessment, english, chinese_text):
    assert detail_view.still_required(assessment, "元", "en") == english
    assert detail_view.still_required(assessment, "元", "zh") == chinese_text
