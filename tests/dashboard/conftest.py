"""AppTest fixtures: the dashboard over a hand-made database, with or without uploaded progress."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import pytest
import streamlit as st
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from etl.store import progress as progress_store
from tests.dashboard.sample_data import sample_progress, write_sample

DASHBOARD = str(Path(__file__).resolve().parents[2] / "dashboard.py")


@pytest.fixture(autouse=True)
def fresh_caches():
    """Streamlit caches live for the process; each test starts clean."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture(autouse=True)
def navigation_mode(monkeypatch):
    """Keep AppTest in st.navigation mode.

    AppTest resets `PagesManager.uses_pages_directory` before every run, and a `pages/` folder
    beside dashboard.py then switches it to the old pages-directory mode, which runs a page
    script without dashboard.py (no sidebar, no database check). The server sets it to False
    once st.navigation has run; this does the same for every AppTest run.
    """
    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


@pytest.fixture
def sample_dir(tmp_path, monkeypatch) -> Path:
    folder = write_sample(tmp_path / "data")
    monkeypatch.setenv("TRACKER_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def with_progress(monkeypatch):
    """Uploaded progress as etl.store.progress.read_progress would return it."""

    def read_progress(data_dir, quantity_ids=None):
        rows = sample_progress()
        return rows if quantity_ids is None else rows[rows["quantity_id"].isin(quantity_ids)]

    monkeypatch.setattr(progress_store, "read_progress", read_progress)


@pytest.fixture
def downloads(monkeypatch) -> dict[str, bytes | Callable[[], bytes]]:
    """What is behind every download button drawn: its bytes by the button's URL
    (`button.proto.url`), or, for a file made on click, the function that makes it by
    `button.proto.deferred_file_id`."""
    served: dict[str, bytes | Callable[[], bytes]] = {}
    original, original_deferred = MediaFileManager.add, MediaFileManager.add_deferred

    def add(self, path_or_data, *args, **kwargs):
        url = original(self, path_or_data, *args, **kwargs)
        if isinstance(path_or_data, bytes):
            served[url] = path_or_data
        return url

    def add_deferred(self, data_callable, *args, **kwargs):
        file_id = original_deferred(self, data_callable, *args, **kwargs)
        served[file_id] = data_callable
        return file_id

    monkeypatch.setattr(MediaFileManager, "add", add)
    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return served


def download(at: AppTest, downloads: dict, key_label: str) -> bytes:
    """The bytes of the download button whose label contains `key_label` (a file made on click is
    made now, as the click would)."""
    for button in at.get("download_button"):
        if key_label in button.proto.label:
            if button.proto.url:
                return downloads[button.proto.url]
            made = downloads[button.proto.deferred_file_id]()
            return made.encode() if isinstance(made, str) else made
    raise AssertionError(
        f"no download button labelled {key_label!r}: {[b.proto.label for b in at.get('download_button')]}"
    )


def open_page(page: str, lang: str = "en", /, **params) -> AppTest:
    """Run the dashboard on `pages/<page>.py` with query params, as a link would open it."""
    at = AppTest.from_file(DASHBOARD, default_timeout=30)
    for key, value in params.items():
        at.query_params[key] = value
    if lang == "zh":
        at.query_params["lang"] = "zh"
    at.run()  # AppTest needs one run (registering st.navigation's pages) before switching page
    if page != "overview":
        assert not at.exception, [e.value for e in at.exception]
        at.switch_page(f"pages/{page}.py")
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def figures(at: AppTest) -> list[tuple[go.Figure, dict]]:
    """(figure, toolbar config) of every Plotly chart on the page."""
    return [
        (pio.from_json(c.proto.spec, skip_invalid=True), json.loads(c.proto.config)) for c in at.get("plotly_chart")
    ]


def values(array) -> list:
    """A trace's data as a list (Plotly sends numeric arrays base64-encoded)."""
    if isinstance(array, dict) and "bdata" in array:
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return list(array)


def shown_text(at: AppTest) -> str:
    """Everything written as markdown, captions, alerts, html and titles, for 'is it shown' checks."""
    parts = [
        e.value
        for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "success")
        for e in getattr(at, kind)
    ]
    parts += [h.proto.body for h in at.get("html")]
    return "\n".join(str(p) for p in parts)
