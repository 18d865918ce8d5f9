"""Classify the numbers of a document as targets, baselines or neither (DESIGN.md: etl.extract).

`extract_quantities(doc)` reads every number once (etl.numbers.find_numbers), then for each looks
at a small window of its own paragraph: what comes right before and after the number decides
whether it is a specification, a reference, a subsidy or an eligibility threshold (neither), an
observed value (baseline) or a goal (target); the paragraph and the document decide the year.
Word lists live in etl.lexicon.

Paragraphs are the lines of the unwrapped text; a sentence ends at 。！？；. Years scope from the
nearest year expression of the paragraph ("到2025年，A达到X；B达到Y"), else from the plan horizon
stated in a goals section, else from a year in the document title.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace

from etl import lexicon
from etl.ids import quantity_id
from etl.numbers import NumberMention, alternation, find_numbers
from etl.records import Document, Quantity


_SENTENCE_END = re.compile(r"[。！？；!?;]")
_CLAUSE_BREAK = "，,。；;：:！？!?\n（）()"
_YEAR = re.compile(
    r"(?P<pre>到|至|力争|确保|争取|预计|计划|在|较|比|与|截至|截止|从|由|于)?"
    r"(?P<year>(?:19|20)\d{2})\s?年(?P<post>版|度|底前|末前|前|底|末|全年|以前|以来|相比|上半年|下半年|\d{1,2}月)?"
)
_TITLE_SPAN = re.compile(r"(20\d{2})\s?[-—－~～至]\s?(20\d{2})\s?年")
_PLAN_PERIOD_NAME = re.compile(rf"[“\"](?P<period>{alternation(lexicon.PLAN_PERIODS)})[”\"]")
_PLAN_PERIOD = re.compile(rf"[“\"]?(?P<period>{alternation(lexicon.PLAN_PERIODS)})[”\"]?(?:时期|期间|末|期末)")
_COMPARATOR_BEFORE = re.compile(rf"(?:{alternation(lexicon.COMPARATORS_BEFORE)})\s?$")
_COMPARATOR_AFTER = re.compile(rf"^\s?(?:{alternation(lexicon.COMPARATORS_AFTER)})")
_CHANGE_AT_END = re.compile(
    rf"(?P<verb>{alternation(lexicon.CHANGE_VERBS)})(?P<to>[到至为])?(?:了|分别|均|再|超过|约|近|不低于|不少于|至少|达)*\s?$")
_RELATIVE_HORIZON = re.compile(r"经过\s?\d+(?:\s?[-—－~～至到]\s?\d+)?\s?年|用\s?\d+\s?年|[一二三四五两\d]+年(?:内|左右时间|时间)")
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+[章节部分])")
_DOC_TITLE = re.compile(
    rf"^[^。，；：]{{4,90}}?(?:{alternation(lexicon.DOCUMENT_KINDS)})"
    r"(?:[（(][^）)]{0,20}[）)])?》?$"
)
_DOC_NUMBER = re.compile(r"〔(?P<year>20\d{2})〕\s?\d+\s?号")
_BACKGROUND_HEADING = re.compile(r"背景|现状|基本情况|发展基础|现实基础|已取得|取得.{0,6}成效|发展成就|面临形势")
_GOAL_HEADING = re.compile(rf"(?:{alternation(lexicon.GOAL_SECTION_HEADINGS)})")
_TABLE_HEADER = re.compile(r"(?P<y1>20\d{2})\s?年(?:情况|现状|基数|实际|完成|基期)\s?(?P<y2>20\d{2})\s?年(?:目标|目标值|预期)")
_TABLE_ROW = re.compile(
    r"(?:^|\n)(?P<label>[^\n]*?)[（(](?P<unit>[^（）()]{1,7})[）)]\n?"
    r"(?P<v1>(?:超过|不低于|约)?\s?\d+(?:\.\d+)?|/)\s?(?P<v2>(?:超过|不低于|约)?\s?\d+(?:\.\d+)?|/)\s*(?=\n|$)"
)
_LABEL_LEAD = re.compile(r"^\d{1,3}\s?")

_SPEC_AFTER = re.compile(rf"^(?:{alternation(lexicon.SPEC_SUFFIXES)})")
_REFERENCE_BEFORE = re.compile(
    rf"(?:{alternation(lexicon.REFERENCE_PREFIXES)}|(?<![\u4e00-\u9fff])(?:{alternation(lexicon.REFERENCE_LETTERS)}))\s?$")
_SUBSIDY = re.compile(alternation(lexicon.SUBSIDY_CUES))
_SUBSIDY_NEAR = re.compile(alternation(lexicon.SUBSIDY_NEAR_CUES))
_FEE = re.compile(alternation(lexicon.FEE_CUES))
_PENALTY = re.compile(alternation(lexicon.PENALTY_CUES))
_QUOTA = re.compile(alternation(lexicon.QUOTA_CUES))
_NAMED_SET_AFTER = re.compile(rf"^[^，。；、,;\d]{{2,8}}?(?:{alternation(lexicon.EXISTING_SET_AFTER)})")
_CONDITION_OPENER = re.compile(
    rf"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[．.、])?\s?(?:{alternation(lexicon.CONDITION_SENTENCE_OPENERS)})")
_CONDITION = re.compile(alternation(lexicon.CONDITION_AFTER_CUES))
_CONDITION_BEFORE = re.compile(alternation(lexicon.CONDITION_BEFORE_CUES))
_PROVISION = re.compile(alternation(lexicon.PROVISION_NOUNS))
_OBSERVATION = re.compile(alternation(lexicon.OBSERVATION_VERBS))
_CONDITION_SECTION = re.compile(alternation(lexicon.CONDITION_SECTION_CUES))
_CONDITION_LEAD_IN = re.compile(rf"(?:{alternation(lexicon.CONDITION_LEAD_IN_ENDINGS)})[：:]$")
_EXISTING_SET = re.compile(rf"(?:{alternation(lexicon.EXISTING_SET_BEFORE)})$")
_COUNT_UNITS = ("个", "家", "条", "项", "座", "所")
_EXISTING_SET_LIST = re.compile(
    rf"(?:{alternation(lexicon.WHOLE_AREA_PREFIXES)})\s?\d+\s?(?:{alternation(_COUNT_UNITS)})"
    r"[^\d，。；、,;]{1,20}(?:[、和及与]|以及)\s?$")
_PLACE_GOAL = re.compile(
    rf"^[^，。；、,;\d{lexicon.PLACE_GOAL_STOPS}]{{1,8}}?(?:{alternation(lexicon.PLACE_GOAL_VERBS)})")
_WEAK_CUE = re.compile(alternation(lexicon.WEAK_TARGET_VERBS))
_NOMINAL_GOAL_AFTER = re.compile(
    rf"^(?:以上|左右)?[^，。；、,;\d]{{2,20}}?(?:{alternation(lexicon.NOMINAL_GOAL_WORDS)})(?:[，。；,;]|$)")
_BREAKDOWN = re.compile(rf"^(?:{alternation(lexicon.BREAKDOWN_OPENERS)})")
_OWNED_MEASURE = re.compile(
    rf"^(?:[^的，。；\d]{{1,20}}的)?(?:[\u4e00-\u9fff]{{0,2}}|(?:{alternation(lexicon.OWNED_MEASURE_PREFIXES)})*)"
    rf"(?:{alternation(lexicon.OWNED_MEASURES)})$")
_OWNER_ENDING = re.compile(rf"(?:[\u4e00-\u9fff]{{2}}率|{alternation(lexicon.OWNER_MEASURE_ENDINGS)})$")
_TASK_VERB = re.compile(rf"^(?:{alternation(lexicon.TASK_VERBS)})")
_THRESHOLD_AFTER = re.compile(
    rf"^(?:以上|以下|及以上|及以下)(?:[（(]含本数[）)])?(?:的[^，。；、]{{0,8}}?)?(?:{alternation(lexicon.ENTITY_NOUNS)})"
    rf"|(?:以上|以下)(?:[（(]含本数[）)])?的[^，。；]{{0,8}}?(?:{alternation(lexicon.ENTITY_NOUNS)})")
_LIST_COUNT = re.compile(rf"^(?:{alternation(lexicon.LIST_COUNT_NOUNS)})|(?:{alternation(lexicon.LIST_COUNT_NOUNS)})$")
_PROCEDURE = re.compile(alternation(lexicon.PROCEDURE_CUES))
_TIME_LIMIT = re.compile(alternation(lexicon.TIME_LIMIT_NOUNS))
_STANDING = re.compile(alternation(lexicon.STANDING_LIMIT_CUES))
_SPEC_NOUN_AFTER = re.compile(r"^(?:以上|以下)?(?!以|左右|及|上下|多|的|为|和|与|或)[\u4e00-\u9fff]")
_ELIGIBILITY = re.compile(alternation(lexicon.ELIGIBILITY_CUES))
_BASELINE = re.compile(alternation(lexicon.BASELINE_CUES))
_VERB_SENSE_BEFORE = re.compile(rf"(?:{alternation(lexicon.VERB_SENSE_COMPARATORS)})\s?$")
_NON_TARGET_YEAR = re.compile(rf"(?:{alternation(lexicon.NON_TARGET_YEAR_CUES)})\s?$")
_TAIL_LEAD = re.compile(rf"^\s?(?:{alternation(lexicon.COMPARATORS_AFTER)})?的?")
_STRONG_CUE = re.compile(alternation(lexicon.STRONG_TARGET_CUES))
_TARGET_CUE = re.compile(rf"(?:{alternation(lexicon.TARGET_CUES)})(?!{alternation(lexicon.TARGET_CUE_NOT_BEFORE)})")
_PER_YEAR = re.compile(r"每年|年均|每年度|每一年度")
_DISTRIBUTIVE = re.compile(r"分别|均|各")
_FROM_TO = re.compile(r"(?:从|由)\s?(?:(?:19|20)\d{2}\s?年(?:底|末)?的?)?$")
# "在“十四五”末", "“十四五”期间": a horizon, not part of what is measured.
_PLAN_PERIOD_PHRASE = (rf"(?:在|到)?\s?[“\"]?(?:{alternation(lexicon.PLAN_PERIODS)})[”\"]?(?:时期|期间|期末|末)"
                       r"|在\s?\d{4}\s?年(?:底|末)?")
_LEADING_NOISE = re.compile(
    r"^(?:[、和及与并且，,]|\d{1,2}[．.、]|[（(][一二三四五六七八九十\d]+[）)]|以上|以下|左右|以内|"
    r"其中|同时|力争|确保|争取|推动|推进|实现|基本|全面|进一步|持续|加快|"
    r"到\s?\d{4}\s?年(?:底|末)?|\d{4}\s?年(?:底|末)?|截至|截止|目前|此外|预计|带动|继续|原则上|"
    r"[一二三四五六七八九十]+是|[一二三四五六七八九十]+、|逐步|将|相当于|包括|我国|" + _PLAN_PERIOD_PHRASE + ")+"
)
_TRAILING_NOISE = re.compile(
    rf"(?:分别|均|各|要|将|力争|确保|争取|再|实现|稳定|保持|逐步|进一步|基本|累计|已|{_PLAN_PERIOD_PHRASE}|"
    rf"(?:较|比|与)\s?\d{{4}}\s?年(?:底|末)?(?:相比)?|{alternation(lexicon.COMPARATORS_BEFORE)}|"
    rf"{alternation(lexicon.CHANGE_VERBS)}|[到至在的为，,、])+$"
)
_TAIL_CLAUSE_END = re.compile(r"^\s?(?:[、和及与]|以及)|[，,。；;：:\n]|(?:[、和及与]|以及)(?=\s?[\d一二两三四五六七八九十百千若])|[（(](?=责任|牵头)")


@dataclass(frozen=True, slots=True)
class Scope:
    """What the document around a number says about years."""

    title_year: int | None
    horizon: int | None
    reference_year: int | None  # the year the document was written (文号), for 全年/今年
    title_span: bool = False  # the title year ends a span ("（2023－2025年）"), so 全年 is not it


# ---------------------------------------------------------------------------------------------
# Document-level context


def _scope_of(text: str) -> Scope:
    """Years stated by a document's own text: title year, 文号 or signature date, goals horizon."""
    head = text[:600]
    title = _title_of(text)
    doc_number = _DOC_NUMBER.search(head)
    date = re.search(r"(20\d{2})\s?年\s?\d{1,2}\s?月\s?\d{1,2}\s?日", head)
    reference = int(doc_number.group("year")) if doc_number else int(date.group(1)) if date else None
    return Scope(title_year(title), plan_horizon(text), reference, bool(_TITLE_SPAN.search(title)))


def _with_document(scope: Scope, doc: Document) -> Scope:
    """Prefer what the segmenter read from the document (title year, horizon, issue date)."""
    issued = re.match(r"(\d{4})", doc.issue_date or "")
    numbered = re.search(r"(20\d{2})", doc.doc_number or "")
    reference = int(issued.group(1)) if issued else int(numbered.group(1)) if numbered else scope.reference_year
    span = bool(_TITLE_SPAN.search(doc.title or ""))
    return Scope(doc.title_year or title_year(doc.title or "") or scope.title_year, doc.horizon_year or scope.horizon,
                 reference, span or scope.title_span)


def _title_of(text: str) -> str:
    """The title lines at the top of a document (up to the line that ends like a title)."""
    parts = []
    for line in text.split("\n")[:4]:
        parts.append(line)
        if _DOC_TITLE.match(line):
            return "".join(parts)
    return ""


def title_year(title: str) -> int | None:
    """A year a title scopes its document to: "关于做好2023年..." -> 2023, "(2023－2025年)" -> 2025.

    An edition ("（2023年版）") is not a horizon; a named plan period is ("“十四五”...实施方案" -> 2025).
    """
    years = [int(m.group("year")) for m in _YEAR.finditer(title) if m.group("post") != "版"]
    span = _TITLE_SPAN.search(title)
    if span:
        return int(span.group(2))
    if years:
        return years[-1]
    period = _PLAN_PERIOD_NAME.search(title)  # "国家发改委印发“十四五”扩大内需战略实施方案"
    return lexicon.PLAN_PERIODS[period.group("period")] if period else None


def plan_horizon(region: str) -> int | None:
    """The one horizon a goals section states ("到2025年", "十四五"时期), or None.

    Only the first goals section counts, and only when it names exactly one year: a section that
    looks to 2025 and to 2035 gives no default to the tasks below it.
    """
    lines = region.split("\n")
    for i, line in enumerate(lines):
        if len(line) < 30 and _GOAL_HEADING.search(line) and (_HEADING.match(line) or len(line) <= 12):
            body = []
            for following in lines[i + 1:i + 8]:
                if _HEADING.match(following):
                    break
                body.append(following)
            text = "\n".join(body)
            years = {int(m.group("year")) for m in _YEAR.finditer(text) if m.group("pre") in ("到", "至")}
            years |= {lexicon.PLAN_PERIODS[m.group("period")] for m in _PLAN_PERIOD.finditer(text)}
            return years.pop() if len(years) == 1 else None
    return None


def section_kinds(text: str) -> list[tuple[int, str]]:
    """(offset, kind) at each heading: "background" ("规划背景", "发展现状": the present, so its
    numbers are baselines), "goals" ("主要目标": its numbers are targets even without a goal verb,
    "包括5个...产业集群"), "conditions" ("第三章 申报条件", "应当符合下列基本条件：": thresholds to
    qualify), else "other".

    A criteria section lasts over its own list items ("（二）在省内登记注册，...正常运营5年以上；"):
    one opened by a heading ends at the next heading of the same or a higher level ("第四章"), one
    opened by a lead-in line ends at the first line that is not one of its items."""
    marks = [(0, "other")]
    opened_by: int | None = None  # heading level that opened a criteria section
    item_level: int | None = None  # level of the items under a criteria lead-in (-1: not seen yet)
    for m in re.finditer(r"[^\n]+", text):
        line = m.group()
        level = _heading_level(line)
        if opened_by is not None:
            if level is None or level > opened_by:
                continue
            opened_by = None
        elif item_level is not None:
            if level is not None and (item_level == -1 or level >= item_level):
                item_level = level
                continue
            item_level = None
            if not _is_heading(line) and not _CONDITION_LEAD_IN.search(line):
                marks.append((m.start(), "other"))
                continue
        if _CONDITION_LEAD_IN.search(line):
            marks.append((m.start(), "conditions"))
            item_level = -1
        elif _is_heading(line):
            kind = ("background" if _BACKGROUND_HEADING.search(line) else "goals" if _GOAL_HEADING.search(line)
                    else "conditions" if _CONDITION_SECTION.search(line) else "other")
            marks.append((m.start(), kind))
            if kind == "conditions":
                opened_by = level if level is not None else -1
    return marks


_HEADING_LEVELS = (
    re.compile(r"^第[一二三四五六七八九十]+[章节部分]"),
    re.compile(r"^[一二三四五六七八九十]+、"),
    re.compile(r"^[（(][一二三四五六七八九十]+[）)]"),
    re.compile(r"^\d{1,2}\s?[．.、]"),
)


def _heading_level(line: str) -> int | None:
    """0 for 第一章, 1 for 一、, 2 for （一）, 3 for 1. ; None for a line without a list marker."""
    for level, pattern in enumerate(_HEADING_LEVELS):
        if pattern.match(line):
            return level
    return None


def _is_heading(line: str) -> bool:
    return bool((_HEADING.match(line) or len(line) <= 12) and len(line) < 40 and not re.search(r"[，。；]", line[:-1]))


# ---------------------------------------------------------------------------------------------
# Local rules for one number


def is_excluded(text: str, m: NumberMention, sentence_before: str, clause_before: str, after: str) -> bool:
    """Neither target nor baseline: a specification, name, reference, date, subsidy, fee or threshold.

    Fires on "10万吨级泊位" (spec), "5G" (name), "第3条", "〔2023〕24号", "2023年", "给予最高100万元",
    "营业收入2000万元以上的企业", "报销比例不低于75%", "“财政金融支农16条”". Does not fire on the 6
    of "新增10万吨级以上泊位6个" nor on "超过80%的专精特新企业实现...".
    """
    before_char = text[m.start - 1] if m.start else ""
    if _SPEC_AFTER.match(after) or _SPEC_AFTER.match(m.raw_unit + after) or _REFERENCE_BEFORE.search(clause_before[-4:]):
        return True
    if after[:1] and (after[0].isascii() and after[0].isalpha() or after[0] in "+＋号〕]"):
        return True
    if before_char in "+＋〔[《" or _inside_quotes(clause_before):
        return True
    if m.unit == "" and not m.chinese:
        return not _bare_number_is_quantity(clause_before, after)
    if m.chinese and m.value < lexicon.CHINESE_MIN_VALUE_WITHOUT_COMPARATOR and not re.search(r"(?:不少于|不低于|至少|超过|达到)$", clause_before):
        return True
    if m.raw_unit == "个" and after[:1] in ("月", "小"):
        return True  # "15个月" is a duration
    if m.unit in lexicon.DIMENSION_UNITS + ("标箱",) and _SPEC_NOUN_AFTER.match(after):
        return True  # "12.5米深水航道", "120标箱以上集装箱"
    clause_after = _clause_after(after)
    if _SUBSIDY.search(clause_before) or _SUBSIDY_NEAR.search(clause_before[-6:]) or _SUBSIDY_NEAR.search(after[:4]):
        return True
    if _FEE.search(clause_before) or len(_TRAILING_NOISE.sub("", clause_before)) < 3 and _FEE.search(sentence_before):
        return True  # "报销比例不低于75%"; "...缴费费率之和基础上，降低1个百分点"
    if _CONDITION.search(after[: len(clause_after) + 8]) or _CONDITION_BEFORE.search(clause_before):
        return True
    if _PENALTY.search(sentence_before) or _PENALTY.search(clause_after):
        return True  # "处上一年度销售额百分之十以下的罚款"
    if _CONDITION_OPENER.match(sentence_before):
        return True  # "对符合条件的“环保担”项目，...平均担保费率由0.8%降为0.6%"
    if m.unit in _COUNT_UNITS and _NAMED_SET_AFTER.match(after):
        return True  # "参与102项重大工程等项目建设"
    if _FEE.match(after[:4]) or re.match(rf"^.{{0,2}}(?:{_FEE.pattern})", after):
        return True  # "适用3%征收率"
    if m.unit in ("条", "项") and _PROVISION.search(clause_after):
        return True
    if m.unit in _COUNT_UNITS and _EXISTING_SET.search(clause_before) and not (
            clause_before.endswith("等") and _TARGET_CUE.search(_outside_titles(clause_before))) and not (
            places_of_a_goal(clause_before, after)):
        return True  # "全省16个先进制造业集群", "在13个设区市", "《...》等3项行业标准"
    if m.unit in _COUNT_UNITS and _EXISTING_SET_LIST.search(clause_before):
        return True  # "支持全省16个先进制造业集群、50条重点产业链企业": the list of existing sets goes on
    if m.unit in _COUNT_UNITS and re.split(r"\d", clause_before)[-1].count("、") >= 2 and not _TARGET_CUE.search(clause_before):
        return True  # "无锡、徐州、常州6个审评核查分中心": the size of a list just given
    if m.unit not in ("%", "百分点") and _THRESHOLD_AFTER.search(clause_after):
        return True
    if re.match(r"^(?:[（(][^）)]*[）)])?对", _LEADING_NOISE.sub("", clause_before)) and "的" in clause_after:
        return True  # "对月销售额10万元以下的纳税人"
    if m.unit in ("元", "美元") and _ELIGIBILITY.search(clause_before[-12:]):
        return True
    if m.unit in ("条", "项", "个") and _LIST_COUNT.match(after) or _LIST_COUNT.search(clause_before[-6:]) and m.unit == "条":
        return True
    if re.match(r"^大(?!众|型|中|学|幅|力|规模)[\u4e00-\u9fff]", after):
        return True  # "三大工程", "6大工程": a count of a list's items
    if m.unit == "工作日" and not _TIME_LIMIT.search(clause_before) and (
            _PROCEDURE.search(clause_before) or _PROCEDURE.search(clause_after)):
        return True
    return False


def places_of_a_goal(clause_before: str, after: str) -> bool:
    """"在4个市开展农业数字化建设整市推进试点": the count of places a goal reaches (a target).
    Not "在13个设区市各建设1个..." (各: the places are all there are) nor "在832个脱贫县域内"."""
    return clause_before.endswith("在") and bool(_PLACE_GOAL.match(after))


_BOOK_TITLE = re.compile(r"《[^《》]*》")


def _outside_titles(text: str) -> str:
    """`text` with the words inside 《...》 blanked: a verb in a cited title ("《电子商务产业基地建设与
    运营规范》等3项行业标准") is not a goal verb of the sentence."""
    return _BOOK_TITLE.sub(lambda t: " " * len(t.group()), text)


def _inside_quotes(clause_before: str) -> bool:
    """A number inside “...” is part of a name ("“财政金融支农16条”", "“2522”")."""
    return clause_before.rfind("“") > clause_before.rfind("”")


def _bare_number_is_quantity(clause_before: str, after: str) -> bool:
    """A number with no unit counts only right after a comparator and before punctuation:
    "指数达到86" yes; "2025年", "2522", "1+13+N" no."""
    if re.match(r"^\s?(?:年|月|日|号|时|点|分|届|期|批|次|倍|条|款|项|章|节)", after):
        return False
    return bool(re.search(r"(?:达到|超过|不低于|不少于|提高到|提升到)\s?$", clause_before)) and bool(
        re.match(r"^(?:[，。；、,;]|$)", after))


def _clause_after(after: str) -> str:
    m = re.search(r"[，,。；;]", after)
    return after[: m.start()] if m else after


def comparator_of(m: NumberMention, clause_before: str, after: str) -> str:
    """达到/为 "=", 以上/不少于 ">=", 超过 ">", 以下/不超过/控制在 "<=", 低于 "<", 约/左右 "~".

    A comparator that is also a verb is the verb when the number counts the noun after it:
    "突破50种以上智能检测装备" (develop 50 or more kinds) is ">=", "规模突破1000亿元" is ">"."""
    verb = _VERB_SENSE_BEFORE.search(clause_before)
    if verb and noun_after_unit(after):
        clause_before = clause_before[: verb.start()]
    m_after = _COMPARATOR_AFTER.match(after)
    if m_after:
        word = m_after.group().strip()
        if word == "内" and not re.match(r"^\s?内(?:[，。；,;]|完成|办结|$)", after):
            word = ""
        if word:
            if word in ("以上", "及以上"):
                strict = re.search(r"(?:超过|高于|突破)\s?$", clause_before)
                return ">" if strict else ">="
            return lexicon.COMPARATORS_AFTER[word]
    if m.approximate:
        return m.approximate
    m_before = _COMPARATOR_BEFORE.search(clause_before[-6:])
    if m_before:
        return lexicon.COMPARATORS_BEFORE[m_before.group().strip()]
    near = clause_before[-20:]
    for word in ("不超过", "不高于", "控制在", "不少于", "不低于", "超过", "接近", "约"):
        if word in near and not re.search(r"\d", near[near.rindex(word):]):
            return lexicon.COMPARATORS_BEFORE[word]
    return "="


def change_of(clause_before: str, sentence_before: str) -> tuple[str | None, int | None]:
    """Relative change and its base year: "较2020年压缩20%" -> (decrease, 2020); "提高10个百分点"
    -> (increase, None). The verb must govern the number ("提高超过5个百分点"), so "改造提升建设
    高标准农田207万亩" is no change, nor is "提高到60%" (a level)."""
    cm = _CHANGE_AT_END.search(clause_before)
    if cm is None or cm.group("to"):
        return None, None
    change = lexicon.CHANGE_VERBS[cm.group("verb")]
    if change is None:
        return None, None
    base = None
    for base in re.finditer(r"(?:较|比|与)\s?((?:19|20)\d{2})\s?年", sentence_before):
        pass
    return change, int(base.group(1)) if base else None


def _continues_enumeration(own_clause: str) -> bool:
    """"分别提高5个百分点和0.5个百分点": the second number shares the first one's verb."""
    return bool(re.fullmatch(r"\s*(?:[、和及与或]|以及)?\s*", own_clause))


def nearest_year(paragraph_before: str) -> tuple[int | None, str]:
    """The year that scopes a number, read backwards through its paragraph, and its use:
    "target" (到2025年, 2023年底前, a bare 2023年), "observed" (截至2021年底), or "" when none.

    A base year ("较2020年", "与2021年相比") and a date ("2023年3月1日", "有效期至...",
    "2023年上半年") are skipped, so "到2025年，...较2020年压缩20%" is scoped to 2025.
    """
    found = list(_YEAR.finditer(paragraph_before))
    for ym in reversed(found):
        use = _year_use(paragraph_before, ym)
        if use in ("target", "observed"):
            return int(ym.group("year")), use
    period = None
    for pm in _PLAN_PERIOD.finditer(paragraph_before):
        period = pm
    if period:
        return lexicon.PLAN_PERIODS[period.group("period")], "target"
    return None, ""


def _year_use(text: str, ym: re.Match) -> str:
    """How one year expression is used: target, observed, base or date."""
    pre, post = ym.group("pre") or "", ym.group("post") or ""
    context = text[max(0, ym.start() - 8): ym.start()]
    following = text[ym.end(): ym.end() + 6]
    if pre in ("较", "比", "与") or post in ("相比", "以来"):
        return "base"
    if pre in ("截至", "截止"):
        return "observed"
    if post in ("版", "上半年", "下半年"):
        return "date"
    if post.endswith("月") and not re.match(r"\s?(?:\d{1,2}日)?\s?(?:底|末)?前", following):
        return "date"
    if _NON_TARGET_YEAR.search(context + pre) or pre == "于":
        return "date"
    if following.startswith(("起", "后", "度", "的")) or re.match(r"[-—－~～至]\s?20\d{2}", following):
        return "date"
    return "target"


# ---------------------------------------------------------------------------------------------
# Indicator


def indicator_of(clause_before: str, after_unit: str) -> str:
    """The noun phrase measured: the clause before the number, stripped of years, modal verbs and
    comparator words, plus the noun right after the unit when the number precedes its noun
    ("建设3000个重大项目" -> "建设重大项目"; "港口综合通过能力达到28亿吨" -> "港口综合通过能力")."""
    head = _LEADING_NOISE.sub("", clause_before.strip())
    head = _TRAILING_NOISE.sub("", head)
    head = _LEADING_NOISE.sub("", head)
    return (head + noun_after_unit(after_unit)).strip()


def noun_after_unit(after_unit: str) -> str:
    """What a number counts when it comes first: the words up to the end of its clause or to the
    next item of an enumeration, and of a modified noun only the head after the last 的
    ("130个左右中医特色突出、临床疗效显著、示范带动作用明显的中医特色重点医院" -> "中医特色重点医院";
    "30个左右A重点实验室、30个左右B重点实验室" -> "A重点实验室")."""
    tail = _TAIL_LEAD.sub("", after_unit)
    stop = _TAIL_CLAUSE_END.search(tail)
    tail = tail[: stop.start()] if stop else tail
    tail = re.sub(r"^[（(][^）)]{1,3}[）)]", "", tail)  # "11.5亿台（套）"
    number = _COUNTED_NUMBER.search(tail)
    if number:  # "单项冠军300家和专精特新企业1500家": the next item has its own number
        separators = list(re.finditer(r"[、和及与]", tail[: number.start()]))
        tail = tail[: separators[-1].start()] if separators else ""
    if "的" in tail:
        modifier = tail[: tail.rindex("的")]
        if "、" in modifier or len(modifier) > 10:
            tail = tail[tail.rindex("的") + 1:]
    if len(tail) > 30:
        return ""
    return tail


# ---------------------------------------------------------------------------------------------
# Tables


def table_quantities(text: str):
    """Rows of an indicator table with two value columns under year headers.

    "序号 指标 2022年情况 2023年目标" then rows "全社会研发经费投入（亿元）3700超过4000": the first
    column is a baseline of the first year, the second a target of the second year; the unit in
    brackets carries the magnitude ("（万家）" -> 家, values x 10000). "/" means no value.
    Yields (start, end of the number, kind, label, value, unit, comparator, year).
    """
    for header in _TABLE_HEADER.finditer(text):
        y1, y2 = int(header.group("y1")), int(header.group("y2"))
        end = _table_end(text, header.end())
        block_start = header.end()
        for row in _TABLE_ROW.finditer(text, header.end(), end):
            label = _table_label(text[block_start:row.start("unit") - 1], row.group("label"))
            unit, scale = _table_unit(row.group("unit").replace("\n", ""))
            for group, kind, year in (("v1", "baseline", y1), ("v2", "target", y2)):
                raw = row.group(group)
                if raw == "/":
                    continue
                comparator = ">" if raw.startswith("超过") else ">=" if raw.startswith("不低于") else "~" if raw.startswith("约") else "="
                number = re.search(r"\d+(?:\.\d+)?", raw)
                yield (row.start(group) + number.start(), row.start(group) + number.end(), kind, label,
                       float(number.group()) * scale, unit, comparator, year)
            block_start = row.end()


def _table_end(text: str, start: int) -> int:
    """A table ends at the first long prose paragraph (a full sentence)."""
    for m in re.finditer(r"[^\n]+", text[start:]):
        if len(m.group()) > 60 and "。" in m.group():
            return start + m.start()
    return len(text)


def _table_label(block: str, label_line: str) -> str:
    """The indicator of a row: the lines since the previous row, without the row number and the
    narrow category column ("研发投入", "高新技术\\n产业")."""
    parts = [p for p in block.split("\n") if p.strip()]
    parts = [_LABEL_LEAD.sub("", p) for p in parts]
    parts = [p for p in parts if p]
    while len(parts) > 1 and len(parts[0]) <= 5:
        parts.pop(0)
    return "".join(parts)


def _table_unit(raw: str) -> tuple[str, float]:
    for mag, scale in sorted(lexicon.MAGNITUDES.items(), key=lambda kv: -len(kv[0])):
        if raw.startswith(mag) and raw != mag:
            unit = raw[len(mag):]
            return lexicon.UNITS.get(unit, unit), float(scale)
    return lexicon.UNITS.get(raw, raw), 1.0


# ---------------------------------------------------------------------------------------------
# The document pass


@dataclass(slots=True)
class _Candidate:
    mention: NumberMention
    kind: str
    indicator: str
    comparator: str
    change: str | None
    baseline_year: int | None
    year: int | None
    per_year: bool
    sentence_start: int
    sentence_end: int
    confidence: float
    baseline_value: float | None = None
    noun: str = ""  # what the number counts when it comes first ("建设3000个重大项目" -> "重大项目")


def extract_quantities(doc: Document) -> list[Quantity]:
    """Every target and baseline of a document, with provenance (line, offsets, sentence)."""
    text = doc.text
    scope = _with_document(_scope_of(text), doc)
    sections = section_kinds(text)
    section_starts = [s[0] for s in sections]
    table_spans: list[tuple[int, int]] = []
    candidates: list[_Candidate] = []

    for offset, number_end, kind, label, value, unit, comparator, year in table_quantities(text):
        mention = NumberMention(offset, number_end, value, None, unit, unit, None, False)
        line_start = text.rfind("\n", 0, offset) + 1
        line_end = text.find("\n", offset)
        line_end = len(text) if line_end < 0 else line_end
        table_spans.append((line_start, line_end))
        candidates.append(_Candidate(mention, kind, label, comparator, None, None, year, False,
                                     line_start, line_end, 0.8))

    previous: _Candidate | None = None
    previous_end = 0
    body_start = title_end(text, doc.title)
    for m in find_numbers(text):
        if m.start < body_start or any(a <= m.start < b for a, b in table_spans):
            continue
        candidate = _classify(doc, text, m, scope,
                              sections[bisect_right(section_starts, m.start) - 1][1], previous, previous_end)
        if candidate is not None:
            line_end = text.find("\n", m.end)
            candidate.noun = noun_after_unit(text[m.end: len(text) if line_end < 0 else line_end])
            candidates.append(candidate)
            previous = candidate
            previous_end = m.end
    candidates.sort(key=lambda c: c.mention.start)
    share_trailing_units(text, candidates)
    distribute_shared_subject(text, candidates)
    attach_owners(text, candidates)
    link_baselines(text, candidates)
    return _to_records(doc, _deduplicate(text, candidates))


def title_end(text: str, title: str) -> int:
    """Offset where the document's title (printed over one or more lines) ends in its text, or 0.

    A number in a title names the document ("商务部等8部门决定设立29个国家进口贸易促进创新示范区",
    "关于给予...等3国98%税目产品零关税待遇的公告"); the body states the quantity if it is one.
    """
    want = re.sub(r"\s", "", title)
    if not want or not re.sub(r"\s", "", text[: len(title) + 40]).startswith(want[:8]):
        return 0
    seen = 0
    for line in re.finditer(r"[^\n]*\n?", text[: len(title) * 2 + 40]):
        seen += len(re.sub(r"\s", "", line.group()))
        if seen >= len(want):
            return line.end()
    return 0


def link_baselines(text: str, candidates: list[_Candidate]) -> None:
    """"从2020年的X提高到Y": the target Y carries X as its baseline value and names the indicator
    of both."""
    for first, second in zip(candidates, candidates[1:]):
        if (first.kind == "baseline" and second.kind == "target" and first.sentence_start == second.sentence_start
                and _FROM_TO.search(text[first.sentence_start:first.mention.start])
                and second.mention.start - first.mention.end <= 8):
            second.baseline_value = first.mention.value
            if second.change is None:
                second.baseline_year = first.year
            if len(first.indicator) >= 2:
                second.indicator = first.indicator
            else:
                first.indicator = second.indicator


def attach_owners(text: str, candidates: list[_Candidate]) -> None:
    """A measure that belongs to something named earlier in its sentence gets that owner:
    "电力变压器数量约1700万台，总容量约110亿千伏安" -> "电力变压器总容量" (the previous number measured
    the same thing), "沿海港口新增...泊位6个，综合通过能力达到5.1亿吨" -> "沿海港口综合通过能力" (the
    subject before the previous number's verb), "优化能耗强度审批流程，时长控制在15个工作日内" ->
    "能耗强度审批流程时长" (the clause before, without its verb). A measure that stands alone ("年节
    能量约3000万吨标准煤": the plan's own saving) is left alone."""
    for i, c in enumerate(candidates):
        if not _OWNED_MEASURE.match(c.indicator):
            continue
        previous = candidates[i - 1] if i else None
        if previous is not None and previous.sentence_start == c.sentence_start:
            if not re.search(r"[，,；;]", text[previous.mention.end:c.mention.start]):
                continue  # "药品注册及需标准复核的检验时限分别缩减至45个、70个": one subject, split already
            owner = _owner_from_indicator(previous.indicator)
        else:
            before = text[c.sentence_start:c.mention.start]
            clauses = re.split(r"[，,；;：:]", before)
            owner = _TASK_VERB.sub("", clauses[-2]) if len(clauses) >= 2 else ""
            owner = "" if re.search(r"\d", owner) or len(owner) > 15 else _LEADING_NOISE.sub("", owner)
        if len(owner) >= 2:
            c.indicator = owner + c.indicator


def _owner_from_indicator(indicator: str) -> str:
    """"电机保有量" -> "电机", "三季度开工率" -> "三季度", "沿海港口新增10万吨级以上泊位" -> "沿海港口";
    "在用通用照明设备中...的占比" -> "在用通用照明设备中"; "" when neither a measure nor a verb shows
    where the owner ends."""
    ending = _OWNER_ENDING.search(indicator)
    if ending and ending.start() > 0:
        owner = indicator[: ending.start()]
        return owner[: owner.rindex("中") + 1] if "中" in owner else owner
    verb = _TARGET_CUE.search(indicator)
    return indicator[: verb.start()] if verb and verb.start() > 0 else ""


def distribute_shared_subject(text: str, candidates: list[_Candidate]) -> None:
    """"在运工商业制冷设备、家用制冷设备、通用照明设备中高效节能产品占比分别达到40%、60%、50%":
    each number gets its own subject ("在运家用制冷设备中高效节能产品占比"). Only with 分别 and as many
    listed subjects as numbers; "A和B均达到80%" is one number shared, left alone."""
    i = 0
    while i < len(candidates):
        j = i + 1
        while (j < len(candidates) and candidates[j].sentence_start == candidates[i].sentence_start
               and _ENUMERATION_GAP.fullmatch(text[candidates[j - 1].mention.end:candidates[j].mention.start])):
            j += 1
        run = candidates[i:j]
        if len(run) >= 2:
            first = run[0]
            sentence_before = text[first.sentence_start:first.mention.start]
            clauses = re.split(r"[，,；;：:]", sentence_before)
            if "分别" in clauses[-1]:
                subjects = split_subject(first.indicator, len(run))
                if subjects is None and len(clauses) >= 2 and clauses[-2].endswith("中"):
                    # "在运工商业制冷设备、家用制冷设备中，能效达到...的高效节能产品占比分别达到40%、60%"
                    frame = _LEADING_NOISE.sub("", clauses[-2][:-1])
                    subjects = split_subject(frame + "中" + first.indicator, len(run), shared_from="中")
                if subjects is not None:
                    for c, subject in zip(run, subjects):
                        c.indicator = subject
        i = j


_ENUMERATION_GAP = re.compile(r"\s*(?:[、和及与或]|以及)\s*(?:超过|不低于|不少于|约|近)?\s*")


def split_subject(subject: str, count: int, shared_from: str | None = None) -> list[str] | None:
    """Split "工业锅炉、电站锅炉平均运行热效率" into ["工业锅炉平均运行热效率", "电站锅炉平均运行热效率"].

    The last listed item ends where the others end ("锅炉"), else before a measure noun ("占比",
    "时限"); what follows is shared by all. A qualifier of the first item ("在运") is shared too."""
    shared_at = subject.find(shared_from) if shared_from else -1
    listed = subject[:shared_at] if shared_at > 0 else subject
    parts = re.split(r"[、和与]|及(?!以上|以下|其)", listed)
    if len(parts) != count or not all(parts):
        return None
    others, last = parts[:-1], parts[-1]
    if shared_at > 0:
        item, shared = last, subject[shared_at:]
    else:
        cut = _end_of_last_item(others, last)
        if cut is None:
            return None
        item, shared = last[:cut], last[cut:]
    items = others + [item]
    qualifier = _SHARED_QUALIFIER.match(items[0])
    if qualifier:
        items = [p if p.startswith(qualifier.group()) else qualifier.group() + p for p in items]
    return [p + shared for p in items]


def _end_of_last_item(others: list[str], last: str) -> int | None:
    common = others[0]
    for other in others[1:]:
        k = 0
        while k < min(len(common), len(other)) and common[-1 - k] == other[-1 - k]:
            k += 1
        common = common[len(common) - k:] if k else ""
    for k in range(len(common), 0, -1):
        at = last.find(common[-k:])
        if at >= 0 and at + k < len(last):
            return at + k
    measure = None
    for measure in _MEASURE_NOUN.finditer(last):
        pass
    return measure.start() if measure and measure.start() > 0 else None


_COUNTED_NUMBER = re.compile(
    rf"\d[\d.]*\s?(?:{alternation(lexicon.MAGNITUDES)})?(?:{alternation(lexicon.UNITS)})")
_MEASURE_NOUN = re.compile(alternation(lexicon.MEASURE_NOUNS))
_SHARED_QUALIFIER = re.compile(alternation(lexicon.SHARED_QUALIFIERS))


def share_trailing_units(text: str, candidates: list[_Candidate]) -> None:
    """"缩减至30个、10个工作日": the bare 个 of the first number takes the unit written after the
    last one (工作日). "40个、60%" is left alone."""
    for i in range(len(candidates) - 2, -1, -1):
        first, second = candidates[i], candidates[i + 1]
        between = text[first.mention.end:second.mention.start]
        if (first.mention.raw_unit == "个" and second.mention.raw_unit.startswith("个") and len(second.mention.raw_unit) > 1
                and re.fullmatch(r"\s*[、和及]\s*", between)):
            first.mention = replace(first.mention, unit=second.mention.unit, raw_unit=second.mention.raw_unit)


def _classify(doc: Document, text: str, m: NumberMention, scope: Scope, section: str,
              previous: "_Candidate | None", previous_end: int) -> _Candidate | None:
    para_start = text.rfind("\n", 0, m.start) + 1
    para_end = text.find("\n", m.end)
    para_end = len(text) if para_end < 0 else para_end
    before = text[para_start:m.start]
    after = text[m.end:para_end]
    sentence_start = para_start + _last_break(before, _SENTENCE_END)
    sentence_end_match = _SENTENCE_END.search(after)
    sentence_end = m.end + (sentence_end_match.end() if sentence_end_match else len(after))
    sentence_before = text[sentence_start:m.start]
    clause_before = sentence_before[_last_clause_break(sentence_before):]

    if is_excluded(text, m, sentence_before, clause_before, after):
        return None
    if section == "conditions":
        return None

    comparator = comparator_of(m, clause_before, after)
    if comparator == "<=" and m.unit in _COUNT_UNITS and _QUOTA.search(sentence_before):
        return None  # "每年评定数量各不超过10个": the cap of an award, not a goal
    change, baseline_year = change_of(clause_before, sentence_before)
    if text[m.start:m.end] in lexicon.WORD_CHANGES:
        change = lexicon.WORD_CHANGES[text[m.start:m.end]]
    # The indicator of the second of "A 30个、B 5个" starts after the first number.
    own_clause = clause_before[max(0, previous_end - (m.start - len(clause_before))):]
    same_sentence = previous is not None and previous.sentence_start == sentence_start
    if previous is not None and previous.sentence_start == sentence_start and _continues_enumeration(own_clause):
        if change is None:
            change, baseline_year = previous.change, previous.baseline_year
        if not _COMPARATOR_AFTER.match(after) and not _COMPARATOR_BEFORE.search(own_clause):
            comparator = previous.comparator
    year, year_use = nearest_year(before)
    sentence = text[sentence_start:sentence_end]

    from_to = _FROM_TO.search(clause_before)
    if from_to and re.match(r"^\s?(?:[^，。；\d]{0,3})?(?:提高|提升|增加|增长|降低|下降|减少|压缩|降)(?:到|至|为)", after):
        # "从2020年的2.9%提高到3.2%": the first number is the baseline of the second
        base_year = re.search(r"(?:19|20)\d{2}", from_to.group())
        return _Candidate(m, "baseline", _indicator(own_clause[: own_clause.rfind(from_to.group()[0])], "", m, previous),
                          "=", None, None, int(base_year.group()) if base_year else None, False,
                          sentence_start, sentence_end, 0.8)
    kind = _kind_of(m, sentence_before, clause_before, after, year, year_use, scope, section)
    if kind is None:
        return None
    if kind == "baseline":
        obs_year = year if year_use in ("observed", "target") else None
        confidence = 0.6 + (0.15 if obs_year else 0) + (0.1 if _BASELINE.search(sentence_before[-30:]) else 0)
        return _Candidate(m, kind, _indicator(own_clause, after, m, previous, same_sentence), comparator, None, None,
                          obs_year, False, sentence_start, sentence_end, round(confidence, 2))
    target_year = year if year_use == "target" else None
    if target_year is None and year_use in ("", "base", "date"):
        target_year = _default_year(sentence, sentence_before, scope)
    if _RELATIVE_HORIZON.search(sentence_before) or year_use != "target" and _STANDING.search(clause_before):
        target_year = None
    per_year = bool(_PER_YEAR.search(sentence_before[-40:]))
    confidence = target_confidence(clause_before, after, year_use, target_year, section)
    indicator = _indicator(own_clause, after, m, previous, same_sentence)
    if m.unit not in ("%", "百分点") and breaks_down_a_goal(sentence_before, clause_before):
        item = indicator_of(own_clause, after)
        if 0 < len(item) <= 6:  # "其中水稻500个" -> "支持建设粮油绿色高质高效示范片（水稻）"
            indicator = f"{indicator_of(_parent_clause(sentence_before, clause_before), '')}（{item}）"
    return _Candidate(m, "target", indicator, comparator, change,
                      baseline_year, target_year, per_year, sentence_start, sentence_end, confidence)


def target_confidence(clause_before: str, after: str, year_use: str, target_year: int | None, section: str) -> float:
    """How sure a reader can be that this is a target with the right year, for the dashboard's filter.

    A goal modal or an explicit comparator ("力争...达到", "不低于", "以上") and a year stated in the
    sentence ("到2025年") give the most (0.9+); a year inherited from the plan or title, a bare
    goal verb ("支持建设...110万亩") or no year at all give less (0.55-0.75)."""
    confidence = 0.55
    if (_STRONG_CUE.search(clause_before) or _COMPARATOR_BEFORE.search(clause_before[-6:])
            or _COMPARATOR_AFTER.match(after)):
        confidence += 0.2
    if year_use == "target" and target_year is not None:
        confidence += 0.15
    elif target_year is not None:
        confidence += 0.05
    if section == "goals":
        confidence += 0.05
    return round(min(confidence, 0.95), 2)


def _default_year(sentence: str, sentence_before: str, scope: Scope) -> int | None:
    """A number without its own year takes the plan horizon, else the title year. "全年"/"年内"/
    "今年" is the year the document was written (its 文号 or date) - or the single year its title
    names ("关于做好2023年...的意见"), never the end of a multi-year span."""
    if re.search(r"全年|今年|年内", sentence_before):
        # the year of writing, unless the title names the one year the document is about
        if scope.title_year and not scope.title_span:
            return scope.title_year
        return scope.reference_year or scope.title_year
    return scope.horizon or scope.title_year


def _kind_of(m: NumberMention, sentence_before: str, clause_before: str, after: str, year: int | None,
             year_use: str, scope: Scope, section: str) -> str | None:
    """target, baseline, or None (no goal or observation cue near the number)."""
    near_before = sentence_before[-30:]
    observed = bool(_BASELINE.search(near_before)) or year_use == "observed"
    reference = scope.reference_year or scope.title_year
    if (year_use == "target" and reference and year is not None and year < reference
            and not re.search(r"到|力争|确保", near_before) and _OBSERVATION.search(clause_before)):
        observed = True
    if section == "background" and not re.search(r"到\s?20\d{2}|力争|目标", near_before):
        observed = True
    if observed:
        return "baseline"
    cue = _TARGET_CUE.search(_outside_titles(clause_before)) or _COMPARATOR_AFTER.match(after) or m.approximate
    if cue or _COMPARATOR_BEFORE.search(clause_before[-6:]) or section == "goals":
        return "target"
    if places_of_a_goal(clause_before, after) or weak_verb_governs(m, clause_before, after):
        return "target"
    if m.unit not in ("%", "百分点") and breaks_down_a_goal(sentence_before, clause_before):
        return "target"
    return None


def weak_verb_governs(m: NumberMention, clause_before: str, after: str) -> bool:
    """发展/推进 mark a goal when they govern the number's noun: "统筹发展高效节水灌溉16万亩" (the number
    ends the clause the verb opens), "加快推进...10个驻外检验室建设" (a nominal goal word ends the
    number's noun). Not "推进...高质量发展，...近三年" nor "发展水平" with no count of its own."""
    if not m.unit or m.unit in ("%", "百分点") or not _WEAK_CUE.search(clause_before):
        return False
    if _NOMINAL_GOAL_AFTER.match(after):
        return True
    return bool(re.match(r"^\s?(?:[，。；,;]|$)", after)) and not re.search(r"\d", clause_before)


def breaks_down_a_goal(sentence_before: str, clause_before: str) -> bool:
    """"支持建设粮油绿色高质高效示范片，其中水稻500个、小麦100个": a 其中 clause breaks down the goal of
    the clause before it (every item of the clause, 、 does not end it). Not a 其中 clause after a
    clause without a goal verb ("...，其中..." of an observation)."""
    if not _BREAKDOWN.match(clause_before):
        return False
    return bool(_TARGET_CUE.search(_outside_titles(_parent_clause(sentence_before, clause_before))))


def _parent_clause(sentence_before: str, clause_before: str) -> str:
    """The clause right before `clause_before` in its sentence."""
    head = sentence_before[: len(sentence_before) - len(clause_before)].rstrip("，,： ")
    return head[_last_clause_break(head):]


def _indicator(own_clause: str, after: str, m: NumberMention, previous: _Candidate | None,
               same_sentence: bool = False) -> str:
    """The indicator of a number from the words since the previous number of its sentence.

    In a list the later items share the first item's verb: "遴选培养50名岐黄学者和200名青年岐黄学者"
    -> "遴选培养青年岐黄学者"; "累计培育国家制造业单项冠军300家和专精特新企业1500家" -> "累计培育专精特新
    企业". A list item that brings its own verb keeps it ("...300家，创新型中小企业50000家以上")."""
    clause = own_clause
    if same_sentence and previous is not None and previous.noun:
        items = list(re.finditer(r"[、和及与]", clause))  # the previous number's noun ends at the last one
        if items:
            clause = clause[items[-1].end():]
    indicator = indicator_of(clause, after)
    if len(indicator) < 2 and previous is not None:
        return previous.indicator
    continues = clause is not own_clause or re.match(r"\s?(?:[、和及与]|以及)", own_clause)
    if same_sentence and continues:
        verbs = _VERBS_AT_START.match(previous.indicator)
        if verbs and not _VERBS_AT_START.match(indicator):
            indicator = verbs.group() + indicator
    return indicator


_VERBS_AT_START = re.compile(rf"^(?:(?:{alternation(lexicon.SHARED_VERBS)})\s?)+")


def _last_break(text: str, pattern: re.Pattern) -> int:
    last = 0
    for bm in pattern.finditer(text):
        last = bm.end()
    return last


_CLAUSE_BREAK_RE = re.compile(r"[，,；;：:！？!?]")


def _last_clause_break(text: str) -> int:
    return _last_break(text, _CLAUSE_BREAK_RE)


def _deduplicate(text: str, candidates: list[_Candidate]) -> list[_Candidate]:
    """The same target repeated in one document (a summary and the full text, a heading and its
    goals list) is kept once: same kind, value, unit and year, and either indicators that share
    most of their characters or the same words right after the number ("包括5个具有国际竞争力的
    战略性新兴产业集群" ... "（一）打造5个具有国际竞争力的战略性新兴产业集群。")."""
    seen: dict[tuple, list[tuple[str, str, int]]] = {}
    kept = []
    for c in candidates:
        key = (c.kind, c.mention.value, c.mention.value_high, c.mention.unit, c.year)
        earlier = seen.setdefault(key, [])
        noun = _noun_after(text, c.mention.end)
        if any((_similar(c.indicator, other) or len(noun) >= 6 and noun == other_noun) and c.sentence_start != start
               for other, other_noun, start in earlier):
            continue
        earlier.append((c.indicator, noun, c.sentence_start))
        kept.append(c)
    return kept


def _noun_after(text: str, end: int) -> str:
    """The words right after a number, up to punctuation: what it counts when it comes first."""
    words = re.match(r"(?:以上|左右|以内)?的?([^，。；、,;\n]{0,12})", text[end:end + 16])
    return words.group(1) if words else ""


def _similar(a: str, b: str) -> bool:
    if not a or not b:
        return a == b
    common = len(set(a) & set(b))
    return 2 * common / (len(set(a)) + len(set(b))) >= 0.8


def stated_baseline(target: _Candidate, observed: dict[str, list[tuple[float, int | None]]]
                    ) -> tuple[float | None, int | None]:
    """The baseline (value, year) the dashboard draws a target's path from.

    "从2020年的X提高到Y" links X directly. Otherwise a baseline of the same indicator in the same
    document: for a relative target ("较2020年提高0.5个百分点") only one observed in its base year,
    since the target level is derived from it ("截至2021年底...为2.9%" is not the 2020 base); for an
    absolute target the first one observed before its target year.
    """
    if target.baseline_value is not None:
        return target.baseline_value, target.baseline_year
    for value, year in observed.get(target.indicator, ()):
        if target.change is not None:
            if target.baseline_year is not None and year == target.baseline_year:
                return value, year
        elif year is None or target.year is None or year < target.year:
            return value, year
    return None, target.baseline_year


def _to_records(doc: Document, candidates: list[_Candidate]) -> list[Quantity]:
    observed: dict[str, list[tuple[float, int | None]]] = {}
    for c in candidates:
        if c.kind == "baseline":
            observed.setdefault(c.indicator, []).append((c.mention.value, c.year))
    occurrences: dict[tuple, int] = {}
    records = []
    for c in candidates:
        baseline_value, baseline_year = stated_baseline(c, observed) if c.kind == "target" else (None, c.baseline_year)
        sentence = doc.text[c.sentence_start:c.sentence_end].strip()
        key = (sentence, c.mention.value, c.kind)
        occurrence = occurrences.get(key, 0)
        occurrences[key] = occurrence + 1
        records.append(Quantity(
            quantity_id=quantity_id(doc.seed, doc.title, sentence, c.mention.value, c.kind, occurrence),
            doc_id=doc.doc_id, seed=doc.seed, kind=c.kind, indicator=c.indicator, value=c.mention.value,
            value_high=c.mention.value_high, unit=c.mention.unit, comparator=c.comparator, change=c.change,
            baseline_year=baseline_year, target_year=c.year, per_year=c.per_year, baseline_value=baseline_value,
            sentence=sentence, line=_line_of(doc, c.mention.start), char_start=c.mention.start,
            char_end=c.mention.end, confidence=c.confidence,
        ))
    return records


def _line_of(doc: Document, offset: int) -> int:
    if not doc.line_starts:
        return doc.start_line
    i = bisect_right(doc.line_starts, offset) - 1
    return doc.line_numbers[max(i, 0)]
