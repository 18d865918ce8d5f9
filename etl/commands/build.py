"""`python -m etl build`: extract the corpus into data/tracker.duckdb (progress bar, summary).

Files unchanged since the previous build are copied from it, not re-extracted; `--full` ignores it.
"""
from __future__ import annotations

import sys

from etl import build as build_module
from etl.store.paths import corpus_dir, data_dir


def register(subparsers, parent) -> None:
    parser = subparsers.add_parser("build", parents=[parent], help="build the targets database from the corpus")
    parser.add_argument("--workers", type=int, default=None, help="extraction processes (default: all cores)")
    parser.add_argument("--full", action="store_true",
                        help="re-extract every file instead of reusing unchanged files from the previous build")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.set_defaults(run=run)


def run(args) -> int:
    data = data_dir(args.data_dir)
    summary = build_module.build(data, corpus_dir(args.corpus, data), workers=args.workers,
                                 show_progress=not args.quiet and sys.stderr.isatty(), reuse=not args.full)
    for message in summary.skipped:
        print(f"warning: skipped {message}", file=sys.stderr)
    print(summary.line())
    print(f"documents={summary.documents} targets={summary.targets} baselines={summary.baselines} "
          f"seconds={summary.seconds:.2f}")
    return 0
