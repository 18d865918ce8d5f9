"""The floor for any extractor, and the extractor measured against it, in this process.

Floor: read each file and scan its text for digits with one regex, nothing else. Any extractor must
at least read the text and look at every number; the ratio extraction / floor says how much work
per character the real extractor adds, independently of the machine's speed.
Extraction: text -> records (`etl.pipeline.process_file`), texts already in memory, modules already
imported, no database.
"""

from __future__ import annotations

import re
import statistics
import time
from pathlib import Path

from etl.corpus import decode
from etl.pipeline import process_file

DIGITS = re.compile(r"\d+")


def floor_pass(paths: list[Path]) -> int:
    """Read, decode and regex-scan every file for digit runs; returns how many were seen."""
    found = 0
    for path in paths:
        text, _ = decode(path.read_bytes(), path.name)
        found += sum(1 for _ in DIGITS.finditer(text))
    return found


def extraction_pass(texts: list[tuple[str, str]]) -> int:
    """Run the pure pipeline over (name, text) pairs; returns the quantities found."""
    return sum(len(process_file(name, text)[1]) for name, text in texts)


def read_texts(paths: list[Path]) -> list[tuple[str, str]]:
    return [(p.name, decode(p.read_bytes(), p.name)[0]) for p in paths]


def median_seconds(function, argument, repeats: int) -> float:
    """Median wall time of `repeats` calls (after one warm-up call: caches, lazy compiles)."""
    function(argument)
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function(argument)
        times.append(time.perf_counter() - started)
    return statistics.median(times)
