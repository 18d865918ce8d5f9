"""Find quantities in text: Arabic and Chinese numerals, 万/亿 magnitudes, %, 百分点, ranges.

`find_numbers(text)` makes one `finditer` pass with a regex compiled once at import, and returns
`NumberMention`s: value with magnitude applied, optional range end, unit with magnitude removed,
and the character span of the number. Deciding whether a mention is a target is etl.extract's job;
this module only reads numbers ("28亿吨" -> 2800000000 吨, "百分之八十" -> 80 %, "3-5个" -> 3..5 个).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

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


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_ARABIC = r"\d+(?:[,，]\d{3})*(?:\.\d+)?"
_CN_CHARS = "零〇一二两三四五六七八九十百千万亿"
_CHINESE = f"[{_CN_CHARS}]+"
_MAG = _alternation(lexicon.MAGNITUDES)
_UNIT = _alternation(lexicon.UNITS)
_COUNT_UNIT = _alternation(lexicon.COUNT_UNITS)
_DASH = r"[-—–－~～至到]"

# An Arabic number, optionally a range whose ends may each carry a magnitude, then a unit:
# "28亿吨", "3-5个", "10万－40万吨级", "1—3个", "5 个百分点" (spaces left by unwrapping).
_ARABIC_MENTION = (
    rf"(?P<a1>{_ARABIC})\s?(?P<m1>{_MAG})?"
    rf"(?:\s?{_DASH}\s?(?P<a2>{_ARABIC})\s?(?P<m2>{_MAG})?)?"
    rf"\s?(?P<unit>{_UNIT})?"
)
# "百分之八十", "百分之2.5".
_PERCENT_WORDS = rf"百分之(?P<pw>{_ARABIC}|[{_CN_CHARS}]+)"
# A Chinese numeral needs a counting unit: "三千家", "百家", "上千家", "两个", "一次"; this keeps
# 统一, 一流, 三大工程 out.
_CHINESE_MENTION = rf"(?P<approx>[上近])?(?P<cn>{_CHINESE})(?P<cunit>{_COUNT_UNIT})"
# "一半以上" but not "下一半年".
_WORDS = rf"(?<![上下])(?P<word>{_alternation(lexicon.WORD_QUANTITIES)})(?![年月])"

NUMBER_PATTERN = re.compile(
    rf"(?<![A-Za-z0-9.])(?:{_PERCENT_WORDS}|{_ARABIC_MENTION}|{_CHINESE_MENTION}|{_WORDS})"
)


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
    """"1,234.5" -> 1234.5 (thousands separators, ASCII or full-width comma)."""
    return float(text.replace(",", "").replace("，", ""))


def _mention_from_match(m: re.Match) -> NumberMention | None:
    if m.group("pw") is not None:
        words = m.group("pw")
        value = parse_arabic(words) if words[0].isdigit() else chinese_to_number(words)
        if value is None:
            return None
        return NumberMention(m.start(), m.end(), value, None, "%", "%", None, not words[0].isdigit())
    if m.group("a1") is not None:
        return _arabic_mention(m)
    if m.group("cn") is not None:
        return _chinese_mention(m)
    value, unit = lexicon.WORD_QUANTITIES[m.group("word")]
    return NumberMention(m.start(), m.end(), value, None, unit, unit, None, False)


def _arabic_mention(m: re.Match) -> NumberMention:
    mag1 = lexicon.MAGNITUDES.get(m.group("m1") or "", 1)
    mag2 = lexicon.MAGNITUDES.get(m.group("m2") or "", 1)
    if m.group("a2") is not None and not m.group("m1"):
        mag1 = mag2  # "5-10万" means 5万 to 10万
    value = parse_arabic(m.group("a1")) * mag1
    high = parse_arabic(m.group("a2")) * mag2 if m.group("a2") is not None else None
    raw_unit = m.group("unit") or ""
    unit = lexicon.UNITS.get(raw_unit, raw_unit)
    # A magnitude left without a unit is itself the count ("100亿" with the unit elsewhere).
    return NumberMention(m.start(), m.end(), _clean(value), _clean(high), unit, raw_unit, None, False)


def _chinese_mention(m: re.Match) -> NumberMention | None:
    numeral, raw_unit = m.group("cn"), m.group("cunit")
    if raw_unit in lexicon.CHINESE_LARGE_UNITS:  # "三千万" as a bare count is too vague
        return None
    value = chinese_to_number(numeral)
    if value is None:
        return None
    approx = lexicon.APPROXIMATE_NUMERAL_PREFIXES.get(m.group("approx") or "")
    unit = lexicon.UNITS.get(raw_unit, raw_unit)
    return NumberMention(m.start(), m.end(), value, None, unit, raw_unit, approx, True)


def _clean(value: float | None) -> float | None:
    """Round away float noise from magnitudes (1.3 * 10**12)."""
    if value is None:
        return None
    return float(round(value, 6)) if abs(value) < 1e6 else float(round(value))


def find_numbers(text: str) -> list[NumberMention]:
    """Every number in `text`, in order. One regex pass; no per-character Python loop."""
    found = []
    for m in NUMBER_PATTERN.finditer(text):
        mention = _mention_from_match(m)
        if mention is not None:
            found.append(mention)
    return found
