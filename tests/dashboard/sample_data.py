"""A small hand-made tracker database covering the shapes the dashboard must draw.

Absolute targets with and without a baseline, a relative target ("较2020年下降20%") without one, a
range, a per-year target, a standing limit with no year, a baseline record, Chinese text
throughout, and a sentence carrying a `<script>` and a spreadsheet formula.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from etl.records import Document, Quantity
from etl.store.tracker import write_database

PLAN_TEXT = (
    "关于印发《示范省“十四五”能源发展规划》的通知\n"
    "到2025年，非化石能源消费比重达到20%以上。\n"
    "2020年全省煤炭消费量为3.2亿吨，到2025年煤炭消费量控制在3亿吨以内。\n"
    "单位地区生产总值能耗较2020年下降13.5%。\n"
    "新建充电桩3-5万个。\n"
    "地区生产总值年均增长6%左右。\n"
    "严守18亿亩耕地红线。\n"
)
NOTICE_TEXT = (
    "关于做好2026年数字经济工作的通知\n"
    "到2026年，数字经济核心产业增加值占比达到12%<script>alert('x')</script>。\n"
    '=HYPERLINK("http://evil")到2027年宽带用户超过1亿户。\n'
)

PLAN = Document(
    "doc_plan",
    "sample_plan.txt",
    "示范省“十四五”能源发展规划",
    "示范省人民政府",
    "示政发〔2022〕1号",
    "2022-03-01",
    "provincial",
    1,
    7,
    PLAN_TEXT,
)
NOTICE = Document(
    "doc_notice",
    "sample_notice.txt",
    "关于做好2026年数字经济工作的通知",
    "示范部",
    "示部发〔2026〕2号",
    "2026-01-10",
    "national",
    1,
    3,
    NOTICE_TEXT,
)


def _q(
    qid,
    doc,
    text,
    number,
    kind,
    indicator,
    value,
    unit,
    comparator="=",
    change=None,
    baseline_year=None,
    target_year=None,
    per_year=False,
    baseline_value=None,
    value_high=None,
    confidence=0.9,
) -> Quantity:
    start = doc.text.index(number)
    line = doc.text[:start].count("\n") + 1
    sentence = next(s for s in doc.text.splitlines() if number in s)
    return Quantity(
        qid,
        doc.doc_id,
        doc.seed,
        kind,
        indicator,
        value,
        value_high,
        unit,
        comparator,
        change,
        baseline_year,
        target_year,
        per_year,
        baseline_value,
        sentence,
        line,
        start,
        start + len(number),
        confidence,
    )


QUANTITIES = [
    _q("q_share", PLAN, PLAN_TEXT, "20%以上", "target", "非化石能源消费比重", 20.0, "%", ">=", target_year=2025),
    _q("q_coal_base", PLAN, PLAN_TEXT, "3.2亿吨", "baseline", "煤炭消费量", 3.2e8, "吨", target_year=2020),
    _q(
        "q_coal",
        PLAN,
        PLAN_TEXT,
        "3亿吨以内",
        "target",
        "煤炭消费量",
        3e8,
        "吨",
        "<=",
        target_year=2025,
        baseline_year=2020,
        baseline_value=3.2e8,
    ),
    _q(
        "q_energy",
        PLAN,
        PLAN_TEXT,
        "13.5%",
        "target",
        "单位地区生产总值能耗",
        13.5,
        "%",
        "=",
        "decrease",
        baseline_year=2020,
        target_year=2025,
        confidence=0.7,
    ),
    _q("q_chargers", PLAN, PLAN_TEXT, "3-5万个", "target", "充电桩", 3e4, "个", value_high=5e4, target_year=2025),
    _q(
        "q_gdp",
        PLAN,
        PLAN_TEXT,
        "6%左右",
        "target",
        "地区生产总值增速",
        6.0,
        "%",
        "~",
        "increase",
        target_year=2025,
        per_year=True,
        confidence=0.6,
    ),
    _q("q_farmland", PLAN, PLAN_TEXT, "18亿亩", "target", "耕地保有量", 1.8e9, "亩", ">=", confidence=0.8),
    _q("q_digital", NOTICE, NOTICE_TEXT, "12%", "target", "数字经济核心产业增加值占比", 12.0, "%", target_year=2026),
    _q(
        "q_broadband",
        NOTICE,
        NOTICE_TEXT,
        "1亿户",
        "target",
        '=HYPERLINK("http://evil")宽带用户',
        1e8,
        "户",
        ">",
        target_year=2027,
        confidence=0.5,
    ),
]


def write_sample(folder: Path) -> Path:
    write_database(folder / "tracker.duckdb", [PLAN, NOTICE], QUANTITIES)
    return folder


def sample_progress() -> pd.DataFrame:
    """Progress rows as etl.store.progress.read_progress returns them."""
    rows = [
        ("q_share", "2022", date(2022, 12, 31), 17.5, "", "u1"),
        ("q_share", "2023", date(2023, 12, 31), 18.6, "统计公报", "u1"),
        ("q_energy", "2020", date(2020, 12, 31), 0.52, "", "u1"),
        ("q_energy", "2023", date(2023, 12, 31), 0.48, "", "u1"),
        ("q_coal", "2023", date(2023, 12, 31), 3.1e8, "", "u1"),
    ]
    return pd.DataFrame(rows, columns=["quantity_id", "period", "period_end", "value", "note", "upload_id"])
