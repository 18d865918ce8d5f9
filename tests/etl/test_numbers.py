"""etl.numbers: reading numbers. Excerpts are quoted from data/corpus with their source line."""

from __future__ import annotations

import pytest

from etl.numbers import chinese_to_number, find_numbers


def only(text):
    found = find_numbers(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    "numeral, value",
    [
        ("三千", 3000),
        ("百", 100),
        ("两", 2),
        ("一百二十", 120),
        ("十五", 15),
        ("二十", 20),
        ("三万五千", 35000),
        ("八十", 80),
    ],
)
def test_chinese_to_number(numeral, value):
    assert chinese_to_number(numeral) == value


def test_chinese_to_number_rejects_words():
    assert chinese_to_number("统一") is None


def test_magnitude_is_applied_and_removed_from_unit():
    # 001 line 7991: "港口综合通过能力达到 28亿吨"
    m = only("港口综合通过能力达到28亿吨")
    assert (m.value, m.unit) == (2_800_000_000, "吨")
    # 001 line 1218: "1.3万亿斤"
    assert only("保持在1.3万亿斤以上").value == 1_300_000_000_000
    # 001 line 7993: "2100万标箱"
    m = only("集装箱通过能力达到2100万标箱")
    assert (m.value, m.unit) == (21_000_000, "标箱")


def test_percent_and_percentage_points():
    # 001 line 7989: "通达全省 87%的县"
    assert (only("通达全省87%的县").value, only("通达全省87%的县").unit) == (87, "%")
    m = only("提高10个百分点")  # 001 line 2909
    assert (m.value, m.unit) == (10, "百分点")
    m = only("占比百分之八十")
    assert (m.value, m.unit) == (80, "%")


def test_ranges_with_each_dash():
    # 001 line 8171: "形成 2－3家龙头型内河集装箱航运企业"
    m = only("形成2－3家龙头型")
    assert (m.value, m.value_high, m.unit) == (2, 3, "家")
    # 001 line 11618: "打造 3-5个数字人民币文旅应用集聚区"
    assert only("打造3-5个数字").value_high == 5
    assert only("新建1—3个基地").value_high == 3
    # 001 line 8049: "10万－40万吨级深水航道": each end keeps its magnitude
    m = only("10万－40万吨级")
    assert (m.value, m.value_high, m.unit) == (100_000, 400_000, "吨")


def test_chinese_numerals_need_a_counting_unit():
    # 001 line 7129: "评出百家优胜商贸流通企业"; 000 line 6273: "组织上千家企业"
    assert only("评出百家优胜").value == 100
    m = only("组织上千家企业")
    assert (m.value, m.approximate) == (1000, ">=")
    assert only("开展不少于一次的").value == 1


def test_chinese_words_are_not_numbers():
    # "统一", "一流", "三大工程", "八纵八横", "百展万企" are words (000/001 passim)
    for text in ("统一部署", "世界一流", "三大工程", "八纵八横", "百展万企拓市场"):
        assert find_numbers(text) == [], text


def test_number_split_from_unit_by_a_space():
    # 001 line 3167: "约 35\n万台" is unwrapped to "约 35万台" at worst
    assert only("约35 万台").value == 350_000


def test_half_is_fifty_percent_but_not_in_half_year():
    # 000 line 5703: "民间投资占全社会投资一半以上"
    assert only("占全社会投资一半以上").value == 50
    # 001 line 5975: "下一半年首月底"
    assert find_numbers("不晚于下一半年首月底") == []


def test_units_of_tags_and_documents():
    # 000 line 7051: "主动标识载体累计部署超 1000万枚"
    m = only("主动标识载体累计部署超1000万枚")
    assert (m.value, m.unit) == (10_000_000, "枚")


def test_numbers_inside_codes_are_not_read():
    # 001 line 3218: "（GB24500）能效 3 级": the 24500 of a standard's code is no number;
    # 001 line 3400: "（GB18613）"
    assert [m.value for m in find_numbers("（GB24500）能效3级")] == [3]
    assert find_numbers("（GB18613）、") == []


def test_a_numeral_inside_an_arabic_mention_is_not_read_again():
    # 000 line 7049: "活跃企业用户数超过 3万家": one mention, not also "万家"
    m = only("活跃企业用户数超过3万家")
    assert (m.value, m.unit, m.chinese) == (30_000, "家", False)
    # "近三年" is no count (年 is no counting unit), "近百个" is about a hundred
    assert find_numbers("近三年") == []
    m = only("建设近百个")
    assert (m.value, m.approximate) == (100, "~")


# --- forms from work reports and statistical reviews (tests/data/external_dev/corpus) -----------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # gwr2019 line 49: 多 before the magnitude or the unit means "more than"
        ("棚户区住房改造620多万套，", [(6.2e6, None, "套", ">")]),
        ("新建改建高速公路6000多公里、", [(6000.0, None, "公里", ">")]),
        # nbs75_health line 40: 余
        ("各地已设置中医馆4万余个，", [(40000.0, None, "个", ">")]),
        # gwr2019 line 224: a range whose first end repeats the unit
        ("国内生产总值增长6%－6.5%；", [(6.0, 6.5, "%", None)]),
        # nbs75_health line 42: from one value to another is two values, not a range
        ("从5.4亿到14亿多，", [(5.4e8, None, "", None), (1.4e9, None, "", ">")]),
        # gwr2019 line 694 and nbs75_health line 9: a fraction, a per-mille, a rate per 100,000
        ("文件压减三分之一以上。", [(33.33, None, "%", None)]),
        ("婴儿死亡率高达200‰，", [(200.0, None, "‰", None)]),
        ("孕产妇死亡率高达1500/10万，", [(1500.0, None, "/10万", None)]),
        # eduplan2010 line 53: a fractional number of years is a duration
        ("平均受教育年限从12.4年提高到13.5年；", [(12.4, None, "年", None), (13.5, None, "年", None)]),
    ],
)
def test_forms_of_reports_and_reviews(text, expected):
    assert [(m.value, m.value_high, m.unit, m.approximate) for m in find_numbers(text)] == expected


@pytest.mark.parametrize("text", ["2025年", "到2025年底", "1.5倍"])
def test_look_alikes_of_those_forms(text):
    # a whole year is a date, never a duration; 倍 keeps its own unit
    assert all(m.unit != "年" for m in find_numbers(text))
    assert all(m.approximate is None for m in find_numbers(text))
