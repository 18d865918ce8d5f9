"""What every converter returns, its error, and the version that keys the conversion cache."""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from etl.errors import EtlError

PACKAGE = Path(__file__).resolve().parent


class ConversionError(EtlError):
    """A file that cannot become text: the message names the file and says what to do."""

    exit_code = 1


@dataclass(frozen=True, slots=True)
class Converted:
    """A document's text and where it came from.

    `page_lines[i]` is the 1-based line of `text` where page i+1 starts (empty for formats without
    pages); `ocr_pages` lists the pages read by OCR; `notes` are remarks worth showing the user.
    """

    text: str
    format: str  # "pdf" | "docx" | "html" | "text"
    page_lines: tuple[int, ...] = ()
    ocr_pages: tuple[int, ...] = ()
    notes: tuple[str, ...] = field(default=())

    def page_of_line(self, line: int) -> int | None:
        return page_of_line(self.page_lines, line)


def page_of_line(page_lines: tuple[int, ...] | list[int], line: int) -> int | None:
    """The page holding 1-based `line`, given where each page starts; None without a page map.

    >>> page_of_line((1, 40, 81), 40), page_of_line((1, 40, 81), 39), page_of_line((), 5)
    (2, 1, None)
    """
    if not page_lines or line < 1:
        return None
    return max(1, bisect_right(page_lines, line))


@lru_cache(maxsize=1)
def converter_version() -> str:
    """A hash of the converters' source: an edit here reconverts every library file (never wrong)."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]
