from __future__ import annotations

import re
from etl import lexicon


_TABLE_HEADER = re.compile(r"(?P<y1>20\d{2})\s?年(?:情况|现状|基数|实际|完成|基期)\s?(?P<y2>20\d{2})\s?年(?:目标|目标值|预期)")


_TABLE_ROW = re.compile(
    r"(?:^|\n)(?P<label>[^\n]*?)[（(](?P<unit>[^（）()]{1,7})[）)]\n?"
    r"(?P<v1>(?:超过|不低于|约)?\s?\d+(?:\.\d+)?|/)\s?(?P<v2>(?:超过|不低于|约)?\s?\d+(?:\.\d+)?|/)\s*(?=\n|$)"
)


_LABEL_LEAD = re.compile(r"^\d{1,3}\s?")


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
