"""Indicator tables in the layouts PDF, Word and web text give them (etl.extract.tables).

The table is the kind a city's "十四五" education plan prints (indicator | 2020年 | 2025年 | 属性); the
same rows are written one row per line, one cell per line, and tab-separated, and each layout must
give the same records.
"""

from __future__ import annotations

import pytest

from etl.extract import extract_quantities
from etl.segment import split_documents
from etl.text import unwrap

PROSE = (
    "为加快推进教育现代化，建设教育强市，根据国家和省有关要求，结合本市实际，制定本规划。"
    "本规划期为2021年至2025年，展望到2035年，是全面建设社会主义现代化国家新征程的第一个五年规划。\n"
)
HEADER = ["指标", "2020年", "2025年", "属性"]
ROWS = [
    ("学前教育毛入园率（%）", "90.2", "95", "预期性"),
    ("九年义务教育巩固率（%）", "98.5", "＞99", "约束性"),
    ("劳动年龄人口平均受教育年限（年）", "11.2", "11.8", "约束性"),
    ("普惠性幼儿园覆盖率（%）", "/", "85", "预期性"),
]
EXPECTED = [
    ("baseline", "学前教育毛入园率", 90.2, "%", "=", 2020, "预期性"),
    ("target", "学前教育毛入园率", 95.0, "%", "=", 2025, "预期性"),
    ("baseline", "九年义务教育巩固率", 98.5, "%", "=", 2020, "约束性"),
    ("target", "九年义务教育巩固率", 99.0, "%", ">", 2025, "约束性"),
    ("baseline", "劳动年龄人口平均受教育年限", 11.2, "年", "=", 2020, "约束性"),
    ("target", "劳动年龄人口平均受教育年限", 11.8, "年", "=", 2025, "约束性"),
    ("target", "普惠性幼儿园覆盖率", 85.0, "%", "=", 2025, "预期性"),
]


def records(table: str) -> list[tuple]:
    raw = "某市“十四五”教育发展规划\n" + PROSE + "专栏1 “十四五”教育发展主要指标\n" + table + PROSE
    return [
        (q.kind, q.indicator, q.value, q.unit, q.comparator, q.target_year, q.attribute)
        for doc in split_documents(unwrap(raw), "plan.txt")
        for q in extract_quantities(doc)
    ]


LAYOUTS = {
    "row-per-line": "\n".join(" ".join(cells) for cells in [HEADER, *ROWS]) + "\n",
    "cell-per-line": "\n".join(cell for cells in [HEADER, *ROWS] for cell in cells) + "\n",
    "tab-separated": "\n".join("\t".join(cells) for cells in [HEADER, *ROWS]) + "\n",
}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_each_layout_gives_a_baseline_and_a_target_per_row(layout):
    assert records(LAYOUTS[layout]) == EXPECTED


def test_unit_column_category_column_and_yearly_growth():
    table = (
        "类别\t指标\t单位\t2020年\t2025年\t属性\n"
        "经济发展\t地区生产总值年均增长\t%\t—\t＞6.5\t预期性\n"
        "\t全员劳动生产率\t万元/人\t15.6\t20以上\t预期性\n"
    )
    raw = "某市国民经济和社会发展第十四个五年规划纲要\n" + PROSE + table + PROSE
    found = [q for doc in split_documents(unwrap(raw), "plan.txt") for q in extract_quantities(doc)]
    assert [(q.kind, q.indicator, q.value, q.unit, q.comparator, q.per_year, q.change) for q in found] == [
        ("target", "地区生产总值年均增长", 6.5, "%", ">", True, "increase"),
        ("baseline", "全员劳动生产率", 156000.0, "元/人", "=", False, None),
        ("target", "全员劳动生产率", 200000.0, "元/人", ">=", False, None),
    ]


def test_observed_columns_give_baselines_only():
    # a statistical table: both year columns report what was observed
    table = "指标 2022年实际 2023年实际\n学前教育毛入园率（%） 89.7 91.1\n"
    assert [(kind, year) for kind, *_, year, _ in records(table)] == [("baseline", 2022), ("baseline", 2023)]


def test_prose_naming_two_years_is_no_table():
    # look-alike: a sentence with two years and numbers after it is read as prose
    text = "2020年至2025年\n学前教育毛入园率由90.2%提高到95%。\n"
    found = records(text)
    assert all(attribute is None for *_, attribute in found)
    assert [(kind, value) for kind, _, value, *_ in found] == [("baseline", 90.2), ("target", 95.0)]


@pytest.mark.parametrize("separator", [" ", "\t"])
def test_a_short_table_only_text_keeps_its_rows_apart(separator):
    # a table converted from .docx or a web page, with a 序号 column and no prose to set the line width
    rows = [
        ["序号", "指标", "2022年情况", "2023年目标"],
        ["1", "全社会研发经费投入（亿元）", "3700", "4000"],
        ["2", "高新技术企业（万家）", "4.4", "5"],
    ]
    raw = "某市科技创新能力提升目标\n" + "\n".join(separator.join(row) for row in rows) + "\n"
    found = [
        (q.kind, q.indicator, q.value) for doc in split_documents(unwrap(raw), "t.txt") for q in extract_quantities(doc)
    ]
    assert found == [
        ("baseline", "全社会研发经费投入", 3.7e11),
        ("target", "全社会研发经费投入", 4e11),
        ("baseline", "高新技术企业", 44000.0),
        ("target", "高新技术企业", 50000.0),
    ]
