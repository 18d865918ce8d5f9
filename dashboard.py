"""The dashboard: `streamlit run dashboard.py`.

Sets up the language switch and the page navigation, then runs the chosen page. Reads the data
folder (data/ or $TRACKER_DATA_DIR); with no tracker database yet it offers to build one.
"""
from __future__ import annotations

import streamlit as st

from pages.common import data, i18n, ui

st.set_page_config(page_title="Policy targets tracker · 政策目标跟踪", page_icon=":material/flag:", layout="wide")
i18n.language_switch()
t = i18n.t
navigation = st.navigation([
    st.Page("pages/overview.py", title=t("nav.overview"), url_path="overview", icon=":material/dashboard:",
            default=True),
    st.Page("pages/targets.py", title=t("nav.targets"), url_path="targets", icon=":material/flag:"),
    st.Page("pages/target_detail.py", title=t("nav.detail"), url_path="target_detail",
            icon=":material/show_chart:"),
    st.Page("pages/progress.py", title=t("nav.progress"), url_path="progress", icon=":material/upload:"),
    st.Page("pages/documents.py", title=t("nav.documents"), url_path="documents", icon=":material/article:"),
])
if not data.tracker_exists():
    ui.no_database_state()
    st.stop()
navigation.run()
