"""CSV downloads that are safe to open in a spreadsheet: the targets export and the progress template.

A text cell that starts like a formula (= + - @, tab, CR, LF) gets a leading apostrophe
(etl.export.neutralise_formula, the project's one rule for CSV injection). Numeric columns are left as numbers. UTF-8
with a BOM so Excel opens Chinese text correctly.
"""

from __future__ import annotations

import csv
from collections.abc import Callable

import pandas as pd
import streamlit as st

from etl.export import neutralise_formula
from etl.progress.template import template_csv


def neutralise(cell):
    """Text cells through neutralise_formula; numbers and other values unchanged."""
    return neutralise_formula(cell) if isinstance(cell, str) else cell


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells cannot run as formulas in a spreadsheet (neutralise_formula)."""
    safe = frame.copy()
    for column in safe.columns:
        if not (pd.api.types.is_numeric_dtype(safe[column]) or pd.api.types.is_bool_dtype(safe[column])):
            safe[column] = safe[column].map(neutralise, na_action="ignore")
    return safe


def spreadsheet_safe_csv(frame: pd.DataFrame) -> bytes:
    safe = spreadsheet_safe(frame)
    safe.columns = [neutralise(str(c)) for c in safe.columns]
    # Quote every text cell: pandas leaves a lone CR unquoted, which splits the row in a spreadsheet.
    return safe.to_csv(index=False, quoting=csv.QUOTE_NONNUMERIC).encode("utf-8-sig")


def template_button(
    targets: pd.DataFrame | Callable[[], pd.DataFrame], label: str, key: str, file_name: str = "progress_template.csv"
) -> None:
    """Download a progress template for `targets` (etl.progress.template.template_csv: formula-safe cells).

    `targets` may be a function returning them: the file is then made when someone clicks, so a
    page need not hold every target to offer it.
    """
    data = (lambda: template_csv(targets())) if callable(targets) else template_csv(targets)
    st.download_button(
        label, data, file_name=file_name, mime="text/csv", key=key, on_click="ignore", icon=":material/download:"
    )
