"""A saved web page -> its main text with trafilatura (menus, toolbars and footers left out)."""

from __future__ import annotations

from etl.convert.model import ConversionError, Converted
from etl.convert.text import convert_text


def convert_html(data: bytes, name: str) -> Converted:
    import trafilatura

    markup = convert_text(data, name).text  # the encodings the corpus reader accepts
    try:
        text = trafilatura.extract(
            markup, include_tables=True, include_comments=False, favor_recall=True, deduplicate=False
        )
    except Exception as error:  # lxml errors on broken markup
        raise ConversionError(f"{name}: could not read the web page ({type(error).__name__})") from None
    if not text or not text.strip():
        raise ConversionError(f"{name}: found no main text in the web page; save the article as text or PDF")
    return Converted("\n".join(table_row(line) for line in text.strip().split("\n")) + "\n", "html")


def table_row(line: str) -> str:
    """trafilatura prints a table row as "| a | b |"; extraction reads a row as cells separated by
    tabs (etl.text keeps them, as for a .docx table), so rows are given that layout.

    >>> table_row("| 1 | 全社会研发经费投入（亿元） | 3700 | 超过4000 |"), table_row("正文 | 不是表格")
    ('1\\t全社会研发经费投入（亿元）\\t3700\\t超过4000', '正文 | 不是表格')
    """
    stripped = line.strip()
    if len(stripped) > 1 and stripped.startswith("|") and stripped.endswith("|"):
        return "\t".join(cell.strip() for cell in stripped[1:-1].split("|") if cell.strip())
    return line
