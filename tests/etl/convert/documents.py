"""Real documents made inside the tests: PDFs printed by headless Debian chromium (fonts-noto-cjk),
.docx files written by python-docx, an image-only PDF (a "scan") drawn with Pillow.

Nothing binary is committed: each test renders what it needs into a temporary folder.
"""

from __future__ import annotations

import html
import io
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
EXTERNAL_DEV = Path(__file__).resolve().parents[2] / "data" / "external_dev" / "corpus"
CJK_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
# A centred "— N —" footer on every page, as Chinese government PDFs print it.
FOOTER = "<div style='font-size:9pt;width:100%;text-align:center'>— <span class='pageNumber'></span> —</div>"
HEADER = "<div style='font-size:8pt;width:100%;text-align:center'>{header}</div>"


def paragraphs_html(text: str) -> str:
    body = "".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n"))
    return (
        "<html><head><meta charset='utf-8'><style>body{font-family:'Noto Sans CJK SC';font-size:12pt}"
        f"p{{margin:0 0 4pt}}</style></head><body>{body}</body></html>"
    )


@contextmanager
def chromium_browser():
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed (python3 dev.py test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def print_pdf(browser, text: str, header: str = "") -> bytes:
    """`text` (one paragraph per line) printed to an A4 PDF with page-number footers."""
    page = browser.new_page()
    try:
        page.set_content(paragraphs_html(text))
        return page.pdf(
            format="A4",
            display_header_footer=True,
            header_template=HEADER.format(header=html.escape(header)) if header else "<span></span>",
            footer_template=FOOTER,
            margin={"top": "2cm", "bottom": "2cm", "left": "2cm", "right": "2cm"},
        )
    finally:
        page.close()


def docx_bytes(text: str, table: list[list[str]] | None = None) -> bytes:
    """A .docx with one paragraph per line of `text`, then `table` (rows of cells) if given."""
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                grid.cell(r, c).text = cell
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def image_pdf(lines: list[str], width: int = 1240, height: int = 1754) -> bytes:
    """A one-page PDF holding only a picture of `lines` (what a scanner produces): no text layer."""
    from PIL import Image, ImageDraw, ImageFont

    if not Path(CJK_FONT).exists():
        pytest.skip(f"{CJK_FONT} missing (apt-get install fonts-noto-cjk)")
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(CJK_FONT, 34)
    y = 120
    for line in lines:
        for start in range(0, len(line), 30):  # wrap as a printed page does
            draw.text((100, y), line[start : start + 30], font=font, fill=0)
            y += 52
            if y > height - 120:
                break
    buffer = io.BytesIO()
    image.save(buffer, format="PDF", resolution=150.0)
    return buffer.getvalue()


def external_dev_texts() -> dict[str, str]:
    """The six external development documents (tests/data/external_dev/corpus, a copy of ../shared's)."""
    from etl.corpus import decode

    files = sorted(EXTERNAL_DEV.glob("*.txt"))
    if len(files) != 6:
        pytest.skip(f"expected the six external-dev texts in {EXTERNAL_DEV}")
    return {path.name: decode(path.read_bytes(), path.name)[0] for path in files}
