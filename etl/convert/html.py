"""A saved web page -> its main text with trafilatura (menus, toolbars and footers left out)."""
from __future__ import annotations

from etl.convert.model import ConversionError, Converted
from etl.convert.text import convert_text


def convert_html(data: bytes, name: str) -> Converted:
    import trafilatura
    markup = convert_text(data, name).text  # the encodings the corpus reader accepts
    try:
        text = trafilatura.extract(markup, include_tables=True, include_comments=False, favor_recall=True,
                                   deduplicate=False)
    except Exception as error:  # lxml errors on broken markup
        raise ConversionError(f"{name}: could not read the web page ({type(error).__name__})") from None
    if not text or not text.strip():
        raise ConversionError(f"{name}: found no main text in the web page; save the article as text or PDF")
    return Converted(text.strip() + "\n", "html")
