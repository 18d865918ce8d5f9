"""The dashboard's page loads, timed on a built database (median and p95, cold: no st.cache_data).

Each page load calls what pages/common/data.py calls for that page, through etl.queries, on one
read-only connection (the app's `st.cache_resource` connection). Target statuses are computed once
per data version in the app (cached), so they are timed as their own row and passed to the pages;
they are assessed in Python only for targets with progress, so the benchmark uploads (in memory)
progress for PROGRESS_TARGETS targets, three yearly figures each. The Targets page shows one page
of TARGETS_PER_PAGE rows; its downloads (every filtered row) are made on click, timed as their own
row. Filters and ids are drawn from the data, so the same code works on any corpus.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from etl import queries
from etl.queries import TargetFilters

SEARCH_WORDS = ("能源", "覆盖率", "增长")  # common indicator words of plan targets
PROGRESS_TARGETS = 300  # targets with uploaded progress: a team's worth of tracked indicators
TARGETS_PER_PAGE = 200  # pages.common.data.TARGETS_PER_PAGE (not imported: that module needs Streamlit)


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
    ids = [
        r[0]
        for r in con.execute(
            "SELECT quantity_id FROM quantities WHERE kind = 'target' USING SAMPLE reservoir(100 ROWS) REPEATABLE (6)"
        ).fetchall()
    ]
    return year, unit, ids


def synthetic_progress(con, targets: int = PROGRESS_TARGETS) -> pd.DataFrame:
    """Progress as etl.store.progress.read_progress returns it: 2021-2023 figures for `targets`
    targets spread over the table, moving towards each target's value."""
    rows = con.execute(
        """
        SELECT quantity_id, value FROM quantities WHERE kind = 'target'
        ORDER BY hash(quantity_id), quantity_id LIMIT ?""",
        [targets],
    ).fetchall()
    figures = [
        (qid, str(year), date(year, 12, 31), float(value) * share, "", 1)
        for qid, value in rows
        for year, share in ((2021, 0.5), (2022, 0.65), (2023, 0.8))
    ]
    frame = pd.DataFrame(figures, columns=["quantity_id", "period", "period_end", "value", "note", "upload_id"])
    return frame.sort_values(["quantity_id", "period_end"], ignore_index=True)


def page_loads(database: Path, repeats: int = 30) -> list[QueryTiming]:
    """Time the Overview, a filtered Targets view, a text search and a target detail.

    Also the statuses (cached per data version in the app), the unfiltered Targets view (the
    page's default: the first page of every target) and a download of every target (on click),
    each as its own row.
    """
    con = queries.connect(database)
    try:
        today = date.today()
        progress = synthetic_progress(con)
        progress_by_target = dict(iter(progress.groupby("quantity_id")))
        no_progress = progress.iloc[:0]
        statuses = queries.target_statuses(con, progress, today)
        year, unit, ids = _choices(con)
        ids = (ids or [""]) * (repeats // max(len(ids), 1) + 1)
        filters = TargetFilters(years=(year,) if year else (), units=(unit,) if unit else ())

        def overview():
            return {
                "counts": queries.overview_counts(con),
                "status": queries.status_counts(con, statuses),
                "years": queries.targets_by_year(con),
                "documents": queries.targets_by_document(con),
                "deadlines": queries.upcoming_deadlines(con, statuses, today.year),
            }

        def targets_view(chosen: TargetFilters):
            return {
                "options": queries.filter_options(con),
                "documents": queries.document_options(con, chosen, statuses),
                "count": queries.overview_counts(con),
                "shown": queries.targets_count(chosen, con, statuses),
                "rows": queries.targets_frame(chosen, con, statuses, limit=TARGETS_PER_PAGE),
            }

        def detail(quantity_id: str):
            mine = progress_by_target.get(quantity_id, no_progress)
            return [queries.target_detail(con, quantity_id), queries.target_assessment(con, quantity_id, mine, today)]

        def download_everything():
            return {"rows": queries.targets_frame(TargetFilters(), con, statuses)}

        status_repeats = max(3, repeats // 6)
        return [
            time_calls(
                f"statuses ({progress['quantity_id'].nunique()} with progress)",
                [lambda: queries.target_statuses(con, progress, today)] * status_repeats,
            ),
            time_calls("overview", [overview] * repeats),
            time_calls(f"targets: year={year}, unit={unit}", [lambda: targets_view(filters)] * repeats),
            time_calls(
                "targets: text search",
                [
                    (lambda word=word: targets_view(TargetFilters(text=word)))
                    for word in [SEARCH_WORDS[i % len(SEARCH_WORDS)] for i in range(repeats)]
                ],
            ),
            time_calls("target detail", [(lambda q=q: detail(q)) for q in ids[:repeats]]),
            time_calls("targets: no filter (first page)", [lambda: targets_view(TargetFilters())] * repeats),
            time_calls("download: every target (on click)", [download_everything] * status_repeats),
        ]
    finally:
        con.close()
