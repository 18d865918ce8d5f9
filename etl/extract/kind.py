from __future__ import annotations

import re

from etl import lexicon
from etl.extract.exclusions import places_of_a_goal
from etl.extract.indicator import noun_after_unit
from etl.extract.patterns import (
    COMPARATOR_AFTER,
    COMPARATOR_BEFORE,
    COMPARATOR_REACH,
    CUE_REACH,
    NEAR_REACH,
    STRONG_CUE,
    TARGET_CUE,
    clause_after_number,
    last_clause_break,
    outside_titles,
)
from etl.extract.scope import Scope
from etl.extract.structure import Section
from etl.numbers import NumberMention, alternation

_CHANGE_AT_END = re.compile(
    rf"(?P<verb>{alternation(lexicon.CHANGE_VERBS)})(?P<to>{alternation(lexicon.CHANGE_TO_LEVEL)})?(?:了|分别|均|再|超过|约|近|不低于|不少于|至少|达)*\s?$"
)


QUOTA = re.compile(alternation(lexicon.QUOTA_CUES))


_OBSERVATION = re.compile(alternation(lexicon.OBSERVATION_VERBS))


_WEAK_CUE = re.compile(alternation(lexicon.WEAK_TARGET_VERBS))


_NOMINAL_GOAL_AFTER = re.compile(
    rf"^(?:以上|左右)?[^，。；、,;\d]{{2,20}}?(?:{alternation(lexicon.NOMINAL_GOAL_WORDS)})(?:[，。；,;]|$)"
)


_BREAKDOWN = re.compile(rf"^(?:{alternation(lexicon.BREAKDOWN_OPENERS)})")


BASELINE = re.compile(alternation(lexicon.BASELINE_CUES))


_VERB_SENSE_BEFORE = re.compile(rf"(?:{alternation(lexicon.VERB_SENSE_COMPARATORS)})\s?$")


PER_YEAR = re.compile(r"每年|年均|每年度|每一年度")


def comparator_of(m: NumberMention, clause_before: str, after: str) -> str:
    """达到/为 "=", 以上/不少于 ">=", 超过 ">", 以下/不超过/控制在 "<=", 低于 "<", 约/左右 "~".

    A comparator that is also a verb is the verb when the number counts the noun after it:
    "突破50种以上智能检测装备" (develop 50 or more kinds) is ">=", "规模突破1000亿元" is ">"."""
    verb = _VERB_SENSE_BEFORE.search(clause_before)
    if verb and noun_after_unit(after):
        clause_before = clause_before[: verb.start()]
    m_after = COMPARATOR_AFTER.match(after)
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
    m_before = COMPARATOR_BEFORE.search(clause_before[-CUE_REACH:])
    if m_before:
        return lexicon.COMPARATORS_BEFORE[m_before.group().strip()]
    near = clause_before[-COMPARATOR_REACH:]
    for word in ("不超过", "不高于", "控制在", "不少于", "不低于", "超过", "接近", "约"):
        if word in near and not re.search(r"\d", near[near.rindex(word) :]):
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
    bases = list(re.finditer(r"(?:较|比|与)\s?((?:19|20)\d{2})\s?年", sentence_before))
    base = bases[-1] if bases else None  # the last base year named
    return change, int(base.group(1)) if base else None


def continues_enumeration(own_clause: str) -> bool:
    """ "分别提高5个百分点和0.5个百分点": the second number shares the first one's verb."""
    return bool(re.fullmatch(r"\s*(?:[、和及与或]|以及)?\s*", own_clause))


# What each piece of evidence adds to a target's confidence (see target_confidence).
TARGET_CONFIDENCE = {
    "floor": 0.55,
    "explicit cue": 0.2,
    "year stated": 0.15,
    "year inherited": 0.05,
    "goals section": 0.05,
    "ceiling": 0.95,
}
# A baseline's: its year known, an observation word near it; one read from "从X提高到Y" is sure.
BASELINE_CONFIDENCE = {"floor": 0.6, "year known": 0.15, "observation cue": 0.1, "from-to": 0.8}


def baseline_confidence(year: int | None, sentence_before: str) -> float:
    confidence = BASELINE_CONFIDENCE["floor"] + (BASELINE_CONFIDENCE["year known"] if year else 0)
    if BASELINE.search(sentence_before[-NEAR_REACH:]):
        confidence += BASELINE_CONFIDENCE["observation cue"]
    return round(confidence, 2)


def target_confidence(clause_before: str, after: str, year_use: str, target_year: int | None, section: str) -> float:
    """How sure a reader can be that this is a target with the right year, for the dashboard's filter.

    A goal modal or an explicit comparator ("力争...达到", "不低于", "以上") and a year stated in the
    sentence ("到2025年") give the most (0.9+); a year inherited from the plan or title, a bare
    goal verb ("支持建设...110万亩") or no year at all give less (0.55-0.75)."""
    confidence = TARGET_CONFIDENCE["floor"]
    if (
        STRONG_CUE.search(clause_before)
        or COMPARATOR_BEFORE.search(clause_before[-CUE_REACH:])
        or COMPARATOR_AFTER.match(after)
    ):
        confidence += TARGET_CONFIDENCE["explicit cue"]
    if year_use == "target" and target_year is not None:
        confidence += TARGET_CONFIDENCE["year stated"]
    elif target_year is not None:
        confidence += TARGET_CONFIDENCE["year inherited"]
    if section == "goals":
        confidence += TARGET_CONFIDENCE["goals section"]
    return round(min(confidence, TARGET_CONFIDENCE["ceiling"]), 2)


def looks_ahead(near_before: str, year: int | None, year_use: str, reviewed_year: int | None) -> bool:
    """A sentence in a review that states a goal: "力争...", "...目标", "到2025年" after the year
    reviewed. "到2023年，孕产妇死亡率降至15.1/10万" in a review of 2023 reports a result."""
    if _FUTURE_CUE.search(near_before):
        return True
    return (
        year_use == "target"
        and year is not None
        and reviewed_year is not None
        and year > reviewed_year
        and bool(re.search(r"到\s?20\d{2}", near_before))
    )


_FUTURE_CUE = re.compile(alternation(lexicon.FUTURE_CUES))
_FISCAL = re.compile(alternation(lexicon.FISCAL_NOUNS))
_DISPOSAL = re.compile(alternation(lexicon.DISPOSAL_VERBS))


def kind_of(
    m: NumberMention,
    sentence_before: str,
    clause_before: str,
    after: str,
    year: int | None,
    year_use: str,
    scope: Scope,
    part: Section,
) -> str | None:
    """target, baseline, or None (no goal or observation cue near the number).

    In a part that reviews the past every quantity is an observation, unless its own sentence looks
    ahead ("力争", "目标", or a year after the one reviewed: "到2025年")."""
    near_before = sentence_before[-NEAR_REACH:]
    section = part.kind
    observed = bool(BASELINE.search(near_before)) or year_use == "observed"
    reference = scope.reference_year or scope.title_year
    if (
        year_use == "target"
        and reference
        and year is not None
        and year < reference
        and not re.search(r"到|力争|确保", near_before)
        and _OBSERVATION.search(clause_before)
    ):
        observed = True
    if section == "background" and not looks_ahead(near_before, year, year_use, part.year):
        observed = True
    if observed:
        return "baseline"
    cue = (
        TARGET_CUE.search(outside_titles(clause_before)) or COMPARATOR_AFTER.match(after) or m.chinese and m.approximate
    )
    if (
        cue
        or COMPARATOR_BEFORE.search(clause_before[-CUE_REACH:])
        or section == "goals"
        or _FISCAL.search(clause_before)
    ):
        return "target"
    if places_of_a_goal(clause_before, after) or weak_verb_governs(m, clause_before, after):
        return "target"
    if clause_before.endswith("将") and _DISPOSAL.search(clause_after_number(after)):
        return "target"  # "将2.8万亿元中央财政资金纳入直达机制": the verb comes after what it moves
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
    """ "支持建设粮油绿色高质高效示范片，其中水稻500个、小麦100个": a 其中 clause breaks down the goal of
    the clause before it (every item of the clause, 、 does not end it). Not a 其中 clause after a
    clause without a goal verb ("...，其中..." of an observation)."""
    if not _BREAKDOWN.match(clause_before):
        return False
    return bool(TARGET_CUE.search(outside_titles(parent_clause(sentence_before, clause_before))))


def parent_clause(sentence_before: str, clause_before: str) -> str:
    """The clause right before `clause_before` in its sentence."""
    head = sentence_before[: len(sentence_before) - len(clause_before)].rstrip("，,： ")
    return head[last_clause_break(head) :]
