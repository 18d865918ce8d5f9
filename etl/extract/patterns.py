from __future__ import annotations

import re

from etl import lexicon
from etl.numbers import alternation

# How far around a number each kind of cue is looked for, in characters.
CUE_REACH = 6  # a comparator or award word that ends right before the number ("不低于", "奖励")
REFERENCE_REACH = 4  # an article or item marker right before it ("第", "条")
ELIGIBILITY_REACH = 12  # an eligibility phrase before a money amount ("营业收入")
COMPARATOR_REACH = 20  # a comparator word earlier in the clause ("不超过...的")
NEAR_REACH = 30  # the stretch of sentence that decides observed vs wanted ("截至", "力争")
PER_YEAR_REACH = 40  # "每年", "年均" governing the number
HEAD_CHARS = 600  # a document's head, where its 文号 or date is printed
TITLE_LINES = 4  # lines at the top of a document that may hold its title
# Characters of a paragraph read either side of a number: longer than any sentence of the corpora
# (their longest paragraph's sentences stay under ~600), so only text without sentence punctuation
# is cut, and the work per number stays bounded.
PARAGRAPH_REACH = 1000
# Characters of a sentence read before a number: longer than the corpora's sentences.
SENTENCE_REACH = 400
# Characters of a clause read before a number: longer than any indicator phrase; a "clause" longer
# than this is a run of figures without punctuation.
CLAUSE_REACH = 120

SENTENCE_END = re.compile(r"[。！？；!?;]")


_YEAR_BEFORE = alternation(
    lexicon.TARGET_YEAR_BEFORE + lexicon.BASE_YEAR_BEFORE + lexicon.OBSERVED_YEAR_BEFORE + lexicon.OTHER_YEAR_BEFORE
)
_YEAR_AFTER = alternation(lexicon.TARGET_YEAR_AFTER + lexicon.BASE_YEAR_AFTER + lexicon.DATE_YEAR_AFTER)
YEAR = re.compile(rf"(?P<pre>{_YEAR_BEFORE})?(?P<year>(?:19|20)\d{{2}})\s?年(?P<post>{_YEAR_AFTER}|\d{{1,2}}月)?")


TITLE_SPAN = re.compile(r"(20\d{2})\s?[-—－~～至]\s?(20\d{2})\s?年")


PLAN_PERIOD_NAME = re.compile(rf"[“\"](?P<period>{alternation(lexicon.PLAN_PERIODS)})[”\"]")


PLAN_PERIOD = re.compile(rf"[“\"]?(?P<period>{alternation(lexicon.PLAN_PERIODS)})[”\"]?(?:时期|期间|末|期末)")


COMPARATOR_BEFORE = re.compile(rf"(?:{alternation(lexicon.COMPARATORS_BEFORE)})\s?$")


COMPARATOR_AFTER = re.compile(rf"^\s?(?:{alternation(lexicon.COMPARATORS_AFTER)})")


HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+[章节部分])"
)


COUNT_UNITS = ("个", "家", "条", "项", "座", "所")


STRONG_CUE = re.compile(alternation(lexicon.STRONG_TARGET_CUES))


TARGET_CUE = re.compile(rf"(?:{alternation(lexicon.TARGET_CUES)})(?!{alternation(lexicon.TARGET_CUE_NOT_BEFORE)})")


FROM_TO = re.compile(r"(?:从|由)\s?(?:(?:19|20)\d{2}\s?年(?:底|末)?的?)?$")


# "在“十四五”末", "“十四五”期间": a horizon, not part of what is measured.
_PLAN_PERIOD_PHRASE = (
    rf"(?:在|到)?\s?[“\"]?(?:{alternation(lexicon.PLAN_PERIODS)})[”\"]?(?:时期|期间|期末|末)"
    r"|在\s?\d{4}\s?年(?:底|末)?"
)


LEADING_NOISE = re.compile(
    r"^(?:[、和及与并且，,]|\d{1,2}[．.、]|[（(][一二三四五六七八九十\d]+[）)]|以上|以下|左右|以内|"
    r"其中|同时|力争|确保|争取|推动|推进|实现|基本|全面|进一步|持续|加快|"
    r"[到至]\s?\d{4}\s?年(?:底|末)?|\d{4}\s?年(?:底|末)?|截至|截止|目前|此外|预计|带动|继续|原则上|"
    r"[一二三四五六七八九十]+是|[一二三四五六七八九十]+、|逐步|将|相当于|包括|我国|" + _PLAN_PERIOD_PHRASE + ")+"
)


TRAILING_NOISE = re.compile(
    rf"(?:分别|均|各|要|将|力争|确保|争取|再|实现|稳定|保持|逐步|进一步|基本|累计|已|首次|{_PLAN_PERIOD_PHRASE}|"
    rf"\d{{4}}\s?年(?:底|末)?|"
    rf"(?:较|比|与)\s?\d{{4}}\s?年(?:底|末)?(?:相比)?|{alternation(lexicon.COMPARATORS_BEFORE)}|"
    rf"{alternation(lexicon.CHANGE_VERBS)}|[到至在的为，,、])+$"
)


_BOOK_TITLE = re.compile(r"《[^《》]*》")


def outside_titles(text: str) -> str:
    """`text` with the words inside 《...》 blanked: a verb in a cited title ("《电子商务产业基地建设与
    运营规范》等3项行业标准") is not a goal verb of the sentence."""
    return _BOOK_TITLE.sub(lambda t: " " * len(t.group()), text)


def clause_after_number(after: str) -> str:
    m = re.search(r"[，,。；;]", after)
    return after[: m.start()] if m else after


def last_break(text: str, marks: str) -> int:
    """Offset just after the last of the one-character `marks` in `text`, or 0 (a few C-level
    searches from the end, instead of matching every mark from the start)."""
    return max(text.rfind(mark) for mark in marks) + 1


SENTENCE_MARKS = "。！？；!?;"  # the characters SENTENCE_END matches
CLAUSE_MARKS = "，,；;：:！？!?"


def last_clause_break(text: str) -> int:
    return last_break(text, CLAUSE_MARKS)
