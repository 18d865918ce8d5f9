"""Small UI pieces the pages share: the no-database state, chart display, click-through."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from etl.build import build
from etl.store.paths import corpus_dir, tracker_path
from pages.common import charts, data
from pages.common.i18n import current_language, t

TARGETS_PAGE = "pages/targets.py"
DETAIL_PAGE = "pages/target_detail.py"
DOCUMENTS_PAGE = "pages/documents.py"


def no_database_state() -> None:
    """What a person sees before the first build: what is missing and a button to build it."""
    folder = data.current_data_dir()
    st.title(t("app.title"))
    st.subheader(t("empty.no_db.title"))
    corpus = corpus_dir(data=folder)
    st.markdown(t("empty.no_db.body", path=tracker_path(folder), corpus=corpus))
    if st.button(t("empty.no_db.button"), type="primary", key="build_database"):
        with st.spinner(t("empty.no_db.building")):
            summary = build(folder, corpus, workers=1)
        st.success(t("empty.no_db.done", summary=summary.line()))
        st.rerun()


def language_params() -> dict[str, str]:
    """Query params that keep the language when switching page."""
    return {"lang": "zh"} if current_language() == "zh" else {}


def show_chart(fig: go.Figure, file_name: str, key: str | None = None, clickable: bool = False):
    """Draw a figure with the shared toolbar config; returns the selection event when clickable."""
    config = charts.png_config(file_name)
    if clickable:
        return st.plotly_chart(fig, config=config, key=key, on_select="rerun", selection_mode="points")
    st.plotly_chart(fig, config=config, key=key)
    return None


def clicked_row(event, frame: pd.DataFrame) -> pd.Series | None:
    """The row of `frame` behind the first clicked point (a chart's point i is row i)."""
    if not event:
        return None
    points = event.get("selection", {}).get("points", [])
    if not points:
        return None
    index = points[0].get("point_index", points[0].get("point_number"))
    if index is None or not 0 <= int(index) < len(frame):
        return None
    return frame.iloc[int(index)]


def open_targets(**filters) -> None:
    """Switch to the Targets page filtered by `filters` (query-param names of that page)."""
    params = {k: v for k, v in filters.items() if v not in (None, "")} | language_params()
    st.switch_page(TARGETS_PAGE, query_params=params)
