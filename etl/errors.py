"""Errors a user can act on: the CLI prints them as one line and exits non-zero, no traceback."""


class EtlError(Exception):
    """A failure with a message written for the person running the command."""

    exit_code = 2


class DiskFull(EtlError):
    """A write failed for lack of space; whatever was there before is kept."""

    exit_code = 4


def is_disk_full(error: BaseException) -> bool:
    """An OSError ENOSPC, or DuckDB's error for one (it reports "No space left on device" in text)."""
    if isinstance(error, OSError) and error.errno in (28, 122):  # ENOSPC, EDQUOT
        return True
    return "no space left on device" in str(error).lower() or "disk quota exceeded" in str(error).lower()


class NotWritable(EtlError):
    """The folder (or file) cannot be written by this user: a read-only data folder, say."""


def is_not_writable(error: BaseException) -> bool:
    """EACCES, EPERM or EROFS, as an OSError or in DuckDB's text."""
    if isinstance(error, OSError) and error.errno in (1, 13, 30):  # EPERM, EACCES, EROFS
        return True
    text = str(error).lower()
    return "permission denied" in text or "read-only file system" in text
