"""Small UI pieces the pages share: the no/bad-database states, chart display, click-through."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from etl.commands import build as build_command
from etl.errors import EtlError
from etl.store.paths import corpus_dir, tracker_path
from etl.store.reading import CORRUPT, MISSING, DatabaseUnreadable, first_line
from pages.common import access, charts, data
from pages.common.i18n import current_language, t

TARGETS_PAGE = "pages/targets.py"
DOCUMENTS_PAGE = "pages/documents.py"


def tracker_problem_state(problem: DatabaseUnreadable) -> None:
    """The tracker database is missing, damaged or from another schema: say which, and offer a
    rebuild (it is derived from the corpus, so rebuilding loses nothing; uploaded progress lives
    in progress.duckdb and is not touched)."""
    folder = data.current_data_dir()
    corpus = corpus_dir(data=folder)
    st.title(t("app.title"))
    if problem.kind == MISSING:
        st.subheader(t("empty.no_db.title"))
        st.markdown(t("empty.no_db.body", path=tracker_path(folder), corpus=corpus))
    else:
        st.subheader(t("db.bad.title"))
        st.error(
            t(
                "db.bad.corrupt" if problem.kind == CORRUPT else "db.bad.schema",
                path=tracker_path(folder),
                detail=problem.detail,
            ),
            icon=":material/error:",
        )
        st.markdown(t("db.bad.body", corpus=corpus))
    _build_button(folder, corpus, rebuild=problem.kind != MISSING)


def read_error_state(error: Exception) -> None:
    """A database error while a page ran: the file changed or is damaged past what the check saw."""
    st.error(t("db.read_error", detail=first_line(error)), icon=":material/error:")
    _build_button(data.current_data_dir(), corpus_dir(data=data.current_data_dir()), rebuild=True)


def _build_button(folder, corpus, rebuild: bool) -> None:
    if access.read_only():
        st.info(t("db.read_only_build"), icon=":material/visibility:")
        return
    label = t("db.rebuild.button") if rebuild else t("empty.no_db.button")
    if st.button(label, type="primary", key="build_database"):
        with st.spinner(t("empty.no_db.building")):
            try:
                summary = build_command.build_database(
                    folder, corpus, full=rebuild
                )  # as `python -m etl build [--full]`
            except EtlError as error:
                st.error(str(error), icon=":material/error:")
                return
        st.success(t("empty.no_db.done", summary=summary.line()))
        st.rerun()


def progress_problem_banner() -> None:
    """One line on every page when progress.duckdb cannot be read (statuses then ignore it)."""
    if data.progress_problem() is not None:
        st.warning(t("progress.unreadable.banner"), icon=":material/warning:")


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
