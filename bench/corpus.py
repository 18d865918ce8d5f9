"""Scaled corpora: the bundled corpus replicated under new file names (1x, 10x, 100x).

New names matter: a file's name is part of every id it yields, so each copy is new work for the
build, exactly like another province's plan would be.
"""

from __future__ import annotations

import shutil
from pathlib import Path


def replicate(source: Path, dest: Path, copies: int) -> list[Path]:
    """`copies` copies of every .txt file of `source` in `dest`, named r000_<name>, r001_<name>..."""
    originals = sorted(Path(source).glob("*.txt"))
    dest.mkdir(parents=True, exist_ok=True)
    made = []
    for copy in range(copies):
        for original in originals:
            target = dest / f"r{copy:03d}_{original.name}"
            shutil.copyfile(original, target)
            made.append(target)
    return made


def add_new_file(source: Path, dest: Path) -> Path:
    """One more file in `dest` (a bundled file under a name no build has seen): an incremental change."""
    original = sorted(Path(source).glob("*.txt"))[0]
    target = dest / f"zz_new_{original.name}"
    shutil.copyfile(original, target)
    return target


def size_bytes(paths: list[Path]) -> int:
    return sum(p.stat().st_size for p in paths)
