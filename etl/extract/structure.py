from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from etl import lexicon
from etl.extract.patterns import HEADING, PLAN_PERIOD, TITLE_SPAN, YEAR
from etl.numbers import alternation

_BACKGROUND_HEADING = re.compile(rf"{alternation(lexicon.REVIEW_HEADINGS)}|取得.{{0,6}}成效")


_GOAL_HEADING = re.compile(rf"(?:{alternation(lexicon.GOAL_SECTION_HEADINGS)})")


_CONDITION_SECTION = re.compile(alternation(lexicon.CONDITION_SECTION_CUES))


_CONDITION_LEAD_IN = re.compile(rf"(?:{alternation(lexicon.CONDITION_LEAD_IN_ENDINGS)})[：:]$")


@lru_cache(maxsize=16)  # segmentation and extraction both ask for a document's horizon
def plan_horizon(region: str) -> int | None:
    """The one horizon a goals section states ("到2025年", "十四五"时期), or None.

    Only the first goals section counts, and only when it names exactly one year: a section that
    looks to 2025 and to 2035 gives no default to the tasks below it.
    """
    lines = region.split("\n")
    for i, line in enumerate(lines):
        if len(line) < 30 and _GOAL_HEADING.search(line) and (HEADING.match(line) or len(line) <= 12):
            body = []
            for following in lines[i + 1 : i + 8]:
                if HEADING.match(following):
                    break
                body.append(following)
            text = "\n".join(body)
            years = {int(m.group("year")) for m in YEAR.finditer(text) if m.group("pre") in ("到", "至")}
            years |= {lexicon.PLAN_PERIODS[m.group("period")] for m in PLAN_PERIOD.finditer(text)}
            return years.pop() if len(years) == 1 else None
    return None


@dataclass(frozen=True, slots=True)
class Section:
    """A part of a document from `start` on: what it is and which year it speaks of.

    kind: "background" (reports the past: its numbers are baselines of `year`), "goals" (its numbers
    are targets even without a goal verb), "conditions" (thresholds to qualify), else "other".
    year: the year a review reports ("一、2023年工作回顾" -> 2023, "过去一年" -> the year before the
    document was written), or the year a plan part is about ("三、2024年政府工作任务"), else None."""

    start: int
    kind: str
    year: int | None = None


def heading_years(line: str) -> list[int]:
    """Years a heading names: "2023年", the end of "2010-2020年", a plan period ("“十四五”时期")."""
    if "年" not in line and "五" not in line:
        return []
    span = TITLE_SPAN.search(line)
    years = (
        [int(span.group(2))] if span else [int(m.group("year")) for m in YEAR.finditer(line) if m.group("post") != "版"]
    )
    years += [lexicon.PLAN_PERIODS[m.group("period")] for m in _PERIOD_NAME.finditer(line)]
    return years


def review_title(title: str) -> bool:
    """A document that only reports the past: "...发展成就综述", "2023年国民经济和社会发展统计公报"."""
    return bool(_REVIEW_TITLE.search(title))


def section_kinds(
    text: str, reference_year: int | None = None, review: bool = False, review_year: int | None = None
) -> list[Section]:
    """The sections of a document, in order: one at each heading, and one at each paragraph that
    turns from plans to the past ("过去一年，...") or back ("新的一年，要...", "“十四五”时期是...").

    Kinds: "background" ("规划背景", "一、2023年工作回顾": the past, so its numbers are baselines),
    "goals" ("主要目标": its numbers are targets even without a goal verb), "conditions" ("第三章
    申报条件", "应当符合下列基本条件：": thresholds to qualify), else "other". A sub-heading without
    words of its own stays in the review it belongs to. `review`: the whole document reports the
    past (a statistical review or bulletin) of `review_year` ("2023年...统计公报"), if it names one.
    `reference_year`: when the document was written, for "过去一年".

    A criteria section lasts over its own list items ("（二）在省内登记注册，...正常运营5年以上；"):
    one opened by a heading ends at the next heading of the same or a higher level ("第四章"), one
    opened by a lead-in line ends at the first line that is not one of its items."""
    marks = [Section(0, "background", review_year) if review else Section(0, "other")]
    opened_by: int | None = None  # heading level that opened a criteria section
    item_level: int | None = None  # level of the items under a criteria lead-in (-1: not seen yet)
    heading = marks[0]  # the section the last heading opened (a paragraph opener returns to it)
    heading_level: int | None = None
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
            if not _is_heading(line) and not _lead_in(line):
                marks.append(Section(m.start(), "other"))
                continue
        if _lead_in(line):
            marks.append(Section(m.start(), "conditions"))
            item_level = -1
        elif _is_heading(line):
            section = _heading_section(m.start(), line, reference_year)
            if reference_year is None:  # a dated review tells when the document was written
                reference_year = reference_year_of([section])
            if (
                section.kind == "other"
                and heading.kind == "background"
                and level is not None
                and heading_level is not None
                and level > heading_level
            ):
                section = Section(m.start(), "background", heading.year)  # a sub-heading of a review
            else:
                heading, heading_level = section, level
            marks.append(section)
            if section.kind == "conditions":
                opened_by = level if level is not None else -1
        else:
            turn = _paragraph_turn(m.start(), line, marks[-1], heading, reference_year)
            if turn is not None:
                marks.append(turn)
    return marks


def reference_year_of(sections: list[Section]) -> int | None:
    """When a document was written, read from its review of a past year ("一、2023年工作回顾" is
    written in 2024) for a text that prints no date."""
    for section in sections:
        if section.kind == "background" and section.year is not None:
            return section.year + 1
    return None


def _heading_section(start: int, line: str, reference_year: int | None) -> Section:
    years = heading_years(line)
    if _BACKGROUND_HEADING.search(line):
        return Section(start, "background", min(years) if years else _year_before(reference_year))
    if _GOAL_HEADING.search(line):
        return Section(start, "goals", max(years) if len(set(years)) == 1 else None)
    if _CONDITION_SECTION.search(line):
        return Section(start, "conditions")
    return Section(start, "other", years[0] if len(set(years)) == 1 else None)


def _paragraph_turn(
    start: int, line: str, current: Section, heading: Section, reference_year: int | None
) -> Section | None:
    """A paragraph that opens on the past ("过去一年，...") starts a review of the year before the
    document; in a review, one that opens on the future ("新的一年，要...", "“十四五”时期是...",
    "今年...") returns to planning. Anything else continues the current section."""
    if line[:1] not in _OPENER_STARTS:
        return None
    if current.kind != "background" and _REVIEW_OPENER.match(line):
        return Section(start, "background", _year_before(reference_year))
    if current.kind == "background":
        period = _PERIOD_OPENER.match(line)
        if period:
            return Section(start, "other", lexicon.PLAN_PERIODS[period.group("period")])
        if _PLAN_OPENER.match(line):
            kind = heading.kind if heading.kind != "background" else "other"
            return Section(start, kind, heading.year if heading.kind != "background" else None)
    return None


def _year_before(year: int | None) -> int | None:
    return year - 1 if year is not None else None


_REVIEW_OPENER = re.compile(rf"^(?:{alternation(lexicon.REVIEW_OPENERS)})(?!的?(?:基础|水平|同期))")
_PLAN_OPENER = re.compile(rf"^(?:{alternation(lexicon.PLAN_OPENERS)})")
_PERIOD_NAME = re.compile(rf"[“\"]?(?P<period>{alternation(lexicon.PLAN_PERIODS)})[”\"]?")
_PERIOD_OPENER = re.compile(rf"^[“\"]?(?P<period>{alternation(lexicon.PLAN_PERIODS)})[”\"]?(?:时期|期间)?是")
_REVIEW_TITLE = re.compile(alternation(lexicon.REVIEW_TITLES))
# The first characters of every opener above: most lines start with none of them.
_OPENER_STARTS = frozenset(word[0] for word in lexicon.REVIEW_OPENERS + lexicon.PLAN_OPENERS) | frozenset('“"十')


_HEADING_LEVELS = (
    re.compile(r"^第[一二三四五六七八九十]+[章节部分]"),
    re.compile(r"^[一二三四五六七八九十]+、"),
    re.compile(r"^[（(][一二三四五六七八九十]+[）)]"),
    re.compile(r"^\d{1,2}\s?[．.、]"),
)


_MARKER_STARTS = frozenset("第一二三四五六七八九十（(0123456789")


def _heading_level(line: str) -> int | None:
    """0 for 第一章, 1 for 一、, 2 for （一）, 3 for 1. ; None for a line without a list marker."""
    if line[:1] not in _MARKER_STARTS:
        return None
    for level, pattern in enumerate(_HEADING_LEVELS):
        if pattern.match(line):
            return level
    return None


def _is_heading(line: str) -> bool:
    """A numbered heading ("一、总体要求", "（二）加强组织领导。"), or a short unnumbered line that
    ends without sentence punctuation ("主要目标"; not "国际收支基本平衡。" in a text printed one
    clause per line)."""
    if len(line) >= 40 or _INNER_PUNCTUATION.search(line, 0, len(line) - 1):
        return False
    return bool(HEADING.match(line) or len(line) <= 12 and not _SENTENCE_TAIL.search(line))


_INNER_PUNCTUATION = re.compile(r"[，。；]")


def _lead_in(line: str) -> bool:
    """ "应当符合下列基本条件：": a line that opens a list of criteria."""
    return line.endswith(("：", ":")) and bool(_CONDITION_LEAD_IN.search(line))


_SENTENCE_TAIL = re.compile(r"[。！？；，、!?;,：:]$")
