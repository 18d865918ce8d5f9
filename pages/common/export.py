"""CSV downloads that are safe to open in a spreadsheet: the targets export and the progress template.

A cell that starts with = + - @ or a tab/CR is run as a formula by Excel and LibreOffice (CSV
injection); such text cells get a leading apostrophe. Numeric columns are left as numbers. UTF-8
with a BOM so Excel opens Chinese text correctly.
"""
from __future__ import annotations

import csv
from collections.abc import Callable

import pandas as pd
import streamlit as st

from etl.progress import template_csv

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell):
    """'=HYPERLINK(...)' -> "'=HYPERLINK(...)"; anything else unchanged."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def spreadsheet_safe_csv(frame: pd.DataFrame) -> bytes:
    safe = frame.copy()
    for column in safe.columns:
        if not (pd.api.types.is_numeric_dtype(safe[column]) or pd.api.types.is_bool_dtype(safe[column])):
            safe[column] = safe[column].map(neutralise, na_action="ignore")
    safe.columns = [neutralise(str(c)) for c in safe.columns]
    # Quote every text cell: pandas leaves a lone CR unquoted, which splits the row in a spreadsheet.
    return safe.to_csv(index=False, quoting=csv.QUOTE_NONNUMERIC).encode("utf-8-sig")


def template_button(targets: pd.DataFrame | Callable[[], pd.DataFrame], label: str, key: str,
                    file_name: str = "progress_template.csv") -> None:
    """Download a progress template for `targets` (etl.progress.template_csv: formula-safe cells).

    `targets` may be a function returning them: the file is then made when someone clicks, so a
    page need not hold every target to offer it.
    """
    data = (lambda: template_csv(targets())) if callable(targets) else template_csv(targets)
    st.download_button(label, data, file_name=file_name, mime="text/csv", key=key,
                       on_click="ignore", icon=":material/download:")
