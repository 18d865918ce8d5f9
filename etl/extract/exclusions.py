from __future__ import annotations

import re

from etl import lexicon
from etl.extract.patterns import (
    COUNT_UNITS,
    CUE_REACH,
    ELIGIBILITY_REACH,
    LEADING_NOISE,
    REFERENCE_REACH,
    TARGET_CUE,
    TRAILING_NOISE,
    clause_after_number,
    outside_titles,
)
from etl.numbers import NumberMention, alternation

_SPEC_AFTER = re.compile(rf"^(?:{alternation(lexicon.SPEC_SUFFIXES)})")


_REFERENCE_BEFORE = re.compile(
    rf"(?:{alternation(lexicon.REFERENCE_PREFIXES)}|(?<![\u4e00-\u9fff])(?:{alternation(lexicon.REFERENCE_LETTERS)}))\s?$"
)


_SUBSIDY = re.compile(alternation(lexicon.SUBSIDY_CUES))


_SUBSIDY_NEAR = re.compile(alternation(lexicon.SUBSIDY_NEAR_CUES))


_FEE = re.compile(alternation(lexicon.FEE_CUES))


_PENALTY = re.compile(alternation(lexicon.PENALTY_CUES))


_NAMED_SET_AFTER = re.compile(rf"^[^，。；、,;\d]{{2,8}}?(?:{alternation(lexicon.EXISTING_SET_AFTER)})")


_CONDITION_OPENER = re.compile(
    rf"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[．.、])?\s?(?:{alternation(lexicon.CONDITION_SENTENCE_OPENERS)})"
)


_CONDITION = re.compile(alternation(lexicon.CONDITION_AFTER_CUES))


_CONDITION_BEFORE = re.compile(alternation(lexicon.CONDITION_BEFORE_CUES))


_PROVISION = re.compile(alternation(lexicon.PROVISION_NOUNS))


_EXISTING_SET = re.compile(rf"(?:{alternation(lexicon.EXISTING_SET_BEFORE)})$")


_EXISTING_SET_LIST = re.compile(
    rf"(?:{alternation(lexicon.WHOLE_AREA_PREFIXES)})\s?\d+\s?(?:{alternation(COUNT_UNITS)})"
    r"[^\d，。；、,;]{1,20}(?:[、和及与]|以及)\s?$"
)


_PLACE_GOAL = re.compile(
    rf"^[^，。；、,;\d{lexicon.PLACE_GOAL_STOPS}]{{1,8}}?(?:{alternation(lexicon.PLACE_GOAL_VERBS)})"
)


_THRESHOLD_AFTER = re.compile(
    rf"^(?:以上|以下|及以上|及以下)(?:[（(]含本数[）)])?(?:的[^，。；、]{{0,8}}?)?(?:{alternation(lexicon.ENTITY_NOUNS)})"
    rf"|(?:以上|以下)(?:[（(]含本数[）)])?的[^，。；]{{0,8}}?(?:{alternation(lexicon.ENTITY_NOUNS)})"
)


_LIST_COUNT = re.compile(rf"^(?:{alternation(lexicon.LIST_COUNT_NOUNS)})|(?:{alternation(lexicon.LIST_COUNT_NOUNS)})$")


_PROCEDURE = re.compile(alternation(lexicon.PROCEDURE_CUES))


_TIME_LIMIT = re.compile(alternation(lexicon.TIME_LIMIT_NOUNS))


_SPEC_NOUN_AFTER = re.compile(r"^(?:以上|以下)?(?!以|左右|及|上下|多|的|为|和|与|或)[\u4e00-\u9fff]")


_ELIGIBILITY = re.compile(alternation(lexicon.ELIGIBILITY_CUES))


def is_excluded(text: str, m: NumberMention, sentence_before: str, clause_before: str, after: str) -> bool:
    """Neither target nor baseline: a specification, name, reference, date, subsidy, fee or threshold.

    Fires on "10万吨级泊位" (spec), "5G" (name), "第3条", "〔2023〕24号", "2023年", "给予最高100万元",
    "营业收入2000万元以上的企业", "报销比例不低于75%", "“财政金融支农16条”". Does not fire on the 6
    of "新增10万吨级以上泊位6个" nor on "超过80%的专精特新企业实现...".
    """
    before_char = text[m.start - 1] if m.start else ""
    if before_char == "每" or in_idiom(text, m):
        return True  # "每千人口", "每10万人": a denominator; "亿万人民", "56个民族": not a count
    if (
        _SPEC_AFTER.match(after)
        or _SPEC_AFTER.match(m.raw_unit + after)
        or _REFERENCE_BEFORE.search(clause_before[-REFERENCE_REACH:])
    ):
        return True
    if after[:1] and (after[0].isascii() and after[0].isalpha() or after[0] in "+＋号〕]"):
        return True
    if before_char in "+＋〔[《" or _inside_quotes(clause_before):
        return True
    if m.unit == "" and not m.chinese:
        return not _bare_number_is_quantity(clause_before, after)
    if (
        m.chinese
        and m.value < lexicon.CHINESE_MIN_VALUE_WITHOUT_COMPARATOR
        and not re.search(r"(?:不少于|不低于|至少|超过|达到)$", clause_before)
    ):
        return True
    if m.unit == "岁" and not _AGE_ENDS.match(after):
        return True  # "60岁以上人口", "3岁以下婴幼儿": an age that picks a group, not a life span
    if m.raw_unit == "个" and after[:1] in ("月", "小"):
        return True  # "15个月" is a duration
    if m.unit in lexicon.DIMENSION_UNITS + ("标箱",) and _SPEC_NOUN_AFTER.match(after):
        return True  # "12.5米深水航道", "120标箱以上集装箱"
    clause_after = clause_after_number(after)
    if is_subsidy(m, clause_before, after):
        return True
    if not programme_total(m) and (
        _FEE.search(clause_before) or len(TRAILING_NOISE.sub("", clause_before)) < 3 and _FEE.search(sentence_before)
    ):
        return True  # "报销比例不低于75%"; "...缴费费率之和基础上，降低1个百分点"; not "减轻...缴费负担近2万亿元"
    if _CONDITION.search(after[: len(clause_after) + 8]) or _CONDITION_BEFORE.search(clause_before):
        return True
    if _PENALTY.search(sentence_before) or _PENALTY.search(clause_after):
        return True  # "处上一年度销售额百分之十以下的罚款"
    if _CONDITION_OPENER.match(sentence_before):
        return True  # "对符合条件的“环保担”项目，...平均担保费率由0.8%降为0.6%"
    if m.unit in COUNT_UNITS and _NAMED_SET_AFTER.match(after):
        return True  # "参与102项重大工程等项目建设"
    if _FEE.match(after[:4]) or re.match(rf"^.{{0,2}}(?:{_FEE.pattern})", after):
        return True  # "适用3%征收率"
    if m.unit in ("条", "项") and _PROVISION.search(clause_after):
        return True
    if (
        m.unit in COUNT_UNITS
        and _EXISTING_SET.search(clause_before)
        and not (clause_before.endswith("等") and TARGET_CUE.search(outside_titles(clause_before)))
        and not (places_of_a_goal(clause_before, after))
    ):
        return True  # "全省16个先进制造业集群", "在13个设区市", "《...》等3项行业标准"
    if m.unit in COUNT_UNITS and _EXISTING_SET_LIST.search(clause_before):
        return True  # "支持全省16个先进制造业集群、50条重点产业链企业": the list of existing sets goes on
    if (
        m.unit in COUNT_UNITS
        and re.split(r"\d", clause_before)[-1].count("、") >= 2
        and not TARGET_CUE.search(clause_before)
    ):
        return True  # "无锡、徐州、常州6个审评核查分中心": the size of a list just given
    if m.unit not in ("%", "百分点") and _THRESHOLD_AFTER.search(clause_after):
        return True
    if re.match(r"^(?:[（(][^）)]*[）)])?对", LEADING_NOISE.sub("", clause_before)) and "的" in clause_after:
        return True  # "对月销售额10万元以下的纳税人"
    if m.unit in ("元", "美元") and _ELIGIBILITY.search(clause_before[-ELIGIBILITY_REACH:]):
        return True
    if (
        m.unit in ("条", "项", "个")
        and _LIST_COUNT.match(after)
        or _LIST_COUNT.search(clause_before[-CUE_REACH:])
        and m.unit == "条"
    ):
        return True
    if re.match(r"^大(?!众|型|中|学|幅|力|规模)[\u4e00-\u9fff]", after):
        return True  # "三大工程", "6大工程": a count of a list's items
    if (
        m.unit == "工作日"
        and not _TIME_LIMIT.search(clause_before)
        and (_PROCEDURE.search(clause_before) or _PROCEDURE.search(clause_after))
    ):
        return True
    return False


def is_subsidy(m: NumberMention, clause_before: str, after: str) -> bool:
    """An award or subsidy for one firm or project ("给予最高100万元", "奖励100万元"). Not a standard
    for everyone ("居民医保人均财政补助标准增加30元") nor a programme total ("发放200亿元补贴")."""
    if not (
        _SUBSIDY.search(clause_before)
        or _SUBSIDY_NEAR.search(clause_before[-CUE_REACH:])
        or _SUBSIDY_NEAR.search(after[:4])
    ):
        return False
    if _STANDARD_SUBSIDY.search(clause_before):
        return False
    return not programme_total(m)


def programme_total(m: NumberMention) -> bool:
    """An amount too large for one firm, payer or project: a programme's total."""
    return m.unit in ("元", "美元") and m.value >= lexicon.AGGREGATE_AMOUNT_MIN


def in_idiom(text: str, m: NumberMention) -> bool:
    """The number is part of a set expression: "亿万人民", "千家万户", "56个民族"."""
    if text[m.start : m.start + 1] not in _IDIOM_CHARS:
        return False  # a set expression begins the number with one of its own characters
    for idiom in _IDIOM.finditer(text, max(0, m.start - _IDIOM_REACH), m.end + _IDIOM_REACH):
        if idiom.start() < m.end and idiom.end() > m.start:
            return True
    return False


_AGE_ENDS = re.compile(r"^\s?(?:[，。；、,;）)]|左右|$)")
_STANDARD_SUBSIDY = re.compile(alternation(lexicon.STANDARD_SUBSIDY))
_IDIOM = re.compile(alternation(lexicon.IDIOMS))
_IDIOM_REACH = max(len(idiom) for idiom in lexicon.IDIOMS)
_IDIOM_CHARS = frozenset("".join(lexicon.IDIOMS))


def places_of_a_goal(clause_before: str, after: str) -> bool:
    """ "在4个市开展农业数字化建设整市推进试点": the count of places a goal reaches (a target).
    Not "在13个设区市各建设1个..." (各: the places are all there are) nor "在832个脱贫县域内"."""
    return clause_before.endswith("在") and bool(_PLACE_GOAL.match(after))


def _inside_quotes(clause_before: str) -> bool:
    """A number inside “...” is part of a name ("“财政金融支农16条”", "“2522”")."""
    return clause_before.rfind("“") > clause_before.rfind("”")


def plain_figure(text: str, m: NumberMention) -> bool:
    """A number with no unit, no Chinese numeral and no magnitude that is no quantity by the rule of
    `_bare_number_is_quantity` ("2025年", "〔2023〕24号", "1."): decided from a few characters around
    it, before any window of its paragraph is built (most numbers of a document are such)."""
    if m.unit or m.chinese or m.value >= 10_000:
        return False
    before = text[max(0, m.start - _BARE_REACH) : m.start]
    before = before[before.rfind("\n") + 1 :]
    end = text.find("\n", m.end, m.end + 2)
    after = text[m.end : end if end >= 0 else m.end + 2]
    return not _bare_number_is_quantity(before, after)


_BARE_REACH = 8  # longer than the comparators _bare_number_is_quantity looks for ("不低于 ")


def _bare_number_is_quantity(clause_before: str, after: str) -> bool:
    """A number with no unit counts only right after a comparator and before punctuation:
    "指数达到86" yes; "2025年", "2522", "1+13+N" no."""
    if re.match(r"^\s?(?:年|月|日|号|时|点|分|届|期|批|次|倍|条|款|项|章|节)", after):
        return False
    return bool(re.search(r"(?:达到|超过|不低于|不少于|提高到|提升到)\s?$", clause_before)) and bool(
        re.match(r"^(?:[，。；、,;]|$)", after)
    )
