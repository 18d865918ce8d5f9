"""A running dashboard (streamlit run, headless, on a free local port) and a headless Chromium.

The server reads a data folder built from the bundled corpus; it is stopped (by its own pid) when
the module's tests end. `open_url` and `ready` are the helpers every browser test shares.
Screenshots go to test-artifacts/screenshots/ (gitignored).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bench.browser import CHROMIUM, CHROMIUM_ARGS, REPO_ROOT
from bench.browser import serve as serve_script

SCREENSHOTS = REPO_ROOT / "test-artifacts" / "screenshots"


def ready(page) -> None:
    """Wait until Streamlit has finished running the script and drawn the page."""
    page.wait_for_selector('[data-testid="stMain"]')
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)
    page.wait_for_timeout(400)


def open_url(page, url: str) -> None:
    """Load `url` in the browser tab and wait until the page is drawn."""
    page.goto(url)
    ready(page)


@contextmanager
def serve(data_dir: Path, log: Path, extra_env: dict[str, str] | None = None) -> Iterator[str]:
    """The dashboard over `data_dir` on a free local port (bench.browser.serve); yields its base URL."""
    with serve_script("dashboard.py", log, {"TRACKER_DATA_DIR": str(data_dir)} | (extra_env or {})) as url:
        yield url


@pytest.fixture(scope="module")
def app_url(built_data_dir, tmp_path_factory):
    """Base URL of the dashboard serving the built corpus."""
    with serve(built_data_dir, tmp_path_factory.mktemp("streamlit") / "server.log") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed (apt-get install chromium); e2e tests need it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True, locale="zh-CN")
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    try:
        yield tab
    finally:
        context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
