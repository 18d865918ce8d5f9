"""Unwrap text extracted from PDF compilations, keeping a map back to source lines.

The corpus files are `pdftotext` output: every printed line is followed by a blank line, a page
starts with a line indented by one space, page footers are printed as `— 12 —` or a bare page
number after a run of blank lines, and numbers are split from their units by spaces or line
breaks ("超过 110\\n\\n万亿元"). `unwrap` joins wrapped lines into paragraphs (one per output
line) and records, for every source line it keeps, where it starts in the output, so any
character offset can be traced back to its source line (`SourceText.line_at`).

Two layout facts that cleaning would lose are kept beside the text for document segmentation:
which source lines begin a printed page (`page_starts`), and each kept line with its word
spaces (`raw_lines`: "财政部 税务总局公告 2022年第 32号" separates two issuers).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from etl.lexicon import DOCUMENT_KINDS, DRAFT_NOTES

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
_WIDE_SPACE = re.compile("[\u3000\xa0\u2002\u2003]")
# A tab separates the cells of a table row (a .docx or web table, a spreadsheet paste): kept as one tab.
_TAB_RUN = re.compile(r" *\t[\t ]*")
_SPACE_RUN = re.compile(r" {2,}")
# A printed page starts with a line indented by exactly one space (pdftotext layout).
_PAGE_INDENT = re.compile(r"^ (?! )")
# The kinds of document a title names, optionally followed by an edition or period in brackets:
# "...的通知", "...实施指南（2023年版）", "...三年行动计划（2023-2025 年）".
# A draft's note may follow: "...纲要（2010-2020年）（公开征求意见稿）".
_EDITION = r"[（(][^（）()]{0,16}\d{4}[^（）()]{0,16}[）)]"
_DRAFT = rf"[（(](?:{'|'.join(DRAFT_NOTES)})[）)]"
TITLE_ENDING = re.compile(rf"(?:{'|'.join(DOCUMENT_KINDS)})(?:{_EDITION})?(?:{_DRAFT})?$")
# A title's edition, period or draft note printed on its own line: "（2023年版）", "（2023-2025 年）",
# "（征求意见稿）".
EDITION_LINE = re.compile(rf"^(?:{_EDITION}|{_DRAFT})$")
# What a title can end with: the last character of a document kind, or a closing bracket.
_TITLE_LAST = frozenset(kind[-1] for kind in DOCUMENT_KINDS) | frozenset("）)")


def ends_like_document_kind(text: str) -> bool:
    """TITLE_ENDING.search(text), after a one-character check that rules out most lines."""
    return text[-1:] in _TITLE_LAST and TITLE_ENDING.search(text) is not None


# "附件：《X行动计划》" lists one attachment per line: when it ends with a name, the line below is
# the next item or the signature, not its continuation ("附件：...工作任务安排" + "表" wraps).
ATTACHMENT_ITEM = re.compile(r"^附件\s*\d{0,2}\s*[：:].*(?:》|表|书|单|目录)$")
# Sentence punctuation: a line holding any of it is running text, not a title.
_SENTENCE_PUNCTUATION = re.compile(r"[，。；：！？,;:!?]")
# Article and chapter openers ("第六条 ...发展规划") are body text even when they end like a title.
_ARTICLE_START = re.compile(r"^第[一二三四五六七八九十百\d]+[章条节]")


@dataclass(frozen=True, slots=True)
class SourceText:
    """Unwrapped text plus the offsets where each kept source line starts."""

    text: str
    starts: tuple[int, ...]  # offset in `text` where each kept source line begins
    lines: tuple[int, ...]  # 1-based source line number of each kept line
    page_starts: tuple[int, ...] = ()  # source line numbers that begin a printed page
    raw_lines: tuple[str, ...] = ()  # each kept line, word spaces kept (parallel to `lines`)

    def line_at(self, offset: int) -> int:
        """The source line that holds the character at `offset`."""
        if not self.lines:
            return 0
        i = bisect_right(self.starts, offset) - 1
        return self.lines[max(i, 0)]

    def slice(self, start: int, end: int) -> SourceText:
        """The part of the text between two offsets, with its own line map."""
        lo = max(bisect_right(self.starts, start) - 1, 0)
        hi = bisect_right(self.starts, end - 1) if end > start else lo
        starts = [max(s - start, 0) for s in self.starts[lo:hi]]
        lines = self.lines[lo:hi]
        first, last = (lines[0], lines[-1]) if lines else (0, -1)
        pages = tuple(n for n in self.page_starts if first <= n <= last)
        return SourceText(self.text[start:end], tuple(starts), lines, pages, self.raw_lines[lo:hi])


def display_width(line: str) -> int:
    """Width in half-width cells: CJK characters count two.

    Read off the UTF-8 length (C speed, no per-character loop): ASCII takes one byte and CJK three,
    so each extra pair of bytes is one more cell. Full-width punctuation counts two, as printed.
    """
    return len(line) + (len(line.encode("utf-8")) - len(line)) // 2


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


def normalise_spaces(text: str) -> str:
    """Full-width and no-break spaces become ASCII spaces (one pass over the whole text); a run of
    tabs and spaces around a tab becomes one tab, the cell separator of a table row."""
    text = _WIDE_SPACE.sub(" ", text) if _WIDE_SPACE.search(text) else text
    return _TAB_RUN.sub("\t", text) if "\t" in text else text


def clean_line(line: str) -> str:
    """Normalise spaces: full-width spaces to ASCII, layout spaces around CJK removed."""
    line = normalise_spaces(line).strip(" ")
    return _LAYOUT_SPACE.sub("", line) if " " in line else line


def spaced_line(line: str) -> str:
    """Normalise spaces but keep them: one ASCII space per run, ends stripped."""
    line = normalise_spaces(line).strip()
    return _SPACE_RUN.sub(" ", line) if "  " in line else line


def is_title_line(text: str, width: int, full_width: int) -> bool:
    """A title printed in a larger font ends its paragraph even when it is nearly full width.

    Fires on "关于支持生态环境高水平保护助推经济高质量发展的若干措施" (then the body starts);
    skips body lines that end like a title: "...共同出台指导意见" has a comma, "为全面推进
    江苏省《制造业智能化改造和数字化转型三年行动计划" leaves 《 open, and a full-width line
    is running text.
    """
    return (
        ends_like_document_kind(text)
        and width < full_width * 0.875
        and not _SENTENCE_PUNCTUATION.search(text)
        and not _ARTICLE_START.match(text)
        and text.count("《") == text.count("》")
        and text.count("（") + text.count("(") == text.count("）") + text.count(")")
    )


def ends_attachment_item(text: str) -> bool:
    """ "附件：《南京银行助力文旅产业发展“二三四”联合行动计划》" is complete; the issuer follows."""
    return bool(ATTACHMENT_ITEM.match(text) or (text.startswith("附件") and ends_like_document_kind(text)))


def unwrap(raw: str) -> SourceText:
    """Join wrapped lines into paragraphs separated by "\\n", dropping blank lines and footers."""
    cleaned: list[tuple[int, str]] = []
    raw_lines: list[str] = []
    page_starts: list[int] = []
    blanks = 0
    after_footer = False
    for number, line in enumerate(normalise_spaces(raw).splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            blanks += 1
            continue
        if is_page_footer(stripped, blanks):
            after_footer = True
        else:
            if after_footer or _PAGE_INDENT.match(line):
                page_starts.append(number)
            kept = stripped if " " not in stripped else None  # the common case: nothing to clean
            cleaned.append((number, kept if kept is not None else clean_line(stripped)))
            raw_lines.append(kept if kept is not None else spaced_line(stripped))
            after_footer = False
        blanks = 0

    has_tabs = "\t" in raw
    widths = [display_width(text) for _, text in cleaned]
    full_width = typical_line_width(widths)
    wrapped_if_wider_than = full_width * 0.8
    parts: list[str] = []
    starts: list[int] = []
    lines: list[int] = []
    offset = 0
    previous, previous_width = "", 0
    for (number, text), width in zip(cleaned, widths):
        if parts:
            continues = (
                not previous.endswith(_PARAGRAPH_END)
                and previous_width >= wrapped_if_wider_than
                and not _HEADING_START.match(text)
                and not (is_title_line(previous, previous_width, full_width) and not EDITION_LINE.match(text))
                and not ends_attachment_item(previous)
                and not (text[:1].isdigit() and previous[-1:].isdigit())  # "4000" + "2 高新...": two numbers
                and not (has_tabs and ("\t" in previous or "\t" in text))  # a tab-separated row is a line
            )
            if not continues:
                parts.append("\n")
                offset += 1
        starts.append(offset)
        lines.append(number)
        parts.append(text)
        offset += len(text)
        previous, previous_width = text, width
    return SourceText("".join(parts), tuple(starts), tuple(lines), tuple(page_starts), tuple(raw_lines))
