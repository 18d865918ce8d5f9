"""Adding a document in a real browser: upload a PDF, correct its title, build, open one of its
targets (whose source line names the PDF page). Screenshots in test-artifacts/screenshots/."""

from __future__ import annotations

import re
import shutil

import pytest

from etl.build import build
from etl.store import library
from tests.e2e.conftest import serve
from tests.etl.convert.documents import EXTERNAL_DEV, external_dev_texts, print_pdf

pytestmark = pytest.mark.e2e

from playwright.sync_api import expect  # noqa: E402

NEW_TITLE = "2021年政府工作报告（上传的PDF）"


def _ready(page) -> None:
    page.wait_for_selector('[data-testid="stMain"]')
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
    page.wait_for_timeout(400)


@pytest.fixture
def writable_app(tmp_path):
    """The dashboard over its own data folder (a one-file corpus, an empty library)."""
    corpus = tmp_path / "data" / "corpus"
    corpus.mkdir(parents=True)
    shutil.copy(EXTERNAL_DEV / "nbs75_services.txt", corpus)
    build(tmp_path / "data", corpus, workers=1)
    with serve(tmp_path / "data", tmp_path / "server.log") as url:
        yield url, tmp_path / "data"


def test_upload_a_pdf_correct_its_title_build_and_open_a_target(browser, page, writable_app, screenshots, tmp_path):
    url, data = writable_app
    pdf = tmp_path / "gwr2021.pdf"
    pdf.write_bytes(print_pdf(browser, external_dev_texts()["gwr2021.txt"]))
    page.goto(url + "/add_documents")
    _ready(page)
    page.locator('input[type="file"]').set_input_files(str(pdf))
    title = page.get_by_label("Title")
    expect(title).to_be_visible(timeout=60_000)
    expect(page.get_by_text(re.compile(r"PDF · \d+ pages · \d+ targets found"))).to_be_visible()
    title.fill(NEW_TITLE)
    title.press("Enter")
    _ready(page)
    page.screenshot(path=str(screenshots / "add-documents-preview.png"), full_page=True)
    page.get_by_role("button", name="Add 1 and build").click()
    expect(page.get_by_text(re.compile(r"Added 1: built"))).to_be_visible(timeout=120_000)
    _ready(page)
    expect(page.get_by_role("heading", name=NEW_TITLE)).to_be_visible()
    marks = page.locator(".doc-text mark.target")
    assert marks.count() >= 20
    page.screenshot(path=str(screenshots / "add-documents-built.png"), full_page=True)
    [entry] = library.entries(data)
    assert entry.corrections == {"title": NEW_TITLE}
    marks.nth(5).click()
    page.wait_for_url(re.compile(r"target_detail\?id=q"), timeout=30_000)
    _ready(page)
    source = page.get_by_text(re.compile(rf"{re.escape(NEW_TITLE)} .*{entry.seed}, line \d+ · page \d+"))
    expect(source).to_be_visible()
    page.wait_for_timeout(1500)  # let the chart (when the target has one) draw before the screenshot
    page.screenshot(path=str(screenshots / "add-documents-target-detail.png"), full_page=True)
