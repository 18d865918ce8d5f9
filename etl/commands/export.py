"""`python -m etl export DIR [--raw]`: write quantities.jsonl and documents.jsonl (DESIGN.md contract),
with the user's corrections applied unless --raw."""
from __future__ import annotations

from pathlib import Path

from etl.export import export
from etl.store.paths import data_dir, tracker_path


def register(subparsers, parent) -> None:
    parser = subparsers.add_parser("export", parents=[parent], help="export quantities and documents as JSONL")
    parser.add_argument("out_dir", metavar="DIR", help="folder to write the JSONL files into")
    parser.add_argument("--raw", action="store_true", help="the extractor's output alone, without the user's corrections")
    parser.set_defaults(run=run)


def run(args) -> int:
    quantities, documents = export(tracker_path(data_dir(args.data_dir)), Path(args.out_dir), raw=args.raw)
    print(f"exported {quantities} quantities and {documents} documents to {args.out_dir}")
    return 0
