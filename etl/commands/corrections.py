"""`python -m etl corrections export FILE` / `corrections import FILE [--dry-run]`: share corrections.

Export writes every correction (etl.corrections_csv; `--chinese-headers` for 中文 column names).
Import reads a colleague's file (English or Chinese headers, UTF-8 or GBK), reports every bad row
with its line and reason, and stores the rest in one transaction, audited under `--who` (default:
the login name); importing the same file again changes nothing. Exit codes: 0 done (or nothing to
do); 1 some rows rejected (nothing imported unless --skip-bad-rows); 2 the file is not a
corrections CSV; 3 the database is busy. The last line is `rows=N new=A changed=C unchanged=U rejected=R`.
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from etl.corrections_csv import read_csv, write_csv
from etl.errors import EtlError
from etl.progress.reading import MAX_FILE_BYTES, ProgressFileError
from etl.store import corrections as store
from etl.store.paths import data_dir


def register(subparsers, parent) -> None:
    parser = subparsers.add_parser("corrections", help="export or import analysts' corrections (CSV)")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    out = actions.add_parser("export", parents=[parent], help="write every correction to a CSV file")
    out.add_argument("file", metavar="FILE.csv")
    out.add_argument("--chinese-headers", action="store_true", help="column names in Chinese")
    out.set_defaults(run=run_export)
    into = actions.add_parser("import", parents=[parent], help="import corrections from a CSV file")
    into.add_argument("file", metavar="FILE.csv")
    into.add_argument("--dry-run", action="store_true", help="report what would change, change nothing")
    into.add_argument("--skip-bad-rows", action="store_true", help="import the good rows even if some are rejected")
    into.add_argument("--who", default=None, help="name recorded in the audit (default: your login name)")
    into.set_defaults(run=run_import)


def run_export(args) -> int:
    rows = store.all_rows(data_dir(args.data_dir))
    Path(args.file).write_bytes(write_csv(rows, chinese_headers=args.chinese_headers))
    print(f"exported {len(rows)} corrections to {args.file}")
    return 0


def _who(given: str | None) -> str:
    if given:
        return given
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "cli"


def run_import(args) -> int:
    path = Path(args.file)
    try:
        if not path.is_file():
            raise ProgressFileError(f"{path} is not a file")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ProgressFileError(f"{path.name} is larger than {MAX_FILE_BYTES // 1024 // 1024} MB")
        good, bad = read_csv(path.read_bytes())
    except ProgressFileError as error:
        print(f"error: {path.name}: {error}", file=sys.stderr)
        print("rows=0 new=0 changed=0 unchanged=0 rejected=0")
        return 2
    for bad_row in bad:
        print(f"line {bad_row.line}: {bad_row.reason}")
    dry_run = args.dry_run or (bool(bad) and not args.skip_bad_rows)
    try:
        summary = store.import_corrections(
            data_dir(args.data_dir), [(r.anchor, r.added, r.snapshot) for r in good], _who(args.who), dry_run=dry_run
        )
    except EtlError as error:
        print(f"error: {error}", file=sys.stderr)
        return error.exit_code
    if dry_run:
        print(
            "dry run: nothing was changed"
            if args.dry_run
            else "nothing imported: fix the rejected rows, or use --skip-bad-rows to import the good ones"
        )
    for row, action in zip(good, summary.actions):
        if action != "unchanged":
            print(
                f"line {row.line}: {'would be ' if dry_run else ''}{action}: {row.anchor.number_text} "
                f"in {row.anchor.sentence[:40]}"
            )
    print(
        f"rows={len(good) + len(bad)} new={summary.new} changed={summary.changed} "
        f"unchanged={summary.unchanged} rejected={len(bad)}"
    )
    return 1 if bad else 0
