"""Review: unchecked targets, lowest confidence first, with confirm / reject / edit; orphaned
corrections; the history of changes with undo."""

import streamlit as st

from pages.common import access, review_view
from pages.common.i18n import t

access.require_password()
st.title(t("nav.review"))
review_view.queue_page()
