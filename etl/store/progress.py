"""The user database `progress.duckdb`: uploads of progress figures. (Interface stub.)

Never rebuilt by the ETL. Progress whose target disappears after a rebuild is kept and reported
as orphaned. All writes go through this module and are serialised.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

PROGRESS_COLUMNS = ["quantity_id", "period", "period_end", "value", "note", "upload_id"]
UPLOAD_COLUMNS = ["upload_id", "file_name", "sha256", "rows", "uploaded_at", "undone"]


def read_progress(data_dir: Path, quantity_ids: list[str] | None = None) -> pd.DataFrame:
    """Progress rows (columns PROGRESS_COLUMNS; period_end is a date) for some or all targets."""
    return pd.DataFrame(columns=PROGRESS_COLUMNS)


def read_uploads(data_dir: Path) -> pd.DataFrame:
    """Upload history, newest first (columns UPLOAD_COLUMNS)."""
    return pd.DataFrame(columns=UPLOAD_COLUMNS)
