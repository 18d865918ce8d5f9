"""The Targets page's filter widgets, sort and pager, kept in the URL
(`?doc=..&year=2025&status=lagging&q=煤&sort=year&desc=1&page=2`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import streamlit as st

from etl.queries import DocumentOptions, TargetFilters
from etl.status import STATUSES
from pages.common import url_state
from pages.common.i18n import level_label, status_label, t

URL_NAMES = ("doc", "issuer", "level", "year", "status", "unit", "conf", "q", "page")
DOCUMENT_TITLE_KEY = "doc_title_search"  # narrows the document list only: not a filter, not in the URL
SHOWN_VIEW_KEY = "{scope}:view_shown"  # the filters of the last page drawn (a change goes to page 1)


def _multiselect(container, name: str, label: str, options: list, parse=str, format_func=str) -> list:
    url_state.seed_list(name, options, parse)
    chosen = container.multiselect(
        label, options, format_func=format_func, key=url_state.state_key(name), placeholder=t("filter.any")
    )
    url_state.publish(name, chosen)
    return chosen


def clear() -> None:
    """Forget every filter (button callback: runs before the widgets are drawn)."""
    for name in URL_NAMES:
        st.session_state.pop(url_state.state_key(name), None)
        if name in st.query_params:
            del st.query_params[name]
    st.session_state.pop(DOCUMENT_TITLE_KEY, None)


def target_filters(options: dict, documents_for: Callable[[TargetFilters, str], DocumentOptions]) -> TargetFilters:
    """Draw the filters and return what they select.

    The document list can be thousands long, so it offers only the documents that have targets
    matching the other filters and whose title contains what is typed beside it (at most
    etl.queries.DOCUMENT_OPTIONS_LIMIT, plus those already chosen): `documents_for(filters, title)`.
    """
    first, second = st.columns([3, 2, 3]), st.columns(4)
    url_state.seed_value("q", str, "")
    text = first[2].text_input(t("filter.text"), key=url_state.state_key("q"))
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
    others = TargetFilters(
        issuers=tuple(issuers),
        levels=tuple(levels),
        years=tuple(years),
        statuses=tuple(statuses),
        units=tuple(units),
        min_confidence=float(confidence),
        text=text.strip(),
    )

    title = first[1].text_input(t("filter.document_title"), key=DOCUMENT_TITLE_KEY)
    wanted = tuple(str(d) for d in url_state.current_list("doc"))
    found = documents_for(replace(others, documents=wanted), title.strip())
    labels = dict(found.choices)
    documents = _multiselect(first[0], "doc", t("filter.document"), list(labels), format_func=labels.get)
    if found.unlisted:
        first[0].caption(t("filter.document_more", listed=found.listed, matching=found.listed + found.unlisted))
    return replace(others, documents=tuple(documents))


SORT_LABELS = {
    "": "targets.sort.document_order",
    "document": "col.document",
    "indicator": "col.indicator",
    "target": "col.target",
    "year": "col.year",
    "status": "col.status",
    "issuer": "col.issuer",
    "level": "col.level",
    "confidence": "col.confidence",
}  # names of etl.queries.TARGET_SORTS
TABLE_KEY = "targets_table"


def sort_selector() -> tuple[str, bool]:
    """Draw 'Sort by' and 'Descending' (kept in the URL: `?sort=year&desc=1`); returns (sort name, descending).
    The database sorts the whole filtered list before it is paged."""
    left, right = st.columns([2, 1], vertical_alignment="bottom")
    url_state.seed_value("sort", lambda v: v if v in SORT_LABELS else "", "")
    sort = left.selectbox(
        t("targets.sort"),
        list(SORT_LABELS),
        format_func=lambda name: t(SORT_LABELS[name]),
        key=url_state.state_key("sort"),
    )
    url_state.publish("sort", sort, "")
    url_state.seed_value("desc", lambda v: v == "1", False)
    descending = right.toggle(t("targets.descending"), key=url_state.state_key("desc"), disabled=not sort)
    url_state.publish("desc", "1" if descending and sort else "", "")
    return sort, bool(descending and sort)


def sort_by_clicked_column() -> None:
    """Table callback: a clicked column header sorts the whole list by it (again: the other way round).
    The table selects columns instead of sorting them itself, which would sort the page shown only."""
    selection = st.session_state.get(TABLE_KEY, {}).get("selection", {})
    columns = selection.get("columns", []) if selection else []
    by_label = {t(label): name for name, label in SORT_LABELS.items() if name}
    name = by_label.get(columns[0]) if columns else None
    if name is None:
        return
    sort_key, desc_key = url_state.state_key("sort"), url_state.state_key("desc")
    if st.session_state.get(sort_key) == name:
        st.session_state[desc_key] = not st.session_state.get(desc_key, False)
    else:
        st.session_state[sort_key], st.session_state[desc_key] = name, False


def page_selector(shown: int, per_page: int, view: object, scope: str = "targets") -> int:
    """Draw the pager for `shown` rows (only when there is more than one page); returns the page,
    from 1. It starts from `?page=`, is clamped to the pages there are, and goes back to 1 when
    the view (filters, sort) changes (page 7 of another selection means nothing)."""
    pages = max(1, -(-shown // per_page))
    key = url_state.state_key("page")
    url_state.seed_value("page", int, 1)
    shown_key = SHOWN_VIEW_KEY.format(scope=scope)  # one per page using a pager
    if st.session_state.get(shown_key, view) != view:
        st.session_state[key] = 1
    st.session_state[shown_key] = view
    try:
        page = min(max(int(st.session_state[key]), 1), pages)
    except (TypeError, ValueError, OverflowError):
        page = 1
    st.session_state[key] = page
    if pages > 1:
        left, right = st.columns([1, 3], vertical_alignment="bottom")
        page = int(left.number_input(t("targets.page", pages=pages), min_value=1, max_value=pages, step=1, key=key))
        right.caption(t("targets.rows", first=(page - 1) * per_page + 1, last=min(page * per_page, shown), shown=shown))
    url_state.publish("page", page, 1)
    return page
