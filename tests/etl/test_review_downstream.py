"""Corrected records downstream of the dashboard tables: progress uploads, the Progress template,
statuses and the progress orphans list all see added targets and not rejected ones."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from etl import queries, review
from etl.corrections import added_quantity_id
from etl.progress.validation import validate_progress
from etl.store import corrections as corrections_store
from etl.store import progress as progress_store
from etl.store.paths import tracker_path
from etl.store.tracker import write_database
from tests.dashboard.sample_data import PLAN, PLAN_TEXT, QUANTITIES


@pytest.fixture
def folder(tmp_path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    write_database(
        tracker_path(folder),
        [PLAN],
        [q for q in QUANTITIES if q.doc_id == PLAN.doc_id and q.quantity_id != "q_chargers"],
    )
    with queries.connect(tracker_path(folder)) as db:
        start = PLAN_TEXT.index("3-5万个")
        review.add(
            folder,
            db,
            PLAN.doc_id,
            start,
            start + len("3-5万个"),
            {
                "kind": "target",
                "indicator": "充电桩",
                "value": "30000",
                "value_high": "50000",
                "unit": "个",
                "target_year": "2025",
            },
            "甲",
        )
        review.reject(folder, db, "q_coal", "甲")
    return folder


def added_id(folder: Path) -> str:
    [added] = [c for c in corrections_store.read_corrections(folder) if c.added]
    return added_quantity_id(added.anchor)


def test_progress_for_an_added_target_is_accepted_and_for_a_rejected_one_refused(folder):
    new = added_id(folder)
    targets = progress_store.known_targets(folder)
    assert new in targets and "q_coal" not in targets and targets[new].unit == "个"
    report = validate_progress(f"quantity_id,period,value\n{new},2024,41000\nq_coal,2024,3.1亿\n".encode(), targets)
    assert [r.quantity_id for r in report.valid] == [new]
    assert [r.line for r in report.rejected] == [3]


def test_the_progress_template_lists_the_corrected_targets(folder):
    template = progress_store.template_targets(folder)
    assert added_id(folder) in set(template["quantity_id"]) and "q_coal" not in set(template["quantity_id"])


def test_an_added_target_with_progress_gets_a_status(folder):
    new = added_id(folder)
    report = validate_progress(
        f"quantity_id,period,value\n{new},2023,45000\n".encode(), progress_store.known_targets(folder)
    )
    progress_store.import_report(folder, report)
    with queries.connect(tracker_path(folder)) as db:
        statuses = queries.target_statuses(db, progress_store.read_progress(folder), date(2024, 6, 30))
    assert list(statuses["quantity_id"]) == [new]
    assert statuses["status"].iloc[0] in ("ahead", "on_track", "achieved")  # 45000 of 30000-50000 by 2025
    assert progress_store.read_orphans(folder).empty
