"""Where the project's files live; one place so the CLI, the dashboard and the tests agree."""
from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATA_DIR = REPO_ROOT / "data"
TRACKER_DB = "tracker.duckdb"
PROGRESS_DB = "progress.duckdb"


def data_dir(explicit: str | os.PathLike | None = None) -> Path:
    """The data folder: an explicit argument, else $TRACKER_DATA_DIR, else the repository's data/."""
    chosen = explicit or os.environ.get("TRACKER_DATA_DIR") or DEFAULT_DATA_DIR
    return Path(chosen)


def corpus_dir(explicit: str | os.PathLike | None = None, data: Path | None = None) -> Path:
    """The corpus folder: an explicit argument, else <data dir>/corpus, else the bundled copy."""
    if explicit:
        return Path(explicit)
    candidate = (data or data_dir()) / "corpus"
    return candidate if candidate.is_dir() else DEFAULT_DATA_DIR / "corpus"


def tracker_path(data: Path) -> Path:
    return Path(data) / TRACKER_DB


def progress_path(data: Path) -> Path:
    return Path(data) / PROGRESS_DB
