"""`python -m bench --browser`: page loads in headless chromium, each against a bare Streamlit page.

What a person waits for is a page load: the script run, the data it reads, the elements it sends and
the browser drawing them. This serves the dashboard over a replicated corpus (100x by default) and
`bench/floor_app.py` (title, 5 metrics, a bar chart, a 200-row table: the elements a page here draws,
with no data work) side by side, loads each page and the floor in turn in fresh browser contexts (a
new session each time, as a person opening a link; the server's caches warm from one load first),
and prints each page's median load time and its ratio to the floor's. The goal is 1.1x at 100x.

Timing runs from navigation to the moment the page's own last elements are drawn and Streamlit
reports the script finished. Debian's chromium (/usr/bin/chromium) only: nothing is downloaded.
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

REPO_ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
FLOOR_APP = "bench/floor_app.py"
GOAL = 1.1

# The page's last elements: present (and the script finished) = the page has loaded.
DONE = """(selectors) => !document.querySelector('[data-testid="stStatusWidget"]')
    && !document.querySelector('[data-testid="stSkeleton"]')
    && selectors.every(([css, count]) => document.querySelectorAll(css).length >= count)"""
CHART, TABLE = ".js-plotly-plot .gtitle", '[data-testid="stDataFrame"] canvas'


@dataclass(frozen=True)
class PageLoad:
    name: str
    path: str
    done_when: tuple[tuple[str, int], ...]


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
def serve(script: str, log: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """`streamlit run script` (headless, localhost, a free port, the repository's config) until the
    block ends; yields its base URL. The server is stopped by its own pid."""
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
    ]
    with open(log, "wb") as out:
        server = subprocess.Popen(
            command, cwd=REPO_ROOT, env=os.environ | (env or {}), stdout=out, stderr=subprocess.STDOUT
        )
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


def pages_to_load(data_dir: Path) -> list[PageLoad]:
    """The dashboard's pages as a person opens them (a charted target, a text search)."""
    import duckdb

    with duckdb.connect(str(data_dir / "tracker.duckdb"), read_only=True) as con:
        (quantity_id,) = con.execute("""
            SELECT quantity_id FROM quantities WHERE kind = 'target' AND target_year IS NOT NULL
            AND change IS NULL ORDER BY confidence DESC, quantity_id LIMIT 1""").fetchone()
    return [
        PageLoad("overview", "/overview", ((CHART, 3), ("h3", 1))),  # deadlines: a table, or none due
        PageLoad("targets", "/targets", ((TABLE, 1),)),
        PageLoad("target detail", f"/target_detail?id={quantity_id}", ((CHART, 1), ("blockquote mark", 1))),
        PageLoad("search 港口", "/targets?q=" + quote("港口"), ((TABLE, 1),)),
        PageLoad("documents", "/documents", ((TABLE, 1), (".doc-text", 1))),
        PageLoad("progress", "/progress", (('[data-testid="stFileUploader"]', 1),)),
    ]


FLOOR = PageLoad("floor (bare page)", "/", ((CHART, 1), (TABLE, 1)))


def load_seconds(browser, url: str, page_load: PageLoad, timeout_ms: int = 60_000) -> float:
    """One load in a fresh context (a new session): navigation to the page's last element drawn."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        tab = context.new_page()
        started = time.perf_counter()
        tab.goto(url + page_load.path)
        tab.wait_for_selector('[data-testid="stMain"]', timeout=timeout_ms)
        tab.wait_for_function(DONE, arg=[list(pair) for pair in page_load.done_when], timeout=timeout_ms, polling=10)
        return time.perf_counter() - started
    finally:
        context.close()


def measure(browser, app_url: str, floor_url: str, pages: list[PageLoad], loads: int) -> dict[str, list[float]]:
    """`loads` timed loads of every page and of the floor, interleaved (floor, page, floor, page...), so
    a busy moment of the machine weighs on both; one untimed load of each first warms the caches."""
    for page in pages:
        load_seconds(browser, app_url, page)
    load_seconds(browser, floor_url, FLOOR)
    times: dict[str, list[float]] = {page.name: [] for page in [FLOOR, *pages]}
    for _ in range(loads):
        for page in pages:
            times[FLOOR.name].append(load_seconds(browser, floor_url, FLOOR))
            times[page.name].append(load_seconds(browser, app_url, page))
    return times


def build_scaled(root: Path, scale: int) -> Path:
    """tracker.duckdb over the bundled corpus replicated `scale` times, as `python -m etl build` does."""
    from bench.corpus import replicate
    from etl.commands.build import build_database
    from etl.store.paths import DEFAULT_DATA_DIR

    corpus, data = root / f"corpus_{scale}x", root / f"data_{scale}x"
    replicate(DEFAULT_DATA_DIR / "corpus", corpus, scale)
    data.mkdir(parents=True, exist_ok=True)
    build_database(data, corpus, full=True)
    return data


def run(scale: int = 100, loads: int = 7, keep: Path | None = None) -> dict:
    if not CHROMIUM.exists():
        raise SystemExit("bench --browser needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    root = keep or Path(tempfile.mkdtemp(prefix="tracker-bench-browser-"))
    root.mkdir(parents=True, exist_ok=True)
    print(f"[bench] building {scale}x in {root}", file=sys.stderr, flush=True)
    data = build_scaled(root, scale)
    pages = pages_to_load(data)
    print(f"[bench] {loads} loads of {len(pages)} pages and the floor", file=sys.stderr, flush=True)
    with (
        serve("dashboard.py", root / "app.log", {"TRACKER_DATA_DIR": str(data)}) as app_url,
        serve(FLOOR_APP, root / "floor.log") as floor_url,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            times = measure(browser, app_url, floor_url, pages, loads)
        finally:
            browser.close()
    if keep is None:
        import shutil

        shutil.rmtree(root, ignore_errors=True)
    floor = statistics.median(times[FLOOR.name])
    return {
        "scale": scale,
        "loads": loads,
        "floor_s": floor,
        "pages": {
            name: {
                "median_s": statistics.median(ts),
                "ratio": statistics.median(ts) / floor,
                "min_s": min(ts),
                "max_s": max(ts),
            }
            for name, ts in times.items()
            if name != FLOOR.name
        },
        "load_avg_1m": round(os.getloadavg()[0], 2),
    }


def print_report(report: dict) -> None:
    print(
        f"page loads in headless chromium at {report['scale']}x, median of {report['loads']} "
        f"(fresh session each; floor = bare page with the same elements: {report['floor_s'] * 1000:.0f} ms)"
    )
    print(f"{'page':<16} {'median ms':>10} {'min ms':>8} {'max ms':>8} {'x floor':>8}")
    for name, page in report["pages"].items():
        flag = "" if page["ratio"] <= GOAL else f"  > {GOAL}x"
        print(
            f"{name:<16} {page['median_s'] * 1000:>10.0f} {page['min_s'] * 1000:>8.0f} "
            f"{page['max_s'] * 1000:>8.0f} {page['ratio']:>8.2f}{flag}"
        )
    print(f"machine load (1-minute average) after: {report['load_avg_1m']}")
    print(
        json.dumps(
            {
                "browser_scale": report["scale"],
                "floor_ms": round(report["floor_s"] * 1000),
                **{f"ratio_{name.split()[0]}": round(page["ratio"], 3) for name, page in report["pages"].items()},
            },
            ensure_ascii=False,
        )
    )
