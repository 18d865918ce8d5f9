"""`python -m etl build --engine dask`: the same per-file function, mapped by dask.distributed.

Each task runs `etl.build.extract_file` (read, decode, `etl.pipeline.process_file`) on one corpus
file and writes the rows as Parquet into the results folder (etl.store.parquet_results); only a
few names and counts travel back. The driver then loads every current file's result into a new
tracker.duckdb in one pass and commits it like the local build (corpus-wide steps, atomic swap).

- Incremental: a file whose result already exists for its (content, name, extractor version) is
  not submitted. `reuse=False` (`--full`) re-extracts everything.
- Failures: a file whose task raised, or whose workers kept dying (dask's KilledWorker), is named
  in the summary and left out of the database; the build still completes. A worker that dies
  once is replaced and its tasks rescheduled by dask. Only when every submitted file failed
  (workers that cannot see the corpus, say) does the build stop, with the old database kept.
  The local build's per-file time limit is a SIGALRM, which tasks in worker threads cannot take:
  here a file that hangs the extractor holds its worker.
- Without a scheduler address, a LocalCluster of `workers` single-threaded processes on this
  machine; with one, an existing cluster whose workers run this same code (checked: extractor
  version) and see the corpus at the same path and the results folder at the same URL.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tqdm import tqdm

from etl.build import BuildSummary, default_workers, extract_file, extractor_version, hash_files, list_inputs
from etl.corpus import scan_corpus
from etl.errors import EtlError
from etl.store.parquet_results import ResultStore, load_results, result_key
from etl.store.paths import tracker_path

RESULTS_FOLDER = "results"
LOCAL_HTTP_ADDRESS = "127.0.0.1:0"


def default_results(data_dir: Path) -> str:
    return str(Path(data_dir) / RESULTS_FOLDER)


@dataclass(frozen=True, slots=True)
class FileOutcome:
    """What a task sends back: enough for the summary and the loader, none of the rows."""

    name: str
    key: str
    size: int
    error: str | None  # the file was unreadable (still a complete result: no rows, and the reason)


def extract_to_results(path: str, results: str, version: str) -> FileOutcome:
    """The task: one corpus file -> its rows as Parquet under `results`."""
    running = extractor_version()
    if running != version:
        raise EtlError(
            f"this worker runs extractor version {running}, the build expects {version}: "
            "install the same code on every worker"
        )
    rows = extract_file(Path(path))
    key = ResultStore(results, version).write(rows)
    return FileOutcome(rows.name, key, rows.size, rows.error)


@contextmanager
def dask_client(scheduler: str | None, workers: int) -> Iterator:
    """A client of the cluster at `scheduler`, or of a new LocalCluster closed on exit."""
    from distributed import Client, LocalCluster  # imported here: the local build does not need dask

    if scheduler:
        client = Client(scheduler, set_as_default=False)
        try:
            yield client
        finally:
            client.close()
        return
    # The scheduler's HTTP server on a free port of localhost (even without a dashboard it would take
    # 8787, and warn when another cluster has it); one thread per worker process, like the local
    # pool, since extraction holds the GIL.
    cluster = LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=LOCAL_HTTP_ADDRESS,
        silence_logs=logging.ERROR,
    )
    try:
        client = Client(cluster, set_as_default=False)
        try:
            yield client
        finally:
            client.close()
    finally:
        cluster.close()


def check_worker_versions(client, version: str) -> None:
    versions = client.run(extractor_version)
    other = {address: v for address, v in versions.items() if v != version}
    if other:
        raise EtlError(
            f"workers {', '.join(sorted(other))} run another extractor version "
            f"({', '.join(sorted(set(other.values())))}, this build is {version}): "
            "install the same code on every worker"
        )


def _failure(name: str, future) -> str:
    """Why a task did not finish: its exception, or its cancellation (a scheduler that went away)."""
    if future.status == "error":
        error = future.exception()
        return f"{name}: extraction failed on the cluster ({type(error).__name__}: {error})"
    return f"{name}: extraction failed on the cluster (task {future.status}, never finished)"


def build(
    data_dir: Path,
    corpus: Path,
    workers: int | None = None,
    show_progress: bool = False,
    reuse: bool = True,
    scheduler: str | None = None,
    results: str | None = None,
) -> BuildSummary:
    """Build tracker.duckdb in `data_dir` from `corpus` on a Dask cluster (see the module docstring).

    Same arguments and summary as `etl.build.build`, plus the cluster's `scheduler` address and the
    `results` folder or URL (default `<data_dir>/results`). In the summary, `extracted` counts the
    files run on the cluster, `reused` those whose result already existed, and `skipped` names the
    unreadable and the failed files.
    """
    started = time.perf_counter()
    listing = scan_corpus(corpus)  # the local build's listing: links, fifos and folders are named, not read
    paths, unconvertible = list_inputs(listing.files, data_dir)  # and the documents users added
    version = extractor_version()
    store = ResultStore(results or default_results(data_dir), version)
    # A file gone since the listing has no hash: it is submitted, and its task reports it.
    keys = {name: result_key(name, digest) for name, digest in hash_files(paths).items()}
    existing = store.existing_keys() if reuse else set()
    todo = [path for path in paths if keys.get(path.name) not in existing]
    summary = BuildSummary(files=len(paths), reused=len(paths) - len(todo))

    failed: dict[str, str] = {}  # file name -> why
    if todo:
        with dask_client(scheduler, workers or default_workers()) as client:
            check_worker_versions(client, version)
            failed = _run_tasks(client, todo, store, version, keys, show_progress, reused=summary.reused)
        if len(failed) == len(todo):
            raise EtlError(
                "every file failed on the cluster, so the previous database is kept; first: "
                + next(iter(failed.values()))
            )
    summary.extracted = len(todo) - len(failed)

    loaded = load_results(
        store,
        [keys[p.name] for p in paths if p.name not in failed],
        tracker_path(data_dir),
        {"built_at": datetime.now(UTC).isoformat(timespec="seconds"), "extractor_version": version},
    )
    summary.documents, summary.targets, summary.baselines = loaded.documents, loaded.targets, loaded.baselines
    summary.skipped = listing.skipped + unconvertible + loaded.errors + list(failed.values())
    summary.derive_seconds = loaded.derive_seconds
    summary.seconds = time.perf_counter() - started
    summary.write_seconds = loaded.seconds
    return summary


def _run_tasks(
    client,
    todo: list[Path],
    store: ResultStore,
    version: str,
    keys: dict[str, str],
    show_progress: bool,
    reused: int = 0,
) -> dict[str, str]:
    """Submit one task per file and wait for all; returns {file name: why} for the failed files.

    A finished task's key is recomputed by the worker from the bytes it read; if a file changed
    between hashing and extraction, the driver's key is updated so the loader reads what was built.
    """
    from distributed import as_completed

    futures = client.map(
        extract_to_results, [str(path) for path in todo], results=store.url, version=version, pure=False
    )
    names = {future.key: path.name for future, path in zip(futures, todo)}
    failed: dict[str, str] = {}
    bar = tqdm(
        total=len(todo), unit="file", desc="extracting on dask", disable=not show_progress, file=sys.stderr, leave=False
    )
    with bar:
        bar.set_postfix(reused=reused, failed=0)
        for future in as_completed(futures, loop=client.loop):
            name = names[future.key]
            if future.status == "finished":
                keys[name] = future.result().key
            else:
                failed[name] = _failure(name, future)
                bar.set_postfix(reused=reused, failed=len(failed))
            future.release()
            bar.update(1)
    return failed
