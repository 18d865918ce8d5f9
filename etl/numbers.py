"""Find quantities in text: Arabic and Chinese numerals, 万/亿 magnitudes, %, 百分点, ranges.

`find_numbers(text)` scans with a few regexes compiled once at import (one per kind of mention, each
starting with a character `re` can skip ahead to), and returns
`NumberMention`s: value with magnitude applied, optional range end, unit with magnitude removed,
and the character span of the number. Deciding whether a mention is a target is etl.extract's job;
this module only reads numbers ("28亿吨" -> 2800000000 吨, "百分之八十" -> 80 %, "3-5个" -> 3..5 个).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from typing import overload

from etl import lexicon


@dataclass(frozen=True, slots=True)
class NumberMention:
    """A number read from text. `start`/`end` span the whole mention (number, magnitude, unit)."""

    start: int
    end: int
    value: float
    value_high: float | None
    unit: str  # normalised unit ("" when none is written)
    raw_unit: str  # unit as written ("个百分点")
    approximate: str | None  # comparator implied by the numeral itself ("上千" -> ">=")
    chinese: bool  # written with Chinese numerals


def alternation(words) -> str:
    """A regex alternative of literal words, longest first so "吨标准煤" wins over "吨"."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_ARABIC = r"\d+(?:[,，]\d{3})*(?:\.\d+)?"
_CN_CHARS = "零〇一二两三四五六七八九十百千万亿"
_CHINESE = f"[{_CN_CHARS}]+"
_MAG = alternation(lexicon.MAGNITUDES)
_UNIT = alternation(lexicon.UNITS)
_COUNT_UNIT = alternation(lexicon.COUNT_UNITS)
_DASH = r"[-—–－~～至到]"

# Each kind of mention has its own pattern, and each pattern starts with a literal or a character
# class: `re` then jumps straight to the characters a mention can start with instead of trying the
# whole pattern at every position (a pattern that starts with a lookbehind, or with an optional
# group, is tried everywhere). The characters a mention must not follow are checked in Python, for
# matches only. `find_numbers` merges the passes into exactly the mentions one alternation
# `(?<![A-Za-z0-9.])(?:percent words|Arabic|Chinese|words)` would find, left to right.
#
# An Arabic number, optionally a range whose ends may each carry a magnitude, then a unit:
# "28亿吨", "3-5个", "10万－40万吨级", "1—3个", "5 个百分点" (spaces left by unwrapping).
# (`\d\d*`, not `\d+`: the same matches, but a first item `re` can skip ahead on.)
_MORE = alternation(lexicon.MORE_THAN_SUFFIXES)
_ARABIC_MENTION = re.compile(
    rf"(?P<a1>\d\d*(?:[,，]\d{{3}})*(?:\.\d+)?)(?P<more1>{_MORE})?\s?(?P<m1>{_MAG})?"
    rf"(?:\s?(?P<dash>{_DASH})\s?(?P<a2>{_ARABIC})\s?(?P<m2>{_MAG})?)?"
    rf"(?P<more2>{_MORE})?\s?(?P<unit>{_UNIT})?"
)
# "三分之一" (33.33 %), "五分之一".
_FRACTION_PATTERN = re.compile(r"(?P<den>[二三四五六七八九十])分之(?P<num>[一二三四五六七八九])")


class _FromLiteral:
    """A pattern searched from a literal inside it: its first character is common (三, 五, 十), its
    literal rare (分之), so `re` would try the pattern at every 三 of a text; this finds 分之 first."""

    def __init__(self, pattern: re.Pattern, literal: str, before: int):
        self.pattern, self.literal, self.before = pattern, literal, before

    def search(self, text: str, pos: int = 0) -> re.Match | None:
        at = text.find(self.literal, pos + self.before)
        while at >= 0:
            m = self.pattern.match(text, at - self.before)
            if m is not None:
                return m
            at = text.find(self.literal, at + 1)
        return None


_FRACTION = _FromLiteral(_FRACTION_PATTERN, "分之", 1)
# "百分之八十", "百分之2.5".
_PERCENT_WORDS = re.compile(rf"百分之(?P<pw>{_ARABIC}|[{_CN_CHARS}]+)")
# A Chinese numeral needs a counting unit: "三千家", "百家", "上千家", "两个", "一次"; this keeps
# 统一, 一流, 三大工程 out. The first character is a numeral or an approximating prefix (上/近, never
# numerals themselves), which must then be followed by a numeral.
_APPROX = "".join(lexicon.APPROXIMATE_NUMERAL_PREFIXES)
_CHINESE_MENTION = re.compile(
    rf"(?P<lead>[{_APPROX}{_CN_CHARS}])(?P<rest>(?<=[{_APPROX}]){_CHINESE}|(?<![{_APPROX}])[{_CN_CHARS}]*)"
    rf"(?P<cunit>{_COUNT_UNIT})"
)
# "一半以上" but not "下一半年" (the 上/下 before it is checked with the other preceding characters).
_WORDS = re.compile(rf"(?P<word>{alternation(lexicon.WORD_QUANTITIES)})(?![年月])")

# A mention never continues a word, a number or a decimal ("PM2.5", "5G2"): characters it must not follow.
_NOT_AFTER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.")
_WORD_NOT_AFTER = _NOT_AFTER | frozenset("上下")


def chinese_to_number(numeral: str) -> float | None:
    """Value of a Chinese numeral: "三千" -> 3000, "一百二十" -> 120, "百" -> 100, "两" -> 2.

    Returns None for strings that are not numerals. Handles 万/亿 sections ("三万五千").
    """
    if not numeral or any(ch not in _CN_CHARS for ch in numeral):
        return None
    total = 0
    section = 0
    digit = None
    for ch in numeral:
        if ch in lexicon.CHINESE_DIGITS:
            digit = lexicon.CHINESE_DIGITS[ch]
        elif ch in lexicon.CHINESE_SMALL_UNITS:
            section += (1 if digit is None else digit) * lexicon.CHINESE_SMALL_UNITS[ch]
            digit = None
        else:  # 万 / 亿
            section += digit or 0
            large = lexicon.CHINESE_LARGE_UNITS[ch]
            total = (total + (section or 1)) * large
            section = 0
            digit = None
    return float(total + section + (digit or 0))


def parse_arabic(text: str) -> float:
    """ "1,234.5" -> 1234.5 (thousands separators, ASCII or full-width comma)."""
    return float(text.replace(",", "").replace("，", ""))


def _percent_words(m: re.Match) -> NumberMention | None:
    words = m.group("pw")
    value = parse_arabic(words) if words[0].isdigit() else chinese_to_number(words)
    if value is None:
        return None
    return NumberMention(m.start(), m.end(), value, None, "%", "%", None, not words[0].isdigit())


def _fraction(m: re.Match) -> NumberMention | None:
    numerator, denominator = chinese_to_number(m.group("num")), chinese_to_number(m.group("den"))
    if not numerator or not denominator or numerator >= denominator:
        return None
    return NumberMention(m.start(), m.end(), round(100 * numerator / denominator, 2), None, "%", "%", None, True)


def _word_quantity(m: re.Match) -> NumberMention:
    value, unit = lexicon.WORD_QUANTITIES[m.group("word")]
    return NumberMention(m.start(), m.end(), value, None, unit, unit, None, False)


def _arabic_mention(m: re.Match) -> NumberMention:
    a1, m1, a2, m2, raw_unit = m.group("a1", "m1", "a2", "m2", "unit")
    more = ">" if m.group("more1") or m.group("more2") else None
    mag1 = lexicon.MAGNITUDES[m1] if m1 else 1
    mag2 = lexicon.MAGNITUDES[m2] if m2 else 1
    if a2 is not None and not m1:
        mag1 = mag2  # "5-10万" means 5万 to 10万
    value = parse_arabic(a1) * mag1
    high = parse_arabic(a2) * mag2 if a2 is not None else None
    raw_unit = raw_unit or ""
    unit = lexicon.UNITS.get(raw_unit, raw_unit)
    # A magnitude left without a unit is itself the count ("100亿" with the unit elsewhere).
    return NumberMention(m.start(), m.end(), _clean(value), _clean(high), unit, raw_unit, more, False)


def _chinese_mention(m: re.Match) -> NumberMention | None:
    lead, rest, raw_unit = m.group("lead", "rest", "cunit")
    if raw_unit in lexicon.CHINESE_LARGE_UNITS:  # "三千万" as a bare count is too vague
        return None
    approx = lexicon.APPROXIMATE_NUMERAL_PREFIXES.get(lead)
    value = chinese_to_number(rest if approx else lead + rest)
    if value is None:
        return None
    unit = lexicon.UNITS.get(raw_unit, raw_unit)
    return NumberMention(m.start(), m.end(), value, None, unit, raw_unit, approx, True)


@overload
def _clean(value: float) -> float: ...
@overload
def _clean(value: None) -> None: ...
@overload
def _clean(value: float | None) -> float | None: ...
def _clean(value: float | None) -> float | None:
    """Round away float noise from magnitudes (1.3 * 10**12)."""
    if value is None:
        return None
    return float(round(value, 6)) if abs(value) < 1e6 else float(round(value))


# The passes in the order the alternation tries them at one position, with what each must not follow.
_PASSES = (
    (_FRACTION, _NOT_AFTER, _fraction),
    (_PERCENT_WORDS, _NOT_AFTER, _percent_words),
    (_ARABIC_MENTION, _NOT_AFTER, _arabic_mention),
    (_CHINESE_MENTION, _NOT_AFTER, _chinese_mention),
    (_WORDS, _WORD_NOT_AFTER, _word_quantity),
)
# The Arabic pass is the only one whose mentions _reread mends.
_ARABIC_PASS = next(i for i, (pattern, _, _) in enumerate(_PASSES) if pattern is _ARABIC_MENTION)


_NO_MATCH = sys.maxsize


def _search(pattern: re.Pattern | _FromLiteral, not_after: frozenset, text: str, pos: int) -> re.Match | None:
    """The first match of `pattern` at or after `pos` that does not follow a character of `not_after`."""
    while True:
        m = pattern.search(text, pos)
        if m is None or m.start() == 0 or text[m.start() - 1] not in not_after:
            return m
        pos = m.start() + 1


def find_numbers(text: str) -> list[NumberMention]:
    """Every number in `text`, in order, none overlapping another.

    Each pass keeps its next match; the leftmost one wins (on a tie, the earlier pass), and a pass
    whose next match starts inside the winner searches again from the winner's end. A match that
    reads as no number ("三千万" alone) still consumes its text, as it would in one alternation."""
    found: list[NumberMention] = []
    upcoming = [_search(pattern, not_after, text, 0) for pattern, not_after, _ in _PASSES]
    starts = [m.start() if m is not None else _NO_MATCH for m in upcoming]
    pos = 0
    while True:
        for i, start in enumerate(starts):
            if start < pos:
                pattern, not_after, _ = _PASSES[i]
                m = upcoming[i] = _search(pattern, not_after, text, pos)
                starts[i] = m.start() if m is not None else _NO_MATCH
        first = min(starts)
        if first == _NO_MATCH:
            return found
        winner = starts.index(first)
        m = upcoming[winner]
        assert m is not None  # its start is not _NO_MATCH
        mention = _PASSES[winner][2](m)
        if mention is not None:
            if winner == _ARABIC_PASS:
                found.extend(_reread(text, m, mention, found))
            else:
                found.append(mention)
        pos = m.end()


def _reread(text: str, m: re.Match, mention: NumberMention, found: list[NumberMention]) -> list[NumberMention]:
    """What the one-pattern read gets wrong, mended with the text around it:

    - "从5.4亿到14亿多": from one value to another, two mentions, not a range;
    - "6%－6.5%": a range whose first end repeats the unit (joined to the mention before it);
    - "12.4年": a fractional number of years is a duration, not a date."""
    high = m.group("a2")
    if high is not None and m.group("dash") in "到至" and text[max(0, m.start() - 1) : m.start()] in ("从", "由"):
        first = NumberMention(
            m.start(), m.start("dash"), mention.value, None, mention.unit, mention.raw_unit, None, False
        )
        second = NumberMention(
            m.start("a2"),
            m.end(),
            mention.value_high or 0.0,
            None,
            mention.unit,
            mention.raw_unit,
            mention.approximate,
            False,
        )
        return [first, second]
    if high is None and found and mention.unit and found[-1].unit == mention.unit:
        previous = found[-1]
        between = text[previous.end : m.start()]
        if (
            previous.unit == mention.unit
            and previous.value_high is None
            and _DASH_ONLY.fullmatch(between)
            and previous.value < mention.value
            and text[max(0, previous.start - 1) : previous.start] not in ("从", "由")
        ):
            found.pop()
            return [
                NumberMention(
                    previous.start,
                    m.end(),
                    previous.value,
                    mention.value,
                    mention.unit,
                    mention.raw_unit,
                    previous.approximate,
                    False,
                )
            ]
    if not mention.unit and "." in m.group("a1") and text[m.end() : m.end() + 1] == "年" and not m.group("m1"):
        return [
            NumberMention(
                m.start(), m.end() + 1, mention.value, mention.value_high, "年", "年", mention.approximate, False
            )
        ]
    return [mention]


_DASH_ONLY = re.compile(r"\s?[-—–－~～]\s?")
