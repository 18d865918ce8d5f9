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


def change(value: float | None, unit: str, language: str = "en", per_year: bool = False) -> str:
    """A signed change: '+3,772亿元/年' / '+377.2 billion元 per year', '-5%'; '–' when unknown."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = ("+" if value > 0 else "") + number(value, language) + (unit or "")
    if per_year:
        text += "/年" if language == "zh" else " per year"
    return text


def axis_ticks(low: float, high: float, language: str, count: int = 5) -> tuple[list[float], list[str]]:
    """Round tick values spanning [low, high] (about `count` steps of 1, 2, 2.5 or 5 x 10^n) and
    their labels as `number` writes them: '4,000亿' on a Chinese axis, where Plotly would write '400B'."""
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
        high = low + 1 if math.isfinite(low) else 1
        low = low if math.isfinite(low) else 0
    raw = (high - low) / max(1, count)
    scale = 10 ** math.floor(math.log10(raw))
    step = next(m * scale for m in (1, 2, 2.5, 5, 10) if m * scale >= raw * (1 - 1e-9))
    first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
    values = [round(i * step, 12) for i in range(first, last + 1)]
    return values, [number(v, language) for v in values]


def _plain(value: float) -> str:
    """Four significant digits without scientific notation: 10000 -> '10,000', 0.52 -> '0.52'."""
    rounded = float(f"{value:.4g}") if abs(value) < 1e4 else round(value)
    if float(rounded).is_integer():
        return f"{int(rounded):,}"
    return f"{rounded:,.6f}".rstrip("0").rstrip(".")


def target_text(
    value: float, value_high: float | None, unit: str | None, comparator: str | None, language: str = "en"
) -> str:
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
