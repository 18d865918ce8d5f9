"""The dashboard: `streamlit run dashboard.py`.

Sets up the language switch, the password gate (when one is configured) and the page navigation,
then runs the chosen page. Reads the data folder (data/ or $TRACKER_DATA_DIR); when the tracker
database is missing, damaged or from another schema it explains that and offers to rebuild it
(not in read-only mode). A database error while a page runs ends in the same message, never in a
traceback.
"""

from __future__ import annotations

import duckdb
import streamlit as st

from etl.errors import EtlError
from pages.common import access, data, i18n, ui

st.set_page_config(page_title="Policy targets tracker · 政策目标跟踪", page_icon=":material/flag:", layout="wide")
i18n.language_switch()
t = i18n.t
OVERVIEW = st.Page("pages/overview.py", title=t("nav.overview"), url_path="overview", icon=":material/dashboard:")


def front_door() -> None:
    """The app's root address opens the Overview at its own address, `/overview` (so that address,
    in a shared link, is a page and not "Page not found"), keeping the query string (`?lang=zh`)."""
    st.switch_page(OVERVIEW, query_params=st.query_params.to_dict())


# The navigation is declared before the password gate (hidden while locked), so the page a link
# asked for is the one signing in leads to, not the default page.
navigation = st.navigation(
    [
        st.Page(front_door, title=t("nav.overview"), url_path="home", default=True, visibility="hidden"),
        OVERVIEW,
        st.Page("pages/targets.py", title=t("nav.targets"), url_path="targets", icon=":material/flag:"),
        st.Page(
            "pages/target_detail.py", title=t("nav.detail"), url_path="target_detail", icon=":material/show_chart:"
        ),
        st.Page("pages/progress.py", title=t("nav.progress"), url_path="progress", icon=":material/upload:"),
        st.Page("pages/documents.py", title=t("nav.documents"), url_path="documents", icon=":material/article:"),
        st.Page("pages/review.py", title=t("nav.review"), url_path="review", icon=":material/fact_check:"),
        st.Page("pages/add_documents.py", title=t("nav.add"), url_path="add_documents", icon=":material/note_add:"),
    ],
    position="hidden" if access.locked() else "sidebar",
)
access.require_password()
if (problem := data.tracker_problem_now()) is not None:
    ui.tracker_problem_state(problem)
    st.stop()
if navigation.url_path != "progress":  # the Progress page explains it in full
    ui.progress_problem_banner()
try:
    navigation.run()
except duckdb.Error as error:  # damage that only shows while reading (the check reads most of the file)
    ui.read_error_state(error)
except EtlError as error:
    st.error(str(error), icon=":material/error:")
