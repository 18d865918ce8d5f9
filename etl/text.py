"""Unwrap text extracted from PDF compilations, keeping a map back to source lines.

The corpus files are `pdftotext` output: every printed line is followed by a blank line, a page
starts with a line indented by one space, page footers are printed as `— 12 —` or a bare page
number after a run of blank lines, and numbers are split from their units by spaces or line
breaks ("超过 110\\n\\n万亿元"). `unwrap` joins wrapped lines into paragraphs (one per output
line) and records, for every source line it keeps, where it starts in the output, so any
character offset can be traced back to its source line (`SourceText.line_at`).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

# A footer line: "— 4—", "- 12 -", "— 129 —".
_DASH_FOOTER = re.compile(r"^[-—–－]\s*\d{1,4}\s*[-—–－]$")
_BARE_PAGE_NUMBER = re.compile(r"^\d{1,4}$")
# Paragraph-ending punctuation: a line ending with one of these is not wrapped.
_PARAGRAPH_END = tuple("。！？；：!?;:")
# A line starting with a heading or list marker always starts a new paragraph.
_HEADING_START = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[．.、](?!\d)"
    r"|第[一二三四五六七八九十百\d]+[章条节部分]|附件|附表)"
)
# Spaces next to a CJK character or full-width punctuation are layout artefacts ("超过 110万",
# "2022年 11月"); spaces between two ASCII tokens ("3 3.05" in a table) are kept.
_LAYOUT_SPACE = re.compile(r"(?<=[^\x00-\x7f]) +| +(?=[^\x00-\x7f])")
_WIDE_SPACES = str.maketrans({"\u3000": " ", "\xa0": " ", "\t": " ", "\u2002": " ", "\u2003": " "})


@dataclass(frozen=True, slots=True)
class SourceText:
    """Unwrapped text plus the offsets where each kept source line starts."""

    text: str
    starts: tuple[int, ...]  # offset in `text` where each kept source line begins
    lines: tuple[int, ...]  # 1-based source line number of each kept line

    def line_at(self, offset: int) -> int:
        """The source line that holds the character at `offset`."""
        if not self.lines:
            return 0
        i = bisect_right(self.starts, offset) - 1
        return self.lines[max(i, 0)]

    def slice(self, start: int, end: int) -> "SourceText":
        """The part of the text between two offsets, with its own line map."""
        lo = max(bisect_right(self.starts, start) - 1, 0)
        hi = bisect_right(self.starts, end - 1) if end > start else lo
        starts = [max(s - start, 0) for s in self.starts[lo:hi]]
        return SourceText(self.text[start:end], tuple(starts), self.lines[lo:hi])


def display_width(line: str) -> int:
    """Width in half-width cells: CJK characters count two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in line)


def typical_line_width(widths: list[int]) -> int:
    """The width of a full printed line, estimated as the 90th percentile of line widths."""
    usable = sorted(w for w in widths if w >= 20)
    if not usable:
        return 0
    return usable[int(len(usable) * 0.9)]


def is_page_footer(line: str, blank_lines_before: int) -> bool:
    """Page numbers: "— 4—" anywhere, a bare number only after two or more blank lines.

    A bare number after one blank line is a table's row number and is kept.
    """
    if _DASH_FOOTER.match(line):
        return True
    return blank_lines_before >= 2 and bool(_BARE_PAGE_NUMBER.match(line))


def clean_line(line: str) -> str:
    """Normalise spaces: full-width spaces to ASCII, layout spaces around CJK removed."""
    return _LAYOUT_SPACE.sub("", line.translate(_WIDE_SPACES).strip())


def unwrap(raw: str) -> SourceText:
    """Join wrapped lines into paragraphs separated by "\\n", dropping blank lines and footers."""
    cleaned: list[tuple[int, str]] = []
    blanks = 0
    for number, line in enumerate(raw.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            blanks += 1
            continue
        if not is_page_footer(stripped, blanks):
            cleaned.append((number, clean_line(line)))
        blanks = 0

    full_width = typical_line_width([display_width(text) for _, text in cleaned])
    wrapped_if_wider_than = full_width * 0.8
    parts: list[str] = []
    starts: list[int] = []
    lines: list[int] = []
    offset = 0
    previous = ""
    for number, text in cleaned:
        if parts:
            continues = (
                not previous.endswith(_PARAGRAPH_END)
                and display_width(previous) >= wrapped_if_wider_than
                and not _HEADING_START.match(text)
            )
            if not continues:
                parts.append("\n")
                offset += 1
        starts.append(offset)
        lines.append(number)
        parts.append(text)
        offset += len(text)
        previous = text
    return SourceText("".join(parts), tuple(starts), tuple(lines))
