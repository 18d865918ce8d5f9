"""Targets filters in the URL, safe CSV export, and the Target detail chart (AppTest)."""

from __future__ import annotations

import io

import pandas as pd

from etl import queries
from etl.progress.template import TEMPLATE_COLUMNS
from etl.queries import TargetFilters
from pages.common.export import spreadsheet_safe_csv
from tests.dashboard.conftest import download, figures, open_page, shown_text, values


def _rows(at) -> pd.DataFrame:
    return at.dataframe[0].value if at.dataframe else pd.DataFrame()


def test_filters_are_read_from_the_url(sample_dir):
    at = open_page("targets", year="2026")
    assert list(_rows(at)["Indicator"]) == ["数字经济核心产业增加值占比"]
    assert "1 of 8 targets" in shown_text(at)
    at = open_page("targets", q="煤炭")
    assert list(_rows(at)["Indicator"]) == ["煤炭消费量"]
    at = open_page("targets", doc="doc_notice", unit="户")
    # shown spreadsheet-safe, since the table's own CSV download writes it as shown (issue 11, item 8)
    assert list(_rows(at)["Indicator"]) == ['\'=HYPERLINK("http://evil")宽带用户']


def test_unknown_url_values_are_ignored(sample_dir):
    at = open_page("targets", year="1999", status="bogus", conf="abc")
    assert len(_rows(at)) == 8


def test_changing_a_filter_writes_it_to_the_url(sample_dir):
    at = open_page("targets")
    at.multiselect(key="url:unit").set_value(["个"]).run()
    assert at.query_params["unit"] == "个"
    assert list(_rows(at)["Indicator"]) == ["充电桩"]
    at.text_input(key="url:q").set_value("耕地").run()
    assert at.query_params["q"] == "耕地"
    assert len(_rows(at)) == 0 and "No targets match these filters" in shown_text(at)
    at.button(key="clear_filters").click().run()
    assert "unit" not in at.query_params and "q" not in at.query_params and len(_rows(at)) == 8


def test_status_filter_and_chinese_labels(sample_dir):
    at = open_page("targets", "zh", status="no_data")
    assert set(_rows(at)["状态"]) == {"暂无数据"} and len(_rows(at)) == 8
    assert at.multiselect(key="url:status").value == ["no_data"]


def test_text_search_is_a_parameter_not_sql(sample_dir):
    at = open_page("targets", q="' OR 1=1 --")
    assert len(_rows(at)) == 0 and "No targets match these filters" in shown_text(at)


def test_csv_export_neutralises_formulas(sample_dir):
    frame = queries.targets_frame(TargetFilters(documents=("doc_notice",)))
    exported = pd.read_csv(io.BytesIO(spreadsheet_safe_csv(frame)), encoding="utf-8-sig")
    indicators = set(exported["indicator"])
    assert '\'=HYPERLINK("http://evil")宽带用户' in indicators
    assert "数字经济核心产业增加值占比" in indicators
    assert exported["value"].tolist() == frame["value"].tolist()
    cells = pd.DataFrame({"a": ["+1", "-2", "@x", "\tx", "\rx", "ok", None], "n": [-1, 2, 3, 4, 5, 6, 7]})
    safe = pd.read_csv(io.BytesIO(spreadsheet_safe_csv(cells)), encoding="utf-8-sig", keep_default_na=False)
    assert safe["a"].tolist()[:6] == ["'+1", "'-2", "'@x", "'\tx", "'\rx", "ok"]
    assert safe["n"].tolist() == [-1, 2, 3, 4, 5, 6, 7]


def test_targets_page_offers_a_progress_template_of_the_filtered_targets(sample_dir, downloads):
    at = open_page("targets", doc="doc_notice")
    template = download(at, downloads, "Progress template for these 2 targets")
    assert template.startswith("\ufeff".encode())
    rows = pd.read_csv(io.BytesIO(template), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(rows.columns) == TEMPLATE_COLUMNS
    assert rows["quantity_id"].tolist() == ["q_digital", "q_broadband"]  # the filter, in table order
    assert rows["indicator"].tolist() == ["数字经济核心产业增加值占比", '\'=HYPERLINK("http://evil")宽带用户']
    assert rows["target"].tolist() == ["12", "100000000"] and rows["value"].tolist() == ["", ""]
    at.multiselect(key="url:doc").set_value([]).run()
    assert "Progress template for these 8 targets" in [b.proto.label for b in at.get("download_button")][1]


def test_status_explanation_follows_the_language(sample_dir, with_progress, monkeypatch):
    from datetime import date

    from pages.common import data

    monkeypatch.setattr(data, "today", lambda: date(2024, 6, 30))  # before the target year: a pace, not overdue
    english = shown_text(open_page("target_detail", id="q_share"))
    assert (
        "44% of the way after 33% of the time (no stated baseline: measured from the first uploaded figure)" in english
    )
    chinese = shown_text(open_page("target_detail", "zh", id="q_share"))
    assert "时间过去33%，进度完成44%（未给出基期值：从首个上传数据起算）" in chinese
    assert "of the way" not in chinese


def test_detail_without_progress_shows_target_and_explains(sample_dir):
    at = open_page("target_detail", id="q_share")
    ((fig, config),) = figures(at)
    assert fig.layout.title.text == "非化石能源消费比重: ≥ 20% by 2025"
    assert fig.layout.yaxis.title.text == "非化石能源消费比重 (%)"
    assert fig.layout.title.subtitle.text.startswith("Source: 示范省“十四五”能源发展规划 · as of ")
    assert config["toImageButtonOptions"] == {
        "format": "png",
        "scale": 2,
        "filename": "target-非化石能源消费比重-2025-q_share",
    }
    names = [trace.name for trace in fig.data]
    assert names == ["Target"] and fig.data[0].marker.symbol == "triangle-up"
    assert any(a.text == "Today" for a in fig.layout.annotations)
    assert "No progress has been uploaded for this target yet" in shown_text(at)
    assert "<mark" in shown_text(at) and "20%以上" in shown_text(at)
    assert {m.label: m.value for m in at.metric}["Target"] == "20%"


def test_detail_with_progress_draws_points_and_expected_path(sample_dir, with_progress):
    at = open_page("target_detail", id="q_coal")
    ((fig, _),) = figures(at)
    by_name = {trace.name: trace for trace in fig.data}
    assert set(by_name) == {"Baseline", "Expected path", "Target", "Reported progress"}
    assert values(by_name["Baseline"].y) == [3.2e8] and values(by_name["Target"].y) == [3e8]
    assert values(by_name["Reported progress"].y) == [3.1e8]
    assert by_name["Target"].marker.symbol == "triangle-down"
    assert {m.label: m.value for m in at.metric}["Latest reported"] == "310 million吨"
    assert "No progress has been uploaded" not in shown_text(at)


def test_relative_target_explained_until_a_baseline_exists(sample_dir, with_progress):
    at = open_page("target_detail", "zh", id="q_energy")  # 较2020年下降13.5%; progress has a 2020 value
    ((fig, _),) = figures(at)
    target = next(trace for trace in fig.data if trace.name == "目标")
    assert values(target.y) == [0.52 * (1 - 0.135)]
    assert fig.layout.title.text.startswith("单位地区生产总值能耗: 较2020年下降13.5%")


def test_relative_target_without_baseline_is_explained_in_words(sample_dir):
    at = open_page("target_detail", id="q_energy")
    assert not figures(at)
    assert "This target is stated as a change: a decrease of 13.5% vs 2020" in shown_text(at)
    assert "needs the value in 2020" in shown_text(at)


def test_change_without_any_base_is_not_drawn_as_a_level(sample_dir):
    at = open_page("target_detail", id="q_gdp")  # 年均增长6%左右: no base year, no base value
    assert not figures(at)
    assert "with no base value. Upload two or more figures" in shown_text(at)
    assert {m.label: m.value for m in at.metric}["Target"] == "an increase of ≈ 6% a year"  # not a level


def test_range_target_shows_a_band(sample_dir):
    at = open_page("target_detail", id="q_chargers")
    ((fig, _),) = figures(at)
    assert "Target range" in [trace.name for trace in fig.data]
    assert any(shape.type == "rect" for shape in fig.layout.shapes)


def test_unknown_or_missing_target(sample_dir):
    assert "No target with id `nope`" in shown_text(open_page("target_detail", id="nope"))
    assert "Pick a target from the list" in shown_text(open_page("target_detail"))


def test_without_a_target_the_page_offers_a_searchable_picker(sample_dir):
    at = open_page("target_detail")
    picker = at.selectbox(key="detail:target_choice")
    assert len(picker.options) == 8 and picker.value is None and not figures(at)
    at.text_input(key="detail:target_search").set_value("煤炭").run()
    picker = at.selectbox(key="detail:target_choice")
    assert picker.options == ["煤炭消费量: ≤ 300 million吨 (2025) · 示范省“十四五”能源发展规划"]
    picker.set_value("q_coal").run()
    assert at.query_params["id"] == "q_coal"  # the address names the target, to share
    ((fig, _),) = figures(at)
    assert fig.layout.title.text.startswith("煤炭消费量")


def test_baseline_detail_has_source_but_no_chart(sample_dir):
    at = open_page("target_detail", id="q_coal_base")
    assert not figures(at) and "3.2亿吨" in shown_text(at)
