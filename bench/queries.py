"""The dashboard's page loads, timed on a built database (median and p95, cold: no st.cache_data).

Each page load calls what pages/common/data.py calls for that page, through etl.queries, on one
read-only connection (the app's `st.cache_resource` connection). Target statuses are computed once
per data version in the app (cached), so they are timed as their own row and passed to the pages.
Filters and ids are drawn from the data, so the same code works on any corpus.
"""
from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from etl import queries
from etl.queries import TargetFilters

SEARCH_WORDS = ("能源", "覆盖率", "增长")  # common indicator words of plan targets


@dataclass(frozen=True, slots=True)
class QueryTiming:
    name: str
    median_ms: float
    p95_ms: float
    rows: int | None  # targets listed (Targets views), to show what was asked


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: with 30 runs, p95 is the second slowest."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def time_calls(name: str, calls: list[Callable[[], object]]) -> QueryTiming:
    """Run each call once (they differ only in their argument) and summarise the times."""
    calls[0]()  # warm-up: DuckDB reads the columns it needs from disk once
    times, rows = [], None
    for call in calls:
        started = time.perf_counter()
        answer = call()
        times.append((time.perf_counter() - started) * 1000)
        if isinstance(answer, dict) and "rows" in answer:
            rows = max(rows or 0, len(answer["rows"]))
    return QueryTiming(name, statistics.median(times), percentile(times, 0.95), rows)


def _choices(con) -> tuple[int | None, str | None, list[str]]:
    """The most common target year and unit, and target ids spread over the table."""
    [(year,)] = con.execute("SELECT mode(target_year) FROM quantities WHERE kind = 'target'").fetchall()
    [(unit,)] = con.execute("SELECT mode(unit) FROM quantities WHERE kind = 'target'").fetchall()
    ids = [r[0] for r in con.execute(
        "SELECT quantity_id FROM quantities WHERE kind = 'target' USING SAMPLE reservoir(100 ROWS) REPEATABLE (6)"
    ).fetchall()]
    return year, unit, ids


def page_loads(database: Path, repeats: int = 30) -> list[QueryTiming]:
    """Time the Overview, a filtered Targets view, a text search and a target detail.

    Also the statuses (cached per data version in the app) and the unfiltered Targets view (the
    page's default, which lists every target), each as its own row.
    """
    con = queries.connect(database)
    try:
        today = date.today()
        statuses = queries.target_statuses(con, None, today)
        year, unit, ids = _choices(con)
        ids = (ids or [""]) * (repeats // max(len(ids), 1) + 1)
        filters = TargetFilters(years=(year,) if year else (), units=(unit,) if unit else ())

        def overview():
            return {"counts": queries.overview_counts(con), "status": queries.status_counts(con, statuses),
                    "years": queries.targets_by_year(con), "documents": queries.targets_by_document(con),
                    "deadlines": queries.upcoming_deadlines(con, statuses, today.year)}

        def targets_view(chosen: TargetFilters):
            return {"options": queries.filter_options(con), "count": queries.overview_counts(con),
                    "rows": queries.targets_frame(chosen, con, statuses)}

        def detail(quantity_id: str):
            answer = queries.target_detail(con, quantity_id)
            return [answer, statuses[statuses["quantity_id"] == quantity_id]]

        status_repeats = max(3, repeats // 6)
        return [
            time_calls("statuses (once per data version)",
                       [lambda: queries.target_statuses(con, None, today)] * status_repeats),
            time_calls("overview", [overview] * repeats),
            time_calls(f"targets: year={year}, unit={unit}", [lambda: targets_view(filters)] * repeats),
            time_calls("targets: text search", [
                (lambda word=SEARCH_WORDS[i % len(SEARCH_WORDS)]: targets_view(TargetFilters(text=word)))
                for i in range(repeats)]),
            time_calls("target detail", [(lambda q=q: detail(q)) for q in ids[:repeats]]),
            time_calls("targets: no filter (every target)", [lambda: targets_view(TargetFilters())] * repeats),
        ]
    finally:
        con.close()
