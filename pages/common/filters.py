"""The Targets page's filter widgets, kept in the URL (`?doc=..&year=2025&status=lagging&q=煤`)."""
from __future__ import annotations

import streamlit as st

from etl.queries import TargetFilters
from etl.status import STATUSES
from pages.common import url_state
from pages.common.i18n import level_label, status_label, t

URL_NAMES = ("doc", "issuer", "level", "year", "status", "unit", "conf", "q")


def _multiselect(container, name: str, label: str, options: list, parse=str, format_func=str) -> list:
    url_state.seed_list(name, options, parse)
    chosen = container.multiselect(label, options, format_func=format_func, key=url_state.state_key(name))
    url_state.publish(name, chosen)
    return chosen


def clear() -> None:
    """Forget every filter (button callback: runs before the widgets are drawn)."""
    for name in URL_NAMES:
        st.session_state.pop(url_state.state_key(name), None)
        if name in st.query_params:
            del st.query_params[name]


def target_filters(options: dict) -> TargetFilters:
    """Draw the filters and return what they select."""
    titles = dict(options["documents"])
    first, second = st.columns(2), st.columns(4)
    documents = _multiselect(first[0], "doc", t("filter.document"), list(titles), format_func=titles.get)
    url_state.seed_value("q", str, "")
    text = first[1].text_input(t("filter.text"), key=url_state.state_key("q"))
    url_state.publish("q", text.strip(), "")
    years = _multiselect(second[0], "year", t("filter.year"), options["years"], parse=int)
    statuses = _multiselect(second[1], "status", t("filter.status"), list(STATUSES), format_func=status_label)
    units = _multiselect(second[2], "unit", t("filter.unit"), options["units"])
    issuers = _multiselect(second[3], "issuer", t("filter.issuer"), options["issuers"])
    third = st.columns([1, 1, 2])
    levels = _multiselect(third[0], "level", t("filter.level"), options["levels"], format_func=level_label)
    url_state.seed_value("conf", lambda v: min(max(float(v), 0.0), 1.0), 0.0)
    confidence = third[1].slider(t("filter.confidence"), 0.0, 1.0, step=0.05, key=url_state.state_key("conf"))
    url_state.publish("conf", f"{confidence:g}", "0")
    third[2].button(t("filter.clear"), on_click=clear, key="clear_filters")
    return TargetFilters(documents=tuple(documents), issuers=tuple(issuers), levels=tuple(levels),
                         years=tuple(years), statuses=tuple(statuses), units=tuple(units),
                         min_confidence=float(confidence), text=text.strip())
