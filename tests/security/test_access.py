"""Access: localhost by default, an optional password (secrets or environment), read-only mode."""

from __future__ import annotations

import subprocess
import tomllib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from etl.progress.validation import MAX_FILE_BYTES, validate_progress
from etl.store import progress as store
from pages.common.access import password_matches
from tests.dashboard.conftest import DASHBOARD, shown_text
from tests.etl.progress_fixtures import csv_bytes

REPO = Path(__file__).resolve().parents[2]
PAGES = ["overview", "targets", "target_detail", "progress", "documents"]


def test_server_binds_to_localhost_and_caps_uploads_at_the_largest_page_limit():
    from etl.store.library import DEFAULT_MAX_ADD_MB

    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["address"] == "127.0.0.1"
    # an added document (50 MB) is the largest upload; the progress uploader caps itself lower
    assert config["server"]["maxUploadSize"] == DEFAULT_MAX_ADD_MB
    assert MAX_FILE_BYTES < DEFAULT_MAX_ADD_MB * 1024 * 1024
    assert "max_upload_size=MAX_FILE_BYTES // 1024 // 1024" in (REPO / "pages" / "progress.py").read_text(
        encoding="utf-8"
    )


def test_people_see_the_app_without_streamlits_developer_toolbar():
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["toolbarMode"] == "viewer"


def test_secrets_file_is_never_committed():
    result = subprocess.run(["git", "check-ignore", "-q", ".streamlit/secrets.toml"], cwd=REPO)
    assert result.returncode == 0


def _dashboard(secrets: dict | None = None, **params) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=30)
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def _sign_in(at: AppTest, password: str) -> AppTest:
    at.text_input(key="password_input").input(password)
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_no_password_configured_means_no_gate(sample_dir, monkeypatch):
    monkeypatch.delenv("TRACKER_PASSWORD", raising=False)
    at = _dashboard()
    assert not any(t.key == "password_input" for t in at.text_input)
    assert at.metric


@pytest.mark.parametrize("source", ["environment", "secrets"])
def test_password_gate(sample_dir, monkeypatch, source):
    secrets = {}
    if source == "environment":
        monkeypatch.setenv("TRACKER_PASSWORD", "s3cret-密码")
    else:
        monkeypatch.delenv("TRACKER_PASSWORD", raising=False)
        secrets = {"password": "s3cret-密码"}
    at = _dashboard(secrets)
    assert "This dashboard is protected by a password." in shown_text(at)
    assert not at.metric and not at.dataframe  # nothing from the data before signing in
    _sign_in(at, "wrong")
    assert "Wrong password" in "\n".join(e.value for e in at.error)
    assert not at.metric
    _sign_in(at, "s3cret-密码")
    assert {m.label: m.value for m in at.metric}["Targets"] == "8"
    at.switch_page("pages/targets.py").run()  # signed in for the whole session
    assert len(at.dataframe[0].value) == 8


def test_gate_holds_for_a_deep_link_with_query_params(sample_dir, monkeypatch):
    monkeypatch.setenv("TRACKER_PASSWORD", "pw")
    at = AppTest.from_file(DASHBOARD, default_timeout=30)
    at.query_params["id"] = "q_share"
    at.switch_page("pages/target_detail.py").run()
    assert "protected by a password" in shown_text(at) and "非化石能源" not in shown_text(at)


@pytest.mark.parametrize("page", PAGES)
def test_each_page_script_run_on_its_own_asks_for_the_password(sample_dir, monkeypatch, page):
    """A fresh server with a pages/ folder runs a page script without dashboard.py when its URL is
    the first one opened; the page must still be gated."""
    monkeypatch.setenv("TRACKER_PASSWORD", "pw")
    at = AppTest.from_file(str(REPO / "pages" / f"{page}.py"), default_timeout=30)
    at.query_params["id"] = "q_share"
    at.query_params["doc"] = "doc_plan"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "protected by a password" in shown_text(at)
    assert not at.dataframe and not at.metric and not at.get("plotly_chart") and not at.get("html")


def test_password_comparison():
    assert password_matches("abc", "abc") and password_matches("密码", "密码")
    assert (
        not password_matches("abc", "abd") and not password_matches("", "abc") and not password_matches("abc ", "abc")
    )


@pytest.fixture
def uploaded(sample_dir):
    data = csv_bytes([["q_share", "2023", "18.6", ""]])
    store.import_report(sample_dir, validate_progress(data, store.known_targets(sample_dir), file_name="a.csv"))
    return sample_dir


@pytest.mark.parametrize("source", ["environment", "secrets"])
def test_read_only_progress_page_shows_history_but_takes_no_uploads_or_undo(uploaded, monkeypatch, source):
    secrets = {}
    if source == "environment":
        monkeypatch.setenv("TRACKER_READ_ONLY", "1")
    else:
        secrets = {"read_only": True}
    at = AppTest.from_file(DASHBOARD, default_timeout=30)
    for key, value in secrets.items():
        at.secrets[key] = value
    at.switch_page("pages/progress.py").run()
    assert not at.exception
    assert "This dashboard is read-only: uploads and undo are turned off." in shown_text(at)
    history = next(f.value for f in at.dataframe if "state" in f.value.columns)
    assert history["file_name"].tolist() == ["a.csv"]
    assert not at.get("file_uploader")
    assert not any(b.key in ("progress_undo", "progress_restore", "progress_confirm") for b in at.button)
    assert at.get("download_button")  # the template is still there
    assert store.read_progress(uploaded)["value"].tolist() == [18.6]


def test_not_read_only_by_default(uploaded, monkeypatch):
    monkeypatch.delenv("TRACKER_READ_ONLY", raising=False)
    at = AppTest.from_file(DASHBOARD, default_timeout=30)
    at.switch_page("pages/progress.py").run()
    assert at.get("file_uploader") and any(b.key == "progress_undo" for b in at.button)
