"""Documents users add, converted to text: bytes in, `Converted` (text + page map) out.

One module per format (pdf, docx, html, text; ocr for scans), chosen by `sniff` from the content,
never from the file name. The text that comes out flows into the same pure pipeline as the corpus
(`etl.pipeline.process_file`); the page map keeps, for a PDF, the line where each page starts so a
quantity's source line can be shown with its page.
"""

from __future__ import annotations

from etl.convert.model import ConversionError, Converted, converter_version
from etl.convert.sniff import sniff

__all__ = ["ConversionError", "Converted", "convert", "converter_version", "sniff"]


def convert(data: bytes, name: str) -> Converted:
    """Convert one file's bytes to text; ConversionError (one line naming the file) otherwise."""
    kind = sniff(data, name)
    if kind == "pdf":
        from etl.convert import pdf

        return pdf.convert_pdf(data, name)
    if kind == "docx":
        from etl.convert import docx

        return docx.convert_docx(data, name)
    if kind == "html":
        from etl.convert import html

        return html.convert_html(data, name)
    from etl.convert import text

    return text.convert_text(data, name)
