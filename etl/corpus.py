"""Reading corpus files: the I/O edge before the pure pipeline.

Files come from PDF tools and from people: UTF-8, UTF-8 with a BOM, GB18030/GBK (what Chinese
Windows tools write), Windows line endings. Anything else is rejected with a message naming the file.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from etl.errors import EtlError

ENCODINGS = ("utf-8-sig", "gb18030")
# A compilation of a few hundred documents is a few MB; past this a file is almost certainly not
# one corpus file (a database dump, a disk image) and would hold the build for minutes.
MAX_FILE_BYTES = 64 * 1024 * 1024
# Text extracted from a PDF wraps at a few dozen characters; a "line" this long means the file is
# not line-oriented text and the pipeline's per-line work would not be meaningful.
MAX_LINE_CHARS = 1_000_000


class UnreadableFile(EtlError):
    """A corpus file that is not text in a supported encoding."""


@dataclass(slots=True)
class CorpusListing:
    files: list[Path] = field(default_factory=list)  # regular files, in a stable order
    skipped: list[str] = field(default_factory=list)  # "name: why" for every other .txt entry


_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (fifo)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
)


def _why_not_a_file(path: Path, root: Path) -> str | None:
    """None for a regular file inside `root` (directly or through a link that stays inside),
    else why it is skipped. Never opens the entry: a fifo would block the build."""
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except RuntimeError:
            return "a symbolic link loop"
        except FileNotFoundError:
            return f"a symbolic link to {os.readlink(path)}, which does not exist"
        except OSError as error:  # ELOOP on some systems, permission denied on a folder in the chain
            return f"a symbolic link that cannot be followed ({error.strerror})"
        if not target.is_relative_to(root):
            return f"a symbolic link to {target}, outside the corpus folder"
    try:
        mode = path.stat().st_mode
    except OSError as error:
        return f"cannot be read ({error.strerror})"
    if stat.S_ISREG(mode):
        return None
    return next((f"{kind}, not a file" for test, kind in _KINDS if test(mode)), "not a regular file")


def scan_corpus(folder: Path) -> CorpusListing:
    """The .txt files of a corpus folder, and every .txt entry that is not a file of its own
    (links out of the folder, dangling links, loops, fifos, devices, folders) with the reason."""
    folder = Path(folder)
    if not folder.is_dir():
        raise EtlError(f"corpus folder not found: {folder}")
    root = folder.resolve()
    listing = CorpusListing()
    for path in sorted(p for p in folder.iterdir() if p.suffix.lower() == ".txt"):
        reason = _why_not_a_file(path, root)
        if reason is None:
            listing.files.append(path)
        else:
            listing.skipped.append(f"{path.name}: {reason}; skipped")
    if not listing.files:
        raise EtlError(f"no .txt files in corpus folder {folder}")
    return listing


def list_corpus_files(folder: Path) -> list[Path]:
    """The .txt files of a corpus folder, in a stable order (scan_corpus says what it skipped)."""
    return scan_corpus(folder).files


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Text and the encoding it was read with; UnreadableFile for binary or unknown encodings."""
    check_size(len(data), name)
    if b"\x00" in data[:65536]:
        raise UnreadableFile(f"{name}: looks binary (NUL bytes), not a text file; save it as UTF-8 text")
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        check_shape(text, name)
        return text, encoding
    raise UnreadableFile(f"{name}: not UTF-8 or GB18030 text")


def check_size(size: int, name: str) -> None:
    if size > MAX_FILE_BYTES:
        raise UnreadableFile(
            f"{name}: {size / 2**20:.0f} MB is larger than the {MAX_FILE_BYTES // 2**20} MB "
            "limit for one corpus file; split it into several files"
        )


def check_shape(text: str, name: str) -> None:
    """Reject text the pipeline cannot treat as wrapped lines of a document compilation."""
    longest = max(map(len, text.split("\n")), default=0)
    if longest > MAX_LINE_CHARS:
        raise UnreadableFile(
            f"{name}: has a line of {longest:,} characters; expected text wrapped into lines "
            f"(at most {MAX_LINE_CHARS:,} characters each)"
        )
