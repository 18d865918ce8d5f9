"""Build the tracker database from a corpus folder: read files, run the pure pipeline, write once.

Extraction runs in a process pool (files are independent); the one DuckDB write happens in this
process at the end, into a new file swapped in atomically (etl.store.tracker.write_database).
"""
from __future__ import annotations

import hashlib
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from tqdm import tqdm

from etl.corpus import UnreadableFile, list_corpus_files, read_corpus_file
from etl.pipeline import process_file
from etl.records import Document, Quantity
from etl.store import tracker
from etl.store.paths import tracker_path


@dataclass(slots=True)
class BuildSummary:
    files: int = 0
    documents: int = 0
    targets: int = 0
    baselines: int = 0
    seconds: float = 0.0
    skipped: list[str] = field(default_factory=list)  # one message per rejected file

    def line(self) -> str:
        text = (f"built {self.documents} documents, {self.targets} targets, {self.baselines} baselines "
                f"from {self.files} files in {self.seconds:.2f} s")
        return text + (f"; skipped {len(self.skipped)} unreadable files" if self.skipped else "")


@dataclass(frozen=True, slots=True)
class FileResult:
    name: str
    sha256: str
    size: int
    documents: list[Document]
    quantities: list[Quantity]
    error: str | None = None


def extract_file(path: Path) -> FileResult:
    """Read and extract one corpus file; an unreadable file becomes an error, not an exception."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    try:
        corpus_file = read_corpus_file(path)
    except UnreadableFile as error:
        return FileResult(path.name, digest, len(data), [], [], str(error))
    documents, quantities = process_file(path.name, corpus_file.text)
    return FileResult(path.name, digest, len(data), documents, quantities)


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


def extract_corpus(paths: list[Path], workers: int, show_progress: bool) -> list[FileResult]:
    """Extract every file, in parallel when there is more than one file and one core."""
    total = sum(p.stat().st_size for p in paths)
    bar = tqdm(total=total, unit="B", unit_scale=True, desc="extracting", disable=not show_progress,
               file=sys.stderr, leave=False)
    results: dict[str, FileResult] = {}
    try:
        if workers > 1 and len(paths) > 1:
            with ProcessPoolExecutor(max_workers=min(workers, len(paths))) as pool:
                for result in pool.map(extract_file, paths, chunksize=max(1, len(paths) // (workers * 8))):
                    results[result.name] = result
                    bar.update(result.size)
        else:
            for path in paths:
                result = extract_file(path)
                results[result.name] = result
                bar.update(result.size)
    finally:
        bar.close()
    return [results[p.name] for p in paths]


def build(data_dir: Path, corpus: Path, workers: int | None = None, show_progress: bool = False) -> BuildSummary:
    """Rebuild tracker.duckdb in `data_dir` from the .txt files in `corpus`."""
    started = time.perf_counter()
    paths = list_corpus_files(corpus)
    results = extract_corpus(paths, workers or default_workers(), show_progress)
    documents = [d for r in results for d in r.documents]
    quantities = [q for r in results for q in r.quantities]
    meta = {
        "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "source_files": ",".join(f"{r.name}:{r.sha256}" for r in results),
    }
    tracker.write_database(tracker_path(data_dir), documents, quantities, meta)
    return BuildSummary(
        files=len(paths),
        documents=len(documents),
        targets=sum(q.kind == "target" for q in quantities),
        baselines=sum(q.kind == "baseline" for q in quantities),
        seconds=time.perf_counter() - started,
        skipped=[r.error for r in results if r.error],
    )
