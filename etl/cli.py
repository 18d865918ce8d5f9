"""The command line: `python -m etl build|export|evaluate|import-progress|corrections|add|documents|remove`.

Each command lives in its own module under etl.commands with `register(subparsers)` and
`run(args) -> int`; this module only wires them up and turns EtlError into a one-line message.
"""

from __future__ import annotations

import argparse
import sys

from etl.commands import add, build, corrections, documents, evaluate, export, import_progress, remove
from etl.errors import EtlError

COMMANDS = (build, export, evaluate, import_progress, corrections, add, documents, remove)


def common_options() -> argparse.ArgumentParser:
    """--data-dir and --corpus, shared by every command."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--data-dir",
        metavar="DIR",
        default=None,
        help="folder holding tracker.duckdb and progress.duckdb (default: data/, or $TRACKER_DATA_DIR)",
    )
    parent.add_argument(
        "--corpus",
        metavar="DIR",
        default=None,
        help="folder of corpus .txt files (default: <data dir>/corpus, else the bundled data/corpus)",
    )
    return parent


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m etl", description="Policy targets tracker ETL.")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    parent = common_options()
    for command in COMMANDS:
        command.register(subparsers, parent)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        return args.run(args)
    except EtlError as error:
        print(f"error: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("error: interrupted; the previous database is unchanged", file=sys.stderr)
        return 130
