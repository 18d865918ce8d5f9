"""What the Dask engine adds to each file's task besides extraction: writing its rows as Parquet.

Timed in this process on rows already extracted, so the number is the write alone (three small
Parquet files per source file, each moved into place), to set beside the scheduler's cost per task.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench.floor import median_seconds
from etl.build import extract_file
from etl.store.parquet_results import ResultStore


def parquet_ms_per_file(paths: list[Path], repeats: int = 3) -> float:
    rows = [extract_file(path) for path in paths]
    with tempfile.TemporaryDirectory(prefix="tracker-parquet-") as folder:
        store = ResultStore(folder, "bench")

        def write_all(batch) -> None:
            for file_rows in batch:
                store.write(file_rows)

        return median_seconds(write_all, rows, repeats) / len(rows) * 1000
