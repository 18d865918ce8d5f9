"""Reading corpus files: the I/O edge before the pure pipeline.

Files come from PDF tools and from people: UTF-8, UTF-8 with a BOM, GB18030/GBK (what Chinese
Windows tools write), Windows line endings. Anything else is rejected with a message naming the file.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from etl.errors import EtlError

ENCODINGS = ("utf-8-sig", "gb18030")


@dataclass(frozen=True, slots=True)
class CorpusFile:
    path: Path
    text: str
    encoding: str


class UnreadableFile(EtlError):
    """A corpus file that is not text in a supported encoding."""


def list_corpus_files(folder: Path) -> list[Path]:
    """The .txt files of a corpus folder, in a stable order."""
    folder = Path(folder)
    if not folder.is_dir():
        raise EtlError(f"corpus folder not found: {folder}")
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".txt")
    if not files:
        raise EtlError(f"no .txt files in corpus folder {folder}")
    return files


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Text and the encoding it was read with; UnreadableFile for binary or unknown encodings."""
    if b"\x00" in data[:65536]:
        raise UnreadableFile(f"{name}: looks binary (NUL bytes), not a text file")
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text.replace("\r\n", "\n").replace("\r", "\n"), encoding
    raise UnreadableFile(f"{name}: not UTF-8 or GB18030 text")


def read_corpus_file(path: Path) -> CorpusFile:
    text, encoding = decode(Path(path).read_bytes(), Path(path).name)
    return CorpusFile(Path(path), text, encoding)
