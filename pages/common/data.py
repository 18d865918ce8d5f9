"""The dashboard's cached access to the query layer (etl.queries).

One read-only DuckDB connection per process (`st.cache_resource`) keyed by the database's
`version` token, so an atomic rebuild is noticed and the new file opened; query results are cached
with `st.cache_data`, keyed by the same token (and the progress database's), so they never outlive
the data they came from. Each query runs on its own cursor, so sessions in different threads don't
share one.
"""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from etl import queries
from etl.queries import TargetFilters
from etl.store import corrections as corrections_store
from etl.store import decisions
from etl.store import progress as progress_store
from etl.store.paths import data_dir, progress_path, tracker_path
from etl.store.reading import DatabaseUnreadable, ReadOnlyDatabase, tracker_problem
from etl.store.tracker import version


def current_data_dir() -> Path:
    return data_dir()


def _versions() -> tuple[str, str, str]:
    """(data dir, tracker version, progress version): the keys every cached result depends on."""
    folder = current_data_dir()
    progress = progress_path(folder)
    wal = progress.with_name(progress.name + ".wal")
    return str(folder), version(tracker_path(folder)), f"{version(progress)}/{version(wal)}"


class SharedConnection:
    """The process's one read-only connection to a tracker file, reopened when a build swaps it.

    Each opening ATTACHes the file to a private in-memory DuckDB (etl.queries.connect), so it is
    the file on disk now even while older connections live. The replaced connection is not
    closed here: closing a DuckDB connection closes its cursors, and another session's thread may
    be half way through a query on one; it is closed when the last reference goes.
    """

    def __init__(self, path: Path):
        self.path = path
        self.version: str | None = None
        self.con: ReadOnlyDatabase | None = None
        self.lock = threading.Lock()

    def get(self, tracker_version: str):
        with self.lock:
            if self.version != tracker_version:
                self.con, self.version = queries.connect(self.path), tracker_version
            return self.con


@st.cache_resource(max_entries=4, on_release=lambda shared: shared.con and shared.con.close())
def _shared(path: str) -> SharedConnection:
    return SharedConnection(Path(path))


def connection():
    """The shared connection, current with the file on disk and the corrections (queries take a
    cursor from it)."""
    folder, tracker_version, progress_version = _versions()
    return _shared(str(tracker_path(Path(folder)))).get(f"{tracker_version}|{progress_version}")


@st.cache_data(max_entries=8, show_spinner=False)
def _tracker_problem(path: str, tracker_version: str) -> DatabaseUnreadable | None:
    return tracker_problem(Path(path))


def tracker_problem_now() -> DatabaseUnreadable | None:
    """What is wrong with tracker.duckdb (missing, damaged, other schema), checked once per file version."""
    folder, tracker_version, _ = _versions()
    return _tracker_problem(str(tracker_path(Path(folder))), tracker_version)


@st.cache_data(max_entries=8, show_spinner=False)
def _progress_problem(folder: str, progress_version: str) -> str | None:
    return progress_store.problem(Path(folder))


def progress_problem() -> str | None:
    """Why progress.duckdb cannot be read (its figures are then left out), or None."""
    folder, _, progress_version = _versions()
    return _progress_problem(folder, progress_version)


def today() -> date:
    return date.today()


@st.cache_data(max_entries=16, show_spinner=False)
def _progress(folder: str, progress_version: str) -> pd.DataFrame:
    """Progress in effect; none while progress.duckdb cannot be read (the pages say so)."""
    if _progress_problem(folder, progress_version) is not None:
        return progress_store.read_progress(Path(folder), [])
    return progress_store.read_progress(Path(folder))


def progress_rows(quantity_ids: list[str] | None = None) -> pd.DataFrame:
    """Uploaded progress (all targets, or some)."""
    folder, _, progress_version = _versions()
    rows = _progress(folder, progress_version)
    return rows if quantity_ids is None else rows[rows["quantity_id"].isin(quantity_ids)]


# The Progress page's reads, cached by the same version tokens: one read of each per file version.
@st.cache_data(max_entries=8, show_spinner=False)
def _uploads(folder: str, progress_version: str) -> pd.DataFrame:
    return progress_store.read_uploads(Path(folder))


def uploads() -> pd.DataFrame:
    """Upload history, newest first (etl.store.progress.read_uploads)."""
    folder, _, progress_version = _versions()
    return _uploads(folder, progress_version)


@st.cache_data(max_entries=8, show_spinner=False)
def _orphans(folder: str, tracker_version: str, progress_version: str) -> pd.DataFrame:
    return progress_store.read_orphans(
        Path(folder), _progress(folder, progress_version), _uploads(folder, progress_version)
    )


def orphans() -> pd.DataFrame:
    """Progress whose target a rebuild removed (kept, shown apart)."""
    return _orphans(*_versions())


@st.cache_data(max_entries=8, show_spinner=False)
def _template_count(folder: str, tracker_version: str) -> int:
    return progress_store.template_count(Path(folder))


def template_count() -> int:
    folder, tracker_version, _ = _versions()
    return _template_count(folder, tracker_version)


@st.cache_data(max_entries=16, show_spinner=False)
def _statuses(folder: str, tracker_version: str, progress_version: str, as_of: date) -> pd.DataFrame:
    return queries.target_statuses(
        connection(),
        _progress(folder, progress_version),
        as_of,
        _document_points(folder, tracker_version, progress_version),
    )


def statuses() -> pd.DataFrame:
    """The assessment, as of today, of every target that has progress (all others are no_data)."""
    return _statuses(*_versions(), today())


def _cached(fn):
    """Cache a query function on (data versions, today, its arguments)."""

    def run(folder: str, tracker_version: str, progress_version: str, as_of: date, *args):
        return fn(*args)

    run.__name__, run.__qualname__ = fn.__name__, f"cached_{fn.__qualname__}"  # one cache per query
    cached = st.cache_data(max_entries=64, show_spinner=False)(run)

    def call(*args):
        return cached(*_versions(), today(), *args)

    call.__doc__ = fn.__doc__
    return call


@_cached
def overview() -> dict:
    """Everything the Overview page shows."""
    con, status = connection(), statuses()
    return {
        "counts": queries.overview_counts(con),
        "status": queries.status_counts(con, status),
        "years": queries.targets_by_year(con),
        "documents": queries.targets_by_document(con),
        "deadlines": queries.upcoming_deadlines(con, status, today().year),
        "with_progress": int(status["latest_value"].notna().sum()),
    }


TARGETS_PER_PAGE = 200


@_cached
def filter_options() -> dict:
    return queries.filter_options(connection())


@_cached
def document_options(filters: TargetFilters, title: str) -> queries.DocumentOptions:
    """Documents for the document filter: those matching the other filters and `title` (a few)."""
    return queries.document_options(connection(), filters, statuses(), title, queries.DOCUMENT_OPTIONS_LIMIT)


@_cached
def targets_count(filters: TargetFilters) -> int:
    return queries.targets_count(filters, connection(), statuses())


@_cached
def targets_page(
    filters: TargetFilters, page: int, per_page: int, sort: str = "", descending: bool = False
) -> pd.DataFrame:
    """Page `page` (from 1) of the filtered targets sorted by `sort` (document order when ""),
    `per_page` rows, with today's status."""
    return queries.targets_frame(
        filters,
        connection(),
        statuses(),
        limit=per_page,
        offset=(page - 1) * per_page,
        sort=sort,
        descending=descending,
    )


def targets_frame(filters: TargetFilters, sort: str = "", descending: bool = False) -> pd.DataFrame:
    """Every filtered target (see etl.queries.targets_frame), for a download: not cached, as it can
    be the whole table and is asked for only when someone clicks."""
    return queries.targets_frame(filters, connection(), statuses(), sort=sort, descending=descending)


@_cached
def target_count() -> int:
    return queries.overview_counts(connection())["targets"]


@_cached
def target_detail(quantity_id: str) -> dict | None:
    """One target, its context, its assessment and its progress rows (None if unknown)."""
    detail = queries.target_detail(connection(), quantity_id)
    if detail is None:
        return None
    progress = progress_rows([quantity_id]).sort_values("period_end", kind="stable")
    # --- progress reported in documents (issue 13) ---
    observations = queries.linked_observations(connection(), quantity_id, decided_links())
    reported = queries.reported_points(observations)
    detail["observations"] = observations
    detail["reported"] = reported
    detail["restatements"] = queries.restatements(connection(), quantity_id, decided_links())
    # --- end ---
    detail["assessment"] = queries.target_assessment(
        connection(), quantity_id, progress, today(), reported.assign(quantity_id=quantity_id)
    )
    detail["progress"] = progress
    return detail


DOCUMENTS_PER_PAGE = 100


@_cached
def documents_count(title: str) -> int:
    return queries.documents_count(connection(), title)


@_cached
def documents_page(title: str, page: int, per_page: int) -> pd.DataFrame:
    """Page `page` (from 1) of the documents whose title contains `title`."""
    return queries.documents_frame(connection(), title, limit=per_page, offset=(page - 1) * per_page)


@_cached
def document_label(doc_id: str) -> str | None:
    return queries.document_label(connection(), doc_id)


@_cached
def document_text(doc_id: str):
    return queries.document_text(connection(), doc_id)


# --- progress reported in documents: links and people's decisions (issue 13) ----------------------


@st.cache_data(max_entries=8, show_spinner=False)
def _resolved(folder: str, tracker_version: str, progress_version: str) -> list:
    """Every decision re-attached to the current build (none while progress.duckdb cannot be read:
    the pages say so)."""
    if _progress_problem(folder, progress_version) is not None:
        return []
    return decisions.resolve(connection(), decisions.load(Path(folder)))


def _decided(folder: str, tracker_version: str, progress_version: str) -> dict:
    return decisions.decided_pairs(_resolved(folder, tracker_version, progress_version))


def decided_links() -> dict:
    folder, tracker_version, progress_version = _versions()
    return _decided(folder, tracker_version, progress_version)


def orphaned_decisions(target_id: str) -> list:
    """This target's decisions whose other end is no longer found in the build (kept, shown)."""
    return [r for r in _resolved(*_versions()) if r.target_id == target_id and r.other_id is None]


@st.cache_data(max_entries=8, show_spinner=False)
def _document_points(folder: str, tracker_version: str, progress_version: str) -> pd.DataFrame:
    return queries.document_points(connection(), _decided(folder, tracker_version, progress_version))


@_cached
def observation_candidates(quantity_id: str) -> pd.DataFrame:
    return queries.observation_candidates(connection(), quantity_id)


def progress_sources() -> pd.DataFrame:
    """Targets by where their progress comes from (documents / uploads / none), for the Overview."""
    return queries.progress_source_counts(target_count(), statuses())


def decide_link(decision: str, link_type: str, target_id: str, other_id: str) -> None:
    """Store a person's decision about a link (user data in progress.duckdb); caches keyed by the
    progress file's version see it at once."""
    decisions.record(current_data_dir(), connection(), decision, link_type, target_id, other_id)


# --- review (corrections: etl.corrected_view applies them in `connection()`) ------------------------


@_cached
def review_counts() -> dict:
    """{"checked": N, "targets": M}: targets a person has checked, of all targets."""
    return queries.review_counts(connection())


@_cached
def review_queue(filters: TargetFilters, limit: int) -> pd.DataFrame:
    """Unchecked targets matching the filters, lowest confidence first."""
    return queries.review_queue(filters, connection(), statuses(), limit)


def orphaned_corrections() -> list:
    """Corrections that found no place in the current build (etl.corrected_view.Orphan), kept and shown."""
    return list(connection().orphans)


def stored_corrections() -> list:
    """Every stored correction (etl.store.corrections.StoredCorrection), as the connection read them."""
    return list(connection().corrections)


@st.cache_data(max_entries=8, show_spinner=False)
def _audit(folder: str, progress_version: str) -> pd.DataFrame:
    return corrections_store.read_audit(Path(folder))


def corrections_audit() -> pd.DataFrame:
    """The audit trail of corrections, newest first."""
    folder, _, progress_version = _versions()
    return _audit(folder, progress_version)
