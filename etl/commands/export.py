"""`python -m etl export DIR [--raw]`: write quantities.jsonl and documents.jsonl (DESIGN.md contract),
with the user's corrections applied unless --raw."""

from __future__ import annotations

from pathlib import Path

from etl.errors import EtlError
from etl.export import export
from etl.store.paths import data_dir, tracker_path


def register(subparsers, parent) -> None:
    parser = subparsers.add_parser("export", parents=[parent], help="export quantities and documents as JSONL")
    parser.add_argument("out_dir", metavar="DIR", help="folder to write the JSONL files into")
    parser.add_argument(
        "--raw", action="store_true", help="the extractor's output alone, without the user's corrections"
    )
    parser.set_defaults(run=run)


def run(args) -> int:
    out_dir = Path(args.out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise EtlError(f"{out_dir} is a file, not a folder; give a folder to write the JSONL files into")
    try:
        quantities, documents = export(tracker_path(data_dir(args.data_dir)), out_dir, raw=args.raw)
    except OSError as error:
        raise EtlError(f"cannot write to {out_dir}: {error.strerror or error}") from None
    print(f"exported {quantities} quantities and {documents} documents to {args.out_dir}")
    return 0
