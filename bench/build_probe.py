"""One build in a fresh process, reporting its time and peak memory as one JSON line.

A fresh process per build is what makes peak memory measurable: `ru_maxrss` is a high-water mark
that never goes down, so builds of different sizes in one process would hide each other.
Run: python -m bench.build_probe DATA_DIR CORPUS_DIR WORKERS [local|dask]
With `dask`, the probe starts a LocalCluster of WORKERS processes first, has its workers import the
pipeline, and times that apart (`cluster_start_seconds`), so `seconds` is the build on a running
cluster, as on a real one.
"""

from __future__ import annotations

import json
import logging
import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True, slots=True)
class BuildRun:
    seconds: float  # the build function's own time (imports and interpreter start excluded)
    writer_rss_mb: float  # peak resident memory of the build process (the one writer)
    worker_rss_mb: float  # peak resident memory of the largest extraction worker (0 if serial)
    documents: int
    quantities: int
    extracted: int
    reused: int
    database_mb: float
    write_seconds: float  # of `seconds`, the one writer's inserts and commit
    derive_seconds: float  # of `write_seconds`, corpus-wide derived tables (links)
    cluster_start_seconds: float = 0.0  # dask only: starting the LocalCluster and importing the pipeline
    # on its workers, not in `seconds`
    task_ms: float = 0.0  # dask only: the scheduler's cost per task (no-op tasks mapped on the same cluster)

    @property
    def peak_rss_mb(self) -> float:
        """The largest single process: what must fit in memory, and what could grow with the corpus."""
        return max(self.writer_rss_mb, self.worker_rss_mb)


def run_build(data_dir: Path, corpus: Path, workers: int, engine: str = "local") -> BuildRun:
    """Build in a child process and return its measurements."""
    completed = subprocess.run(
        [sys.executable, "-m", "bench.build_probe", str(data_dir), str(corpus), str(workers), engine],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"build of {corpus} failed:\n{completed.stderr[-2000:]}")
    return BuildRun(**json.loads(completed.stdout.strip().splitlines()[-1]))


def _max_rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


# No-op tasks per measurement of the scheduler's own cost: enough to amortise one round trip.
NOOP_TASKS = 500


def scheduler_ms_per_task(client) -> float:
    """Wall time per task of mapping a trivial function: dispatch, bookkeeping and result, no work."""
    import time

    started = time.perf_counter()
    client.gather(client.map(abs, range(-NOOP_TASKS, 0), pure=False))
    return (time.perf_counter() - started) / NOOP_TASKS * 1000


def build_on_dask(data_dir: Path, corpus: Path, workers: int):
    """(summary, seconds to start the cluster, scheduler ms per task): the dask engine on a
    LocalCluster started here."""
    import importlib
    import time

    from distributed import Client, LocalCluster

    from etl.engines import dask_engine

    started = time.perf_counter()
    cluster = LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=dask_engine.LOCAL_HTTP_ADDRESS,
        silence_logs=logging.ERROR,
    )
    try:
        with Client(cluster, set_as_default=False) as client:
            # A running cluster's workers have imported the pipeline already; a new one pays it on
            # its first tasks, so it is counted with the start, not with the build.
            client.run(importlib.import_module, "etl.engines.dask_engine")
            client.run(importlib.import_module, "pyarrow.parquet")
            cluster_start = time.perf_counter() - started
            summary = dask_engine.build(data_dir, corpus, scheduler=cluster.scheduler_address)
            task_ms = scheduler_ms_per_task(client)
        return summary, cluster_start, task_ms
    finally:
        cluster.close()  # before reading RUSAGE_CHILDREN: the worker processes are reaped


def main(argv: list[str]) -> int:
    from etl.build import build
    from etl.store.paths import tracker_path

    data_dir, corpus, workers = Path(argv[0]), Path(argv[1]), int(argv[2])
    engine = argv[3] if len(argv) > 3 else "local"
    cluster_start = task_ms = 0.0
    if engine == "dask":
        summary, cluster_start, task_ms = build_on_dask(data_dir, corpus, workers)
    else:
        summary = build(data_dir, corpus, workers=workers)
    print(
        json.dumps(
            {
                "seconds": summary.seconds,
                "writer_rss_mb": _max_rss_mb(resource.RUSAGE_SELF),
                "worker_rss_mb": _max_rss_mb(resource.RUSAGE_CHILDREN),
                "documents": summary.documents,
                "quantities": summary.targets + summary.baselines,
                "extracted": summary.extracted,
                "reused": summary.reused,
                "database_mb": tracker_path(data_dir).stat().st_size / 2**20,
                "write_seconds": summary.write_seconds,
                "derive_seconds": summary.derive_seconds,
                "cluster_start_seconds": cluster_start,
                "task_ms": task_ms,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
