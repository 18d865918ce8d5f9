"""The progress template: every target with an empty period / value / note to fill in.

Downloaded from the Progress page, filled in a spreadsheet and uploaded back (etl.progress.reading
ignores the extra columns). Every text cell goes through etl.export.neutralise_formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from decimal import Decimal

import pandas as pd

from etl.export import neutralise_formula

TEMPLATE_COLUMNS = ["quantity_id", "indicator", "unit", "target", "target_year", "period", "value", "note"]


def safe_cell(text: object) -> str:
    """A template cell: empty for missing values, on one line, never a formula."""
    if text is None or (isinstance(text, float) and pd.isna(text)) or text is pd.NA:
        return ""
    return neutralise_formula(str(text).replace("\r", " ").replace("\n", " "))


def plain_number(value: float | str | None) -> str:
    """2800000000.0 -> "2800000000", 0.1 -> "0.1": no exponent, no float noise."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    number = Decimal(repr(float(value)))
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _target_text(row: Mapping) -> str:
    low, high = plain_number(row.get("value")), plain_number(row.get("value_high"))
    return f"{low}-{high}" if high and high != low else low


def template_csv(targets: pd.DataFrame) -> bytes:
    """A progress template for these targets: UTF-8 with BOM so Excel shows Chinese correctly.

    Columns: quantity_id, indicator, unit, target, target_year, then empty period / value / note
    for the person to fill in. Extra columns are ignored on upload, so the file goes back as is.
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(TEMPLATE_COLUMNS)
    frame = targets if targets is not None else pd.DataFrame()
    year_column = "target_year" if "target_year" in frame.columns else "year"
    for row in frame.to_dict("records"):
        year = row.get(year_column)
        year_text = "" if year is None or pd.isna(year) else str(int(year))
        writer.writerow(
            [
                safe_cell(row.get("quantity_id")),
                safe_cell(row.get("indicator")),
                safe_cell(row.get("unit")),
                _target_text(row),
                year_text,
                "",
                "",
                "",
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
