"""PDF -> text with pypdfium2 (PDFium: fast, reads CJK fonts' text layers), page by page.

Pages without a text layer (a scan) go to OCR (etl.convert.ocr) when tesseract is installed; when
it is not, the whole file is refused with a message saying how to enable OCR: a scanned PDF never
becomes a silently empty document.
"""

from __future__ import annotations

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped]

from etl.convert import ocr
from etl.convert.layout import join_pages, strip_page_furniture
from etl.convert.model import ConversionError, Converted

# A page with fewer visible characters than this and an image on it is treated as scanned.
MIN_TEXT_CHARS = 10
MAX_PAGES = 5000


def _open(data: bytes, name: str) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise ConversionError(
                f"{name}: the PDF is encrypted with a password; save an unprotected copy (print to PDF) and add that"
            ) from None
        raise ConversionError(f"{name}: a damaged or unreadable PDF ({error})") from None


def _has_image(page: pdfium.PdfPage) -> bool:
    return any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2))


def page_lines(page: pdfium.PdfPage) -> list[str]:
    """The page's text layer as lines, in PDFium's reading order."""
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
    finally:
        textpage.close()
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return [line.rstrip() for line in text.split("\n")]


def convert_pdf(data: bytes, name: str, use_ocr: bool | None = None) -> Converted:
    """Text of every page, page furniture removed, scans OCRed; `use_ocr` False refuses scans
    (None: OCR when available)."""
    document = _open(data, name)
    try:
        count = len(document)
        if count == 0:
            raise ConversionError(f"{name}: the PDF has no pages")
        if count > MAX_PAGES:
            raise ConversionError(f"{name}: {count} pages is more than the {MAX_PAGES}-page limit; split the PDF")
        pages: list[list[str]] = []
        scanned: list[int] = []
        for index in range(count):
            page = document[index]
            try:
                lines = page_lines(page)
                if sum(len(line.strip()) for line in lines) < MIN_TEXT_CHARS and _has_image(page):
                    scanned.append(index)
                pages.append(lines)
            finally:
                page.close()
        if scanned:
            _ocr_pages(document, scanned, pages, name, use_ocr)
    finally:
        document.close()
    text, starts = join_pages(strip_page_furniture(pages))
    if not text.strip():
        raise ConversionError(f"{name}: the PDF has no text on any page (and no scanned images to read)")
    notes = (f"{len(scanned)} of {count} pages read by OCR (check the numbers)",) if scanned else ()
    return Converted(text, "pdf", starts, tuple(i + 1 for i in scanned), notes)


def _ocr_pages(document, scanned: list[int], pages: list[list[str]], name: str, use_ocr: bool | None) -> None:
    problem = ocr.unavailable() if use_ocr is not False else "OCR is switched off"
    if problem:
        shown = ", ".join(str(i + 1) for i in scanned[:5]) + (" ..." if len(scanned) > 5 else "")
        raise ConversionError(
            f"{name}: a scanned PDF ({len(scanned)} of {len(document)} pages have no text layer: "
            f"page {shown}); {problem}"
        )
    for index in scanned:
        page = document[index]
        try:
            pages[index] = ocr.read_page(page).split("\n")
        finally:
            page.close()
