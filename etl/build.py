"""Build the tracker database from a corpus folder: read files, run the pure pipeline, write once.

The build grows linearly with the corpus and its memory does not:
- Files are independent, so a process pool extracts them (all cores) and hands back each file's
  rows as column lists; results come back in corpus order through a bounded window, so at most a few
  files' results are in flight at once.
- One writer (this process) streams those rows into a new DuckDB file in batches, then swaps it in
  atomically: a crash mid-build leaves the previous database untouched.
- Incremental: the database remembers each source file's sha256 and the extractor version it was
  built with (`build_files` table, `extractor_version` in meta). A rebuild starts from a copy of the
  previous file, deletes the rows of changed and removed files, and extracts only new or changed
  files, so its cost is a file copy plus the new work. Any change to the etl package's source
  invalidates every file (see `extractor_version`).
"""

from __future__ import annotations

import hashlib
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from itertools import islice
from pathlib import Path

import duckdb
from tqdm import tqdm

from etl.corpus import MAX_FILE_BYTES, UnreadableFile, check_size, decode, scan_corpus
from etl.errors import DiskFull, NotWritable, is_disk_full, is_not_writable
from etl.pipeline import process_file
from etl.store import library, tracker
from etl.store.paths import tracker_path
from etl.store.tracker import FileRows, TrackerWriter, record_columns

ETL_PACKAGE = Path(__file__).resolve().parent
# One file may take this long to extract, plus this much per MB, before it is skipped by name, so a
# file the extractor is slow on can never stall a build (the bundled corpus takes ~1 s per MB).
FILE_SECONDS = 60.0
FILE_SECONDS_PER_MB = 30.0


@dataclass(slots=True)
class BuildSummary:
    files: int = 0
    documents: int = 0
    targets: int = 0
    baselines: int = 0
    seconds: float = 0.0
    skipped: list[str] = field(default_factory=list)  # one message per rejected file
    extracted: int = 0  # files run through the pipeline in this build
    reused: int = 0  # unchanged files whose rows were copied from the previous build
    write_seconds: float = 0.0  # of `seconds`, spent by the one writer inserting and committing
    derive_seconds: float = 0.0  # of `write_seconds`, deriving corpus-wide tables over all rows

    def line(self) -> str:
        text = (
            f"built {self.documents} documents, {self.targets} targets, {self.baselines} baselines "
            f"from {self.files} files in {self.seconds:.2f} s"
        )
        if self.reused:
            text += f" ({self.extracted} extracted, {self.reused} unchanged reused)"
        return text + (f"; skipped {len(self.skipped)} unreadable files" if self.skipped else "")


# ---------------------------------------------------------------------------------------------
# The cache key: file content plus the code that extracts it.


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """A hash of every source file of the etl package and the schema version.

    Deliberately coarse: any edit under etl/ re-extracts everything, which is never wrong; a list of
    the modules the pipeline imports would go stale the day someone adds an import.
    """
    digest = hashlib.sha256(f"schema {tracker.SCHEMA_VERSION}\n".encode())
    for path in sorted(ETL_PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(ETL_PACKAGE).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def file_digest(path: Path) -> str:
    """The file's sha256, or for a file over the size limit (skipped unread) a token of its size and
    modification time: hashing a 20 GB file to skip it took a minute."""
    info = Path(path).stat()
    if info.st_size > MAX_FILE_BYTES:
        return f"not hashed: {info.st_size} bytes, modified {info.st_mtime_ns}"
    return file_sha256(path)


class FileTimeout(Exception):
    """Extraction of one file ran past its time limit (raised inside the worker by SIGALRM)."""


def file_time_limit(size: int) -> float:
    return FILE_SECONDS + FILE_SECONDS_PER_MB * size / 2**20


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise FileTimeout in this thread after `seconds`. Only the main thread of a process can
    take a signal, which is where pool workers and the CLI run (see map_in_order); elsewhere no limit."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(_signum, _frame):
        raise FileTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# ---------------------------------------------------------------------------------------------
# Worker side: one file in, its rows out as plain column lists (etl.store.tracker.FileRows).


def extract_file(path: Path) -> FileRows:
    """Read and extract one corpus file; a file that is unreadable, gone, or too slow to extract
    becomes an error naming it, not an exception that would end the build."""
    path = Path(path)
    try:
        size = path.stat().st_size
        try:
            check_size(size, path.name)  # before reading (or hashing) a huge file
        except UnreadableFile as error:
            return _unreadable(path.name, file_digest(path), size, error)
        data = path.read_bytes()
    except FileNotFoundError:
        return _unreadable(path.name, "", 0, UnreadableFile(f"{path.name}: deleted (or moved) during the build"))
    except OSError as error:
        return _unreadable(path.name, "", 0, UnreadableFile(f"{path.name}: cannot be read ({error.strerror})"))
    digest = hashlib.sha256(data).hexdigest()
    try:
        text, _encoding = decode(data, path.name)
    except UnreadableFile as error:
        return _unreadable(path.name, digest, len(data), error)
    limit = file_time_limit(len(data))
    try:
        with time_limit(limit):
            documents, quantities = process_file(path.name, text)
    except FileTimeout:
        return _unreadable(
            path.name,
            digest,
            len(data),
            UnreadableFile(
                f"{path.name}: extraction took longer than {limit:.0f} s, the limit for a file of "
                f"{len(data) / 2**20:.1f} MB; skipped so the rest could build (please report this file)"
            ),
        )
    return FileRows(
        path.name,
        digest,
        len(data),
        record_columns(documents, tracker.DOCUMENT_COLUMNS),
        record_columns(quantities, tracker.QUANTITY_COLUMNS),
    )


def _unreadable(name: str, digest: str, size: int, error: UnreadableFile) -> FileRows:
    return FileRows(
        name,
        digest,
        size,
        record_columns([], tracker.DOCUMENT_COLUMNS),
        record_columns([], tracker.QUANTITY_COLUMNS),
        str(error),
    )


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


def map_in_order(function: Callable, items: list, workers: int) -> Iterator:
    """`map(function, items)` over a process pool, in order, with a bounded number of tasks in flight.

    ProcessPoolExecutor.map would submit every item at once and keep every finished result until
    the consumer reaches it; the window keeps memory flat however many files there are.
    """
    if not items:  # nothing changed (e.g. a rebuild after a metadata correction): no pool of 0 workers
        return
    in_process = workers <= 1 or len(items) <= 1
    if in_process and threading.current_thread() is threading.main_thread():
        yield from map(function, items)  # (off the main thread a pool keeps the per-file time limit)
        return
    workers = max(1, workers)
    workers = min(workers, len(items))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        todo = iter(items)
        pending: deque[Future] = deque(pool.submit(function, item) for item in islice(todo, workers * 3))
        try:
            while pending:
                result = pending.popleft().result()
                pending.extend(pool.submit(function, item) for item in islice(todo, 1))
                yield result
        finally:
            for future in pending:
                future.cancel()


def hash_files(paths: Iterable[Path]) -> dict[str, str]:
    """name -> file_digest; a file that vanished since the listing is left out (and re-extracted,
    which reports it)."""
    hashes = {}
    for path in paths:
        try:
            hashes[path.name] = file_digest(path)
        except FileNotFoundError:
            continue
    return hashes


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def list_inputs(corpus_files: list[Path], data_dir: Path) -> tuple[list[Path], list[str]]:
    """The files a build extracts: the corpus folder's .txt files, then the converted texts of the
    documents users added to data/library/ (etl.store.library converts and caches them); and one
    message per added document that cannot be converted now (left out, the rest builds)."""
    return library.gather_build_inputs(corpus_files, data_dir)


def build(
    data_dir: Path, corpus: Path, workers: int | None = None, show_progress: bool = False, reuse: bool = True
) -> BuildSummary:
    """Rebuild tracker.duckdb in `data_dir` from the .txt files in `corpus`, re-extracting only
    the files that changed since the previous build (every file when `reuse` is false).

    A full disk or a folder it may not write ends the build with one line (DiskFull, NotWritable)
    and the previous database as it was."""
    try:
        return _build(data_dir, corpus, workers, show_progress, reuse)
    except (OSError, duckdb.Error) as error:
        if is_disk_full(error):
            raise DiskFull(
                f"the disk holding {Path(data_dir)} is full; the build stopped and the previous "
                "database is unchanged. Free some space and build again."
            ) from None
        if is_not_writable(error) and not isinstance(error, FileNotFoundError):
            raise NotWritable(
                f"cannot write in {Path(data_dir)} (read-only for this user); the previous database is unchanged"
            ) from None
        raise


def _build(data_dir: Path, corpus: Path, workers: int | None, show_progress: bool, reuse: bool) -> BuildSummary:
    started = time.perf_counter()
    listing = scan_corpus(corpus)
    paths, unconvertible = list_inputs(listing.files, data_dir)
    database = tracker_path(data_dir)
    version = extractor_version()
    summary = BuildSummary(files=len(paths), skipped=list(listing.skipped) + unconvertible)
    with TrackerWriter(database) as writer:
        # Hashing costs one read of the corpus, far less than extracting it; skip it when there is
        # nothing to compare with (the workers hash what they read anyway).
        hashes = hash_files(paths) if reuse and database.exists() else {}
        unchanged = writer.start(hashes, version)
        todo = [path for path in paths if path.name not in unchanged]
        bar = tqdm(
            total=sum(map(_size, todo)),
            unit="B",
            unit_scale=True,
            desc="extracting",
            disable=not show_progress,
            file=sys.stderr,
            leave=False,
        )
        with bar:
            for result in map_in_order(extract_file, todo, workers or default_workers()):
                writer.add(result)
                bar.update(result.size)
                if result.error:
                    summary.skipped.append(result.error)
        summary.skipped += [error for error in unchanged.values() if error]
        writer.flush()
        library.apply_corrections(writer.con, data_dir, [p.name for p in todo])  # of added documents
        summary.documents, summary.targets, summary.baselines = writer.counts()
        writer.commit({"built_at": datetime.now(UTC).isoformat(timespec="seconds"), "extractor_version": version})
    summary.extracted, summary.reused = len(todo), len(unchanged)
    summary.write_seconds, summary.derive_seconds = writer.busy_seconds, writer.derive_seconds
    summary.seconds = time.perf_counter() - started
    return summary
