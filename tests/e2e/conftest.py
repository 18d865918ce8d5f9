"""A running dashboard (streamlit run, headless, on a free local port) and a headless Chromium.

The server reads a data folder built from the bundled corpus; it is stopped (by its own pid) when
the module's tests end. `open_url` and `ready` are the helpers every browser test shares. Screenshots go to test-artifacts/screenshots/ (gitignored).
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = REPO_ROOT / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def ready(page) -> None:
    """Wait until Streamlit has finished running the script and drawn the page."""
    page.wait_for_selector('[data-testid="stMain"]')
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)
    page.wait_for_timeout(400)


def open_url(page, url: str) -> None:
    """Load `url` in the browser tab and wait until the page is drawn."""
    page.goto(url)
    ready(page)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, server: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited with {server.returncode}:\n{log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"streamlit did not become healthy in {seconds}s:\n{log.read_text()[-2000:]}")


@contextmanager
def serve(data_dir: Path, log: Path, extra_env: dict[str, str] | None = None) -> Iterator[str]:
    """`streamlit run dashboard.py` on a free local port over `data_dir`; yields its base URL."""
    port = _free_port()
    env = os.environ | {"TRACKER_DATA_DIR": str(data_dir)} | (extra_env or {})
    command = [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true",
               "--server.port", str(port), "--server.address", "127.0.0.1",
               "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"]
    with open(log, "wb") as out:
        server = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, server, log)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=5)


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
