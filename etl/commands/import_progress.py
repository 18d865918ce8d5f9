"""`python -m etl import-progress FILE.csv|FILE.xlsx [--dry-run] [--skip-bad-rows] [--encoding NAME]`.

Exit codes: 0 every row valid (and imported unless --dry-run); 1 some rows rejected (nothing
imported unless --skip-bad-rows, which imports the good ones); 2 the file cannot be read as a
progress CSV at all, or its encoding is a guess that may be wrong (give `--encoding`); 3 the
progress database is busy (try again); 4 the disk is full (nothing saved). A folder this user may
not write is 2, one line. The report ends with one line
`rows=N valid=V rejected=R imported=I`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from etl.errors import EtlError
from etl.progress.validation import MAX_FILE_BYTES, ProgressFileError, ProgressReport, validate_progress
from etl.store import progress as progress_store
from etl.store.paths import data_dir


def register(subparsers, parent) -> None:
    parser = subparsers.add_parser(
        "import-progress", parents=[parent], help="validate and import a progress CSV or .xlsx"
    )
    parser.add_argument("file", metavar="FILE.csv|FILE.xlsx")
    parser.add_argument("--dry-run", action="store_true", help="validate and report, import nothing")
    parser.add_argument("--skip-bad-rows", action="store_true", help="import the valid rows even if some are rejected")
    parser.add_argument(
        "--encoding",
        metavar="NAME",
        default=None,
        help="read the file in this encoding (utf-8, gb18030, cp1252, ...) instead of detecting it",
    )
    parser.set_defaults(run=run)


def read_upload(path: Path) -> bytes:
    """The file's bytes, refusing an oversized one before reading it into memory."""
    if not path.is_file():
        raise ProgressFileError(f"{path} is not a file")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ProgressFileError(
            f"{path.name} is {path.stat().st_size / 1024 / 1024:.1f} MB; the limit is "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB. Split it into smaller files."
        )
    return path.read_bytes()


def print_report(report: ProgressReport, out=None) -> None:
    out = out or sys.stdout
    if report.encoding == "xlsx":
        print(f"{report.file_name}: Excel workbook, first sheet", file=out)
    else:
        print(f"{report.file_name}: {report.encoding}, {report.delimiter}-separated", file=out)
    for note in report.notes:
        print(f"note: {note}", file=out)
    for row in report.rejected:
        print(f"line {row.line}: {row.reason}", file=out)


def run(args) -> int:
    path = Path(args.file)
    folder = data_dir(args.data_dir)
    try:
        data = read_upload(path)
        report = validate_progress(
            data, progress_store.known_targets(folder), file_name=path.name, encoding=args.encoding
        )
    except ProgressFileError as error:
        print(f"error: {path.name}: {error}", file=sys.stderr)
        print("rows=0 valid=0 rejected=0 imported=0")
        return 2
    if report.encoding_doubt:
        print(
            f"error: {path.name}: {report.encoding_doubt} Nothing was imported; rerun with --encoding cp1252 "
            f"(or --encoding {report.encoding} if the line reads correctly).",
            file=sys.stderr,
        )
        print(report.summary_line(0))
        return 2
    print_report(report)
    imported = 0
    should_import = not args.dry_run and (report.ok or args.skip_bad_rows) and report.valid
    if should_import:
        try:
            result = progress_store.import_report(folder, report, content=data, source="cli")
        except EtlError as error:
            print(f"error: {error}", file=sys.stderr)
            print(report.summary_line(0))
            return error.exit_code
        imported = result.imported
        print(f"upload #{result.upload_id}: {result.imported} figures imported, {result.unchanged} already there")
    elif report.rejected and not args.dry_run and report.valid:
        print("nothing imported: fix the rejected rows, or use --skip-bad-rows to import the valid ones")
    print(report.summary_line(imported))
    return 0 if report.ok else 1
