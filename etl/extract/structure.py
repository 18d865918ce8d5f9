from __future__ import annotations

import re
from etl import lexicon
from etl.numbers import alternation
from etl.extract.patterns import HEADING, PLAN_PERIOD, YEAR


_BACKGROUND_HEADING = re.compile(r"背景|现状|基本情况|发展基础|现实基础|已取得|取得.{0,6}成效|发展成就|面临形势")


_GOAL_HEADING = re.compile(rf"(?:{alternation(lexicon.GOAL_SECTION_HEADINGS)})")


_CONDITION_SECTION = re.compile(alternation(lexicon.CONDITION_SECTION_CUES))


_CONDITION_LEAD_IN = re.compile(rf"(?:{alternation(lexicon.CONDITION_LEAD_IN_ENDINGS)})[：:]$")


def plan_horizon(region: str) -> int | None:
    """The one horizon a goals section states ("到2025年", "十四五"时期), or None.

    Only the first goals section counts, and only when it names exactly one year: a section that
    looks to 2025 and to 2035 gives no default to the tasks below it.
    """
    lines = region.split("\n")
    for i, line in enumerate(lines):
        if len(line) < 30 and _GOAL_HEADING.search(line) and (HEADING.match(line) or len(line) <= 12):
            body = []
            for following in lines[i + 1:i + 8]:
                if HEADING.match(following):
                    break
                body.append(following)
            text = "\n".join(body)
            years = {int(m.group("year")) for m in YEAR.finditer(text) if m.group("pre") in ("到", "至")}
            years |= {lexicon.PLAN_PERIODS[m.group("period")] for m in PLAN_PERIOD.finditer(text)}
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
    return bool((HEADING.match(line) or len(line) <= 12) and len(line) < 40 and not re.search(r"[，。；]", line[:-1]))
