"""Page furniture in text taken from printed pages: footers with page numbers, running headers.

Pure functions over a list of pages (each a list of lines), so they are tested without a PDF.
"""

from __future__ import annotations

import re

# A page-number footer or header line: "— 12 —", "- 3 -", "第3页", "第 3 页 共 10 页", "3/10",
# "Page 3 of 10", or a bare number. Must not match a short line of content such as "2025年" or "3.5".
PAGE_NUMBER_LINE = re.compile(
    r"^(?:[-—–－]\s*\d{1,4}\s*[-—–－]"
    r"|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*of\s*\d{1,4})?"
    r"|\d{1,4})$",
    re.IGNORECASE,
)
# A line repeated at the top (or bottom) of at least this share of pages is a running header (footer).
RUNNING_SHARE = 0.5
RUNNING_MIN_PAGES = 3
# Lines at each end of a page inspected for furniture.
EDGE_LINES = 2


def is_page_number(line: str) -> bool:
    """A line that is only a page number, in the forms Chinese documents print.

    >>> is_page_number("— 12 —"), is_page_number("第3页"), is_page_number("2025年"), is_page_number("3.5")
    (True, True, False, False)
    """
    return bool(PAGE_NUMBER_LINE.match(line.strip()))


def _edge_indexes(lines: list[str]) -> list[int]:
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return sorted(set(filled[:EDGE_LINES] + filled[-EDGE_LINES:]))


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Lines that open or close most pages word for word: a running header or footer (compared
    exactly: lines differing in a number are body text, page numbers are caught by PAGE_NUMBER_LINE)."""
    if len(pages) < RUNNING_MIN_PAGES:
        return set()
    counts: dict[str, int] = {}
    for lines in pages:
        for key in {lines[i].strip() for i in _edge_indexes(lines)}:
            counts[key] = counts.get(key, 0) + 1
    return {key for key, count in counts.items() if count >= max(RUNNING_MIN_PAGES, RUNNING_SHARE * len(pages))}


def strip_page_furniture(pages: list[list[str]]) -> list[list[str]]:
    """Each page without its page-number lines and running headers/footers (first and last lines
    only: a number inside the body is content)."""
    running = _running_lines(pages)
    cleaned = []
    for lines in pages:
        edges = set(_edge_indexes(lines))
        cleaned.append(
            [
                line
                for i, line in enumerate(lines)
                if not (i in edges and (is_page_number(line) or line.strip() in running))
            ]
        )
    return cleaned


def join_pages(pages: list[list[str]]) -> tuple[str, tuple[int, ...]]:
    """The pages' lines as one text, and the 1-based line where each page starts.

    >>> join_pages([["a", "b"], [], ["c"]])
    ('a\\nb\\nc', (1, 3, 3))
    """
    out: list[str] = []
    starts = []
    for lines in pages:
        starts.append(len(out) + 1)
        out.extend(lines)
    # An empty page starts where the next one does; keep the map monotonic.
    return "\n".join(out), tuple(starts)
