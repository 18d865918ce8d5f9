"""People's decisions about links, kept in progress.duckdb (user data, never rebuilt, never deleted).

A person confirms a link the build found, rejects it (it never comes back), or links an observation
the build missed. A decision names its two ends by content, not by row: the sha256 of the source
file, the sentence (whitespace removed), the value and the number's offset in that sentence, with
the quantity_id as a hint. After a rebuild, or an extractor change that renames quantities, each
end is found again from that content (`resolve`); a decision whose end is no longer found is
reported as orphaned, never dropped and never attached to another number.

The table lives in its own schema, `link_review`, created with CREATE ... IF NOT EXISTS: it does
not touch the progress layout (etl.store.progress checks the tables of the main schema) and a file
without uploads gains nothing else. A later decision about the same pair supersedes an earlier one;
both are kept (the history of what people decided).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from etl.errors import EtlError
from etl.ids import normalise_sentence
from etl.store.paths import progress_path
from etl.store.write_lock import DEFAULT_WAIT_SECONDS, locked

DECISIONS = ("confirm", "reject", "link")
LINK_TYPES = ("progress", "interim", "restatement")
SCHEMA = [
    "CREATE SCHEMA IF NOT EXISTS link_review",
    "CREATE SEQUENCE IF NOT EXISTS link_review.decision_ids START 1",
    """CREATE TABLE IF NOT EXISTS link_review.decisions (
        decision_id INTEGER PRIMARY KEY DEFAULT nextval('link_review.decision_ids'),
        decision VARCHAR NOT NULL,        -- confirm | reject | link (a link the build missed)
        type VARCHAR NOT NULL,            -- progress | interim | restatement
        target_hint VARCHAR NOT NULL,     -- quantity_id when decided (a hint: ids may change)
        target_sha256 VARCHAR NOT NULL,   -- the source file's content
        target_sentence VARCHAR NOT NULL, -- whitespace removed
        target_offset INTEGER,            -- the number's offset in that sentence
        target_value DOUBLE NOT NULL,
        other_hint VARCHAR NOT NULL,
        other_sha256 VARCHAR NOT NULL,
        other_sentence VARCHAR NOT NULL,
        other_offset INTEGER,
        other_value DOUBLE NOT NULL,
        decided_at TIMESTAMP NOT NULL,    -- UTC
        note VARCHAR NOT NULL DEFAULT '')""",
]
# What an end is anchored to, read from tracker.duckdb for one quantity.
ANCHOR_SQL = """
SELECT q.quantity_id, b.sha256, q.sentence, q.value, q.char_start, d.text
FROM quantities q JOIN documents d USING (doc_id) JOIN build_files b ON b.source_file = q.source_file
WHERE q.quantity_id = ?
"""
# Every quantity that shares a file and value with some decision's end: the candidates to re-attach to.
CANDIDATES_SQL = """
SELECT q.quantity_id, b.sha256, q.sentence, q.value, q.char_start, d.text
FROM quantities q JOIN documents d USING (doc_id) JOIN build_files b ON b.source_file = q.source_file
JOIN (SELECT DISTINCT unnest(?::VARCHAR[]) AS sha256, unnest(?::DOUBLE[]) AS value) wanted
  ON wanted.sha256 = b.sha256 AND wanted.value = q.value
"""


@dataclass(frozen=True, slots=True)
class Anchor:
    """One end of a decision, by content."""

    hint: str
    sha256: str
    sentence: str
    offset: int | None
    value: float


@dataclass(frozen=True, slots=True)
class Decision:
    decision_id: int
    decision: str
    type: str
    target: Anchor
    other: Anchor
    decided_at: datetime
    note: str


@dataclass(frozen=True, slots=True)
class ResolvedDecision:
    """A decision with the quantity_ids its ends found in the current build (None: orphaned end)."""

    decision: Decision
    target_id: str | None
    other_id: str | None

    @property
    def orphaned(self) -> bool:
        return self.target_id is None or self.other_id is None


def number_offset(text: str, sentence: str, char_start: int) -> int | None:
    """Offset of the number (at `char_start` of the document text) inside its sentence."""
    start = text.find(sentence, max(0, char_start - len(sentence)))
    if start < 0 or start > char_start:
        return None
    return char_start - start


def _anchor_of(row: tuple) -> Anchor:
    quantity_id, sha256, sentence, value, char_start, text = row
    return Anchor(
        quantity_id,
        sha256,
        normalise_sentence(sentence or ""),
        number_offset(text or "", sentence or "", int(char_start or 0)),
        float(value),
    )


def anchor(tracker: duckdb.DuckDBPyConnection, quantity_id: str) -> Anchor:
    """The content anchor of a quantity in the current build."""
    rows = tracker.execute(ANCHOR_SQL, [quantity_id]).fetchall()
    if not rows:
        raise EtlError(f"no quantity {quantity_id} in the current build")
    return _anchor_of(rows[0])


# --- writing --------------------------------------------------------------------------------------


def _ensure(con: duckdb.DuckDBPyConnection) -> None:
    for statement in SCHEMA:
        con.execute(statement)


def record(
    data_dir: Path,
    tracker: duckdb.DuckDBPyConnection,
    decision: str,
    link_type: str,
    target_id: str,
    other_id: str,
    note: str = "",
    wait_seconds: float = DEFAULT_WAIT_SECONDS,
) -> int:
    """Store a decision about the link target_id -> other_id; returns its id.

    Both ends are anchored from the current build (`tracker`). Serialised with every other writer
    of progress.duckdb by its lock file.
    """
    if decision not in DECISIONS:
        raise EtlError(f"unknown decision {decision!r} (expected one of {', '.join(DECISIONS)})")
    if link_type not in LINK_TYPES:
        raise EtlError(f"unknown link type {link_type!r} (expected one of {', '.join(LINK_TYPES)})")
    if target_id == other_id:
        raise EtlError("a quantity cannot be linked to itself")
    target, other = anchor(tracker, target_id), anchor(tracker, other_id)
    path = progress_path(data_dir)
    with locked(path, exclusive=True, wait_seconds=wait_seconds):
        con = duckdb.connect(str(path))
        try:
            _ensure(con)
            [(decision_id,)] = con.execute(
                """
                INSERT INTO link_review.decisions (decision, type, target_hint, target_sha256, target_sentence,
                    target_offset, target_value, other_hint, other_sha256, other_sentence, other_offset, other_value,
                    decided_at, note)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING decision_id""",
                [
                    decision,
                    link_type,
                    target.hint,
                    target.sha256,
                    target.sentence,
                    target.offset,
                    target.value,
                    other.hint,
                    other.sha256,
                    other.sentence,
                    other.offset,
                    other.value,
                    datetime.now(UTC).replace(tzinfo=None),
                    note,
                ],
            ).fetchall()
        finally:
            con.close()
    return int(decision_id)


# --- reading ----------------------------------------------------------------------------------------


def load(data_dir: Path, wait_seconds: float = DEFAULT_WAIT_SECONDS) -> list[Decision]:
    """Every decision, oldest first ([] when there is no progress.duckdb or no decision yet)."""
    path = progress_path(data_dir)
    if not path.exists():
        return []
    with locked(path, exclusive=False, wait_seconds=wait_seconds):
        con = duckdb.connect(str(path), read_only=True)
        try:
            found = con.execute(
                "SELECT 1 FROM information_schema.tables WHERE table_schema = 'link_review' "
                "AND table_name = 'decisions'"
            ).fetchall()
            if not found:
                return []
            rows = con.execute("""
                SELECT decision_id, decision, type, target_hint, target_sha256, target_sentence, target_offset,
                       target_value, other_hint, other_sha256, other_sentence, other_offset, other_value,
                       decided_at, note
                FROM link_review.decisions ORDER BY decision_id""").fetchall()
        finally:
            con.close()
    return [Decision(r[0], r[1], r[2], Anchor(*r[3:8]), Anchor(*r[8:13]), r[13], r[14]) for r in rows]


def _find(end: Anchor, candidates: dict[tuple[str, float], list[Anchor]]) -> str | None:
    """The quantity an end names now: same file content and value, then the same sentence (and
    number offset when the sentence holds the value twice); the id hint only breaks ties. Nothing
    rather than a guess when the sentence is gone."""
    pool = candidates.get((end.sha256, end.value), [])
    same_sentence = [c for c in pool if c.sentence == end.sentence]
    if not same_sentence:  # re-segmented: a sentence that contains the old one, or is contained in it
        same_sentence = [
            c
            for c in pool
            if c.sentence and end.sentence and (c.sentence in end.sentence or end.sentence in c.sentence)
        ]
    if len(same_sentence) > 1:
        exact = [c for c in same_sentence if c.offset == end.offset]
        same_sentence = exact or same_sentence
    if len(same_sentence) > 1:
        by_hint = [c for c in same_sentence if c.hint == end.hint]
        same_sentence = by_hint or []
    return same_sentence[0].hint if len(same_sentence) == 1 else None


def resolve(tracker: duckdb.DuckDBPyConnection, decisions: Iterable[Decision]) -> list[ResolvedDecision]:
    """Re-attach decisions to the quantities of the current build (see `_find`)."""
    decisions = list(decisions)
    if not decisions:
        return []
    ends = [d.target for d in decisions] + [d.other for d in decisions]
    rows = tracker.execute(CANDIDATES_SQL, [[e.sha256 for e in ends], [e.value for e in ends]]).fetchall()
    candidates: dict[tuple[str, float], list[Anchor]] = {}
    for row in rows:
        found = _anchor_of(row)
        candidates.setdefault((found.sha256, found.value), []).append(found)
    return [ResolvedDecision(d, _find(d.target, candidates), _find(d.other, candidates)) for d in decisions]


def effective(resolved: Iterable[ResolvedDecision]) -> dict[tuple[str, str], ResolvedDecision]:
    """The latest decision per (target_id, other_id) pair, for the ends found in this build."""
    latest: dict[tuple[str, str], ResolvedDecision] = {}
    for r in sorted(resolved, key=lambda r: r.decision.decision_id):
        if r.target_id is not None and r.other_id is not None:  # not orphaned
            latest[(r.target_id, r.other_id)] = r
    return latest


def decided_pairs(resolved: Iterable[ResolvedDecision]) -> dict[tuple[str, str], tuple[str, str]]:
    """{(target_id, other_id): (decision, link type)} of the latest decisions (etl.queries reads it)."""
    return {pair: (r.decision.decision, r.decision.type) for pair, r in effective(resolved).items()}
