"""Target detail, issue 13: what later documents report for a target, its restatements, and the
person's decisions (confirm / reject / link by hand). A view: data comes from pages.common.data,
every text from a document is escaped before it is shown.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any, cast

import pandas as pd
import streamlit as st

from pages.common import access, data, ui
from pages.common import format as fmt
from pages.common.i18n import current_language, level_label, t


def _sentence_html(sentence: str) -> str:
    return (
        f'<blockquote style="white-space:pre-wrap;line-height:1.7;margin:0">{html.escape(sentence or "")}</blockquote>'
    )


def _decision_label(decision) -> str:
    return t(f"links.decision.{decision}") if isinstance(decision, str) and decision else t("links.decision.none")


def source_caption(assessment: dict) -> str:
    """Which figures the status used (uploads win over documents for the same period)."""
    source = assessment.get("progress_source")
    return t(f"links.source.{source}") if isinstance(source, str) and source else ""


def _save(decision: str, link_type: str, target_id: str, other_id: str) -> None:
    data.decide_link(decision, link_type, target_id, other_id)
    st.session_state["links_saved"] = decision
    st.rerun()


def reported_section(detail: dict) -> None:
    """Each observation a later document reports for the target, with its sentence and buttons."""
    st.subheader(t("links.reported.title"))
    if saved := st.session_state.pop("links_saved", None):
        st.success(t("links.saved", decision=_decision_label(saved)))
    observations: pd.DataFrame = detail.get("observations", pd.DataFrame())
    if observations.empty:
        st.caption(t("links.reported.none"))  # a line, not a box: most targets have none yet
    language, writable = current_language(), not access.read_only()
    for row in observations.itertuples(index=False):
        with st.container(border=True, key=f"observation-{row.observation_id}"):
            value = fmt.number(float(row.value), language) + (row.unit or "")
            year = f"{int(row.year)}年" if language == "zh" else str(int(row.year))
            st.markdown(
                f"**{html.escape(value)}** ({year}) · {html.escape(row.title or '')} · "
                f"{t('links.type.' + row.type)} · {_decision_label(row.decision)}"
            )
            st.html(_sentence_html(row.sentence))
            left, middle, right = st.columns([1, 1, 3])
            if writable and row.decision != "confirm":
                if left.button(t("links.confirm"), key=f"confirm-{row.observation_id}"):
                    _save("confirm", row.type, detail["quantity_id"], row.observation_id)
            if writable and row.decision != "reject":
                if middle.button(t("links.reject"), key=f"reject-{row.observation_id}"):
                    _save("reject", row.type, detail["quantity_id"], row.observation_id)
            right.page_link(
                ui.DOCUMENTS_PAGE,
                label=t("links.open"),
                icon=":material/article:",
                query_params={"doc": row.doc_id} | ui.language_params(),
            )
    for orphan in data.orphaned_decisions(detail["quantity_id"]):
        st.warning(
            t(
                "links.orphaned",
                decision=_decision_label(orphan.decision.decision),
                date=f"{orphan.decision.decided_at:%Y-%m-%d}",
            ),
            icon=":material/link_off:",
        )
        st.html(_sentence_html(orphan.decision.other.sentence))
    if not writable:
        st.caption(t("links.read_only"))
    else:
        manual_link_form(detail)


def manual_link_form(detail: dict) -> None:
    """Link an observation the build missed (same unit, another document). Behind a toggle: the
    candidates are read and sent to the browser only when someone asks for them."""
    if not st.toggle(t("links.manual.title"), key="manual-open"):
        return
    with st.container(border=True):
        candidates = data.observation_candidates(detail["quantity_id"])
        if candidates.empty:
            st.caption(t("links.manual.none"))
            return
        language = current_language()
        labels = {
            row.observation_id: f"{fmt.number(float(row.value), language)}{row.unit or ''} ({int(row.year)}) · "
            f"{row.title} · {(row.sentence or '')[:40]}"
            for row in candidates.itertuples(index=False)
        }
        chosen = st.selectbox(
            t("links.manual.choose"),
            list(labels),
            key="manual-observation",
            format_func=cast(Callable[[Any], str], labels.get),
        )  # dict.get is overloaded; each option is a key
        kind = st.radio(
            t("links.manual.type"),
            ["progress", "interim"],
            horizontal=True,
            format_func=lambda k: t(f"links.type.{k}"),
            key="manual-type",
        )
        if st.button(t("links.manual.button"), key="manual-link"):
            _save("link", kind, detail["quantity_id"], chosen)


def restatements_section(detail: dict) -> None:
    """'Also stated in': the same target in other documents, values side by side."""
    others: pd.DataFrame = detail.get("restatements", pd.DataFrame())
    if others.empty:
        return
    st.subheader(t("links.restated.title"))
    language = current_language()
    rows = [
        {
            t("col.document"): t("links.restated.this"),
            t("col.level"): level_label(detail.get("level") or ""),
            t("col.target"): fmt.target_text(
                detail["value"], detail.get("value_high"), detail.get("unit"), detail.get("comparator"), language
            ),
            t("col.year"): detail.get("target_year"),
            t("col.sentence"): detail.get("sentence") or "",
        }
    ]
    for row in others.itertuples(index=False):
        rows.append(
            {
                t("col.document"): row.title,
                t("col.level"): level_label(row.level or ""),
                t("col.target"): fmt.target_text(
                    float(row.value),
                    None if pd.isna(row.value_high) else row.value_high,
                    row.unit,
                    row.comparator,
                    language,
                ),
                t("col.year"): None if pd.isna(row.target_year) else int(row.target_year),
                t("col.sentence"): row.sentence or "",
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True)
