"""Every read the dashboard makes, as parameterised SQL over tracker.duckdb.

Pages never write SQL: they call these functions (through the cached wrappers in
pages/common/data.py). Each function takes a DuckDB connection or cursor, aggregates in SQL and
returns a small DataFrame or dict, so the dashboard stays fast when the corpus grows 100x. User
input only ever reaches SQL as bound parameters (`?`), never by string building.

Target status: every target without uploaded progress is "no_data" (etl.status.assess says so for
any target without points), so only the targets that have progress are assessed in Python
(`target_statuses`, which grows with the uploaded progress, not with the corpus). That small frame
is registered as a view on the same cursor and LEFT JOINed, and `coalesce(status, 'no_data')` gives
every other target its status in SQL. The full assessment of one target without progress (its
absolute goal, the annual change it requires) is computed when its detail page asks
(`target_assessment`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from etl.corrected_view import CorrectedDatabase
from etl.errors import EtlError
from etl.status import STATUSES, TargetSpec, assess, merge_progress
from etl.store import corrections as corrections_store
from etl.store.paths import data_dir, tracker_path
from etl.store.reading import ReadOnlyDatabase

STATUS_VIEW = "target_status"
STATUS_COLUMNS = [
    "quantity_id",
    "status",
    "target_value",
    "progress_ratio",
    "elapsed_share",
    "required_annual_change",
    "projected_value",
    "projected_gap",
    "reason",
    "basis",
    "facts",
    "base_value",
    "base_period",
    "latest_value",
    "latest_period",
]
TARGET_COLUMNS = [
    "quantity_id",
    "doc_id",
    "title",
    "issuer",
    "level",
    "indicator",
    "value",
    "value_high",
    "unit",
    "comparator",
    "change",
    "baseline_year",
    "baseline_value",
    "target_year",
    "per_year",
    "confidence",
    "sentence",
    "line",
    "status",
    "origin",
    "checked",
]


@dataclass(frozen=True, slots=True)
class TargetFilters:
    """What the Targets page filters on; empty means 'any'. Hashable, so it can key a cache."""

    documents: tuple[str, ...] = ()  # doc_id
    issuers: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    statuses: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    min_confidence: float = 0.0
    text: str = ""

    def is_empty(self) -> bool:
        return self == TargetFilters()


def connect(path: Path) -> ReadOnlyDatabase:
    """tracker.duckdb as it is on disk now, read-only (the app never writes the derived database),
    with the user's corrections applied (`apply_corrections`).

    A private ATTACH (etl.store.reading), not `duckdb.connect(path)`: that would hand back the
    instance this process already has open for the path, i.e. the file a rebuild has replaced.
    """
    return apply_corrections(path)


def apply_corrections(path: Path) -> CorrectedDatabase:
    """tracker.duckdb with the corrections stored beside it (in the same folder's progress.duckdb)
    applied: every query below then reads the corrected `quantities` (etl.corrected_view), with
    `origin`, `checked` and `correction_id` columns. When those cannot be read (a damaged
    progress.duckdb: the pages say so) the extracted records are shown as they are."""
    try:
        stored = corrections_store.read_corrections(Path(path).parent)
    except EtlError:
        stored = []
    return CorrectedDatabase(path, stored)


@contextmanager
def _cursor(con: duckdb.DuckDBPyConnection | ReadOnlyDatabase | None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A private cursor (DuckDB connections are not shared between threads); opens the default
    database when no connection is given."""
    owned = con is None
    base = connect(tracker_path(data_dir())) if con is None else con
    cur = base.cursor()
    try:
        yield cur
    finally:
        cur.close()
        if owned:
            base.close()


def _frame(cur, sql: str, params: Sequence = ()) -> pd.DataFrame:
    return cur.execute(sql, list(params)).df()


def _register_statuses(cur, statuses: pd.DataFrame | None) -> None:
    """The assessed targets as a view; a target missing from it is no_data (see the module note)."""
    if statuses is None or statuses.empty:
        frame = pd.DataFrame({"quantity_id": pd.Series([], dtype="string"), "status": pd.Series([], dtype="string")})
    else:
        frame = statuses[["quantity_id", "status"]]
    cur.register(STATUS_VIEW, frame)


# --- status ----------------------------------------------------------------------------------


def _resolved_baseline(row, points: list[tuple[date, float]]) -> float | None:
    """The baseline a relative target is measured from: the one stated with the target, else a
    progress figure uploaded for the baseline year."""
    if row.baseline_value is not None and not pd.isna(row.baseline_value):
        return float(row.baseline_value)
    if row.baseline_year is not None and not pd.isna(row.baseline_year):
        same_year = [v for d, v in points if d.year == int(row.baseline_year)]
        if same_year:
            return same_year[-1]
    return None


def _optional_int(value) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _optional_float(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def target_spec(row, points: list[tuple[date, float]]) -> TargetSpec:
    """The status interface's view of one target row (a namedtuple or a Series)."""
    return TargetSpec(
        value=float(row.value),
        value_high=_optional_float(row.value_high),
        unit=row.unit or "",
        comparator=row.comparator or "=",
        change=row.change if isinstance(row.change, str) else None,
        target_year=_optional_int(row.target_year),
        baseline_value=_resolved_baseline(row, points),
        baseline_year=_optional_int(row.baseline_year),
        per_year=bool(row.per_year),
    )


def progress_points(progress: pd.DataFrame) -> dict[str, list[tuple[date, float]]]:
    """Progress rows grouped per target, in date order."""
    if progress is None or progress.empty:
        return {}
    ordered = progress.sort_values("period_end", kind="stable")  # ties keep the period order
    points: dict[str, list[tuple[date, float]]] = {}
    for qid, when, value in zip(ordered["quantity_id"], ordered["period_end"], ordered["value"].astype(float)):
        points.setdefault(qid, []).append((when, value))  # one pass: a groupby costs ~40 µs a target
    return points


SPEC_SQL = """
    SELECT quantity_id, value, value_high, unit, comparator, change, target_year,
           baseline_value, baseline_year, per_year
    FROM quantities WHERE kind = 'target' AND quantity_id IN (SELECT unnest(?::VARCHAR[]))"""


def _assessment_row(row, points: list[tuple[date, float]], as_of: date) -> tuple:
    """One target's assessment as a row of STATUS_COLUMNS."""
    spec = target_spec(row, points)
    result = assess(spec, points, as_of)
    latest = points[-1] if points else (None, None)
    base = result.base or (None, None)
    return (
        row.quantity_id,
        result.status,
        result.target_value,
        result.progress_ratio,
        result.elapsed_share,
        result.required_annual_change,
        result.projected_value,
        result.projected_gap,
        result.reason,
        result.basis,
        result.facts,
        base[1],
        base[0],
        latest[1],
        latest[0],
    )


def _empty_statuses() -> pd.DataFrame:
    frame = pd.DataFrame({column: pd.Series([], dtype=object) for column in STATUS_COLUMNS})
    return frame.astype({"quantity_id": "string", "status": "string"})


def target_statuses(
    con, progress: pd.DataFrame | None, as_of: date, reported: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The assessment of every target that has progress figures (columns STATUS_COLUMNS, plus
    `progress_source`: upload, documents or both).

    Every other target is "no_data" whatever its numbers (etl.status.assess without points): the
    queries below give it that status in SQL, so the Python work here grows with the uploaded
    progress, not with the corpus. A relative target whose baseline comes from a progress figure
    for its base year is among the assessed ones, since it has progress. `reported` (columns
    quantity_id, period_end, value: see `document_points`) adds what later documents report; an
    uploaded figure for the same period wins (etl.status.merge_progress).
    """
    uploaded, documents = progress_points(progress), progress_points(reported)
    merged = {
        qid: merge_progress(uploaded.get(qid, []), documents.get(qid, [])) for qid in set(uploaded) | set(documents)
    }
    if not merged:
        return _empty_statuses()
    with _cursor(con) as cur:
        specs = _frame(cur, SPEC_SQL, [list(merged)])
    rows = [
        _assessment_row(row, merged[row.quantity_id][0], as_of)
        for row in specs.sort_values("quantity_id").itertuples(index=False)
    ]
    if not rows:
        return _empty_statuses()
    frame = pd.DataFrame(rows, columns=STATUS_COLUMNS)
    frame["progress_source"] = [merged[qid][1] for qid in frame["quantity_id"]]
    return frame


def target_assessment(
    con, quantity_id: str, progress: pd.DataFrame | None, as_of: date, reported: pd.DataFrame | None = None
) -> dict:
    """One target's full assessment (STATUS_COLUMNS as a dict, None for what is unknown, plus
    `progress_source`): its absolute goal and required annual change even without progress; {} for
    no such target."""
    points, source = merge_progress(
        progress_points(progress).get(quantity_id, []), progress_points(reported).get(quantity_id, [])
    )
    with _cursor(con) as cur:
        specs = _frame(cur, SPEC_SQL, [[quantity_id]])
    if specs.empty:
        return {}
    found = dict(zip(STATUS_COLUMNS, _assessment_row(next(specs.itertuples(index=False)), points, as_of)))
    found["progress_source"] = source
    return found


# --- overview --------------------------------------------------------------------------------


def overview_counts(con) -> dict[str, int]:
    """Headline numbers: documents, targets, baselines, issuers, target years."""
    with _cursor(con) as cur:
        [(docs, issuers)] = cur.execute("SELECT count(*), count(DISTINCT nullif(issuer, '')) FROM documents").fetchall()
        [(targets, baselines, years)] = cur.execute("""
            SELECT count(*) FILTER (WHERE kind = 'target'), count(*) FILTER (WHERE kind = 'baseline'),
                   count(DISTINCT target_year) FILTER (WHERE kind = 'target')
            FROM quantities""").fetchall()
    return {"documents": docs, "targets": targets, "baselines": baselines, "issuers": issuers, "target_years": years}


def status_counts(con, statuses: pd.DataFrame | None) -> pd.DataFrame:
    """Targets per status (status, targets); targets without an assessment count as no_data."""
    with _cursor(con) as cur:
        _register_statuses(cur, statuses)
        return _frame(
            cur,
            f"""
            SELECT coalesce(s.status, 'no_data') AS status, count(*) AS targets
            FROM quantities q LEFT JOIN {STATUS_VIEW} s USING (quantity_id)
            WHERE q.kind = 'target' GROUP BY ALL ORDER BY targets DESC""",
        )


def targets_by_year(con) -> pd.DataFrame:
    """Targets per target year (target_year may be null for standing limits)."""
    with _cursor(con) as cur:
        return _frame(
            cur,
            """
            SELECT target_year, count(*) AS targets FROM quantities
            WHERE kind = 'target' GROUP BY target_year ORDER BY target_year NULLS LAST""",
        )


def targets_by_document(con, limit: int = 15) -> pd.DataFrame:
    """Documents with the most targets (doc_id, title, issuer, issue_date, source_file, start_line,
    targets), largest first: one row per document, however many share a title."""
    with _cursor(con) as cur:
        return _frame(
            cur,
            """
            SELECT d.doc_id, any_value(d.title) AS title, any_value(d.issuer) AS issuer,
                   any_value(d.issue_date) AS issue_date, any_value(d.source_file) AS source_file,
                   any_value(d.start_line) AS start_line, count(*) AS targets
            FROM quantities q JOIN documents d USING (doc_id)
            WHERE q.kind = 'target' GROUP BY d.doc_id
            ORDER BY targets DESC, title, d.doc_id LIMIT ?""",
            [limit],
        )


def upcoming_deadlines(con, statuses: pd.DataFrame | None, from_year: int, limit: int = 10) -> pd.DataFrame:
    """The targets due soonest from `from_year` on, with their status."""
    with _cursor(con) as cur:
        _register_statuses(cur, statuses)
        return _frame(
            cur,
            f"""
            SELECT q.quantity_id, q.target_year, q.indicator, q.value, q.value_high, q.unit, q.comparator,
                   q.change, q.baseline_year, q.per_year, d.title, coalesce(s.status, 'no_data') AS status
            FROM quantities q JOIN documents d USING (doc_id)
            LEFT JOIN {STATUS_VIEW} s USING (quantity_id)
            WHERE q.kind = 'target' AND q.target_year >= ?
            ORDER BY q.target_year, d.title, q.line LIMIT ?""",
            [from_year, limit],
        )


# --- targets ---------------------------------------------------------------------------------

DOCUMENT_OPTIONS_LIMIT = 100
TARGET_ORDER = "d.title, q.doc_id, q.line, q.char_start, q.quantity_id"  # total: pages never overlap
# What the Targets table can be sorted by: a name from the page -> fixed SQL (never the name itself).
# Each sort ends with TARGET_ORDER, so ties keep document order and pages still never overlap.
_STATUS_RANK = (
    "CASE coalesce(s.status, 'no_data') "
    + " ".join(f"WHEN '{status}' THEN {rank}" for rank, status in enumerate(STATUSES))
    + " END"
)
TARGET_SORTS = {
    "document": "d.title",
    "indicator": "q.indicator",
    "target": "q.value",
    "year": "q.target_year",
    "status": _STATUS_RANK,
    "issuer": "d.issuer",
    "level": "d.level",
    "confidence": "q.confidence",
}


def filter_options(con) -> dict[str, list]:
    """The values the short Targets filters can take, from the data itself (documents are many:
    see `document_options`)."""
    with _cursor(con) as cur:

        def distinct(sql: str) -> list:
            return [r[0] for r in cur.execute(sql).fetchall()]

        return {
            "issuers": distinct("SELECT DISTINCT issuer FROM documents WHERE coalesce(issuer, '') <> '' ORDER BY 1"),
            "levels": distinct("SELECT DISTINCT level FROM documents WHERE coalesce(level, '') <> '' ORDER BY 1"),
            "years": distinct(
                "SELECT DISTINCT target_year FROM quantities WHERE kind = 'target' "
                "AND target_year IS NOT NULL ORDER BY 1"
            ),
            "units": distinct(
                "SELECT DISTINCT unit FROM quantities WHERE kind = 'target' AND coalesce(unit, '') <> '' ORDER BY 1"
            ),
        }


@dataclass(frozen=True, slots=True)
class DocumentOptions:
    """What the document filter offers: (doc_id, label) pairs, the chosen documents first; `listed`
    of them are not chosen but match, and `unlisted` more match but were left out (the limit)."""

    choices: tuple[tuple[str, str], ...]
    listed: int
    unlisted: int


def document_options(
    con,
    filters: TargetFilters,
    statuses: pd.DataFrame | None = None,
    title: str = "",
    limit: int = DOCUMENT_OPTIONS_LIMIT,
) -> DocumentOptions:
    """The documents with targets matching the other filters and whose title contains `title`:
    the first `limit` by title, plus the documents already chosen (so a choice is never dropped).

    A title shared by several documents (a corpus replicated, or many "通知" with one title) gets
    its source file and line, so every label is distinct (the widget maps labels back to ids).
    """
    where, params = _where(replace(filters, documents=()))
    with _cursor(con) as cur:
        _register_statuses(cur, statuses)
        rows = cur.execute(
            f"""
            WITH matching AS MATERIALIZED (
                SELECT DISTINCT q.doc_id FROM quantities q JOIN documents d USING (doc_id)
                LEFT JOIN {STATUS_VIEW} s USING (quantity_id)
                WHERE {where} AND contains(lower(d.title), lower(?))),
            chosen AS (SELECT DISTINCT unnest(?::VARCHAR[]) AS doc_id),
            picked AS (
                SELECT d.doc_id, d.title, d.source_file, d.start_line, true AS chosen
                FROM documents d SEMI JOIN chosen USING (doc_id)
                UNION ALL (
                    SELECT d.doc_id, d.title, d.source_file, d.start_line, false
                    FROM documents d SEMI JOIN matching USING (doc_id) ANTI JOIN chosen USING (doc_id)
                    ORDER BY d.title, d.doc_id LIMIT ?))
            SELECT p.doc_id,
                   CASE WHEN EXISTS (SELECT 1 FROM documents o WHERE o.title = p.title AND o.doc_id <> p.doc_id)
                        THEN p.title || ' (' || p.source_file || ':' || p.start_line || ')'
                        ELSE p.title END AS label,
                   p.chosen, (SELECT count(*) FROM matching ANTI JOIN chosen USING (doc_id)) AS others
            FROM picked p ORDER BY p.chosen DESC, p.title, p.doc_id""",
            params + [title.strip(), list(filters.documents), max(0, int(limit))],
        ).fetchall()
    listed = sum(1 for r in rows if not r[2])
    others = int(rows[0][3]) if rows else 0
    return DocumentOptions(tuple((r[0], r[1]) for r in rows), listed, others - listed)


def _where(filters: TargetFilters) -> tuple[str, list]:
    """The WHERE clause for a filter set: fixed SQL text, user values only as parameters."""
    clauses: list[str] = ["q.kind = 'target'"]
    params: list = []
    for column, values in (
        ("q.doc_id", filters.documents),
        ("d.issuer", filters.issuers),
        ("d.level", filters.levels),
        ("q.target_year", filters.years),
        ("q.unit", filters.units),
        ("coalesce(s.status, 'no_data')", filters.statuses),
    ):
        if values:
            clauses.append(f"{column} IN ({', '.join('?' for _ in values)})")
            params.extend(values)
    if filters.min_confidence > 0:
        clauses.append("q.confidence >= ?")
        params.append(filters.min_confidence)
    if filters.text.strip():
        clauses.append(
            "(contains(lower(q.sentence), lower(?)) OR contains(lower(coalesce(q.indicator, '')), lower(?)))"
        )
        params.extend([filters.text.strip()] * 2)
    return " AND ".join(clauses), params


def targets_count(filters: TargetFilters | None = None, con=None, statuses: pd.DataFrame | None = None) -> int:
    """How many targets the filters match (the Targets page's total, for its pager)."""
    where, params = _where(filters or TargetFilters())
    with _cursor(con) as cur:
        _register_statuses(cur, statuses)
        return int(
            cur.execute(
                f"""
            SELECT count(*) FROM quantities q JOIN documents d USING (doc_id)
            LEFT JOIN {STATUS_VIEW} s USING (quantity_id)
            WHERE {where}""",
                params,
            ).fetchall()[0][0]
        )


def _target_order(sort: str, descending: bool) -> str:
    """ORDER BY text for a sort name of TARGET_SORTS ("" for document order); ValueError otherwise."""
    if not sort:
        return TARGET_ORDER
    if sort not in TARGET_SORTS:
        raise ValueError(f"cannot sort targets by {sort!r}; one of {', '.join(TARGET_SORTS)}")
    return f"{TARGET_SORTS[sort]} {'DESC' if descending else 'ASC'} NULLS LAST, {TARGET_ORDER}"


def targets_frame(
    filters: TargetFilters | None = None,
    con=None,
    statuses: pd.DataFrame | None = None,
    limit: int | None = None,
    offset: int = 0,
    sort: str = "",
    descending: bool = False,
) -> pd.DataFrame:
    """The filtered targets (columns TARGET_COLUMNS), in document order or sorted by `sort` (a name of
    TARGET_SORTS) over the whole filtered list; with `limit`, one page of them (rows offset+1 ..
    offset+limit of that order).

    Also the source of the CSV export and the progress-CSV template (every filtered row, no limit).
    Without `con` it opens the database in data_dir(); without `statuses` every status is no_data.
    """
    where, params = _where(filters or TargetFilters())
    order = _target_order(sort, descending)
    page = ""
    if limit is not None:
        page, params = "LIMIT ? OFFSET ?", params + [max(0, int(limit)), max(0, int(offset))]
    with _cursor(con) as cur:
        _register_statuses(cur, statuses)
        return _frame(
            cur,
            f"""
            SELECT q.quantity_id, q.doc_id, d.title, d.issuer, d.level, q.indicator, q.value, q.value_high,
                   q.unit, q.comparator, q.change, q.baseline_year, q.baseline_value, q.target_year,
                   q.per_year, q.confidence, q.sentence, q.line, coalesce(s.status, 'no_data') AS status,
                   q.origin, q.checked
            FROM quantities q JOIN documents d USING (doc_id)
            LEFT JOIN {STATUS_VIEW} s USING (quantity_id)
            WHERE {where}
            ORDER BY {order} {page}""",
            params,
        )


# --- one target ------------------------------------------------------------------------------

CONTEXT_CHARS = 160


def target_detail(con, quantity_id: str) -> dict | None:
    """One target with its document and the text around its number (before / number / after)."""
    with _cursor(con) as cur:
        frame = _frame(
            cur,
            """
            SELECT q.*, d.title, d.issuer, d.doc_number, d.issue_date, d.level,
                   substr(d.text, greatest(q.char_start - ?, 0) + 1, q.char_start - greatest(q.char_start - ?, 0))
                       AS context_before,
                   substr(d.text, q.char_start + 1, q.char_end - q.char_start) AS number_text,
                   substr(d.text, q.char_end + 1, ?) AS context_after
            FROM quantities q JOIN documents d USING (doc_id)
            WHERE q.quantity_id = ?""",
            [CONTEXT_CHARS, CONTEXT_CHARS, CONTEXT_CHARS, quantity_id],
        )
    if frame.empty:
        return None
    row = frame.iloc[0].to_dict()
    return {
        k: (None if not isinstance(v, str) and pd.api.types.is_scalar(v) and pd.isna(v) else v) for k, v in row.items()
    }


# --- documents -------------------------------------------------------------------------------

DOCUMENT_ORDER = "d.source_file, d.start_line, d.doc_id"


def documents_count(con, title: str = "") -> int:
    """How many documents have `title` in their title (all of them for "")."""
    with _cursor(con) as cur:
        return int(
            cur.execute(
                "SELECT count(*) FROM documents d WHERE contains(lower(d.title), lower(?))", [title.strip()]
            ).fetchall()[0][0]
        )


def documents_frame(con, title: str = "", limit: int | None = None, offset: int = 0) -> pd.DataFrame:
    """The documents whose title contains `title`, in corpus order, with their counts of targets and
    baselines; with `limit`, one page of them (rows offset+1 .. offset+limit). `label` is the title,
    with the source file and line where another document has the same title."""
    params: list = [title.strip()]
    page = ""
    if limit is not None:
        page, params = "LIMIT ? OFFSET ?", params + [max(0, int(limit)), max(0, int(offset))]
    with _cursor(con) as cur:
        return _frame(
            cur,
            f"""
            WITH listed AS (
                SELECT d.doc_id, d.title, d.issuer, d.doc_number, d.issue_date, d.level, d.source_file, d.start_line
                FROM documents d WHERE contains(lower(d.title), lower(?))
                ORDER BY {DOCUMENT_ORDER} {page})
            SELECT l.doc_id, l.title,
                   CASE WHEN EXISTS (SELECT 1 FROM documents o WHERE o.title = l.title AND o.doc_id <> l.doc_id)
                        THEN l.title || ' (' || l.source_file || ':' || l.start_line || ')'
                        ELSE l.title END AS label,
                   l.issuer, l.doc_number, l.issue_date, l.level, l.source_file,
                   coalesce(c.targets, 0) AS targets, coalesce(c.baselines, 0) AS baselines
            FROM listed l LEFT JOIN (
                SELECT doc_id, count(*) FILTER (WHERE kind = 'target') AS targets,
                       count(*) FILTER (WHERE kind = 'baseline') AS baselines
                FROM quantities SEMI JOIN listed USING (doc_id) GROUP BY doc_id) c USING (doc_id)
            ORDER BY l.source_file, l.start_line, l.doc_id""",
            params,
        )


def document_label(con, doc_id: str) -> str | None:
    """One document's label as `documents_frame` gives it (None if there is no such document)."""
    with _cursor(con) as cur:
        row = cur.execute(
            """
            SELECT CASE WHEN EXISTS (SELECT 1 FROM documents o WHERE o.title = d.title AND o.doc_id <> d.doc_id)
                        THEN d.title || ' (' || d.source_file || ':' || d.start_line || ')'
                        ELSE d.title END
            FROM documents d WHERE d.doc_id = ?""",
            [doc_id],
        ).fetchone()
    return None if row is None else row[0]


def document_text(con, doc_id: str) -> tuple[dict | None, pd.DataFrame]:
    """One document (with its text) and the character spans of its quantities, in text order."""
    with _cursor(con) as cur:
        doc = _frame(cur, "SELECT * FROM documents WHERE doc_id = ?", [doc_id])
        spans = _frame(
            cur,
            """
            SELECT quantity_id, kind, indicator, value, unit, char_start, char_end FROM quantities
            WHERE doc_id = ? ORDER BY char_start, char_end DESC""",
            [doc_id],
        )
    return (doc.iloc[0].to_dict() if not doc.empty else None), spans


# --- progress reported in documents: links (issue 13) -------------------------------------------
# The build links each target to observations in other documents and to its restatements
# (tracker.duckdb `links`, etl.links). People's decisions (etl.store.decisions) apply on top: a
# rejected link is left out, a manual one added, a confirmed one marked. `decided` maps
# (target_id, other_id) to "confirm" | "reject" | "link" (with its type) for the current build.
OBSERVATION_TYPES = ("progress", "interim")
OBSERVATION_FIELDS = """
    o.quantity_id AS observation_id, o.value, o.unit, o.target_year AS year, o.indicator, o.sentence, o.line,
    o.doc_id, d.title, d.issuer, d.level, d.source_file"""


def _decided_frame(decided: dict | None) -> pd.DataFrame:
    """The decisions as a table; a restatement decision holds both ways (its pair is unordered)."""
    rows = [(t, o, kind, link_type) for (t, o), (kind, link_type) in (decided or {}).items()]
    rows += [
        (o, t, kind, link_type)
        for (t, o), (kind, link_type) in (decided or {}).items()
        if link_type == "restatement" and (o, t) not in (decided or {})
    ]
    return pd.DataFrame(rows, columns=["target_id", "observation_id", "decision", "link_type"]).astype("string")


def linked_observations(con, quantity_id: str, decided: dict | None = None) -> pd.DataFrame:
    """What other documents report for one target: derived links and manual ones, with the
    observation's value, year, sentence and document; `decision` is confirm, reject, link or null.
    Rejected links are included (the page shows them apart); use `reported_points` for the chart."""
    with _cursor(con) as cur:
        cur.register("decided_links", _decided_frame(decided))
        return _frame(
            cur,
            f"""
            WITH chosen AS (
                SELECT target_id, observation_id, type, score FROM links
                WHERE target_id = ? AND type IN ('progress', 'interim')
                UNION ALL
                SELECT target_id, observation_id, link_type, NULL FROM decided_links
                WHERE target_id = ? AND decision = 'link' AND link_type IN ('progress', 'interim')
                  AND (target_id, observation_id) NOT IN (SELECT (target_id, observation_id) FROM links))
            SELECT c.type, c.score, k.decision, {OBSERVATION_FIELDS}
            FROM chosen c JOIN quantities o ON o.quantity_id = c.observation_id JOIN documents d ON d.doc_id = o.doc_id
            LEFT JOIN decided_links k ON k.target_id = c.target_id AND k.observation_id = c.observation_id
            ORDER BY o.target_year, d.title, o.line""",
            [quantity_id, quantity_id],
        )


def reported_points(observations: pd.DataFrame) -> pd.DataFrame:
    """The chart's and the status's points from `linked_observations`: not rejected, with a year."""
    kept = observations[(observations["decision"].fillna("") != "reject") & observations["year"].notna()]
    return pd.DataFrame(
        {
            "quantity_id": kept["observation_id"],
            "period_end": [date(int(y), 12, 31) for y in kept["year"]],
            "value": kept["value"].astype(float),
            "title": kept["title"],
            "sentence": kept["sentence"],
            "doc_id": kept["doc_id"],
            "type": kept["type"],
        }
    )


def document_points(con, decided: dict | None = None) -> pd.DataFrame:
    """Every target's points from documents (quantity_id = the TARGET, period_end, value), for the
    statuses: links of type progress/interim not rejected, plus manual links."""
    with _cursor(con) as cur:
        cur.register("decided_links", _decided_frame(decided))
        frame = _frame(
            cur,
            """
            WITH chosen AS (
                SELECT target_id, observation_id FROM links WHERE type IN ('progress', 'interim')
                  AND (target_id, observation_id) NOT IN (
                      SELECT (target_id, observation_id) FROM decided_links WHERE decision = 'reject')
                UNION
                SELECT target_id, observation_id FROM decided_links
                WHERE decision = 'link' AND link_type IN ('progress', 'interim'))
            SELECT c.target_id AS quantity_id, make_date(o.target_year, 12, 31) AS period_end, o.value
            FROM chosen c JOIN quantities o ON o.quantity_id = c.observation_id
            WHERE o.target_year IS NOT NULL
            ORDER BY quantity_id, period_end""",
        )
    frame["period_end"] = [value.date() if hasattr(value, "date") else value for value in frame["period_end"]]
    return frame


def restatements(con, quantity_id: str, decided: dict | None = None) -> pd.DataFrame:
    """The same target stated in other documents, with each statement's value and geography, so a
    province's own figure stands beside the national one. Links point at a target's first
    statement, so the statements sharing it are included too. Rejected pairs are left out."""
    with _cursor(con) as cur:
        cur.register("decided_links", _decided_frame(decided))
        return _frame(
            cur,
            """
            WITH r AS (
                SELECT target_id, observation_id FROM links WHERE type = 'restatement'
                  AND (target_id, observation_id) NOT IN (
                      SELECT (target_id, observation_id) FROM decided_links WHERE decision = 'reject')
                UNION
                SELECT target_id, observation_id FROM decided_links WHERE decision = 'link' AND link_type = 'restatement'),
            firsts AS (SELECT target_id AS first FROM r WHERE observation_id = ? UNION SELECT ?),
            family AS (
                SELECT first AS quantity_id FROM firsts
                UNION SELECT r.observation_id FROM r JOIN firsts ON r.target_id = firsts.first)
            SELECT q.quantity_id, q.value, q.value_high, q.unit, q.comparator, q.change, q.target_year, q.indicator,
                   q.sentence, q.line, q.doc_id, d.title, d.issuer, d.level, d.issue_date, k.decision
            FROM family f JOIN quantities q USING (quantity_id) JOIN documents d USING (doc_id)
            LEFT JOIN decided_links k ON (k.target_id = ? AND k.observation_id = q.quantity_id)
                                      OR (k.observation_id = ? AND k.target_id = q.quantity_id)
            WHERE q.quantity_id <> ?
            ORDER BY d.issue_date NULLS LAST, d.title, q.line""",
            [quantity_id] * 5,
        )


def observation_candidates(con, quantity_id: str, limit: int = 200) -> pd.DataFrame:
    """Observations a person may link to a target by hand: baselines with a year, in other
    documents, in the target's unit; those already linked are left out."""
    with _cursor(con) as cur:
        return _frame(
            cur,
            f"""
            SELECT {OBSERVATION_FIELDS}
            FROM quantities t JOIN quantities o ON o.kind = 'baseline' AND o.target_year IS NOT NULL
                 AND o.doc_id <> t.doc_id AND coalesce(o.unit, '') = coalesce(t.unit, '')
            JOIN documents d ON d.doc_id = o.doc_id
            WHERE t.quantity_id = ?
              AND o.quantity_id NOT IN (SELECT observation_id FROM links WHERE target_id = ?)
            ORDER BY o.target_year DESC, d.title, o.line LIMIT ?""",
            [quantity_id, quantity_id, limit],
        )


def progress_source_counts(target_total: int, statuses: pd.DataFrame | None) -> pd.DataFrame:
    """Targets by where their progress comes from: documents, uploads (or both), none."""
    sources = (
        statuses["progress_source"]
        if statuses is not None and "progress_source" in statuses
        else pd.Series([], dtype=object)
    )
    documents = int((sources == "documents").sum())
    uploads = int(sources.isin(["upload", "both"]).sum())
    return pd.DataFrame(
        {
            "source": ["documents", "upload", "none"],
            "targets": [documents, uploads, max(0, int(target_total) - documents - uploads)],
        }
    )


# --- review (corrections) ----------------------------------------------------------------------


def review_counts(con) -> dict[str, int]:
    """How many targets a person has checked (confirmed, edited or added), of how many."""
    with _cursor(con) as cur:
        [(checked, targets)] = cur.execute(
            "SELECT count(*) FILTER (WHERE checked), count(*) FROM quantities WHERE kind = 'target'"
        ).fetchall()
    return {"checked": int(checked), "targets": int(targets)}


def review_queue(
    filters: TargetFilters | None = None, con=None, statuses: pd.DataFrame | None = None, limit: int = 50
) -> pd.DataFrame:
    """Unchecked targets matching the filters, lowest confidence first (columns TARGET_COLUMNS, then
    correction_id and number_text, the number as written)."""
    where, params = _where(filters or TargetFilters())
    with _cursor(con) as cur:
        _register_statuses(cur, statuses)
        return _frame(
            cur,
            f"""
            SELECT q.quantity_id, q.doc_id, d.title, d.issuer, d.level, q.indicator, q.value, q.value_high,
                   q.unit, q.comparator, q.change, q.baseline_year, q.baseline_value, q.target_year,
                   q.per_year, q.confidence, q.sentence, q.line, coalesce(s.status, 'no_data') AS status,
                   q.origin, q.checked, q.correction_id,
                   substr(d.text, q.char_start + 1, q.char_end - q.char_start) AS number_text
            FROM quantities q JOIN documents d USING (doc_id)
            LEFT JOIN {STATUS_VIEW} s USING (quantity_id)
            WHERE {where} AND NOT q.checked
            ORDER BY q.confidence, {TARGET_ORDER} LIMIT ?""",
            params + [max(0, int(limit))],
        )
