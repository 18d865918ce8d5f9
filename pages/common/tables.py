"""Tables as people read them: translated headers, readable targets, a link to each detail page."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from pages.common import format as fmt
from pages.common.i18n import current_language, level_label, status_label, t
from pages.common.text_view import detail_href


def _targets_text(frame: pd.DataFrame, language: str) -> list[str]:
    out = []
    for row in frame.itertuples(index=False):
        text = fmt.target_text(row.value, row.value_high, row.unit, row.comparator, language)
        if isinstance(row.change, str) and row.change and not pd.isna(row.baseline_year):
            word = t(f"change.{row.change}")
            text = (f"较{int(row.baseline_year)}年{word}{text}" if language == "zh"
                    else f"{word} of {text} vs {int(row.baseline_year)}")
        out.append(text)
    return out


def _indicator(frame: pd.DataFrame) -> pd.Series:
    return frame["indicator"].fillna("").where(frame["indicator"].fillna("") != "", frame["sentence"].str.slice(0, 30))


def deadlines(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """Upcoming deadlines for st.dataframe: (display frame, column_config)."""
    language = current_language()
    shown = pd.DataFrame({
        t("col.year"): frame["target_year"],
        t("col.indicator"): frame["indicator"].fillna(""),
        t("col.target"): _targets_text(frame, language),
        t("col.status"): [status_label(s) for s in frame["status"]],
        t("col.document"): frame["title"],
        t("col.detail"): [detail_href(q, language) for q in frame["quantity_id"]],
    })
    config = {t("col.detail"): st.column_config.LinkColumn(display_text=t("col.open")),
              t("col.year"): st.column_config.NumberColumn(format="%d")}
    return shown, config


def targets(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """The Targets table for st.dataframe: (display frame, column_config)."""
    language = current_language()
    shown = pd.DataFrame({
        t("col.indicator"): _indicator(frame),
        t("col.target"): _targets_text(frame, language),
        t("col.year"): frame["target_year"],
        t("col.status"): [status_label(s) for s in frame["status"]],
        t("col.document"): frame["title"],
        t("col.issuer"): frame["issuer"].fillna(""),
        t("col.level"): [level_label(v) if isinstance(v, str) else "" for v in frame["level"]],
        t("col.confidence"): frame["confidence"],
        t("col.sentence"): frame["sentence"],
        t("col.detail"): [detail_href(q, language) for q in frame["quantity_id"]],
    })
    config = {
        t("col.detail"): st.column_config.LinkColumn(display_text=t("col.open"), width="small"),
        t("col.year"): st.column_config.NumberColumn(format="%d", width="small"),
        t("col.confidence"): st.column_config.ProgressColumn(min_value=0.0, max_value=1.0, format="%.2f",
                                                             width="small"),
        t("col.sentence"): st.column_config.TextColumn(width="large"),
    }
    return shown, config


EXPORT_COLUMNS = ["quantity_id", "doc_id", "title", "issuer", "level", "indicator", "value", "value_high",
                  "unit", "comparator", "change", "baseline_year", "baseline_value", "target_year", "per_year",
                  "confidence", "status", "sentence", "line"]


def export_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The filtered targets as exported to CSV: raw codes, not translated labels."""
    return frame[EXPORT_COLUMNS]


def documents(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """The document list: (display frame, column_config), with a link that opens each text."""
    language = current_language()
    lang = "&lang=zh" if language == "zh" else ""
    shown = pd.DataFrame({
        t("col.document"): frame["title"],
        t("col.issuer"): frame["issuer"].fillna(""),
        t("col.doc_number"): frame["doc_number"].fillna(""),
        t("col.date"): frame["issue_date"].fillna(""),
        t("col.level"): [level_label(v) if isinstance(v, str) else "" for v in frame["level"]],
        t("col.targets"): frame["targets"],
        t("col.baselines"): frame["baselines"],
        t("col.detail"): [f"documents?doc={d}{lang}" for d in frame["doc_id"]],
    })
    return shown, {t("col.detail"): st.column_config.LinkColumn(display_text=t("col.open"), width="small")}
