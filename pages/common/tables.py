"""Tables as people read them: translated headers, readable targets, a link to each detail page."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pages.common import format as fmt
from pages.common.export import spreadsheet_safe
from pages.common.i18n import current_language, level_label, status_label, t
from pages.common.text_view import detail_href


def show(frame: pd.DataFrame, **options):
    """st.dataframe for every table on every page: its toolbar's "Download as CSV" writes the cells
    as shown, so text cells are made spreadsheet-safe first ('=1+1.csv' -> "'=1+1.csv")."""
    return st.dataframe(spreadsheet_safe(frame), **options)


def _targets_text(frame: pd.DataFrame, language: str) -> list[str]:
    out = []
    for row in frame.itertuples(index=False):
        text = fmt.target_text(row.value, row.value_high, row.unit, row.comparator, language)
        out.append(relative_text(text, row.change, row.baseline_year, row.per_year, language))
    return out


def relative_text(text: str, change, baseline_year, per_year, language: str) -> str:
    """'≥ 20%' -> '较2020年下降20%' / 'a decrease of 20% vs 2020' for targets stated as a change."""
    if change not in ("increase", "decrease"):
        return text
    word = t(f"change.{change}")
    has_year = baseline_year is not None and not pd.isna(baseline_year)
    if language == "zh":
        return ("年均" if per_year else "") + (f"较{int(baseline_year)}年" if has_year else "") + word + text
    return f"{word} of {text}" + (" a year" if per_year else "") + (f" vs {int(baseline_year)}" if has_year else "")


def _indicator(frame: pd.DataFrame) -> pd.Series:
    return frame["indicator"].fillna("").where(frame["indicator"].fillna("") != "", frame["sentence"].str.slice(0, 30))


def deadlines(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """Upcoming deadlines for st.dataframe: (display frame, column_config)."""
    language = current_language()
    shown = pd.DataFrame(
        {
            t("col.detail"): [detail_href(q, language) for q in frame["quantity_id"]],
            t("col.year"): frame["target_year"],
            t("col.indicator"): frame["indicator"].fillna(""),
            t("col.target"): _targets_text(frame, language),
            t("col.status"): [status_label(s) for s in frame["status"]],
            t("col.document"): frame["title"],
        }
    )
    config = {
        t("col.detail"): st.column_config.LinkColumn(display_text=t("col.open")),
        t("col.year"): st.column_config.NumberColumn(format="%d"),
    }
    return shown, config


def targets(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """The Targets table for st.dataframe: (display frame, column_config)."""
    language = current_language()
    shown = pd.DataFrame(
        {
            t("col.detail"): [detail_href(q, language) for q in frame["quantity_id"]],
            t("col.indicator"): _indicator(frame),
            t("col.target"): _targets_text(frame, language),
            t("col.year"): frame["target_year"],
            t("col.status"): [status_label(s) for s in frame["status"]],
            t("col.document"): frame["title"],
            t("col.issuer"): frame["issuer"].fillna(""),
            t("col.level"): [level_label(v) if isinstance(v, str) else "" for v in frame["level"]],
            t("col.confidence"): frame["confidence"],
            t("col.sentence"): frame["sentence"],
        }
    )
    config = {
        t("col.detail"): st.column_config.LinkColumn(display_text=t("col.open"), width="small"),
        t("col.year"): st.column_config.NumberColumn(format="%d", width="small"),
        t("col.confidence"): st.column_config.ProgressColumn(
            min_value=0.0, max_value=1.0, format="%.2f", width="small"
        ),
        t("col.sentence"): st.column_config.TextColumn(width="large"),
    }
    return shown, config


EXPORT_COLUMNS = [
    "quantity_id",
    "doc_id",
    "title",
    "issuer",
    "level",
    "indicator",
    "value",
    "value_high",
    "unit",
    "comparator",
    "change",
    "baseline_year",
    "baseline_value",
    "target_year",
    "per_year",
    "confidence",
    "status",
    "sentence",
    "line",
    "origin",
    "checked",
]


def export_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The filtered targets as exported to CSV: raw codes, not translated labels."""
    return frame[EXPORT_COLUMNS]


def documents(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """The document list: (display frame, column_config), with a link that opens each text."""
    lang = "&lang=zh" if current_language() == "zh" else ""
    levels = {level: level_label(level) for level in frame["level"].dropna().unique()}  # once per level, not per row
    shown = pd.DataFrame(
        {
            t("col.detail"): "documents?doc=" + frame["doc_id"].astype(str) + lang,
            t("col.document"): frame["title"],
            t("col.targets"): frame["targets"],
            t("col.baselines"): frame["baselines"],
            t("col.issuer"): frame["issuer"].fillna(""),
            t("col.doc_number"): frame["doc_number"].fillna(""),
            t("col.date"): frame["issue_date"].fillna(""),
            t("col.level"): frame["level"].map(levels).fillna(""),
        }
    )
    return shown, {
        t("col.detail"): st.column_config.LinkColumn(display_text=t("col.open"), width="small"),
        t("col.document"): st.column_config.TextColumn(width="large"),
        t("col.targets"): st.column_config.NumberColumn(width="small"),
        t("col.baselines"): st.column_config.NumberColumn(width="small"),
        t("col.issuer"): st.column_config.TextColumn(width="medium"),
    }
