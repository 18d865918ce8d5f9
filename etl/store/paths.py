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


def file_token(path: Path) -> str:
    """A token that changes whenever the file is replaced or written (inode, size, mtime)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return "missing"
    return f"{st.st_ino}-{st.st_size}-{st.st_mtime_ns}"


def tracker_path(data: Path) -> Path:
    return Path(data) / TRACKER_DB


def progress_path(data: Path) -> Path:
    return Path(data) / PROGRESS_DB
