"""How numbers, targets and dates are written for people (亿/万 in Chinese, million/billion in English)."""
from __future__ import annotations

import math
import re

COMPARATOR_SYMBOLS = {"=": "", ">=": "≥ ", ">": "> ", "<=": "≤ ", "<": "< ", "~": "≈ "}


def number(value: float | None, language: str = "en") -> str:
    """A readable number: 2800000000 -> '28亿' / '2.8 billion'; small numbers keep their decimals."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    magnitude = abs(value)
    steps = [(1e8, "亿"), (1e4, "万")] if language == "zh" else [(1e9, " billion"), (1e6, " million")]
    for size, word in steps:
        if magnitude >= size:
            return _plain(value / size) + word
    return _plain(value)


def _plain(value: float) -> str:
    """Four significant digits without scientific notation: 10000 -> '10,000', 0.52 -> '0.52'."""
    rounded = float(f"{value:.4g}") if abs(value) < 1e4 else round(value)
    if float(rounded).is_integer():
        return f"{int(rounded):,}"
    return f"{rounded:,.6f}".rstrip("0").rstrip(".")


def target_text(value: float, value_high: float | None, unit: str | None, comparator: str | None,
                language: str = "en") -> str:
    """'≥ 50%', '3–5个', '≈ 28亿吨'."""
    unit = unit or ""
    if value_high is not None and not (isinstance(value_high, float) and math.isnan(value_high)):
        return f"{number(value, language)}–{number(value_high, language)}{unit}"
    return f"{COMPARATOR_SYMBOLS.get(comparator or '=', '')}{number(value, language)}{unit}"


def file_name(*parts: str, limit: int = 80) -> str:
    """A download file name from words (Chinese kept, punctuation and spaces to '-')."""
    text = "-".join(p for p in parts if p)
    text = re.sub(r"[^\w]+", "-", text, flags=re.UNICODE).strip("-")
    return text[:limit] or "chart"


def code_span_text(text: str, limit: int = 80) -> str:
    """User text to put inside a markdown `code span`: no backticks or line breaks to break out of it."""
    cleaned = re.sub(r"[`\r\n]+", " ", str(text))
    return cleaned if len(cleaned) <= limit else cleaned[:limit] + "…"


# Markdown's punctuation, Streamlit's :shortcodes: and $math$: escaped, the text reads as typed.
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain(text: object) -> str:
    """Text from a file or a document, safe to pass to st.info / st.error / st.subheader (which
    render Markdown): '[**sign in**](http://evil)' shows as those characters, not as a link."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", str(text)).replace("\n", "  \n")
