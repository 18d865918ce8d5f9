"""Analysts' corrections of extracted records, anchored to content: pure, records in, records out.

A correction is stored with an `Anchor`: the document (sha256 of its text, title, source file),
the sentence, which occurrence of that sentence in the document, and the number's offset and text
inside it, plus the quantity_id it had then (a hint only). `reattach` finds that place again in
whatever the current build holds, so a correction survives `build --full`, an extractor that moves
lines or changes ids, and a document removed and added again (under another file name too):

    >>> doc = DocText("d1", "plan.txt", "规划", "到2025年，港口能力达到28亿吨。")
    >>> anchor = anchor_at(doc, doc.text.index("28亿吨"), doc.text.index("28亿吨") + 4, "q_old")
    >>> anchor.number_offset, anchor.number_text
    (13, '28亿吨')
    >>> moved = DocText("d9", "plan_v2.txt", "规划", "新增一段。\\n" + doc.text)
    >>> locate(anchor, [moved]).start
    19

A place is accepted only in a document that shares the sha256, the title or the file name with
the anchor's; several equally good places make the correction ambiguous. Either way it is then
orphaned (shown, kept, never attached to a guess): user data is never re-attached to the wrong record.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

# What a person may change on a record, and how each value is checked (see `clean_fields`).
EDITABLE_FIELDS = (
    "kind",
    "indicator",
    "value",
    "value_high",
    "unit",
    "comparator",
    "change",
    "baseline_year",
    "target_year",
    "per_year",
)
KINDS = ("target", "baseline")
COMPARATORS = ("=", ">=", ">", "<=", "<", "~")
CHANGES = ("increase", "decrease")
MIN_YEAR, MAX_YEAR = 1949, 2100
MAX_TEXT = 200

# The state of a correction: open (no effect on an extracted record), checked (confirmed, with or
# without edits), rejected (not a quantity: hidden), withdrawn (an added record taken back).
OPEN, CHECKED, REJECTED, WITHDRAWN = "open", "checked", "rejected", "withdrawn"
STATES = (OPEN, CHECKED, REJECTED, WITHDRAWN)

# Where a record shown to people comes from (the CSV export's `origin` column).
EXTRACTED, CORRECTED, ADDED = "extracted", "corrected", "added"

# Why a correction is orphaned.
NO_SENTENCE, AMBIGUOUS, NOT_EXTRACTED, SUPERSEDED = "sentence_not_found", "ambiguous", "not_extracted", "superseded"


@dataclass(frozen=True, slots=True)
class DocText:
    """A document of the current build, as much of it as anchoring needs."""

    doc_id: str
    seed: str
    title: str
    text: str
    sha256: str = ""

    def __post_init__(self):
        if not self.sha256:
            object.__setattr__(self, "sha256", text_sha256(self.text))


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a corrected number is, in words rather than row numbers."""

    doc_sha256: str
    doc_title: str
    seed: str
    sentence: str
    occurrence: int  # 0 for the first time this sentence appears in the document, 1 for the second ...
    number_offset: int  # the number's start, counted in characters from the sentence's start
    number_text: str
    quantity_id: str = ""  # the id the record had when corrected: a hint, never trusted alone

    def key(self) -> tuple:
        """What identifies the place across copies of the corrections (import is idempotent on it)."""
        return (self.doc_title, self.seed, self.sentence, self.occurrence, self.number_offset, self.number_text)


@dataclass(frozen=True, slots=True)
class Location:
    doc_id: str
    start: int  # of the number in the document text
    end: int


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A correction's effect: its state and the fields it overrides (JSON-able, for the audit)."""

    state: str = OPEN
    fields: Mapping[str, object] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps({"state": self.state, "fields": dict(self.fields)}, ensure_ascii=False, sort_keys=True)

    @staticmethod
    def from_json(text: str | None) -> Snapshot:
        if not text:
            return Snapshot()
        data = json.loads(text)
        return Snapshot(data.get("state", OPEN), dict(data.get("fields") or {}))


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence holding text[start:end]: from after the previous 。！？；or line break to the next one.

    >>> t = "第一句。到2025年达到28亿吨；第二句"
    >>> s, e = sentence_around(t, t.index("28"), t.index("28") + 4)
    >>> t[s:e]
    '到2025年达到28亿吨；'
    """
    stops = "。！？；!?;\n"
    left = max(text.rfind(c, 0, start) for c in stops) + 1
    right = min((i for i in (text.find(c, end) for c in stops) if i >= 0), default=len(text) - 1) + 1
    right = min(right, len(text))
    while left < start and text[left].isspace():
        left += 1
    while right > end and text[right - 1] in " \t\r\n":
        right -= 1
    return left, right


def _occurrences(text: str, sentence: str) -> list[int]:
    found, at = [], text.find(sentence)
    while at >= 0 and sentence:
        found.append(at)
        at = text.find(sentence, at + 1)
    return found


def anchor_at(doc: DocText, start: int, end: int, quantity_id: str = "", sentence: str | None = None) -> Anchor:
    """The anchor of the number at text[start:end]; `sentence` (the extractor's, if it holds the
    number) else the sentence around it."""
    text = doc.text
    if not (0 <= start < end <= len(text)):
        raise ValueError(f"no number at {start}..{end} in a text of {len(text)} characters")
    sentence_start = None
    if sentence:
        sentence_start = next(
            (at for at in _occurrences(text, sentence) if at <= start and end <= at + len(sentence)), None
        )
    if sentence_start is None:
        sentence_start, sentence_end = sentence_around(text, start, end)
        sentence = text[sentence_start:sentence_end]
    assert sentence is not None  # the sentence given (found in the text) or the one around the number
    occurrence = _occurrences(text, sentence).index(sentence_start)
    return Anchor(
        doc.sha256, doc.title, doc.seed, sentence, occurrence, start - sentence_start, text[start:end], quantity_id
    )


def _places(anchor: Anchor, doc: DocText) -> list[tuple[int, int]]:
    """(occurrence index, number start) of every place in `doc` where the anchor's sentence is,
    with the anchor's number at the anchor's offset."""
    places = []
    for index, at in enumerate(_occurrences(doc.text, anchor.sentence)):
        start = at + anchor.number_offset
        if doc.text[start : start + len(anchor.number_text)] == anchor.number_text:
            places.append((index, start))
    return places


def locate(anchor: Anchor, documents: Iterable[DocText]) -> Location | None:
    """The one best place for the anchor among `documents`, or None (not found, or ambiguous).

    A place is ranked by: same text (sha256), same title, same file, same occurrence of the
    sentence; it counts only in a document sharing the sha256, title or file with the anchor.
    """
    ranked = []
    for doc in documents:
        same_doc = (doc.sha256 == anchor.doc_sha256, doc.title == anchor.doc_title, doc.seed == anchor.seed)
        if not any(same_doc):
            continue
        for index, start in _places(anchor, doc):
            ranked.append(
                (same_doc + (index == anchor.occurrence,), Location(doc.doc_id, start, start + len(anchor.number_text)))
            )
    if not ranked:
        return None
    ranked.sort(key=lambda r: r[0], reverse=True)
    if len(ranked) > 1 and ranked[0][0] == ranked[1][0]:
        return None
    return ranked[0][1]


@dataclass(frozen=True, slots=True)
class Placed:
    """A stored correction and where it is now: a quantity, a new place (an added record), or nowhere."""

    correction_id: int
    quantity_id: str | None  # the extracted record it applies to (None for an added record or an orphan)
    location: Location | None
    orphan_reason: str | None = None


def reattach(
    corrections: Iterable[tuple[int, Anchor, bool]],
    documents: Iterable[DocText],
    spans: Iterable[tuple[str, str, int, int]],
    order: Mapping[int, object] | None = None,
) -> list[Placed]:
    """Place every correction `(correction_id, anchor, added)` in the current build.

    `spans` are the extracted records `(quantity_id, doc_id, char_start, char_end)`. A correction of
    an extracted record applies to the record whose span starts at (else covers) its number; an
    added record needs only its place. When two corrections land on one record the one latest in
    `order` (correction_id -> sortable, e.g. its last change) applies and the others are
    orphaned as superseded, so nothing is applied twice or lost.
    """
    documents = list(documents)
    by_doc: dict[str, list[tuple[int, int, str]]] = {}
    for qid, doc_id, start, end in spans:
        by_doc.setdefault(doc_id, []).append((int(start), int(end), qid))
    placed: list[Placed] = []
    for correction_id, anchor, added in corrections:
        where = locate(anchor, documents)
        if where is None:
            candidates = [d for d in documents if _places(anchor, d)]
            reason = (
                AMBIGUOUS
                if candidates
                and any(
                    d.sha256 == anchor.doc_sha256 or d.title == anchor.doc_title or d.seed == anchor.seed
                    for d in candidates
                )
                else NO_SENTENCE
            )
            placed.append(Placed(correction_id, None, None, reason))
            continue
        records = by_doc.get(where.doc_id, [])
        exact = [qid for start, _, qid in records if start == where.start]
        covering = [qid for start, end, qid in records if start <= where.start < end]
        hits = exact or covering
        if len(hits) > 1 and anchor.quantity_id in hits:
            hits = [anchor.quantity_id]
        if added:
            placed.append(Placed(correction_id, None, where))
        elif len(hits) == 1:
            placed.append(Placed(correction_id, hits[0], where))
        else:
            placed.append(Placed(correction_id, None, where, AMBIGUOUS if hits else NOT_EXTRACTED))
    return _one_per_record(placed, order or {})


def _one_per_record(placed: list[Placed], order: Mapping[int, object]) -> list[Placed]:
    def key(p: Placed):
        return (
            (p.quantity_id, p.location.doc_id, p.location.start)
            if p.quantity_id is None and p.location
            else (p.quantity_id,)
        )

    winners: dict[tuple, Placed] = {}
    for p in placed:
        if p.orphan_reason is not None:
            continue
        k = key(p)
        if k not in winners or (order.get(p.correction_id, 0), p.correction_id) > (
            order.get(winners[k].correction_id, 0),
            winners[k].correction_id,
        ):
            winners[k] = p
    chosen = {id(p) for p in winners.values()}
    return [
        p if p.orphan_reason is not None or id(p) in chosen else Placed(p.correction_id, None, p.location, SUPERSEDED)
        for p in placed
    ]


def added_quantity_id(anchor: Anchor) -> str:
    """A stable id for a record a person added: from its place, so progress uploaded for it keeps
    its link after rebuilds and in a colleague's copy."""
    joined = "\x1f".join(
        [
            anchor.doc_title,
            re.sub(r"\s+", "", anchor.sentence),
            str(anchor.occurrence),
            str(anchor.number_offset),
            anchor.number_text,
        ]
    )
    return "u" + hashlib.blake2b(joined.encode("utf-8"), digest_size=8).hexdigest()


# --- the values a person types --------------------------------------------------------------------


class FieldProblem(ValueError):
    """A value that cannot be stored; the message names the field."""


def _number(name: str, value) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = float(str(value).replace(",", "").strip()) if not isinstance(value, (int, float)) else float(value)
    except ValueError:
        raise FieldProblem(f"{name}: {value!r} is not a number") from None
    if not math.isfinite(number):
        raise FieldProblem(f"{name}: {value!r} is not a finite number")
    return number


def _year(name: str, value) -> int | None:
    number = _number(name, value)
    if number is None:
        return None
    if number != int(number) or not MIN_YEAR <= number <= MAX_YEAR:
        raise FieldProblem(f"{name}: {value!r} is not a year between {MIN_YEAR} and {MAX_YEAR}")
    return int(number)


def _text(name: str, value) -> str:
    text = "" if value is None else str(value)
    if len(text) > MAX_TEXT:
        raise FieldProblem(f"{name}: longer than {MAX_TEXT} characters")
    return text


def _choice(name: str, value, allowed: tuple, optional: bool) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value == "":
        if optional:
            return None
        raise FieldProblem(f"{name}: required (one of {', '.join(allowed)})")
    if value not in allowed:
        raise FieldProblem(f"{name}: {value!r} is not one of {', '.join(allowed)}")
    return value


def _flag(name: str, value) -> bool:
    if isinstance(value, bool):
        return value
    words = {
        "1": True,
        "true": True,
        "yes": True,
        "是": True,
        "0": False,
        "false": False,
        "no": False,
        "否": False,
        "": False,
        "none": False,
    }
    key = str(value).strip().lower() if value is not None else ""
    if key not in words:
        raise FieldProblem(f"{name}: {value!r} is not yes or no")
    return words[key]


def clean_fields(fields: Mapping[str, object]) -> dict[str, object]:
    """Typed, checked values of the editable fields given (others ignored); raises FieldProblem.

    Text is kept as typed (it is escaped where shown and neutralised in exports, never interpreted).
    """
    cleaned: dict[str, object] = {}
    for name, value in fields.items():
        if name == "kind":
            cleaned[name] = _choice(name, value, KINDS, optional=False)
        elif name in ("indicator", "unit"):
            cleaned[name] = _text(name, value)
        elif name == "value":
            number = _number(name, value)
            if number is None:
                raise FieldProblem("value: required")
            cleaned[name] = number
        elif name == "value_high":
            cleaned[name] = _number(name, value)
        elif name == "comparator":
            cleaned[name] = _choice(name, value, COMPARATORS, optional=False)
        elif name == "change":
            cleaned[name] = _choice(name, value, CHANGES, optional=True)
        elif name in ("baseline_year", "target_year"):
            cleaned[name] = _year(name, value)
        elif name == "per_year":
            cleaned[name] = _flag(name, value)
    high, low = cleaned.get("value_high"), cleaned.get("value")
    if isinstance(high, float) and isinstance(low, float) and high < low:  # both from _number
        raise FieldProblem("value_high: smaller than value")
    return cleaned


def changed_fields(original: Mapping[str, object], edited: Mapping[str, object]) -> dict[str, object]:
    """The edited fields whose value differs from the extracted record's (what a correction stores)."""

    def same(a, b) -> bool:
        missing = lambda v: v is None or (isinstance(v, float) and math.isnan(v))  # noqa: E731
        if missing(a) or missing(b):
            return missing(a) and missing(b)
        if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
            return float(a) == float(b)
        return a == b

    return {k: v for k, v in edited.items() if k in EDITABLE_FIELDS and not same(original.get(k), v)}


def origin_of(added: bool, snapshot: Snapshot) -> str:
    """extracted / corrected / added, for a record that is shown (rejected ones are hidden)."""
    if added:
        return ADDED
    return CORRECTED if snapshot.fields else EXTRACTED


def is_shown(added: bool, snapshot: Snapshot) -> bool:
    """Whether the record appears in tables: rejected and withdrawn records do not."""
    if snapshot.state in (REJECTED, WITHDRAWN):
        return False
    return not added or snapshot.state == CHECKED


def undo_snapshot(current: Snapshot, before: Snapshot, after: Snapshot) -> Snapshot:
    """`current` with one change (before -> after) reversed, leaving later changes to other parts alone.

    Raises FieldProblem when a part that change made has been changed again since (undo that first).
    """
    state = current.state
    if before.state != after.state:
        if current.state != after.state:
            raise FieldProblem(f"state: changed again since (now {current.state}); undo the later change first")
        state = before.state
    fields = dict(current.fields)
    for name in set(before.fields) | set(after.fields):
        if before.fields.get(name) == after.fields.get(name):
            continue
        if fields.get(name) != after.fields.get(name):
            raise FieldProblem(f"{name}: changed again since; undo the later change first")
        if name in before.fields:
            fields[name] = before.fields[name]
        else:
            fields.pop(name, None)
    return Snapshot(state, fields)
