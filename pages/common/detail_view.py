"""Pieces of the Target detail page: the status badge, key figures, the source sentence in context."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any, Literal, cast

import pandas as pd
import streamlit as st

from etl.queries import TargetFilters
from etl.store import library
from etl.store.paths import data_dir
from pages.common import charts, data, tables
from pages.common import format as fmt
from pages.common.i18n import current_language, status_label, status_reason, t

BADGE_COLORS: dict[str, Literal["green", "blue", "orange", "red", "gray"]] = {
    "achieved": "green",
    "ahead": "green",
    "on_track": "blue",
    "lagging": "orange",
    "overdue": "red",
    "no_data": "gray",
}


def _present(value) -> bool:
    return value is not None and not (isinstance(value, float) and pd.isna(value))


def status_badge(assessment: dict) -> None:
    status = assessment.get("status") or "no_data"
    st.badge(f"{t('detail.status')}: {status_label(status)}", color=BADGE_COLORS.get(status, "gray"))


def key_figures(detail: dict, assessment: dict) -> None:
    """Target, latest reported value and the change needed per year, as metrics."""
    language, unit = current_language(), charts.level_unit(detail)
    goal = assessment.get("target_value")
    goal_text = (
        fmt.number(goal, language) + unit
        if _present(goal)
        else tables.relative_text(
            fmt.target_text(
                detail["value"], detail.get("value_high"), detail.get("unit"), detail.get("comparator"), language
            ),
            detail.get("change"),
            detail.get("baseline_year"),
            detail.get("per_year"),
            language,
        )
    )
    latest = assessment.get("latest_value")
    columns = st.columns(3)
    columns[0].metric(t("detail.target_value"), goal_text)
    columns[1].metric(t("detail.latest"), fmt.number(latest, language) + unit if _present(latest) else "–")
    label, value = still_required(assessment, unit, language)
    columns[2].metric(t(label), value)


def still_required(assessment: dict, unit: str, language: str) -> tuple[str, str]:
    """What is still needed, as (label key, value), the same figure in either language: the change per
    year until the deadline; once the deadline has passed unmet, the whole gap still to close."""
    goal, latest = assessment.get("target_value"), assessment.get("latest_value")
    if assessment.get("status") == "overdue" and _present(goal) and _present(latest):
        assert goal is not None and latest is not None  # _present
        return "detail.gap_overdue", fmt.change(float(goal) - float(latest), unit, language)
    required = assessment.get("required_annual_change")
    return "detail.required", fmt.change(
        float(required) if required is not None and _present(required) else None, unit, language, per_year=True
    )


def explanation(assessment: dict) -> str:
    """Why the target has its status, in the UI language."""
    reason, basis = assessment.get("reason"), assessment.get("basis")
    if not isinstance(reason, str):
        return ""
    return status_reason(reason, basis if isinstance(basis, str) else "", assessment.get("facts") or ())


def relative_explanation(detail: dict) -> str:
    """Why a target stated as a change has no chart yet, and what would give it one."""
    language = current_language()
    goal = tables.relative_text(
        fmt.number(detail["value"], language) + (detail.get("unit") or ""),
        detail.get("change"),
        detail.get("baseline_year"),
        detail.get("per_year"),
        language,
    )
    year = detail.get("baseline_year")
    if year is None:
        return t("detail.relative_no_base", goal=goal)
    return t("detail.relative_no_baseline", goal=goal, year=f"{year}年" if language == "zh" else str(year))


def context_html(detail: dict) -> str:
    """The text around the number, escaped, with the number itself marked."""
    before = html.escape(detail.get("context_before") or "")
    number = html.escape(detail.get("number_text") or "")
    after = html.escape(detail.get("context_after") or "")
    return (
        f'<blockquote style="white-space:pre-wrap;line-height:1.8">…{before}'
        f'<mark style="background:#ffe58a">{number}</mark>{after}…</blockquote>'
    )


def source_line(detail: dict) -> str:
    """'《title》 · issuer · 文号 · date · file, line n' (escaped for markdown)."""
    parts = [
        detail.get("title") or "",
        detail.get("issuer") or "",
        detail.get("doc_number") or "",
        detail.get("issue_date") or "",
        t("detail.line", file=detail.get("source_file"), line=detail.get("line")),
    ]
    if page := library.page_of(data_dir(), detail.get("source_file") or "", detail.get("line")):
        parts.append(t("add.page", page=page))  # an added PDF: the printed page too
    return " · ".join(html.escape(p) for p in parts if p)


def chart_caption(detail: dict, as_of) -> str:
    return t("chart.caption.document", title=detail.get("title") or "", as_of=as_of.isoformat())


PICKER_LIMIT = 50
PICKER_SEARCH_KEY = "detail:target_search"


def target_picker() -> str | None:
    """With no target chosen: a search box and the first matching targets to pick from (the search
    runs in the database, so it reaches every target). Returns the chosen quantity_id, or None."""
    language = current_language()
    search = st.text_input(t("detail.search"), key=PICKER_SEARCH_KEY).strip()
    found = data.targets_page(TargetFilters(text=search), 1, PICKER_LIMIT)
    total = data.targets_count(TargetFilters(text=search))
    labels = dict(zip(found["quantity_id"], picker_labels(found, language)))
    chosen = st.selectbox(
        t("detail.choose"),
        list(labels),
        index=None,
        format_func=cast(Callable[[Any], str], labels.get),  # dict.get is overloaded; each option is a key
        placeholder=t("detail.choose_placeholder"),
        key="detail:target_choice",
    )
    if total > len(labels):
        st.caption(t("detail.picker_more", listed=len(labels), matching=total))
    return chosen


def picker_labels(frame: pd.DataFrame, language: str) -> list[str]:
    """'指标: ≥ 20% (2025) · document title' for each target row."""
    labels = []
    for row in frame.itertuples(index=False):
        goal = tables.relative_text(
            fmt.target_text(row.value, row.value_high, row.unit, row.comparator, language),
            row.change,
            row.baseline_year,
            row.per_year,
            language,
        )
        indicator = row.indicator if isinstance(row.indicator, str) and row.indicator else (row.sentence or "")[:30]
        year = f" ({int(row.target_year)})" if not pd.isna(row.target_year) else ""
        labels.append(f"{indicator}: {goal}{year} · {row.title}")
    return labels
