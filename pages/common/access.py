"""Who may use the dashboard: an optional password, and a read-only mode.

Both are set outside the repository, so a deployment decides them:
- password: `password = "..."` in .streamlit/secrets.toml, or $TRACKER_PASSWORD. Neither set ->
  no gate (the server binds to 127.0.0.1 by default, see .streamlit/config.toml).
- read-only: `read_only = true` in secrets.toml, or $TRACKER_READ_ONLY=1. The Progress page then
  shows the history but takes no uploads and no undo, and no page offers to (re)build the database.

Every page calls `require_password()` itself, not only dashboard.py: a Streamlit server with a
`pages/` folder runs a page script directly (without dashboard.py) when a fresh server's first
visitor opens that page's URL.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path

import streamlit as st

from pages.common.i18n import translate
from pages.common.routing import ensure_dashboard_navigation

PASSWORD_ENV = "TRACKER_PASSWORD"
READ_ONLY_ENV = "TRACKER_READ_ONLY"
SESSION_KEY = "access_granted"  # session state: digest of the password this session entered
TRUE_WORDS = {"1", "true", "yes", "on"}


class SettingsUnreadable(Exception):
    """A secrets file exists but Streamlit cannot parse it: fail closed rather than run unprotected."""


def _secret(name: str):
    try:
        return st.secrets.get(name)
    except FileNotFoundError:  # Streamlit's "no secrets file" (or "cannot parse it")
        files = st.get_option("secrets.files") or []
        if any(Path(f).expanduser().is_file() for f in files):
            raise SettingsUnreadable(", ".join(str(f) for f in files)) from None
        return None


def password() -> str | None:
    """The dashboard's password, or None when none is configured."""
    value = _secret("password")
    if value in (None, ""):
        value = os.environ.get(PASSWORD_ENV) or None
    return None if value is None else str(value)


def read_only() -> bool:
    """Whether uploads, undo and builds are turned off."""
    if os.environ.get(READ_ONLY_ENV, "").strip().lower() in TRUE_WORDS:
        return True
    value = _secret("read_only")
    return value is True or str(value).strip().lower() in TRUE_WORDS


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def password_matches(given: str, expected: str) -> bool:
    """Constant-time comparison (hmac.compare_digest) of the UTF-8 bytes."""
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def locked() -> bool:
    """Whether this session must still enter a password (also when the settings cannot be read)."""
    try:
        expected = password()
    except SettingsUnreadable:
        return True
    return expected is not None and st.session_state.get(SESSION_KEY) != _digest(expected)


def require_password() -> None:
    """Ask for the password unless none is set or this session has entered it; stops the page
    until then. A changed password asks again. The first call of every page, so it also sends a
    page that was started outside dashboard.py back through it (pages.common.routing)."""
    ensure_dashboard_navigation()
    try:
        expected = password()
    except SettingsUnreadable as error:
        st.error(
            translate(
                {
                    "en": "The dashboard's settings ({files}) cannot be read, so it stays locked. "
                    "Fix the file and reload.",
                    "zh": "无法读取看板的配置文件（{files}），看板保持锁定。请修正该文件后刷新。",
                },
                files=str(error),
            ),
            icon=":material/lock:",
        )
        st.stop()
    if expected is None or st.session_state.get(SESSION_KEY) == _digest(expected):
        return
    st.title(translate({"en": "Policy targets tracker", "zh": "政策目标跟踪"}))
    with st.form("password_form"):
        given = st.text_input(translate({"en": "Password", "zh": "密码"}), type="password", key="password_input")
        submitted = st.form_submit_button(translate({"en": "Sign in", "zh": "登录"}), type="primary")
    if submitted:
        if password_matches(given or "", expected):
            st.session_state[SESSION_KEY] = _digest(expected)
            st.rerun()
        st.error(
            translate(
                {
                    "en": "Wrong password. Try again, or ask whoever runs this dashboard.",
                    "zh": "密码错误。请重试，或联系看板的管理员。",
                }
            ),
            icon=":material/lock:",
        )
    else:
        st.info(
            translate({"en": "This dashboard is protected by a password.", "zh": "此看板需要密码才能访问。"}),
            icon=":material/lock:",
        )
    st.stop()


def read_only_notice() -> None:
    st.info(
        translate(
            {
                "en": "This dashboard is read-only: uploads and undo are turned off. Ask whoever runs it "
                "to import figures (python -m etl import-progress).",
                "zh": "此看板为只读模式：上传和撤销功能已关闭。如需导入数据，请联系管理员"
                "（python -m etl import-progress）。",
            }
        ),
        icon=":material/visibility:",
    )
