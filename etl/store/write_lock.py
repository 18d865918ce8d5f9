"""One writer at a time for a DuckDB file, across threads and processes (fcntl.flock).

DuckDB lets one process open a file read-write; two Streamlit sessions, the CLI and a second app
process would otherwise race for it. Every access to progress.duckdb takes this lock first:
writers exclusively, readers shared. Each acquisition opens its own file description, so two
threads of one process exclude each other too (flock locks belong to the open file description).

A reader only needs to read the lock file: in a folder it may not write (a read-only deployment,
a server running as another user) it opens the lock read-only, or reads without it when there is
none, since nobody can be writing there through this program without creating it.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from etl.errors import EtlError, NotWritable, is_not_writable

DEFAULT_WAIT_SECONDS = 10.0
POLL_SECONDS = 0.05


class DatabaseBusy(EtlError):
    """Someone else is writing; the message asks the person to try again."""

    exit_code = 3


def lock_path(db_path: Path) -> Path:
    return Path(db_path).with_name(Path(db_path).name + ".lock")


@contextmanager
def locked(db_path: Path, exclusive: bool, wait_seconds: float = DEFAULT_WAIT_SECONDS) -> Iterator[None]:
    """Hold the lock next to `db_path`, waiting up to `wait_seconds`, else raise DatabaseBusy."""
    path = lock_path(db_path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        if not is_not_writable(error):
            raise
        if exclusive:
            raise NotWritable(
                f"cannot write in {path.parent}: the folder is read-only for this user "
                f"({error.strerror}); nothing was changed"
            ) from None
        try:
            fd = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            yield
            return
    try:
        mode = (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(fd, mode)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise DatabaseBusy(
                        f"{Path(db_path).name} is busy: another upload or undo is being saved. Try again in a moment."
                    ) from None
                time.sleep(POLL_SECONDS)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
