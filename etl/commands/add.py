"""`python -m etl add FILE... [--title T] [--issuer I] [--date YYYY-MM-DD] [--level L]`.

Copies each file into the user library (data/library/, kept byte for byte), converts it to text
and builds incrementally, so only the new files are extracted. A file that fails is named with the
reason and the others are still added. Exit status: 0 when every file was added (or was already
there), 1 when some failed, 2 when none could be read at all.
"""

from __future__ import annotations

import sys
from pathlib import Path

from etl import build as build_module
from etl.adding import target_counts, unbuilt
from etl.errors import EtlError
from etl.store import library
from etl.store.library import AlreadyInLibrary
from etl.store.paths import corpus_dir, data_dir


def register(subparsers, parent) -> None:
    parser = subparsers.add_parser(
        "add", parents=[parent], help="add PDF, Word, web page or text files to the library and build"
    )
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.add_argument("--title", help="the document's title, when the detected one is wrong (one file only)")
    parser.add_argument("--issuer", help="issuing body, e.g. 国务院")
    parser.add_argument("--date", dest="issue_date", metavar="YYYY-MM-DD", help="issue date")
    parser.add_argument("--level", choices=library.LEVELS)
    parser.add_argument("--no-build", action="store_true", help="add to the library only; build later")
    parser.add_argument("--workers", type=int, default=None, help="extraction processes (default: all cores)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.set_defaults(run=run)


def read_file(path: Path) -> bytes:
    """The file's bytes, refusing a missing or oversized one before reading it."""
    if not path.is_file():
        raise library.LibraryError(f"{library.display_name(path.name)}: no such file")
    size = path.stat().st_size
    if size > library.max_add_bytes():
        raise library.LibraryError(
            f"{library.display_name(path.name)}: {size / 2**20:,.1f} MB is larger than the "
            f"{library.max_add_bytes() / 2**20:,.0f} MB limit for an added document "
            f"(set {library.MAX_ADD_MB_ENV} to change it)"
        )
    return path.read_bytes()


def describe(added: library.Added) -> str:
    converted = added.converted
    pages = f", {len(converted.page_lines)} pages" if converted.page_lines else ""
    ocr = f", {len(converted.ocr_pages)} by OCR" if converted.ocr_pages else ""
    return f"{added.entry.name} as {added.entry.doc_id} ({converted.format}{pages}{ocr})"


def run(args) -> int:
    data = data_dir(args.data_dir)
    if args.title and len(args.files) > 1:
        raise EtlError("--title applies to one file; add the files one at a time to give each its title")
    corrections = library.check_corrections(
        {"title": args.title, "issuer": args.issuer, "issue_date": args.issue_date, "level": args.level}
    )
    added: list[library.Added] = []
    failed: list[str] = []
    for name in args.files:
        path = Path(name)
        try:
            result = library.add(data, read_file(path), path.name, corrections)
        except AlreadyInLibrary as note:
            print(f"note: {note}")
            continue
        except (EtlError, OSError) as error:
            message = (
                str(error) if isinstance(error, EtlError) else f"{library.display_name(path.name)}: {error.strerror}"
            )
            print(f"error: {message}", file=sys.stderr)
            failed.append(library.display_name(path.name))
            continue
        added.append(result)
        print(f"added {describe(result)}")
    summary = None
    if (added or unbuilt(data)) and not args.no_build:
        summary = build_module.build(
            data,
            corpus_dir(args.corpus, data),
            workers=args.workers,
            show_progress=not args.quiet and sys.stderr.isatty(),
        )
        for message in summary.skipped:
            print(f"warning: skipped {message}", file=sys.stderr)
        counts = target_counts(data, [a.entry.seed for a in added])
        for result in added:
            documents, targets, baselines = counts.get(result.entry.seed, (0, 0, 0))
            print(f"{result.entry.doc_id}: {targets} targets, {baselines} baselines in {documents} document(s)")
    line = f"added {len(added)} of {len(args.files)} files"
    if failed:
        line += f"; failed: {', '.join(failed)}"
    if summary is not None:
        line += f"; {summary.line()}"
    print(line)
    if failed:
        return 2 if len(failed) == len(args.files) else 1
    return 0
