"""A document's text as safe HTML with its quantities highlighted and linked.

All corpus text is HTML-escaped; the only markup is ours (<mark> and <a>), and the only values put
into attributes are quantity ids, URL-encoded.
"""

from __future__ import annotations

import html
from urllib.parse import urlencode

import pandas as pd

STYLE = (
    "<style>.doc-text{white-space:pre-wrap;line-height:1.9;font-size:1rem;max-width:52em}"
    ".doc-text mark{padding:0 2px;border-radius:3px}.doc-text mark.target{background:#ffe58a}"
    ".doc-text mark.baseline{background:#cfe3ff}.doc-text a{color:inherit;text-decoration:none}</style>"
)


def detail_href(quantity_id: str, language: str) -> str:
    """Relative link to a target's detail page (keeps the language)."""
    params = {"id": quantity_id} | ({"lang": "zh"} if language == "zh" else {})
    return "target_detail?" + urlencode(params)


def highlighted_html(text: str, spans: pd.DataFrame, language: str) -> str:
    """`text` escaped, each span [char_start, char_end) wrapped in a linked <mark>; overlaps skipped."""
    parts, cursor = [STYLE, '<div class="doc-text">'], 0
    for span in spans.itertuples(index=False):
        start, end = int(span.char_start), int(span.char_end)
        if start < cursor or end <= start or end > len(text):
            continue
        parts.append(html.escape(text[cursor:start]))
        title = html.escape(f"{span.indicator or ''} ({span.kind})", quote=True)
        kind = "target" if span.kind == "target" else "baseline"
        parts.append(
            f'<a href="{html.escape(detail_href(span.quantity_id, language), quote=True)}" '
            f'target="_self" title="{title}"><mark class="{kind}">{html.escape(text[start:end])}</mark></a>'
        )
        cursor = end
    parts.append(html.escape(text[cursor:]))
    parts.append("</div>")
    return "".join(parts)
