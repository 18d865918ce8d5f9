"""Shared fixtures: the real bundled corpus built once per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from etl.build import build
from etl.store.paths import DEFAULT_DATA_DIR, tracker_path

REPO_ROOT = Path(__file__).resolve().parents[1]
CORPUS_DIR = DEFAULT_DATA_DIR / "corpus"
GOLD_DEV = REPO_ROOT / "tests" / "data" / "gold_dev.jsonl"
# Six real documents from outside the bundled corpus, with their gold (a copy of ../shared/gold/external-dev).
EXTERNAL_DIR = REPO_ROOT / "tests" / "data" / "external_dev"


@pytest.fixture(scope="session")
def built_data_dir(tmp_path_factory) -> Path:
    """A data folder holding tracker.duckdb built from the bundled corpus (read it, don't write it)."""
    folder = tmp_path_factory.mktemp("built")
    build(folder, CORPUS_DIR, workers=1)
    return folder


@pytest.fixture(scope="session")
def external_built_dir(tmp_path_factory) -> Path:
    """A data folder holding tracker.duckdb built from the external-dev documents (read only)."""
    folder = tmp_path_factory.mktemp("external")
    build(folder, EXTERNAL_DIR / "corpus", workers=1)
    return folder


@pytest.fixture
def data_dir(built_data_dir, tmp_path) -> Path:
    """A private writable copy of the built data folder (for tests that upload progress)."""
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy2(tracker_path(built_data_dir), tracker_path(folder))
    return folder
