"""A small, real, full disk for fault tests: a tmpfs mount (needs root; tests skip without it)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def small_disk(folder: Path, megabytes: int) -> Iterator[Path]:
    """`folder` as a tmpfs of `megabytes`; skips the test where it cannot be mounted."""
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder: Path, leave_bytes: int) -> None:
    """Fill the disk holding `folder` until only about `leave_bytes` are free."""
    free = os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize
    with open(folder / "filler.bin", "wb") as handle:
        handle.write(b"\0" * max(0, free - leave_bytes))


@contextmanager
def read_only_view(source: Path, view: Path) -> Iterator[Path]:
    """`source` seen through a read-only bind mount at `view`: writes fail with EROFS even for root
    (as a server running as another user sees a folder it may only read). Skips without mounts."""
    view.mkdir(parents=True, exist_ok=True)
    bound = subprocess.run(["mount", "--bind", str(source), str(view)], capture_output=True)
    if bound.returncode != 0:
        pytest.skip(f"cannot bind-mount here: {bound.stderr.decode(errors='replace').strip()}")
    try:
        remounted = subprocess.run(["mount", "-o", "remount,bind,ro", str(view)], capture_output=True)
        if remounted.returncode != 0:
            pytest.skip(f"cannot remount read-only here: {remounted.stderr.decode(errors='replace').strip()}")
        yield view
    finally:
        subprocess.run(["umount", "-l", str(view)], check=False)
