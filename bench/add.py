"""The "add" row: what adding a 100-page PDF costs, per page and per MB of its text.

The PDF is the bundled corpus printed by headless Debian chromium (fonts-noto-cjk) and cut to
exactly 100 pages with pypdfium2. Timed in this process on a data folder already built from the
bundled corpus: conversion (pypdfium2, footers removed), then `library.add` plus the incremental
build, which extracts only the new file (so the row is the cost a user waits for).
Run alone: python -m bench.add
"""

from __future__ import annotations

import html
import io
import json
import shutil
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path[0] = str(Path(__file__).resolve().parents[1])

from etl.adding import target_counts  # noqa: E402
from etl.build import build  # noqa: E402
from etl.corpus import decode  # noqa: E402
from etl.store import library  # noqa: E402
from etl.store.paths import DEFAULT_DATA_DIR  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
PAGES = 100


@dataclass(frozen=True, slots=True)
class AddRun:
    pages: int
    pdf_mb: float
    text_mb: float  # UTF-8 size of the converted text
    convert_s: float
    add_build_s: float  # copy into the library + incremental build (one file extracted)
    extracted: int
    targets: int

    @property
    def total_s(self) -> float:
        return self.convert_s + self.add_build_s

    @property
    def s_per_page(self) -> float:
        return self.total_s / self.pages

    @property
    def s_per_text_mb(self) -> float:
        return self.total_s / self.text_mb

    def line(self) -> str:
        return (
            f"add: {self.pages}-page PDF ({self.pdf_mb:.1f} MB, {self.text_mb:.2f} MB of text, {self.targets} targets): "
            f"convert {self.convert_s:.2f} s + add and build {self.add_build_s:.2f} s (extracted {self.extracted} "
            f"file) = {self.s_per_page * 1000:.0f} ms per page, {self.s_per_text_mb:.2f} s per MB of text"
        )


def hundred_page_pdf(corpus: Path, pages: int = PAGES) -> bytes:
    """The bundled corpus printed to PDF and cut to `pages` pages."""
    import pypdfium2 as pdfium
    from playwright.sync_api import sync_playwright

    lines = [
        line.strip()
        for path in sorted(corpus.glob("*.txt"))
        for line in decode(path.read_bytes(), path.name)[0].split("\n")
    ]
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines if line)
    markup = (
        "<html><head><meta charset='utf-8'><style>body{font-family:'Noto Sans CJK SC';font-size:11pt}"
        f"p{{margin:0 0 3pt}}</style></head><body>{body}</body></html>"
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            page.set_content(markup)
            printed = page.pdf(
                format="A4",
                display_header_footer=True,
                header_template="<span></span>",
                footer_template="<div style='font-size:9pt;width:100%;text-align:center'>— "
                "<span class='pageNumber'></span> —</div>",
                margin={"top": "2cm", "bottom": "2cm", "left": "2cm", "right": "2cm"},
            )
        finally:
            browser.close()
    source = pdfium.PdfDocument(printed)
    if len(source) < pages:
        raise RuntimeError(f"the corpus prints to {len(source)} pages, fewer than {pages}")
    cut = pdfium.PdfDocument.new()
    cut.import_pages(source, list(range(pages)))
    buffer = io.BytesIO()
    cut.save(buffer)
    return buffer.getvalue()


def add_benchmark(root: Path, corpus: Path = DEFAULT_DATA_DIR / "corpus") -> AddRun | None:
    """The add row, or None when chromium (needed to make the PDF) is missing."""
    if not CHROMIUM.exists():
        return None
    pdf = hundred_page_pdf(corpus)
    data = root / "data_add"
    build(data, corpus, workers=1)
    started = time.perf_counter()
    converted = library.prepare(pdf, "bench-100-pages.pdf")
    converted_at = time.perf_counter()
    added = library.add(data, pdf, "bench-100-pages.pdf", converted=converted)
    summary = build(data, corpus, workers=1)
    finished = time.perf_counter()
    targets = target_counts(data, [added.entry.seed])[added.entry.seed][1]
    return AddRun(
        len(converted.page_lines),
        len(pdf) / 2**20,
        len(converted.text.encode()) / 2**20,
        converted_at - started,
        finished - converted_at,
        summary.extracted,
        targets,
    )


def main() -> int:
    root = Path(tempfile.mkdtemp(prefix="tracker-bench-add-"))
    try:
        run = add_benchmark(root)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    if run is None:
        print("add: skipped (needs /usr/bin/chromium to print the PDF)")
        return 0
    print(run.line())
    print(
        json.dumps(asdict(run) | {"s_per_page": round(run.s_per_page, 4), "s_per_text_mb": round(run.s_per_text_mb, 3)})
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
