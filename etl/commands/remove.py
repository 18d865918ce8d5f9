"""`python -m etl remove DOC_ID [--undo]`: take an added document out of the database.

Its files stay in data/library/ (user data is never deleted); `--undo` puts it back. Either way
the database is rebuilt incrementally.
"""

from __future__ import annotations

import sys

from etl import build as build_module
from etl.store import library
from etl.store.paths import corpus_dir, data_dir


def register(subparsers, parent) -> None:
    parser = subparsers.add_parser("remove", parents=[parent], help="take an added document out (undoable)")
    parser.add_argument("doc_id", metavar="DOC_ID", help="as listed by python -m etl documents")
    parser.add_argument("--undo", action="store_true", help="put a removed document back")
    parser.add_argument("--workers", type=int, default=None, help="extraction processes (default: all cores)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.set_defaults(run=run)


def run(args) -> int:
    data = data_dir(args.data_dir)
    entry = library.remove(data, args.doc_id, undo=args.undo)
    if args.undo:
        print(f"put back {entry.doc_id} ({entry.name})")
    else:
        print(
            f"removed {entry.doc_id} ({entry.name}); its files stay in {library.library_dir(data) / entry.doc_id}; "
            f"undo with: python -m etl remove {entry.doc_id} --undo"
        )
    summary = build_module.build(
        data, corpus_dir(args.corpus, data), workers=args.workers, show_progress=not args.quiet and sys.stderr.isatty()
    )
    print(summary.line())
    return 0
