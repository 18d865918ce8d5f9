"""OCR of scanned PDF pages with Debian's tesseract (`tesseract-ocr`, `tesseract-ocr-chi-sim`).

Optional at run time: `unavailable()` says what is missing so the caller can refuse a scan with a
message that tells the user how to enable OCR.
"""

from __future__ import annotations

import re
import shutil
from functools import lru_cache

LANGUAGES = "chi_sim+eng"
RENDER_DPI = 300
INSTALL_HINT = (
    "install Debian packages tesseract-ocr and tesseract-ocr-chi-sim (python3 dev.py test installs them) "
    "to read scans with OCR, or add a PDF with a text layer"
)
# Tesseract separates CJK characters with spaces; a space between two non-ASCII characters, or
# between one and a digit, is an artefact ("2 0 2 5 年" stays readable for the number parser).
_CJK_SPACE = re.compile(r"(?<=[^\x00-\x7f]) +(?=[^\x00-\x7f\s])|(?<=[^\x00-\x7f]) +(?=\d)|(?<=\d) +(?=[^\x00-\x7f\s])")

# Tesseract reads full-width Chinese punctuation after a CJK character (or a % closing a number)
# as ASCII with a space before it ("目标是 :", "6%以上 ;"); sentence splitting expects full width.
_ASCII_PUNCTUATION = re.compile(r"(?<=[^\x00-\x7f%]) ?([;:,!?])|(?<=%) ([;:,])")
_FULL_WIDTH = {";": "；", ":": "：", ",": "，", "!": "！", "?": "？"}


@lru_cache(maxsize=1)
def unavailable() -> str | None:
    """None when OCR works here, else why not and how to fix it."""
    if shutil.which("tesseract") is None:
        return f"OCR is not installed: {INSTALL_HINT}"
    try:
        import pytesseract  # type: ignore[import-untyped]

        languages = set(pytesseract.get_languages(config=""))
    except Exception as error:  # pytesseract missing or tesseract broken: same advice
        return f"OCR does not work here ({type(error).__name__}): {INSTALL_HINT}"
    if "chi_sim" not in languages:
        return f"tesseract lacks Simplified Chinese: {INSTALL_HINT}"
    return None


def tidy(text: str) -> str:
    """Tesseract's text with the spaces it puts between CJK characters removed.

    >>> tidy("到 2025 年 ， 港 口 能 力 达 到 28 亿 吨")
    '到2025年，港口能力达到28亿吨'
    >>> tidy("目标是 :"), tidy("增长6%以上 ;")
    ('目标是：', '增长6%以上；')
    """
    lines = [_CJK_SPACE.sub("", line).strip() for line in text.replace("\x0c", "").split("\n")]
    lines = [_ASCII_PUNCTUATION.sub(lambda m: _FULL_WIDTH[m.group(1) or m.group(2)], line) for line in lines]
    return "\n".join(line for line in lines if line)


def read_page(page) -> str:
    """OCR one pypdfium2 page, rendered at RENDER_DPI."""
    import pytesseract

    image = page.render(scale=RENDER_DPI / 72, grayscale=True).to_pil()
    return tidy(pytesseract.image_to_string(image, lang=LANGUAGES))
