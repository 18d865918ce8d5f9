"""Route every request through dashboard.py's st.navigation, even a fresh server's first deep link.

A Streamlit server whose entry script has a `pages/` folder beside it starts in the old
pages-directory mode (`PagesManager.uses_pages_directory`) and keeps it until some session runs
st.navigation. Until then, a first visitor who opens a shared link such as
`/targets?year=2025` gets the page script run on its own: a menu of raw file names, no language
switch, no database check. The page notices, leaves that mode for the whole server, and reruns,
so dashboard.py serves the same URL (same page, same query string).
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def ensure_dashboard_navigation() -> None:
    """Rerun through dashboard.py when this page was started by the pages-directory mode."""
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
