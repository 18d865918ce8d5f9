"""tracker.duckdb with the analysts' corrections applied: what every reader sees.

`CorrectedDatabase` ATTACHes tracker.duckdb read-only to a private in-memory DuckDB (as
etl.store.reading.ReadOnlyDatabase does) and makes, in that memory database, a `quantities` table
holding the extracted records with the stored corrections placed (etl.corrections.reattach) and
applied, plus a view of every other tracker table. Its cursors start in the memory database, so
the unchanged SQL of etl.queries and etl.export reads corrected records:
- edited fields replace the extracted ones; rejected records are left out; added records are in;
- three more columns: `origin` (extracted / corrected / added), `checked` (a person confirmed,
  edited or added it), `correction_id` (NULL when nobody touched it).
Corrections that find no place are not applied and are listed in `orphans`, with the reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from etl.corrections import (
    CHECKED,
    EDITABLE_FIELDS,
    REJECTED,
    WITHDRAWN,
    DocText,
    Placed,
    added_quantity_id,
    is_shown,
    origin_of,
    reattach,
)
from etl.store.corrections import StoredCorrection
from etl.store.reading import ReadOnlyDatabase

MEMORY = "memory"  # the name DuckDB gives the in-memory database of duckdb.connect(":memory:")
EXTRA_COLUMNS = ["origin", "checked", "correction_id"]
_FIELD_TYPES = {
    "kind": pa.string(),
    "indicator": pa.string(),
    "value": pa.float64(),
    "value_high": pa.float64(),
    "unit": pa.string(),
    "comparator": pa.string(),
    "change": pa.string(),
    "baseline_year": pa.int32(),
    "target_year": pa.int32(),
    "per_year": pa.bool_(),
}
ADDED_DEFAULTS = {
    "kind": "target",
    "indicator": "",
    "value_high": None,
    "unit": "",
    "comparator": "=",
    "change": None,
    "baseline_year": None,
    "target_year": None,
    "per_year": False,
}
ADDED_CONFIDENCE = 1.0  # a person stated it


@dataclass(frozen=True, slots=True)
class Orphan:
    correction: StoredCorrection
    reason: str  # etl.corrections: sentence_not_found / ambiguous / not_extracted / superseded


def _overlay_schema() -> pa.Schema:
    fields = [
        ("quantity_id", pa.string()),
        ("hidden", pa.bool_()),
        ("checked", pa.bool_()),
        ("origin", pa.string()),
        ("correction_id", pa.int32()),
    ]
    for name in EDITABLE_FIELDS:
        fields += [(f"set_{name}", pa.bool_()), (name, _FIELD_TYPES[name])]
    return pa.schema(fields)


def _added_schema() -> pa.Schema:
    return pa.schema(
        [
            ("quantity_id", pa.string()),
            ("doc_id", pa.string()),
            ("source_file", pa.string()),
            *[(n, _FIELD_TYPES[n]) for n in EDITABLE_FIELDS],
            ("baseline_value", pa.float64()),
            ("sentence", pa.string()),
            ("line", pa.int32()),
            ("char_start", pa.int32()),
            ("char_end", pa.int32()),
            ("confidence", pa.float64()),
            ("origin", pa.string()),
            ("checked", pa.bool_()),
            ("correction_id", pa.int32()),
        ]
    )


class CorrectedDatabase(ReadOnlyDatabase):
    """tracker.duckdb, read-only, with `corrections` applied (see the module note)."""

    def __init__(self, path: Path | str, corrections: Sequence[StoredCorrection] = ()):
        super().__init__(path, "tracker")
        self.corrections = list(corrections)
        self.orphans: list[Orphan] = []
        self.placed: dict[int, Placed] = {}
        try:
            self._apply()
        except BaseException:
            self.close()
            raise

    def cursor(self):
        cur = self._con.cursor()
        cur.execute(f"USE {MEMORY}")
        return cur

    def execute(self, sql: str, params: list | None = None):
        return self.cursor().execute(sql, params or [])

    def _documents(self) -> list[DocText]:
        """The documents a correction may be placed in: etl.corrections.locate accepts only a document
        sharing the title, the file or the text's sha256 with the anchor. Looked up by title and file
        first (an index-like equi-join); only for anchors not found that way are all texts searched
        for the sentence (the sha256 is then checked by `locate`)."""
        if not self.corrections:
            return []
        anchors = [c.anchor for c in self.corrections]
        rows = self._con.execute(
            """
            WITH wanted AS (SELECT unnest(?::VARCHAR[]) AS title, unnest(?::VARCHAR[]) AS seed,
                                   unnest(?::VARCHAR[]) AS sentence),
            pairs AS (SELECT d.doc_id, w.sentence FROM tracker.main.documents d JOIN wanted w ON d.title = w.title
                      UNION SELECT d.doc_id, w.sentence FROM tracker.main.documents d JOIN wanted w ON d.source_file = w.seed)
            SELECT doc_id, source_file, title, text, start_line FROM tracker.main.documents d
            WHERE doc_id IN (SELECT p.doc_id FROM pairs p JOIN tracker.main.documents t USING (doc_id)
                             WHERE contains(t.text, p.sentence))""",
            [[a.doc_title for a in anchors], [a.seed for a in anchors], [a.sentence for a in anchors]],
        ).fetchall()
        found = {r[0] for r in rows}
        missing = sorted({a.sentence for a in anchors if not any(a.sentence in r[3] for r in rows)})
        if missing:
            rows += self._con.execute(
                """
                SELECT doc_id, source_file, title, text, start_line FROM tracker.main.documents d
                WHERE NOT list_contains(?::VARCHAR[], doc_id)
                  AND EXISTS (SELECT 1 FROM (SELECT unnest(?::VARCHAR[]) AS s) WHERE contains(d.text, s))""",
                [sorted(found), missing],
            ).fetchall()
        self._start_lines = {r[0]: r[4] or 1 for r in rows}
        return [DocText(doc_id, seed, title or "", text or "") for doc_id, seed, title, text, _ in rows]

    def _apply(self) -> None:
        docs = self._documents()
        by_id = {d.doc_id: d for d in docs}
        spans = self._con.execute(
            """SELECT quantity_id, doc_id, char_start, char_end FROM tracker.main.quantities
                                     WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))""",
            [list(by_id)],
        ).fetchall()
        stored = {c.correction_id: c for c in self.corrections}
        placed = reattach(
            [(c.correction_id, c.anchor, c.added) for c in self.corrections],
            docs,
            spans,
            order={c.correction_id: c.updated_at for c in self.corrections},
        )
        overlay, added = [], []
        for place in placed:
            correction = stored[place.correction_id]
            if place.orphan_reason is not None:
                if correction.snapshot.state != WITHDRAWN:  # a withdrawn addition has no effect to lose
                    self.orphans.append(Orphan(correction, place.orphan_reason))
                continue
            self.placed[place.correction_id] = place
            snapshot = correction.snapshot
            if correction.added:
                if is_shown(True, snapshot):
                    assert place.location is not None  # placed, not an orphan
                    doc = by_id[place.location.doc_id]
                    added.append(self._added_row(correction, place, doc, self._start_lines[doc.doc_id]))
                continue
            row: dict[str, object] = {
                "quantity_id": place.quantity_id,
                "hidden": snapshot.state == REJECTED,
                "checked": snapshot.state == CHECKED,
                "origin": origin_of(False, snapshot),
                "correction_id": correction.correction_id,
            }
            for name in EDITABLE_FIELDS:
                row[f"set_{name}"] = name in snapshot.fields
                row[name] = snapshot.fields.get(name)
            overlay.append(row)
        self._con.register("correction_overlay", pa.Table.from_pylist(overlay, schema=_overlay_schema()))
        self._con.register("added_quantities", pa.Table.from_pylist(added, schema=_added_schema()))
        columns = [
            r[0]
            for r in self._con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_catalog = 'tracker' "
                "AND table_name = 'quantities' ORDER BY ordinal_position"
            ).fetchall()
        ]
        chosen = ", ".join(
            f"CASE WHEN o.set_{c} THEN o.{c} ELSE q.{c} END AS {c}" if c in EDITABLE_FIELDS else f"q.{c}"
            for c in columns
        )
        self._con.execute(f"""
            CREATE TABLE {MEMORY}.main.quantities AS
            SELECT {chosen}, coalesce(o.origin, 'extracted') AS origin, coalesce(o.checked, false) AS checked,
                   o.correction_id
            FROM tracker.main.quantities q LEFT JOIN correction_overlay o USING (quantity_id)
            WHERE NOT coalesce(o.hidden, false)
            UNION ALL BY NAME
            SELECT * FROM added_quantities""")
        self._con.unregister("correction_overlay")
        self._con.unregister("added_quantities")
        for (table,) in self._con.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_catalog = 'tracker' AND table_name <> 'quantities'"
        ).fetchall():
            self._con.execute(f'CREATE VIEW {MEMORY}.main."{table}" AS SELECT * FROM tracker.main."{table}"')

    @staticmethod
    def _added_row(correction: StoredCorrection, place: Placed, doc: DocText, start_line: int) -> dict:
        fields = ADDED_DEFAULTS | dict(correction.snapshot.fields)
        assert place.location is not None  # placed, not an orphan
        start, end = place.location.start, place.location.end
        # The document's line map is not stored: count its lines (exact unless the source wrapped lines).
        line = int(start_line) + doc.text.count("\n", 0, start)
        return {
            "quantity_id": added_quantity_id(correction.anchor),
            "doc_id": doc.doc_id,
            "source_file": doc.seed,
            **{n: fields.get(n) for n in EDITABLE_FIELDS},
            "baseline_value": None,
            "sentence": correction.anchor.sentence,
            "line": line,
            "char_start": start,
            "char_end": end,
            "confidence": ADDED_CONFIDENCE,
            "origin": "added",
            "checked": True,
            "correction_id": correction.correction_id,
        }
