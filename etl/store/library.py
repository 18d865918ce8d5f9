"""The user library, `data/library/`: documents people add (user data, never deleted by a build).

Layout (one folder per document, named by the first 12 hex digits of its sha256, its DOC_ID):

    data/library/<doc_id>/original.<ext>   the bytes exactly as added
    data/library/<doc_id>/entry.json       name, format, when added / removed, metadata corrections
    data/library/.cache/<seed>             converted text (derived: rebuilt when the file's sha256 or
    data/library/.cache/<seed>.json        the converter version changes) and its page map

A document folder appears in one `rename` of a fully written temporary folder, so a process killed
while adding leaves either no entry or a complete one (a leftover `.incoming-*` folder is ignored
and cleaned up later). "Removing" a document only marks its entry; `--undo` clears the mark.

The build reads the library through `build_inputs` (the converted texts of the documents not
removed) and applies the metadata corrections people made with `apply_corrections`.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import unicodedata
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from etl.convert import ConversionError, Converted, convert, converter_version
from etl.convert.model import page_of_line
from etl.errors import EtlError
from etl.store.write_lock import locked

LIBRARY = "library"
CACHE = ".cache"
ENTRY = "entry.json"
INCOMING = ".incoming-"
MAX_ADD_MB_ENV = "TRACKER_MAX_ADD_MB"
DEFAULT_MAX_ADD_MB = 50
LEVELS = ("national", "provincial", "municipal")
METADATA_FIELDS = ("title", "issuer", "issue_date", "level")
_UNSAFE = re.compile(r"[^\w\u4e00-\u9fff.-]+")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class LibraryError(EtlError):
    exit_code = 1


class AlreadyInLibrary(LibraryError):
    """The same bytes (sha256) are in the library already; nothing was changed."""


@dataclass(slots=True)
class Entry:
    """One added document, as stored in its entry.json."""

    doc_id: str
    sha256: str
    name: str  # the file name as given (shown escaped; never used as a path)
    stored: str  # file name of the original inside the entry's folder
    seed: str  # the source_file name the build gives its converted text
    format: str
    bytes: int
    added_at: str
    removed_at: str | None = None
    corrections: dict = field(default_factory=dict)  # title / issuer / issue_date / level the user set

    @property
    def active(self) -> bool:
        return self.removed_at is None


# --- paths and names ------------------------------------------------------------------------------


def library_dir(data: Path) -> Path:
    return Path(data) / LIBRARY


def cache_dir(data: Path) -> Path:
    return library_dir(data) / CACHE


def max_add_bytes() -> int:
    """The size limit for one added file: $TRACKER_MAX_ADD_MB, default 50 MB."""
    raw = os.environ.get(MAX_ADD_MB_ENV, "").strip()
    try:
        megabytes = float(raw) if raw else DEFAULT_MAX_ADD_MB
    except ValueError:
        megabytes = DEFAULT_MAX_ADD_MB
    return int(megabytes * 1024 * 1024)


def display_name(name: str) -> str:
    """The last part of a user-given file name, without control characters ("../../x.pdf" -> "x.pdf").

    >>> display_name("../../etc/passwd"), display_name('a"<b>.pdf'), display_name("")
    ('passwd', 'a"<b>.pdf', 'document')
    """
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip().strip(".")
    return base[:200] or "document"


def safe_stem(name: str) -> str:
    """A file-system and URL safe stem of a name: letters, digits, CJK, '.', '-', '_' only.

    >>> safe_stem('../规划 "2025"<b>.pdf')
    '规划_2025_b'
    """
    stem = display_name(name)
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    return _UNSAFE.sub("_", stem).strip("._-")[:40] or "document"


EXTENSIONS = {"pdf": "pdf", "docx": "docx", "html": "html", "text": "txt"}


def seed_for(doc_id: str, name: str) -> str:
    return f"library-{safe_stem(name)}-{doc_id}.txt"


# --- reading entries ------------------------------------------------------------------------------


def _read_entry(folder: Path) -> Entry | None:
    try:
        raw = json.loads((folder / ENTRY).read_text(encoding="utf-8"))
        return Entry(**{k: raw[k] for k in Entry.__dataclass_fields__ if k in raw})
    except (OSError, ValueError, TypeError, KeyError):
        return None


def entries(data: Path, include_removed: bool = True) -> list[Entry]:
    """Every complete entry of the library, oldest first."""
    root = library_dir(data)
    if not root.is_dir():
        return []
    found = [
        e
        for p in sorted(root.iterdir())
        if p.is_dir() and not p.name.startswith(".")
        if (e := _read_entry(p)) is not None
    ]
    found.sort(key=lambda e: (e.added_at, e.doc_id))
    return [e for e in found if include_removed or e.active]


def find(data: Path, doc_id: str) -> Entry:
    doc_id = (doc_id or "").strip().lower()
    if not re.fullmatch(r"[0-9a-f]{6,64}", doc_id):
        raise LibraryError(
            f"{doc_id!r} is not a library DOC_ID: give at least its first 6 hex digits (see python -m etl documents)"
        )
    matches = [e for e in entries(data) if e.doc_id.startswith(doc_id[:12])]
    if not matches:
        raise LibraryError(f"no document {doc_id} in the library (see python -m etl documents)")
    if len(matches) > 1:
        raise LibraryError(
            f"{doc_id} matches {len(matches)} documents ({', '.join(e.doc_id for e in matches)}); "
            "give more of the DOC_ID"
        )
    return matches[0]


# --- writing --------------------------------------------------------------------------------------


def _write_json_atomic(path: Path, value: dict) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(value, handle, ensure_ascii=False, indent=1)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _lock(data: Path, wait_seconds: float = 30.0):
    return locked(library_dir(data) / "entries", exclusive=True, wait_seconds=wait_seconds)


def check_corrections(corrections: dict | None) -> dict:
    """The non-empty corrections, validated; LibraryError names a bad one."""
    clean = {}
    for key, value in (corrections or {}).items():
        if key not in METADATA_FIELDS:
            raise LibraryError(f"unknown document field {key!r}; one of {', '.join(METADATA_FIELDS)}")
        value = "" if value is None else str(value).strip()
        if not value:
            continue
        if key == "issue_date":
            try:
                if not _ISO_DATE.match(value):
                    raise ValueError
                date.fromisoformat(value)
            except ValueError:
                raise LibraryError(f"date {value!r} is not YYYY-MM-DD") from None
        if key == "level" and value not in LEVELS:
            raise LibraryError(f"level {value!r} is not one of {', '.join(LEVELS)}")
        clean[key] = value[:500]
    return clean


def check_upload(data_bytes: bytes, name: str) -> None:
    """Refuse an empty or oversized file before anything else looks at it."""
    limit = max_add_bytes()
    if not data_bytes:
        raise LibraryError(f"{display_name(name)}: the file is empty")
    if len(data_bytes) > limit:
        raise LibraryError(
            f"{display_name(name)}: {len(data_bytes) / 2**20:,.1f} MB is larger than the "
            f"{limit / 2**20:,.0f} MB limit for an added document (set {MAX_ADD_MB_ENV} to change it)"
        )


def prepare(data_bytes: bytes, name: str) -> Converted:
    """Check and convert a file without adding it (what the dashboard previews)."""
    check_upload(data_bytes, name)
    try:
        return convert(data_bytes, display_name(name))
    except ConversionError:
        raise
    except Exception as error:  # a converter library failing on hostile input: one line, not a traceback
        raise ConversionError(f"{display_name(name)}: could not be read ({type(error).__name__})") from None


@dataclass(frozen=True, slots=True)
class Added:
    entry: Entry
    converted: Converted


def add(
    data: Path, data_bytes: bytes, name: str, corrections: dict | None = None, converted: Converted | None = None
) -> Added:
    """Copy one file into the library and cache its text; AlreadyInLibrary, LibraryError or
    ConversionError (nothing written) otherwise. `converted` reuses a preview's conversion."""
    corrections = check_corrections(corrections)
    check_upload(data_bytes, name)
    digest = hashlib.sha256(data_bytes).hexdigest()
    doc_id = digest[:12]
    root = library_dir(data)
    if (existing := _read_entry(root / doc_id)) is not None:
        raise AlreadyInLibrary(
            f"{display_name(name)} is already in the library as {doc_id} "
            f"({existing.name}{', removed' if not existing.active else ''}); nothing changed"
        )
    if converted is None:
        converted = prepare(data_bytes, name)
    shown = display_name(name)
    entry = Entry(
        doc_id=doc_id,
        sha256=digest,
        name=shown,
        stored=f"original.{EXTENSIONS[converted.format]}",
        seed=seed_for(doc_id, shown),
        format=converted.format,
        bytes=len(data_bytes),
        added_at=datetime.now(UTC).isoformat(timespec="microseconds"),
        corrections=corrections,
    )
    root.mkdir(parents=True, exist_ok=True)
    with _lock(data):
        if _read_entry(root / doc_id) is not None:  # added by someone else meanwhile
            raise AlreadyInLibrary(f"{shown} is already in the library as {doc_id}; nothing changed")
        _remove_leftovers(root)
        incoming = root / f"{INCOMING}{os.getpid()}-{uuid.uuid4().hex[:8]}"
        incoming.mkdir()
        try:
            with open(incoming / entry.stored, "wb") as handle:
                handle.write(data_bytes)
                handle.flush()
                os.fsync(handle.fileno())
            _write_json_atomic(incoming / ENTRY, asdict(entry))
            _fsync_dir(incoming)
            if (root / doc_id).exists():  # a folder without a readable entry: an old crash's debris
                shutil.rmtree(root / doc_id)
            os.rename(incoming, root / doc_id)
            _fsync_dir(root)
        except BaseException:
            shutil.rmtree(incoming, ignore_errors=True)
            raise
    write_cache(data, entry, converted)
    return Added(entry, converted)


def _remove_leftovers(root: Path) -> None:
    """Temporary folders of adds whose process is gone (killed mid-add): never a complete entry."""
    for folder in root.glob(f"{INCOMING}*"):
        pid = folder.name[len(INCOMING) :].split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _pid_alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _update(data: Path, doc_id: str, **changes) -> Entry:
    with _lock(data):
        entry = find(data, doc_id)
        for key, value in changes.items():
            setattr(entry, key, value)
        _write_json_atomic(library_dir(data) / entry.doc_id / ENTRY, asdict(entry))
    return entry


def remove(data: Path, doc_id: str, undo: bool = False) -> Entry:
    """Take a document out of the build (its files stay on disk); `undo` puts it back."""
    entry = find(data, doc_id)
    if undo and entry.active:
        raise LibraryError(f"{entry.doc_id} ({entry.name}) is not removed; nothing to undo")
    if not undo and not entry.active:
        raise LibraryError(
            f"{entry.doc_id} ({entry.name}) is already removed; python -m etl remove {entry.doc_id} --undo puts it back"
        )
    return _update(data, entry.doc_id, removed_at=None if undo else datetime.now(UTC).isoformat(timespec="seconds"))


def set_corrections(data: Path, doc_id: str, corrections: dict) -> Entry:
    """Replace the document's metadata corrections (empty values drop a correction)."""
    return _update(data, doc_id, corrections=check_corrections(corrections))


# --- the converted text (derived) -------------------------------------------------------------------


def _cache_paths(data: Path, entry: Entry) -> tuple[Path, Path]:
    folder = cache_dir(data)
    return folder / entry.seed, folder / f"{entry.seed}.json"


def write_cache(data: Path, entry: Entry, converted: Converted) -> Path:
    text_path, meta_path = _cache_paths(data, entry)
    text_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = text_path.with_name(f".{text_path.name}.{os.getpid()}.tmp")
    tmp.write_text(converted.text, encoding="utf-8")
    os.replace(tmp, text_path)  # the text first: a sidecar never describes text that is not there
    _write_json_atomic(
        meta_path,
        {
            "sha256": entry.sha256,
            "converter_version": converter_version(),
            "format": converted.format,
            "page_lines": list(converted.page_lines),
            "ocr_pages": list(converted.ocr_pages),
            "notes": list(converted.notes),
        },
    )
    return text_path


def cache_info(data: Path, entry: Entry) -> dict | None:
    """The sidecar of the entry's converted text when it is current, else None."""
    text_path, meta_path = _cache_paths(data, entry)
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if meta.get("sha256") != entry.sha256 or meta.get("converter_version") != converter_version():
        return None
    return meta if text_path.is_file() else None


def converted_text(data: Path, entry: Entry) -> Path:
    """The entry's converted text file, reconverting the original when the cache is stale."""
    text_path, _ = _cache_paths(data, entry)
    if cache_info(data, entry) is None:
        original = library_dir(data) / entry.doc_id / entry.stored
        write_cache(data, entry, prepare(original.read_bytes(), entry.name))
    return text_path


def build_inputs(data: Path) -> tuple[list[Path], list[str]]:
    """The converted texts the build extracts (documents not removed), and one message per
    document that could not be converted this time (e.g. a scan after OCR was uninstalled)."""
    paths, problems = [], []
    for entry in entries(data, include_removed=False):
        try:
            paths.append(converted_text(data, entry))
        except (EtlError, OSError) as error:
            problems.append(f"library {entry.doc_id}: {error}")
    return paths, problems


def gather_build_inputs(corpus_files: list[Path], data: Path) -> tuple[list[Path], list[str]]:
    """The build's input files: the corpus folder's, then the library's converted texts (see the
    build's `list_inputs` hook); and one message per library document that cannot be converted."""
    library_files, problems = build_inputs(data)
    taken = {p.name for p in corpus_files}
    return corpus_files + [p for p in library_files if p.name not in taken], problems


def page_map(data: Path, seed: str) -> tuple[int, ...]:
    """Where each page of a library PDF starts in its converted text (empty for other sources)."""
    if not seed.startswith("library-"):
        return ()
    try:
        meta = json.loads((cache_dir(data) / f"{seed}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ()
    return tuple(meta.get("page_lines") or ())


def page_of(data: Path, seed: str, line: int | None) -> int | None:
    """The page of a source line of a library PDF; None for other sources."""
    return page_of_line(page_map(data, seed), int(line)) if line else None


# --- corrections applied to a build ----------------------------------------------------------------

# What extraction detected for each library file's first document, kept in the derived database so
# that a correction the user takes back restores the detected value even when the file's rows are
# reused from the previous build (they carry the old correction).
DETECTED_TABLE = "library_detected"
_DETECTED_SQL = f"""CREATE TABLE IF NOT EXISTS {DETECTED_TABLE} (source_file VARCHAR PRIMARY KEY,
    doc_id VARCHAR NOT NULL, title VARCHAR, issuer VARCHAR, issue_date VARCHAR, level VARCHAR)"""


def apply_corrections(con, data: Path, extracted: list[str]) -> int:
    """Set the first document of each library file to the user's corrections, else to what
    extraction detected; `extracted` names the files extracted afresh in this build (their rows hold
    detected values). Runs inside the build on the new database (DuckDB connection `con`), so
    corrections survive every rebuild; they themselves live only in the library. Returns how many
    documents were corrected."""
    con.execute(_DETECTED_SQL)
    fresh = [name for name in extracted if name.startswith("library-")]
    con.execute(
        f"DELETE FROM {DETECTED_TABLE} WHERE source_file IN (SELECT unnest(?::VARCHAR[])) "
        "OR source_file NOT IN (SELECT source_file FROM documents)",
        [fresh],
    )
    con.execute(
        f"""INSERT INTO {DETECTED_TABLE}
        SELECT source_file, arg_min(doc_id, start_line), arg_min(title, start_line), arg_min(issuer, start_line),
               arg_min(issue_date, start_line), arg_min(level, start_line)
        FROM documents WHERE source_file IN (SELECT unnest(?::VARCHAR[])) GROUP BY source_file""",
        [fresh],
    )
    detected = {
        row[0]: row[1:]
        for row in con.execute(
            f"SELECT source_file, doc_id, title, issuer, issue_date, level FROM {DETECTED_TABLE}"
        ).fetchall()
    }
    corrected = 0
    for entry in entries(data, include_removed=False):
        if entry.seed not in detected:
            continue
        doc_id, *values = detected[entry.seed]
        fields = {key: entry.corrections.get(key) or value for key, value in zip(METADATA_FIELDS, values)}
        corrected += any(entry.corrections.get(key) for key in METADATA_FIELDS)
        con.execute(
            f"UPDATE documents SET {', '.join(f'{key} = ?' for key in fields)} WHERE doc_id = ?",
            [*fields.values(), doc_id],
        )  # column names from METADATA_FIELDS only
    return corrected
