from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from etl import lexicon
from etl.extract.patterns import (
    HEAD_CHARS,
    PLAN_PERIOD,
    PLAN_PERIOD_NAME,
    TITLE_LINES,
    TITLE_SPAN,
    YEAR,
)
from etl.extract.structure import plan_horizon
from etl.numbers import alternation
from etl.records import Document

RELATIVE_HORIZON = re.compile(
    rf"(?:{alternation(lexicon.RELATIVE_HORIZON_OPENERS)})\s?\d+(?:\s?[-—－~～至到]\s?\d+)?\s?年"
    rf"|[一二三四五两\d]+年(?:{alternation(lexicon.RELATIVE_HORIZON_ENDINGS)})"
)


_DOC_TITLE = re.compile(
    rf"^[^。，；：]{{4,90}}?(?:{alternation(lexicon.DOCUMENT_KINDS)})"
    r"(?:[（(][^）)]{0,20}[）)])?》?$"
)


_DOC_NUMBER = re.compile(r"〔(?P<year>20\d{2})〕\s?\d+\s?号")


STANDING = re.compile(alternation(lexicon.STANDING_LIMIT_CUES))


_NON_TARGET_YEAR = re.compile(rf"(?:{alternation(lexicon.NON_TARGET_YEAR_CUES)})\s?$")


@dataclass(frozen=True, slots=True)
class Scope:
    """What the document around a number says about years."""

    title_year: int | None
    horizon: int | None
    reference_year: int | None  # the year the document was written (文号), for 全年/今年
    title_span: bool = False  # the title year ends a span ("（2023－2025年）"), so 全年 is not it


def scope_of(text: str) -> Scope:
    """Years stated by a document's own text: title year, 文号 or signature date, goals horizon."""
    head = text[:HEAD_CHARS]
    title = _title_of(text)
    doc_number = _DOC_NUMBER.search(head)
    date = re.search(r"(20\d{2})\s?年\s?\d{1,2}\s?月\s?\d{1,2}\s?日", head)
    reference = int(doc_number.group("year")) if doc_number else int(date.group(1)) if date else None
    return Scope(title_year(title), None, reference, bool(TITLE_SPAN.search(title)))


def with_document(scope: Scope, doc: Document) -> Scope:
    """Prefer what the segmenter read from the document (title year, horizon, issue date)."""
    issued = re.match(r"(\d{4})", doc.issue_date or "")
    numbered = re.search(r"(20\d{2})", doc.doc_number or "")
    reference = int(issued.group(1)) if issued else int(numbered.group(1)) if numbered else scope.reference_year
    span = bool(TITLE_SPAN.search(doc.title or ""))
    horizon = doc.horizon_year if doc.horizon_year is not None else plan_horizon(doc.text)
    return Scope(
        doc.title_year or title_year(doc.title or "") or scope.title_year, horizon, reference, span or scope.title_span
    )


def _title_of(text: str) -> str:
    """The title lines at the top of a document (up to the line that ends like a title)."""
    parts = []
    for line in text.split("\n")[:TITLE_LINES]:
        parts.append(line)
        if _DOC_TITLE.match(line):
            return "".join(parts)
    return ""


def title_year(title: str) -> int | None:
    """A year a title scopes its document to: "关于做好2023年..." -> 2023, "(2023－2025年)" -> 2025.

    An edition ("（2023年版）") is not a horizon; a named plan period is ("“十四五”...实施方案" -> 2025).
    """
    years = [int(m.group("year")) for m in YEAR.finditer(title) if m.group("post") != "版"]
    span = TITLE_SPAN.search(title)
    if span:
        return int(span.group(2))
    if years:
        return years[-1]
    period = PLAN_PERIOD_NAME.search(title)  # "国家发改委印发“十四五”扩大内需战略实施方案"
    return lexicon.PLAN_PERIODS[period.group("period")] if period else None


def nearest_year(paragraph_before: str) -> tuple[int | None, str]:
    """The year that scopes a number, read backwards through its paragraph, and its use:
    "target" (到2025年, 2023年底前, a bare 2023年), "observed" (截至2021年底), or "" when none.

    A base year ("较2020年", "与2021年相比") and a date ("2023年3月1日", "有效期至...",
    "2023年上半年") are skipped, so "到2025年，...较2020年压缩20%" is scoped to 2025.
    """
    return YearIndex(paragraph_before).nearest(0, len(paragraph_before))


def year_expressions(text: str) -> list[re.Match]:
    """The matches YEAR.finditer(text) gives, found from the bare "2023年" first."""
    return _matches_from_core(text, YEAR, _YEAR_CORE, "year", _YEAR_PREFIX_CHARS)


def plan_periods(text: str) -> list[re.Match]:
    """The matches PLAN_PERIOD.finditer(text) gives, found from the period names ("十四五") first."""
    return _matches_from_core(text, PLAN_PERIOD, _PERIOD_CORE, "period", 1)  # an opening quote may precede


def _matches_from_core(text: str, pattern: re.Pattern, core: re.Pattern, group: str, reach: int) -> list[re.Match]:
    """pattern.finditer(text), found faster: `pattern` opens with optional words, so `re` would try it
    at every character; `core` (the part that must be there) starts with something `re` skips ahead
    on. Each core found is read with `pattern` from up to `reach` characters before it."""
    found: list[re.Match] = []
    for hit in core.finditer(text):
        start, floor = hit.start(), (found[-1].end() if found else 0)
        for back in range(reach, -1, -1):
            if start - back < floor:
                continue
            m = pattern.match(text, start - back)
            if m is not None and m.start(group) == start:
                found.append(m)
                break
    return found


_PERIOD_CORE = re.compile(alternation(lexicon.PLAN_PERIODS))
_YEAR_CORE = re.compile(r"(?:19|20)\d{2}\s?年")
_YEAR_PREFIX_CHARS = 2  # the longest word YEAR reads before a year ("截至", "力争")


class YearIndex:
    """Every year expression and plan period of a document, found in one pass, so that finding the
    year of each number costs a look-up, not a rescan of its paragraph."""

    def __init__(self, text: str):
        self.text = text
        self.years = year_expressions(text)
        self.year_starts = [ym.start() for ym in self.years]
        self.periods = plan_periods(text)
        self.period_ends = [pm.end() for pm in self.periods]

    def nearest(self, paragraph_start: int, position: int) -> tuple[int | None, str]:
        """nearest_year of the text between paragraph_start and position."""
        paragraph_before = self.text[paragraph_start:position]
        i = bisect_left(self.year_starts, position) - 1
        while i >= 0 and self.year_starts[i] >= paragraph_start:
            ym = self.years[i]
            if ym.end() <= position:
                use = _year_use(paragraph_before, ym, paragraph_start)
                if use in ("target", "observed"):
                    return int(ym.group("year")), use
            i -= 1
        j = bisect_right(self.period_ends, position) - 1
        if j >= 0 and self.periods[j].start() >= paragraph_start:
            return lexicon.PLAN_PERIODS[self.periods[j].group("period")], "target"
        return None, ""


def _year_use(text: str, ym: re.Match, offset: int = 0) -> str:
    """How one year expression is used: target, observed, base or date. `text` is the paragraph
    before the number, starting at `offset` of the text `ym` was found in."""
    pre, post = ym.group("pre") or "", ym.group("post") or ""
    start, end = ym.start() - offset, ym.end() - offset
    context = text[max(0, start - 8) : start]
    following = text[end : end + 6]
    if pre in lexicon.BASE_YEAR_BEFORE or post in lexicon.BASE_YEAR_AFTER:
        return "base"
    if pre in lexicon.OBSERVED_YEAR_BEFORE:
        return "observed"
    if post in lexicon.DATE_YEAR_AFTER:
        return "date"
    if post.endswith("月") and not re.match(r"\s?(?:\d{1,2}日)?\s?(?:底|末)?前", following):
        return "date"
    if _NON_TARGET_YEAR.search(context + pre) or pre == "于":
        return "date"
    if following.startswith("的") and pre in ("到", "至"):
        return "target"  # "由2012年的240元提高到2024年的670元": the value reached that year
    if following.startswith(("起", "后", "度", "的")) or re.match(r"[-—－~～至]\s?20\d{2}", following):
        return "date"
    return "target"


def default_year(sentence: str, sentence_before: str, scope: Scope, part_year: int | None = None) -> int | None:
    """A number without its own year takes the year of its part of the document ("三、2024年政府
    工作任务", "“十四五”时期是..."), else the plan horizon, else the title year. "全年"/"年内"/"今年"
    is the year the document was written (its 文号 or date) - or the single year its title names
    ("关于做好2023年...的意见"), never the end of a multi-year span; "今明两年"/"明年" the year after."""
    if _NEXT_YEAR.search(sentence_before):
        now = scope.reference_year or (scope.title_year if not scope.title_span else None)
        return now + 1 if now else None
    if re.search(r"全年|今年|年内", sentence_before):
        # the year of writing, unless the title names the one year the document is about
        if scope.title_year and not scope.title_span:
            return scope.title_year
        return scope.reference_year or scope.title_year
    return part_year or scope.horizon or scope.title_year


_NEXT_YEAR = re.compile(r"今明两年|明年")
