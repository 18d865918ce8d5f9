"""Review actions on records as the reader sees them: confirm, reject, edit, add, reopen, undo.

The glue between a page (or the CLI) and the stores: it reads the record and its document from a
CorrectedDatabase (etl.corrected_view), makes the record's Anchor (etl.corrections), checks what
was typed, and saves the correction with its audit row (etl.store.corrections). Read-only mode is
the caller's to enforce before calling (the dashboard refuses edits then).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from etl import corrections as core
from etl.corrections import CHECKED, EDITABLE_FIELDS, OPEN, REJECTED, WITHDRAWN, Anchor, DocText, Snapshot
from etl.errors import EtlError
from etl.extract import extract_quantities
from etl.numbers import find_numbers
from etl.records import Document
from etl.store import corrections as store


@dataclass(frozen=True, slots=True)
class RecordState:
    """A shown record and the correction behind it (if any)."""

    quantity_id: str
    doc: DocText
    char_start: int
    char_end: int
    sentence: str
    fields: dict  # the record's values as shown (EDITABLE_FIELDS)
    extracted: dict  # the extractor's values (equal to `fields` for an uncorrected record)
    correction: store.StoredCorrection | None


def _doc(db, doc_id: str) -> DocText:
    rows = (
        db.cursor()
        .execute("SELECT doc_id, source_file, title, text FROM documents WHERE doc_id = ?", [doc_id])
        .fetchall()
    )
    if not rows:
        raise EtlError(f"there is no document {doc_id}")
    doc_id, seed, title, text = rows[0]
    return DocText(doc_id, seed, title or "", text or "")


def record_state(db, quantity_id: str) -> RecordState:
    """The record `quantity_id` as shown (corrections applied), with its correction."""
    cur = db.cursor()
    rows = cur.execute(
        f"SELECT doc_id, char_start, char_end, sentence, correction_id, {', '.join(EDITABLE_FIELDS)} "
        "FROM quantities WHERE quantity_id = ?",
        [quantity_id],
    ).fetchall()
    if not rows:
        raise EtlError(f"there is no record {quantity_id} (rejected records are listed on the Review page)")
    doc_id, start, end, sentence, correction_id, *values = rows[0]
    fields = dict(zip(EDITABLE_FIELDS, values))
    correction = next((c for c in db.corrections if c.correction_id == correction_id), None)
    extracted = dict(fields)
    if correction is not None and not correction.added:
        raw = cur.execute(
            f"SELECT {', '.join(EDITABLE_FIELDS)} FROM tracker.main.quantities WHERE quantity_id = ?", [quantity_id]
        ).fetchall()
        extracted = dict(zip(EDITABLE_FIELDS, raw[0])) if raw else extracted
    return RecordState(
        quantity_id, _doc(db, doc_id), int(start), int(end), sentence or "", fields, extracted, correction
    )


def _anchor(state: RecordState) -> Anchor:
    return core.anchor_at(state.doc, state.char_start, state.char_end, state.quantity_id, state.sentence)


def _save(
    data_dir: Path, state: RecordState, after: Snapshot, who: str, action: str, seen_revision: int | None, source: str
) -> store.SaveResult:
    correction = state.correction
    return store.save(
        data_dir,
        _anchor(state),
        after,
        who,
        action,
        added=correction.added if correction else False,
        correction_id=correction.correction_id if correction else None,
        seen_revision=seen_revision,
        source=source,
    )


def _current(state: RecordState) -> Snapshot:
    return state.correction.snapshot if state.correction else Snapshot(OPEN, {})


def confirm(
    data_dir: Path, db, quantity_id: str, who: str, seen_revision: int | None = None, source: str = "app"
) -> store.SaveResult:
    """The record is right as shown (it counts as checked)."""
    state = record_state(db, quantity_id)
    return _save(data_dir, state, Snapshot(CHECKED, _current(state).fields), who, "confirm", seen_revision, source)


def reject(
    data_dir: Path, db, quantity_id: str, who: str, seen_revision: int | None = None, source: str = "app"
) -> store.SaveResult:
    """Not a target or baseline: hidden everywhere (kept, and undoable)."""
    state = record_state(db, quantity_id)
    correction = state.correction
    after = Snapshot(WITHDRAWN if correction and correction.added else REJECTED, _current(state).fields)
    return _save(data_dir, state, after, who, "reject", seen_revision, source)


def edit(
    data_dir: Path, db, quantity_id: str, fields: dict, who: str, seen_revision: int | None = None, source: str = "app"
) -> store.SaveResult:
    """Change fields (checked, typed by etl.corrections.clean_fields); fields equal to the
    extractor's are stored as no override."""
    state = record_state(db, quantity_id)
    cleaned = core.clean_fields(fields)
    current = dict(_current(state).fields)
    if state.correction is not None and state.correction.added:
        overrides = current | cleaned
    else:
        overrides = core.changed_fields(state.extracted, current | cleaned)
    return _save(data_dir, state, Snapshot(CHECKED, overrides), who, "edit", seen_revision, source)


def reopen(data_dir: Path, correction_id: int, who: str, source: str = "app") -> store.SaveResult:
    """Bring a rejected record back (unchecked, its edits kept)."""
    found = [c for c in store.read_corrections(data_dir) if c.correction_id == int(correction_id)]
    if not found:
        raise EtlError(f"there is no correction #{correction_id}")
    correction = found[0]
    after = Snapshot(CHECKED if correction.added else OPEN, correction.snapshot.fields)
    return store.save(
        data_dir,
        correction.anchor,
        after,
        who,
        "reopen",
        added=correction.added,
        correction_id=correction.correction_id,
        source=source,
    )


def undo(data_dir: Path, audit_id: int, who: str, source: str = "app") -> store.SaveResult:
    return store.undo(data_dir, audit_id, who, source)


# --- adding a record the extractor missed ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NumberChoice:
    start: int
    end: int
    text: str
    fields: dict  # the extractor's best reading, for the form


def document_record(row: dict) -> Document:
    """A stored document (a row of `documents`) as the extractor takes it: with its dates, title
    year and plan horizon, which decide the years it reads (the line map is not stored)."""

    def optional_int(value):
        return None if value is None or value != value else int(value)  # NaN != NaN

    return Document(
        str(row["doc_id"]),
        str(row.get("source_file") or ""),
        str(row.get("title") or ""),
        str(row.get("issuer") or ""),
        str(row.get("doc_number") or ""),
        str(row.get("issue_date") or ""),
        str(row.get("level") or ""),
        optional_int(row.get("start_line")) or 1,
        optional_int(row.get("end_line")) or 1,
        str(row.get("text") or ""),
        title_year=optional_int(row.get("title_year")),
        horizon_year=optional_int(row.get("horizon_year")),
    )


def numbers_in(document: Document, sentence_start: int, sentence_end: int) -> list[NumberChoice]:
    """The numbers in one sentence of `document`, each with the extractor's best reading of it.

    The reading is the extractor's own record at that number when it has one, else its record for
    the sentence extracted on its own (a missed number is often read there), else the number as read
    (value, range, unit) with the target year the sentence names.
    """
    text = document.text
    sentence = text[sentence_start:sentence_end]
    alone = replace(document, text=document.title + "\n" + sentence, line_starts=(), line_numbers=())
    shift = len(document.title) + 1 - sentence_start
    readings = {q.char_start: q for q in extract_quantities(document) if sentence_start <= q.char_start < sentence_end}
    for q in extract_quantities(alone):
        readings.setdefault(q.char_start - shift, q)
    choices = []
    for m in find_numbers(sentence):
        start, end = sentence_start + m.start, sentence_start + m.end
        read = readings.get(start)
        if read is not None:
            fields = {name: getattr(read, name) for name in EDITABLE_FIELDS}
        else:
            year = next(
                (y for y in range(2100, 1949, -1) if f"{y}年" in sentence[max(0, m.start - 12) : m.start]), None
            )
            fields = {
                "kind": "target",
                "indicator": "",
                "value": m.value,
                "value_high": m.value_high,
                "unit": m.unit,
                "comparator": m.approximate or "=",
                "change": None,
                "baseline_year": None,
                "target_year": year,
                "per_year": False,
            }
        choices.append(NumberChoice(start, end, text[start:end], fields))
    return choices


def add(
    data_dir: Path, db, doc_id: str, start: int, end: int, fields: dict, who: str, source: str = "app"
) -> store.SaveResult:
    """Add a record the extractor missed, at text[start:end] of the document."""
    doc = _doc(db, doc_id)
    cleaned = core.clean_fields(fields)
    if "value" not in cleaned:
        raise core.FieldProblem("value: required")
    anchor = core.anchor_at(doc, start, end)
    return store.save(data_dir, anchor, Snapshot(CHECKED, cleaned), who, "add", added=True, source=source)


def sentences_containing(text: str, query: str, limit: int = 20) -> list[tuple[int, int]]:
    """(start, end) of the sentences of `text` that contain `query` and a number, in text order.

    >>> t = "总则。到2025年达到28亿吨；加强管理。"
    >>> [t[s:e] for s, e in sentences_containing(t, "达到")]
    ['到2025年达到28亿吨；']
    """
    query = query.strip()
    found: list[tuple[int, int]] = []
    at = text.find(query) if query else -1
    while at >= 0 and len(found) < limit:
        span = core.sentence_around(text, at, at + len(query))
        if span not in found and find_numbers(text[span[0] : span[1]]):
            found.append(span)
        at = text.find(query, max(span[1], at + 1))
    return found
