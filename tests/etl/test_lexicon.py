"""etl.lexicon: the tables stay plain data, consistent with each other."""

from __future__ import annotations

from etl import lexicon


def test_comparators_use_the_contract_symbols():
    symbols = {"=", ">=", ">", "<=", "<", "~"}
    assert set(lexicon.COMPARATORS_BEFORE.values()) <= symbols
    assert set(lexicon.COMPARATORS_AFTER.values()) <= symbols


def test_readme_comparator_words():
    # ../shared/gold/README.md: 达到/为 "=", 以上/不少于/不低于 ">=", 超过/高于/突破 ">",
    # 以下/不超过/控制在 "<=", 低于 "<", 接近/左右/约 "~".
    before, after = lexicon.COMPARATORS_BEFORE, lexicon.COMPARATORS_AFTER
    assert before["达到"] == before["为"] == "="
    assert after["以上"] == before["不少于"] == before["不低于"] == ">="
    assert before["超过"] == before["高于"] == before["突破"] == ">"
    assert after["以下"] == before["不超过"] == before["控制在"] == "<="
    assert before["低于"] == "<"
    assert before["接近"] == after["左右"] == before["约"] == "~"


def test_magnitudes_are_powers_of_ten():
    assert lexicon.MAGNITUDES["亿"] == 10**8 and lexicon.MAGNITUDES["万亿"] == 10**12
    assert all(str(v).startswith("1") and set(str(v)[1:]) <= {"0"} for v in lexicon.MAGNITUDES.values())


def test_change_verbs_have_a_direction():
    assert set(lexicon.CHANGE_VERBS.values()) <= {"increase", "decrease", None}
    assert lexicon.CHANGE_VERBS["压缩"] == "decrease" and lexicon.CHANGE_VERBS["提高"] == "increase"


def test_units_map_to_the_stored_unit():
    assert lexicon.UNITS["个百分点"] == "百分点"
    assert lexicon.UNITS["千米"] == "公里"
    assert lexicon.UNITS["个工作日"] == "工作日"


def test_approximating_prefixes_are_single_characters_that_are_not_numerals():
    # etl.numbers reads "上千家" with one character class for the first character: a prefix must be one
    # character, and never a numeral, or a numeral would be read as a prefix.
    for prefix in lexicon.APPROXIMATE_NUMERAL_PREFIXES:
        assert len(prefix) == 1
        assert prefix not in lexicon.CHINESE_DIGITS and prefix not in lexicon.CHINESE_SMALL_UNITS
        assert prefix not in lexicon.CHINESE_LARGE_UNITS
