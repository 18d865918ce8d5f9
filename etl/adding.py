"""Adding documents from the dashboard: preview what was detected, then add and build.

The view (pages/add_documents.py) only lays out widgets; this module does the work so it can be
tested without Streamlit: `preview` converts an upload and runs the pure pipeline over it to show
the detected title, issuer, date, level and year scope; `add_and_build` copies the accepted files
into the library with the user's corrections and builds incrementally.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from etl import build as build_module
from etl.convert import Converted
from etl.errors import EtlError
from etl.pipeline import process_file
from etl.store import library
from etl.store.library import METADATA_FIELDS
from etl.store.paths import corpus_dir, tracker_path
from etl.store.reading import ReadOnlyDatabase

# One build at a time per process: two dashboard sessions adding at once would otherwise share the
# writer's temporary file name (it is per process).
BUILD_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class Preview:
    """One uploaded file, converted, with what extraction detected in it."""

    name: str
    sha256: str
    data: bytes = field(repr=False)
    converted: Converted | None = None
    error: str | None = None  # why it cannot be added (one line), else None
    detected: dict = field(default_factory=dict)  # title, issuer, issue_date, level
    years: tuple[int, int] | None = None  # earliest and latest target year
    title_year: int | None = None
    horizon_year: int | None = None
    targets: int = 0
    documents: int = 0
    already: str | None = None  # DOC_ID when the same bytes are in the library

    @property
    def pages(self) -> int:
        return len(self.converted.page_lines) if self.converted else 0


def preview(data_dir: Path, data: bytes, name: str) -> Preview:
    """Convert an upload and detect its metadata; never raises for bad input (see `error`)."""
    shown = library.display_name(name)
    digest = hashlib.sha256(data).hexdigest()
    existing = {e.sha256: e.doc_id for e in library.entries(data_dir)}
    try:
        converted = library.prepare(data, shown)
    except EtlError as error:
        return Preview(shown, digest, data, error=str(error), already=existing.get(digest))
    documents, quantities = process_file(library.seed_for(digest[:12], shown), converted.text)
    first = documents[0] if documents else None
    detected = {key: (getattr(first, key) or "") if first else "" for key in METADATA_FIELDS}
    years = sorted({q.target_year for q in quantities if q.kind == "target" and q.target_year})
    return Preview(
        shown,
        digest,
        data,
        converted,
        detected=detected,
        years=(years[0], years[-1]) if years else None,
        title_year=first.title_year if first else None,
        horizon_year=first.horizon_year if first else None,
        targets=sum(q.kind == "target" for q in quantities),
        documents=len(documents),
        already=existing.get(digest),
    )


def corrections_from(detected: dict, chosen: dict) -> dict:
    """The fields the user changed from what was detected (what is stored as a correction).

    >>> corrections_from({"title": "A", "level": "national"}, {"title": "B", "level": "national"})
    {'title': 'B'}
    """
    return {
        key: str(value).strip()
        for key, value in chosen.items()
        if key in METADATA_FIELDS and str(value or "").strip() != str(detected.get(key) or "").strip()
    }


@dataclass(slots=True)
class AddOutcome:
    added: list[library.Added] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # one line per file that was not added
    summary: str = ""


def add_and_build(
    data_dir: Path, items: list[tuple[Preview, dict]], progress: Callable[[float, str], None] = lambda share, text: None
) -> AddOutcome:
    """Add each (preview, corrections) to the library, then build once; a file that fails is
    reported and the others are added. `progress(share, text)` follows along."""
    outcome = AddOutcome()
    steps = len(items) + 1
    for index, (item, corrections) in enumerate(items):
        progress(index / steps, item.name)
        try:
            outcome.added.append(library.add(data_dir, item.data, item.name, corrections, converted=item.converted))
        except EtlError as error:
            outcome.failed.append(str(error))
    if outcome.added:
        progress(len(items) / steps, "build")
        outcome.summary = rebuild(data_dir)
    progress(1.0, "done")
    return outcome


# --- the library as it stands -----------------------------------------------------------------


def target_counts(data: Path, seeds: list[str]) -> dict[str, tuple[int, int, int]]:
    """(documents, targets, baselines) per library seed in the built database."""
    path = tracker_path(data)
    if not seeds or not path.exists():
        return {}
    with ReadOnlyDatabase(path) as db:
        docs = dict(
            db.execute(
                "SELECT source_file, count(*) FROM documents WHERE source_file IN "
                "(SELECT unnest(?::VARCHAR[])) GROUP BY 1",
                [seeds],
            ).fetchall()
        )
        rows = db.execute(
            "SELECT source_file, count(*) FILTER (kind = 'target'), count(*) FILTER (kind = 'baseline') "
            "FROM quantities WHERE source_file IN (SELECT unnest(?::VARCHAR[])) GROUP BY 1",
            [seeds],
        ).fetchall()
    counts = {seed: (docs.get(seed, 0), 0, 0) for seed in seeds}
    for seed, targets, baselines in rows:
        counts[seed] = (docs.get(seed, 0), targets, baselines)
    return counts


def unbuilt(data: Path) -> list[str]:
    """Library documents the database has not seen yet (an add that was interrupted before its build)."""
    seeds = [e.seed for e in library.entries(data, include_removed=False)]
    path = tracker_path(data)
    if not seeds or not path.exists():
        return seeds
    try:
        with ReadOnlyDatabase(path) as db:
            built = {r[0] for r in db.execute("SELECT source_file FROM build_files").fetchall()}
    except EtlError:
        return seeds
    return [seed for seed in seeds if seed not in built]


def documents_of(data_dir: Path, seed: str) -> list[dict]:
    """The documents built from one library file (doc_id, title, issuer, issue_date, level), in
    text order; [] when the database does not hold it (or cannot be read)."""
    path = tracker_path(data_dir)
    if not path.exists():
        return []
    columns = ["doc_id", "title", "issuer", "issue_date", "level"]
    try:
        with ReadOnlyDatabase(path) as db:
            rows = db.execute(
                f"SELECT {', '.join(columns)} FROM documents WHERE source_file = ? ORDER BY start_line", [seed]
            ).fetchall()
    except EtlError:
        return []
    return [dict(zip(columns, row)) for row in rows]


def library_rows(data_dir: Path) -> list[dict]:
    """Every library document with its state (built / pending / removed) and counts, newest first."""
    entries = library.entries(data_dir)
    counts = target_counts(data_dir, [e.seed for e in entries])
    rows = []
    for entry in reversed(entries):
        documents, targets, baselines = counts.get(entry.seed, (0, 0, 0))
        state = "removed" if not entry.active else ("built" if documents else "pending")
        rows.append(
            {
                "doc_id": entry.doc_id,
                "name": entry.name,
                "format": entry.format,
                "state": state,
                "targets": targets,
                "baselines": baselines,
                "added": entry.added_at[:16].replace("T", " "),
                "seed": entry.seed,
                "corrections": dict(entry.corrections),
            }
        )
    return rows


def metadata_of(document: dict) -> dict:
    """A document row's title / issuer / issue_date / level as strings ("" for a missing value).

    >>> metadata_of({"title": "规划", "issuer": None, "issue_date": float("nan"), "level": "national"})
    {'title': '规划', 'issuer': '', 'issue_date': '', 'level': 'national'}
    """

    def text(value) -> str:
        return "" if value is None or value != value else str(value)  # NaN != NaN

    return {key: text(document.get(key)) for key in METADATA_FIELDS}


def rebuild(data_dir: Path) -> str:
    with BUILD_LOCK:
        return build_module.build(data_dir, corpus_dir(data=data_dir), workers=1).line()


def correct_and_build(data_dir: Path, doc_id: str, shown: dict, chosen: dict) -> str:
    """Store what the user changed from the values `shown` (on top of earlier corrections), rebuild."""
    entry = library.find(data_dir, doc_id)
    library.set_corrections(data_dir, doc_id, entry.corrections | corrections_from(shown, chosen))
    return rebuild(data_dir)


def remove_and_build(data_dir: Path, doc_id: str, undo: bool = False) -> str:
    library.remove(data_dir, doc_id, undo=undo)
    return rebuild(data_dir)
