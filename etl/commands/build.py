"""`python -m etl build`: extract the corpus into data/tracker.duckdb (progress bar, summary).

Files unchanged since the previous build are copied from it, not re-extracted; `--full` ignores it.
`--engine dask` maps the same per-file function on a dask.distributed cluster (etl.engines.dask_engine).
"""

from __future__ import annotations

import sys
from pathlib import Path

from etl import build as build_module
from etl.errors import EtlError
from etl.store.paths import corpus_dir, data_dir


def register(subparsers, parent) -> None:
    parser = subparsers.add_parser("build", parents=[parent], help="build the targets database from the corpus")
    parser.add_argument("--workers", type=int, default=None, help="extraction processes (default: all cores)")
    parser.add_argument(
        "--full",
        action="store_true",
        help="re-extract every file instead of reusing unchanged files from the previous build",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="local: a process pool on this machine (default); dask: a dask.distributed cluster, "
        "each file's rows written as Parquet, then loaded into the database",
    )
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        default=None,
        help="with --engine dask: an existing cluster's scheduler (tcp://host:8786); "
        "default: a LocalCluster of --workers processes on this machine",
    )
    parser.add_argument(
        "--results",
        metavar="URL",
        default=None,
        help="with --engine dask: folder or fsspec URL for the Parquet results every worker can "
        "reach (default: <data dir>/results)",
    )
    parser.set_defaults(run=run)


def build_database(
    data: Path, corpus: Path, full: bool = False, workers: int | None = None, show_progress: bool = False
) -> build_module.BuildSummary:
    """The one way to build tracker.duckdb, for `python -m etl build` and the dashboard's build button:
    unchanged files are reused unless `full`; `workers` processes (default: all cores)."""
    return build_module.build(data, corpus, workers=workers, show_progress=show_progress, reuse=not full)


def run(args) -> int:
    data = data_dir(args.data_dir)
    corpus = corpus_dir(args.corpus, data)
    show_progress = not args.quiet and sys.stderr.isatty()
    if args.engine == "dask":
        from etl.engines import dask_engine  # dask is imported only when asked for

        summary = dask_engine.build(
            data,
            corpus,
            scheduler=args.scheduler,
            results=args.results,
            workers=args.workers,
            show_progress=show_progress,
            reuse=not args.full,
        )
    elif args.scheduler or args.results:
        raise EtlError("--scheduler and --results need --engine dask")
    else:
        summary = build_database(data, corpus, full=args.full, workers=args.workers, show_progress=show_progress)
    for message in summary.skipped:
        print(f"warning: skipped {message}", file=sys.stderr)
    print(summary.line())
    print(
        f"documents={summary.documents} targets={summary.targets} baselines={summary.baselines} "
        f"seconds={summary.seconds:.2f}"
    )
    return 0
