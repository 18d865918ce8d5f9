"""Document structure and tense: reviews give baselines of the year they report, plans give targets.

Each rule has a real example it fires on (quoted from the external-dev documents in
tests/data/external_dev/corpus, file and line given) and a look-alike it must leave alone. Cases are
data: (text, title, issue date) -> the (kind, value, unit, year) of every quantity found.
"""

from __future__ import annotations

import pytest

from etl.extract import extract_quantities
from etl.extract.structure import section_kinds
from etl.records import Document
from etl.text import unwrap

# A long paragraph, as every real report has: unwrapping then reads the short lines above it as
# lines of their own, not as a paragraph wrapped at a narrow width.
CLOSING = (
    "各位代表！让我们更加紧密地团结在以习近平同志为核心的党中央周围，高举中国特色社会主义伟大旗帜，"
    "砥砺前行，开拓创新，奋发有为，推动经济持续健康发展和社会大局稳定，为全面建成小康社会而努力奋斗。\n"
)


def doc_of(text: str, title: str = "政府工作报告", issue_date: str = "") -> Document:
    source = unwrap(text + CLOSING)
    return Document(
        "d1",
        "t.txt",
        title,
        "",
        "",
        issue_date,
        "national",
        1,
        len(text.splitlines()),
        source.text,
        source.starts,
        source.lines,
    )


def found(text: str, title: str = "政府工作报告", issue_date: str = "") -> list[tuple]:
    return [(q.kind, q.value, q.unit, q.target_year) for q in extract_quantities(doc_of(text, title, issue_date))]


REPORT_HEAD = "政府工作报告\n——2019年3月5日在第十三届全国人民代表大会第二次会议上\n各位代表：\n"

CASES = [
    pytest.param(  # gwr2019 lines 6-11: a review heading names the year reported
        REPORT_HEAD + "一、2018年工作回顾\n——经济运行保持在合理区间。\n国内生产总值增长6.6%，总量突破90万亿元。\n",
        "政府工作报告",
        "",
        [("baseline", 6.6, "%", 2018), ("baseline", 9e13, "元", 2018)],
        id="review-heading-year",
    ),
    pytest.param(  # look-alike: the same sentence under a plan heading states goals of that year
        REPORT_HEAD
        + "二、2019年经济社会发展总体要求和政策取向\n今年发展主要预期目标是：\n国内生产总值增长6%－6.5%；\n",
        "政府工作报告",
        "",
        [("target", 6.0, "%", 2019)],
        id="plan-heading-year",
    ),
    pytest.param(  # gwr2019 lines 717-719: "过去一年" opens a review inside a task section, "新的一年" ends it
        REPORT_HEAD + "三、2019年政府工作任务\n过去一年，国防和军队建设扎实推进，城镇新增就业1361万人。\n"
        "新的一年，要继续推进改革，新增高标准农田8000万亩以上。\n",
        "政府工作报告",
        "",
        [("baseline", 13610000.0, "人", 2018), ("target", 8e7, "亩", 2019)],
        id="past-year-paragraph",
    ),
    pytest.param(  # gwr2022 lines 1-5: no date line; the review heading tells the report's year (2022)
        "各位代表：\n现在，我代表国务院，向大会报告政府工作，请予审议。\n一、2021年工作回顾\n"
        "城镇新增就业1269万人，城镇调查失业率平均为5.1%。\n二、2022年经济社会发展总体要求和政策取向\n"
        "今年发展主要预期目标是：城镇新增就业1100万人以上。\n",
        "政府工作报告",
        "",
        [("baseline", 12690000.0, "人", 2021), ("baseline", 5.1, "%", 2021), ("target", 11000000.0, "人", 2022)],
        id="year-from-review-heading",
    ),
    pytest.param(  # gwr2021 lines 128-131 and 155-166: past five years, then a 十四五 list
        REPORT_HEAD.replace("2019年3月5日", "2021年3月5日")
        + "二、“十三五”时期发展成就和“十四五”时期主要目标任务\n过去五年，我国经济社会发展取得新的历史性成就。\n"
        "城镇棚户区住房改造超过2100万套。\n“十四五”时期是开启全面建设社会主义现代化国家新征程的第一个五年。\n"
        "城镇调查失业率控制在5.5%以内。\n",
        "政府工作报告",
        "",
        [("baseline", 2.1e7, "套", 2020), ("target", 5.5, "%", 2025)],
        id="five-years-then-plan-period",
    ),
    pytest.param(  # gwr2019 line 475: 今明两年 ends in the later year
        REPORT_HEAD
        + "三、2019年政府工作任务\n今明两年要解决好饮水困难人口的饮水安全问题，提高6000万农村人口供水保障水平。\n",
        "政府工作报告",
        "",
        [("target", 6e7, "人", 2020)],
        id="this-and-next-year",
    ),
    pytest.param(  # nbs75_services line 36: a review's whole text reports observations
        "2023年末，全国体育场地459万个，人均体育场地面积达到2.9平方米。\n",
        "打造新动能 释放新活力——新中国成立75周年服务业发展成就综述",
        "",
        [("baseline", 4590000.0, "个", 2023), ("baseline", 2.9, "平方米", 2023)],
        id="review-title",
    ),
    pytest.param(  # a statistical bulletin reports the year its title names
        "全年国内生产总值1260582亿元，比上年增长5.2%。\n年末全国人口140967万人，比上年末减少208万人。\n",
        "中华人民共和国2023年国民经济和社会发展统计公报",
        "",
        [
            ("baseline", 1.260582e14, "元", 2023),
            ("baseline", 5.2, "%", 2023),
            ("baseline", 1.40967e9, "人", 2023),
            ("baseline", 2.08e6, "人", 2023),
        ],
        id="bulletin-title-year",
    ),
    pytest.param(  # a congress report: "过去五年" in a heading reviews; the next part sets goals
        "一、过去五年的工作和新时代十年的伟大变革\n城镇新增就业年均1300万人以上。\n"
        "二、新时代新征程中国共产党的使命任务\n到2035年，城镇化率达到75%。\n",
        "在中国共产党第二十次全国代表大会上的报告",
        "2022-10-16",
        [("baseline", 1.3e7, "人", 2021), ("target", 75.0, "%", 2035)],
        id="five-years-heading",
    ),
    pytest.param(  # look-alike: a plan's own sentence with the same words is a goal
        "到2025年，全国体育场地达到500万个，人均体育场地面积达到2.9平方米。\n",
        "体育发展“十四五”规划",
        "",
        [("target", 5e6, "个", 2025), ("target", 2.9, "平方米", 2025)],
        id="plan-title",
    ),
    pytest.param(  # a review that states a goal keeps it ("力争")
        REPORT_HEAD + "一、2018年工作回顾\n农业再获丰收，力争粮食产量稳定在1.3万亿斤以上。\n",
        "政府工作报告",
        "",
        [("target", 1.3e12, "斤", None)],
        id="goal-inside-review",
    ),
]


@pytest.mark.parametrize(("text", "title", "issue_date", "expected"), CASES)
def test_reviews_report_the_past_and_plans_set_goals(text, title, issue_date, expected):
    assert found(text, title, issue_date) == expected


def test_a_clause_per_line_is_no_heading():
    # gwr2019 lines 12-14: short sentences printed one per line do not end the review
    text = "一、2018年工作回顾\n国际收支基本平衡。\n居民消费价格上涨2.1%。\n"
    kinds = [(s.kind, s.year) for s in section_kinds(text, 2019)]
    assert kinds == [("other", None), ("background", 2018)]
    # look-alike: a short unpunctuated line is a heading and starts a section of its own
    assert [s.kind for s in section_kinds("一、2018年工作回顾\n主要目标\n", 2019)] == ["other", "background", "goals"]


RULES = [
    # (sentence in a plan part, expected (kind, value, unit), look-alike, what the look-alike gives)
    pytest.param(
        "今年赤字率拟按2.8%安排。",
        [("target", 2.8, "%")],  # gwr2019 line 239
        "今年赤字率按规定执行。",
        [],
        id="fiscal-arrangement",
    ),
    pytest.param(
        "财政赤字2.76万亿元。",
        [("target", 2.76e12, "元")],  # gwr2019 line 240
        "财政收入2.76万亿元。",
        [],
        id="fiscal-noun",
    ),
    pytest.param(
        "居民医保人均财政补助标准增加30元。",
        [("target", 30.0, "元")],  # gwr2019 line 610
        "对新认定的企业给予30万元补助。",
        [],
        id="subsidy-standard",
    ),
    pytest.param(
        "对种粮农民一次性发放200亿元补贴。",
        [("target", 2e10, "元")],  # gwr2022 line 17
        "对种粮大户一次性发放20万元补贴。",
        [],
        id="programme-total",
    ),
    pytest.param(
        "坚决守住18亿亩耕地红线。",
        [("target", 1.8e9, "亩")],  # gwr2022 line 65
        "耕地面积18亿亩。",
        [],
        id="standing-limit",
    ),
    pytest.param(
        "农村贫困人口减少1000万以上。",
        [("target", 1e7, "人")],  # gwr2019 line 229
        "新增专项债券1000万以上。",
        [],
        id="people-unit",
    ),
    pytest.param(
        "提高每千人口医疗卫生机构床位数到7张。",
        [("target", 7.0, "张")],  # nbs75_health line 24
        "提高医疗卫生机构床位数到7000张。",
        [("target", 7000.0, "张")],
        id="per-thousand-denominator",
    ),
    pytest.param(
        "让亿万人民共享发展成果。",
        [],  # nbs75_health line 33
        "覆盖1亿人民群众。",
        [("target", 1e8, "人")],
        id="idiom",
    ),
    pytest.param(
        "人均预期寿命再提高1岁。",
        [("target", 1.0, "岁")],  # gwr2021 line 225
        "60岁以上老年人健康管理率达到70%。",
        [("target", 70.0, "%")],
        id="life-span-not-age-group",
    ),
    pytest.param(
        "全年减轻企业税收和社保缴费负担近2万亿元。",
        [("target", 2e12, "元")],  # gwr2019 line 305
        "企业社保缴费负担降低1个百分点。",
        [],
        id="programme-total-not-fee",
    ),
    pytest.param(
        "我国有2.9亿在校学生，要坚持把教育办好。",
        [("baseline", 2.9e8, "人")],  # gwr2022 line 77
        "力争培养2.9亿在校学生。",
        [("target", 2.9e8, "人")],
        id="present-stock",
    ),
    pytest.param(
        "将2.8万亿元中央财政资金纳入直达机制。",
        [("target", 2.8e12, "元")],  # gwr2021 line 290
        "将2.8万亿元中央财政资金的使用情况向社会公开。",
        [],
        id="disposal-after-amount",
    ),
]


@pytest.mark.parametrize(("sentence", "expected", "look_alike", "look_alike_gives"), RULES)
def test_plan_rules_with_a_look_alike(sentence, expected, look_alike, look_alike_gives):
    head = REPORT_HEAD + "三、2019年政府工作任务\n"
    assert [(k, v, u) for k, v, u, _ in found(head + sentence + "\n")] == expected
    assert [(k, v, u) for k, v, u, _ in found(head + look_alike + "\n")] == look_alike_gives


def test_indicators_leave_out_years_and_verbs_after_the_number():
    # nbs75_health line 28: "提高到2024年的" names no indicator; the subject before it does
    review = extract_quantities(
        doc_of(
            "党的十八大以来，城乡居民基本医保人均财政补助标准由2012年的240元提高到2024年的670元。\n",
            "卫生健康事业发展综述",
        )
    )
    assert [(q.value, q.target_year, q.indicator) for q in review] == [
        (240.0, 2012, "城乡居民基本医保人均财政补助标准"),
        (670.0, 2024, "城乡居民基本医保人均财政补助标准"),
    ]
    # gwr2019 line 239: the verb after the number is not what the number counts
    plan = extract_quantities(doc_of(REPORT_HEAD + "三、2019年政府工作任务\n今年赤字率拟按2.8%安排。\n"))
    (indicator,) = [q.indicator for q in plan]
    assert "赤字率" in indicator and "安排" not in indicator


def test_a_list_comma_after_a_verb_phrase_ends_the_counted_noun():
    # gwr2021 line 290: "、规模明显大于去年" is a clause of its own, not part of what 2.8万亿元 is
    plan = extract_quantities(
        doc_of(REPORT_HEAD + "三、2021年重点工作\n将2.8万亿元中央财政资金纳入直达机制、规模明显大于去年。\n")
    )
    assert [q.indicator for q in plan] == ["中央财政资金纳入直达机制"]
    # look-alike: a list of nouns keeps every item up to the measure
    listed = extract_quantities(doc_of(REPORT_HEAD + "三、2021年重点工作\n新建30个重点实验室、工程中心。\n"))
    assert [q.indicator for q in listed] == ["新建重点实验室、工程中心"]
