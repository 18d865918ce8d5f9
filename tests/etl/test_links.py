"""etl.links: which target <-> observation pairs are linked, on hand-made records.

Cases as data: (target, observation, expected link type or None). The sentences behind them are from
the 2021 and 2022 government work reports (../shared/gold/external-dev), the look-alikes are those an
analyst would never put on the target's chart.
"""

from __future__ import annotations

import pytest

from etl.links import (
    LinkDocument,
    LinkQuantity,
    document_year,
    geography,
    indicator_similarity,
    link_quantities,
    normalise_indicator,
    units_compatible,
)
from tests.etl.links_gold import score_gold_as_predictions
from tests.shared_dir import shared_dir

REPORT_2021 = LinkDocument("gwr2021", issuer="国务院", level="national", title="政府工作报告", year=2021)
REPORT_2022 = LinkDocument("gwr2022", issuer="国务院", level="national", title="政府工作报告", year=2022)
JIANGSU_2022 = LinkDocument("js2022", issuer="江苏省人民政府", level="provincial", title="政府工作报告", year=2022)
NANJING_2022 = LinkDocument("nj2022", issuer="南京市人民政府", level="municipal", title="政府工作报告", year=2022)
DOCUMENTS = {d.doc_id: d for d in (REPORT_2021, REPORT_2022, JIANGSU_2022, NANJING_2022)}


def target(indicator, value, unit, year=2021, doc="gwr2021", qid="t", **more) -> LinkQuantity:
    return LinkQuantity(qid, doc, "target", indicator, value, unit, year=year, **more)


def observed(indicator, value, unit, year=2021, doc="gwr2022", qid="o", **more) -> LinkQuantity:
    return LinkQuantity(qid, doc, "baseline", indicator, value, unit, year=year, **more)


def link_types(*quantities) -> list[tuple[str, str, str]]:
    return [
        (link.target_id, link.observation_id, link.type) for link in link_quantities(quantities, DOCUMENTS.values())
    ]


PAIRS = [
    # same indicator, same year, same geography: progress
    (
        "new urban jobs",
        target("城镇新增就业", 11_000_000, "人", comparator=">="),
        observed("城镇新增就业", 12_690_000, "人"),
        "progress",
    ),
    (
        "growth synonyms 增长/增幅",
        target("大型商业银行普惠小微企业贷款增长", 30, "%", change="increase"),
        observed("大型商业银行普惠小微企业贷款增幅", 40, "%", change="increase"),
        "progress",
    ),
    (
        "the same words in another order",
        target("纳入直达机制的中央财政资金", 2.8e12, "元"),
        observed("中央财政资金纳入直达范围", 2.8e12, "元"),
        "progress",
    ),
    (
        "a note in brackets",
        target("城镇调查失业率", 5.5, "%", comparator="~"),
        observed("城镇调查失业率(平均)", 5.1, "%"),
        "progress",
    ),
    (
        "万人 and 人 are one unit",
        target("城镇新增就业", 1100, "万人"),
        observed("城镇新增就业", 12_690_000, "人"),
        "progress",
    ),
    # a multi-year target observed inside its horizon: interim
    (
        "十四五 target, 2021 figure",
        target("城镇调查失业率", 5.5, "%", year=2025, comparator="<="),
        observed("城镇调查失业率", 5.1, "%", year=2021),
        "interim",
    ),
    # look-alikes that must not link
    (
        "growth vs level",
        target("国内生产总值增长", 6, "%", change="increase"),
        observed("国内生产总值", 114e12, "元"),
        None,
    ),
    (
        "growth vs level, both in %",
        target("服务业增加值占国内生产总值比重", 55, "%"),
        observed("服务业增加值增长", 8.2, "%", change="increase"),
        None,
    ),
    (
        "registered vs surveyed unemployment",
        target("城镇登记失业率", 4.5, "%", comparator="<="),
        observed("城镇调查失业率", 5.1, "%"),
        None,
    ),
    (
        "whole-society vs enterprise R&D",
        target("全社会研发经费投入增长", 7, "%", change="increase", per_year=True),
        observed("企业研发经费增长", 15.5, "%", change="increase"),
        None,
    ),
    (
        "% level vs 百分点 change",
        target("常住人口城镇化率", 65, "%"),
        observed("常住人口城镇化率提高", 0.8, "百分点", change="increase"),
        None,
    ),
    ("another year", target("粮食产量", 1.3e12, "斤", year=2021), observed("粮食产量", 1.37e12, "斤", year=2020), None),
    (
        "an observation before the horizon",
        target("城镇调查失业率", 5.5, "%", year=2025),
        observed("城镇调查失业率", 5.2, "%", year=2020),
        None,
    ),
    ("same document", target("城镇新增就业", 11e6, "人"), observed("城镇新增就业", 11.86e6, "人", doc="gwr2021"), None),
    (
        "a province's figure for a national target",
        target("城镇新增就业", 11e6, "人"),
        observed("城镇新增就业", 1.3e6, "人", doc="js2022"),
        None,
    ),
    (
        "a city's figure for a province's target",
        target("城镇新增就业", 1.2e6, "人", doc="js2022", year=2022),
        observed("城镇新增就业", 0.3e6, "人", doc="nj2022", year=2022),
        None,
    ),
    (
        "a five-year total for a one-year target",
        target("城镇新增就业", 9e6, "人", year=2020, doc="gwr2021"),
        observed("城镇新增就业(“十三五”累计)", 60e6, "人", year=2020, doc="gwr2022"),
        None,
    ),
    ("one character apart in a short phrase", target("森林覆盖率", 24.1, "%"), observed("林木覆盖率", 24.0, "%"), None),
    (
        "decrease vs increase",
        target("单位国内生产总值能耗降低", 3, "%", change="decrease"),
        observed("单位国内生产总值能耗增长", 1, "%", change="increase"),
        None,
    ),
]


@pytest.mark.parametrize("case, target_record, observation, expected", PAIRS, ids=[p[0] for p in PAIRS])
def test_which_pairs_link(case, target_record, observation, expected):
    found = link_types(target_record, observation)
    assert found == ([("t", "o", expected)] if expected else [])


def test_one_observation_per_document_and_year_the_most_similar():
    """ "超过40%" of the large banks, not the 27.3% of all banking institutions in the same sentence."""
    t = target("大型商业银行普惠小微企业贷款增长", 30, "%", change="increase")
    banks = observed("银行业金融机构普惠小微企业贷款增长", 27.3, "%", change="increase", qid="all")
    large = observed("大型商业银行普惠小微企业贷款增幅", 40, "%", change="increase", qid="large")
    assert link_types(t, banks, large) == [("t", "large", "progress")]


def test_one_observation_serves_a_one_year_and_a_five_year_target():
    year_target = target("城镇调查失业率", 5.5, "%", qid="t2021")
    plan_target = target("城镇调查失业率", 5.5, "%", year=2025, qid="t2025")
    figure = observed("城镇调查失业率(平均)", 5.1, "%")
    assert link_types(year_target, plan_target, figure) == [("t2021", "o", "progress"), ("t2025", "o", "interim")]


def test_a_standing_limit_restated_in_another_document():
    red_line = target("耕地保有量(红线)", 1.8e9, "亩", year=None, qid="a", comparator=">=")
    again = target("耕地保有量", 1.8e9, "亩", year=None, doc="gwr2022", qid="b", comparator=">=")
    assert link_types(red_line, again) == [("a", "b", "restatement")]


def test_without_a_year_only_limits_in_one_direction_are_restated():
    """A standing limit is a bound; "约3%" with no year is a yearly target whose year was not found."""
    cpi = target("居民消费价格涨幅", 3, "%", year=None, comparator="~", change="increase", qid="a")
    cpi_again = target("居民消费价格涨幅", 3, "%", year=None, doc="gwr2022", comparator="~", change="increase", qid="b")
    floor = target("耕地保有量", 1.8e9, "亩", year=None, comparator=">=", qid="c")
    about = target("耕地保有量", 1.8e9, "亩", year=None, doc="gwr2022", comparator="~", qid="d")
    assert link_types(cpi, cpi_again, floor, about) == []


def test_a_red_line_is_a_standing_limit_whatever_its_comparator():
    """严守18亿亩耕地红线 (2021) / 坚决守住18亿亩耕地红线 (2022): extraction may read both as "="."""
    first = target("严守耕地红线", 1.8e9, "亩", year=None, qid="a")
    again = target("坚决守住耕地红线", 1.8e9, "亩", year=None, doc="gwr2022", qid="b")
    assert link_types(first, again) == [("a", "b", "restatement")]


def test_same_value_other_year_is_no_restatement():
    """ "城镇新增就业1100万人以上" is each year's target: 2021's and 2022's are two targets."""
    first = target("城镇新增就业", 11e6, "人", year=2021, qid="a")
    second = target("城镇新增就业", 11e6, "人", year=2022, doc="gwr2022", qid="b")
    assert link_types(first, second) == []


def test_a_province_restating_a_national_target_with_its_own_value():
    national = target("常住人口城镇化率", 65, "%", year=2025, qid="cn")
    jiangsu = target("常住人口城镇化率", 75, "%", year=2025, doc="js2022", qid="js")
    other = target("森林覆盖率", 24.1, "%", year=2025, doc="js2022", qid="forest")
    assert link_types(national, jiangsu, other) == [("cn", "js", "restatement")]


def test_a_statement_repeated_in_three_documents_links_each_repeat_to_the_first():
    first = target("耕地保有量", 1.8e9, "亩", year=None, comparator=">=", qid="a")
    second = target("耕地保有量", 1.8e9, "亩", year=None, doc="gwr2022", comparator=">=", qid="b")
    third = target("耕地保有量", 1.8e9, "亩", year=None, doc="js2022", comparator=">=", qid="c")
    assert link_types(first, second, third) == [("a", "b", "restatement"), ("a", "c", "restatement")]


def test_fresh_documents_limit_progress_pairs_to_those_touching_them():
    t = target("城镇新增就业", 11e6, "人")
    o = observed("城镇新增就业", 12.69e6, "人")
    assert link_quantities([t, o], DOCUMENTS.values(), fresh={"js2022"}) == []
    assert len(link_quantities([t, o], DOCUMENTS.values(), fresh={"gwr2022"})) == 1


@pytest.mark.parametrize(
    "a, b",
    [
        ("城镇调查失业率(平均)", "全国城镇调查失业率"),
        ("国内生产总值增速", "GDP增长"),
        ("居民消费价格涨幅", "居民消费价格上涨"),
    ],
)
def test_phrases_that_name_one_indicator_normalise_alike(a, b):
    assert normalise_indicator(a) == normalise_indicator(b)


def test_exclusive_qualifiers_and_missing_scope():
    assert indicator_similarity("城镇登记失业率", "城镇调查失业率") == 0
    assert indicator_similarity("中央财政赤字", "财政赤字") < 80 <= indicator_similarity("财政赤字", "财政赤字")


def test_units():
    change = LinkQuantity("a", "d", "target", "x提高", 5, "百分点", change="increase")
    growth = LinkQuantity("b", "d", "baseline", "x增长", 5, "%", change="increase")
    level = LinkQuantity("c", "d", "baseline", "x", 5, "%")
    assert units_compatible(change, growth) and not units_compatible(change, level)
    assert units_compatible(
        LinkQuantity("p", "d", "target", "x", 1, "万人"), LinkQuantity("q", "d", "target", "x", 1, "人")
    )


@pytest.mark.parametrize(
    "document, expected",
    [
        (REPORT_2021, "national"),
        (JIANGSU_2022, "江苏"),
        (NANJING_2022, "local/南京"),
        (LinkDocument("s", issuer="江苏省苏州市人民政府", level="municipal"), "江苏/苏州"),
        (LinkDocument("s", issuer="上海市人民政府", level="provincial"), "上海"),
        (LinkDocument("g", issuer="", level="national", title="国家中长期教育改革和发展规划纲要"), "national"),
    ],
)
def test_geography_from_issuer_and_level(document, expected):
    assert geography(document) == expected


def test_document_year():
    assert document_year("2021-03-05", 2020) == 2021
    assert document_year("", 2023, [2022]) == 2023
    assert document_year(None, None, [2019, None, 2021]) == 2022
    assert document_year("", None, []) is None


SHARED = shared_dir()


@pytest.mark.skipif(
    SHARED is None, reason="../shared (external-dev gold and score_links.py) is not beside the repository"
)
def test_gold_as_predictions_scores_at_least_080_on_both_classes(tmp_path):
    """Acceptance of issue 13 for the linker alone: the external-dev extraction gold linked as if
    extraction were perfect, scored by the reference scorer."""
    result = score_gold_as_predictions(SHARED, tmp_path)
    progress, restatement = result["classes"]["progress"], result["classes"]["restatement"]
    assert progress["f1"] >= 0.80, progress
    assert restatement["f1"] >= 0.80, restatement
