from __future__ import annotations

import re
from dataclasses import replace

from etl import lexicon
from etl.extract.candidate import Candidate
from etl.extract.patterns import LEADING_NOISE, TARGET_CUE, TRAILING_NOISE
from etl.numbers import NumberMention, alternation

_OWNED_MEASURE = re.compile(
    rf"^(?:[^的，。；\d]{{1,20}}的)?(?:[\u4e00-\u9fff]{{0,2}}|(?:{alternation(lexicon.OWNED_MEASURE_PREFIXES)})*)"
    rf"(?:{alternation(lexicon.OWNED_MEASURES)})$"
)


_OWNER_ENDING = re.compile(rf"(?:[\u4e00-\u9fff]{{2}}率|{alternation(lexicon.OWNER_MEASURE_ENDINGS)})$")


_TASK_VERB = re.compile(rf"^(?:{alternation(lexicon.TASK_VERBS)})")


_TAIL_LEAD = re.compile(rf"^\s?(?:{alternation(lexicon.COMPARATORS_AFTER)})?的?")


_TAIL_CLAUSE_END = re.compile(
    r"^\s?(?:[、和及与]|以及)|[，,。；;：:\n]|(?:[、和及与]|以及)(?=\s?[\d一二两三四五六七八九十百千若])|[（(](?=责任|牵头)"
)


def indicator_of(clause_before: str, after_unit: str) -> str:
    """The noun phrase measured: the clause before the number, stripped of years, modal verbs and
    comparator words, plus the noun right after the unit when the number precedes its noun
    ("建设3000个重大项目" -> "建设重大项目"; "港口综合通过能力达到28亿吨" -> "港口综合通过能力")."""
    head = LEADING_NOISE.sub("", clause_before.strip())
    head = TRAILING_NOISE.sub("", head)
    head = LEADING_NOISE.sub("", head)
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
    if _TAIL_VERB.match(tail):
        return ""  # "赤字率拟按2.8%安排": a verb follows the number, not what it counts
    comma = tail.find("、")
    if comma > 0 and _CLAUSE_VERB.search(tail, 0, comma):
        tail = tail[:comma]  # "...资金纳入直达机制、规模明显大于去年": a 、 after a verb phrase ends a clause
    number = _COUNTED_NUMBER.search(tail)
    if number:  # "单项冠军300家和专精特新企业1500家": the next item has its own number
        separators = list(re.finditer(r"[、和及与]", tail[: number.start()]))
        tail = tail[: separators[-1].start()] if separators else ""
    if "的" in tail:
        modifier = tail[: tail.rindex("的")]
        if "、" in modifier or len(modifier) > 10:
            tail = tail[tail.rindex("的") + 1 :]
    if len(tail) > 30:
        return ""
    return tail


_TAIL_VERB = re.compile(alternation(lexicon.VERBS_AFTER_NUMBER))
_CLAUSE_VERB = re.compile(alternation(lexicon.DISPOSAL_VERBS + lexicon.VERBS_AFTER_NUMBER))


def attach_owners(text: str, candidates: list[Candidate]) -> None:
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
            if not re.search(r"[，,；;]", text[previous.mention.end : c.mention.start]):
                continue  # "药品注册及需标准复核的检验时限分别缩减至45个、70个": one subject, split already
            owner = _owner_from_indicator(previous.indicator)
        else:
            before = text[c.sentence_start : c.mention.start]
            clauses = re.split(r"[，,；;：:]", before)
            owner = _TASK_VERB.sub("", clauses[-2]) if len(clauses) >= 2 else ""
            owner = "" if re.search(r"\d", owner) or len(owner) > 15 else LEADING_NOISE.sub("", owner)
        if len(owner) >= 2:
            c.indicator = owner + c.indicator


def _owner_from_indicator(indicator: str) -> str:
    """ "电机保有量" -> "电机", "三季度开工率" -> "三季度", "沿海港口新增10万吨级以上泊位" -> "沿海港口";
    "在用通用照明设备中...的占比" -> "在用通用照明设备中"; "" when neither a measure nor a verb shows
    where the owner ends."""
    ending = _OWNER_ENDING.search(indicator)
    if ending and ending.start() > 0:
        owner = indicator[: ending.start()]
        return owner[: owner.rindex("中") + 1] if "中" in owner else owner
    verb = TARGET_CUE.search(indicator)
    return indicator[: verb.start()] if verb and verb.start() > 0 else ""


def distribute_shared_subject(text: str, candidates: list[Candidate]) -> None:
    """ "在运工商业制冷设备、家用制冷设备、通用照明设备中高效节能产品占比分别达到40%、60%、50%":
    each number gets its own subject ("在运家用制冷设备中高效节能产品占比"). Only with 分别 and as many
    listed subjects as numbers; "A和B均达到80%" is one number shared, left alone."""
    i = 0
    while i < len(candidates):
        j = i + 1
        while (
            j < len(candidates)
            and candidates[j].sentence_start == candidates[i].sentence_start
            and _ENUMERATION_GAP.fullmatch(text[candidates[j - 1].mention.end : candidates[j].mention.start])
        ):
            j += 1
        run = candidates[i:j]
        if len(run) >= 2:
            first = run[0]
            sentence_before = text[first.sentence_start : first.mention.start]
            clauses = re.split(r"[，,；;：:]", sentence_before)
            if "分别" in clauses[-1]:
                subjects = split_subject(first.indicator, len(run))
                if subjects is None and len(clauses) >= 2 and clauses[-2].endswith("中"):
                    # "在运工商业制冷设备、家用制冷设备中，能效达到...的高效节能产品占比分别达到40%、60%"
                    frame = LEADING_NOISE.sub("", clauses[-2][:-1])
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
        common = common[len(common) - k :] if k else ""
    for k in range(len(common), 0, -1):
        at = last.find(common[-k:])
        if at >= 0 and at + k < len(last):
            return at + k
    measures = list(_MEASURE_NOUN.finditer(last))
    measure = measures[-1] if measures else None  # the last measure noun
    return measure.start() if measure and measure.start() > 0 else None


_COUNTED_NUMBER = re.compile(rf"\d[\d.]*\s?(?:{alternation(lexicon.MAGNITUDES)})?(?:{alternation(lexicon.UNITS)})")


_MEASURE_NOUN = re.compile(alternation(lexicon.MEASURE_NOUNS))


_SHARED_QUALIFIER = re.compile(alternation(lexicon.SHARED_QUALIFIERS))


def share_trailing_units(text: str, candidates: list[Candidate]) -> None:
    """ "缩减至30个、10个工作日": the bare 个 of the first number takes the unit written after the
    last one (工作日). "40个、60%" is left alone."""
    for i in range(len(candidates) - 2, -1, -1):
        first, second = candidates[i], candidates[i + 1]
        between = text[first.mention.end : second.mention.start]
        if (
            first.mention.raw_unit == "个"
            and second.mention.raw_unit.startswith("个")
            and len(second.mention.raw_unit) > 1
            and re.fullmatch(r"\s*[、和及]\s*", between)
        ):
            first.mention = replace(first.mention, unit=second.mention.unit, raw_unit=second.mention.raw_unit)


def indicator_in_clause(
    own_clause: str, after: str, m: NumberMention, previous: Candidate | None, same_sentence: bool = False
) -> str:
    """The indicator of a number from the words since the previous number of its sentence.

    In a list the later items share the first item's verb: "遴选培养50名岐黄学者和200名青年岐黄学者"
    -> "遴选培养青年岐黄学者"; "累计培育国家制造业单项冠军300家和专精特新企业1500家" -> "累计培育专精特新
    企业". A list item that brings its own verb keeps it ("...300家，创新型中小企业50000家以上")."""
    clause = own_clause
    if same_sentence and previous is not None and previous.noun:
        items = list(re.finditer(r"[、和及与]", clause))  # the previous number's noun ends at the last one
        if items:
            clause = clause[items[-1].end() :]
    indicator = indicator_of(clause, after)
    if len(indicator) < 2 and previous is not None:
        return previous.indicator
    continues = clause is not own_clause or re.match(r"\s?(?:[、和及与]|以及)", own_clause)
    if same_sentence and continues and previous is not None:  # callers: same_sentence implies a previous
        verbs = _VERBS_AT_START.match(previous.indicator)
        if verbs and not _VERBS_AT_START.match(indicator):
            indicator = verbs.group() + indicator
    return indicator


_VERBS_AT_START = re.compile(rf"^(?:(?:{alternation(lexicon.SHARED_VERBS)})\s?)+")


def people_unit(m: NumberMention, clause_before: str, after: str) -> NumberMention:
    """A bare 万/亿 that counts people takes their unit: "农村贫困人口减少1386万" -> 人, "近1400万农业
    转移人口" -> 人, "国内出游人次48.9亿" -> 人次. "新增专项债券1万亿" stays without one."""
    if m.unit or m.value < 10_000 or m.chinese:
        return m
    noun = _PEOPLE_BEFORE.search(clause_before) or _PEOPLE_AFTER.match(after)
    if noun is None:
        return m
    unit = lexicon.PEOPLE_NOUNS[noun.group("noun")]
    return replace(m, unit=unit, raw_unit=unit)


_PEOPLE = alternation(lexicon.PEOPLE_NOUNS)
_PEOPLE_BEFORE = re.compile(rf"(?P<noun>{_PEOPLE})[^，。；、,;\d]{{0,6}}$")
_PEOPLE_AFTER = re.compile(rf"^[^，。；、,;\d]{{0,10}}?(?P<noun>{_PEOPLE})")
