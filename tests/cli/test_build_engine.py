"""`python -m etl build --engine dask`: the real command line, in its own process.

The engine starts a LocalCluster whose workers are spawned processes that re-import the caller's
main module; this is the one place that checks `python -m etl` survives that.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
CORPUS = REPO_ROOT / "data" / "corpus"


def etl(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "etl", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_cluster_options_without_the_dask_engine_are_refused(tmp_path):
    result = etl("build", "--results", str(tmp_path / "results"), "--data-dir", str(tmp_path), "--corpus", str(CORPUS))
    assert result.returncode != 0
    assert result.stderr.strip() == "error: --scheduler and --results need --engine dask"
    assert not (tmp_path / "tracker.duckdb").exists()


@pytest.mark.slow
def test_build_with_the_dask_engine_then_a_rebuild_reuses_every_result(tmp_path):
    first = etl(
        "build", "--engine", "dask", "--workers", "1", "--quiet", "--data-dir", str(tmp_path), "--corpus", str(CORPUS)
    )
    assert first.returncode == 0, first.stderr
    assert re.match(r"built [1-9]\d* documents", first.stdout) and "Traceback" not in first.stderr
    again = etl("build", "--engine", "dask", "--quiet", "--data-dir", str(tmp_path), "--corpus", str(CORPUS))
    assert again.returncode == 0, again.stderr
    assert "(0 extracted, 2 unchanged reused)" in again.stdout
    assert len(list((tmp_path / "results").glob("extractor=*/build_files/*.parquet"))) == 2
