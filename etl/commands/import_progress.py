"""`python -m etl import-progress FILE.csv`. (Interface stub: the progress work fills it in.)"""
from __future__ import annotations

from etl.errors import EtlError


def register(subparsers, parent) -> None:
    parser = subparsers.add_parser("import-progress", parents=[parent], help="validate and import a progress CSV")
    parser.add_argument("file", metavar="FILE.csv")
    parser.add_argument("--dry-run", action="store_true", help="validate and report, import nothing")
    parser.add_argument("--skip-bad-rows", action="store_true", help="import the valid rows even if some are rejected")
    parser.set_defaults(run=run)


def run(args) -> int:
    raise EtlError("import-progress is not implemented yet")
