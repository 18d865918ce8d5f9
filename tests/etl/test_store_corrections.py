"""etl/store/corrections.py: corrections and their audit in progress.duckdb, beside the progress tables."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import duckdb
import pytest

from etl.corrections import CHECKED, OPEN, REJECTED, DocText, FieldProblem, Snapshot, anchor_at
from etl.progress.validation import validate_progress
from etl.store import corrections as store
from etl.store import progress as progress_store
from etl.store.paths import progress_path

TEXT = "规划\n到2025年，全省港口综合通过能力达到28亿吨，集装箱通过能力达到2500万标箱。\n"
DOC = DocText("d1", "plan.txt", "规划", TEXT)


def anchor(number: str):
    start = TEXT.index(number)
    return anchor_at(DOC, start, start + len(number), "q_" + number)


def test_a_change_is_stored_with_its_audit_row(tmp_path):
    result = store.save(tmp_path, anchor("28亿吨"), Snapshot(CHECKED, {"target_year": 2026}), "王五", "edit")
    [stored] = store.read_corrections(tmp_path)
    assert (stored.correction_id, stored.revision, stored.updated_by) == (result.correction_id, 1, "王五")
    assert stored.snapshot == Snapshot(CHECKED, {"target_year": 2026})
    assert stored.anchor == anchor("28亿吨")
    audit = store.read_audit(tmp_path)
    assert list(audit["action"]) == ["edit"] and list(audit["who"]) == ["王五"]
    assert Snapshot.from_json(audit["before"][0]) == Snapshot(OPEN, {})
    assert Snapshot.from_json(audit["after"][0]) == Snapshot(CHECKED, {"target_year": 2026})


def test_the_same_place_is_one_correction_changed_again(tmp_path):
    store.save(tmp_path, anchor("28亿吨"), Snapshot(CHECKED, {}), "a", "confirm")
    store.save(tmp_path, anchor("28亿吨"), Snapshot(REJECTED, {}), "b", "reject")
    [stored] = store.read_corrections(tmp_path)
    assert (stored.snapshot.state, stored.revision) == (REJECTED, 2)
    assert list(store.read_audit(tmp_path)["action"]) == ["reject", "confirm"]


def test_undo_is_a_new_audited_change_and_can_itself_be_undone(tmp_path):
    first = store.save(tmp_path, anchor("28亿吨"), Snapshot(CHECKED, {"target_year": 2026}), "a", "edit")
    store.save(tmp_path, anchor("28亿吨"), Snapshot(CHECKED, {"target_year": 2026, "unit": "万吨"}), "a", "edit")
    undone = store.undo(tmp_path, first.audit_id, "b")
    assert store.read_corrections(tmp_path)[0].snapshot == Snapshot(OPEN, {"unit": "万吨"})
    store.undo(tmp_path, undone.audit_id, "c")
    assert store.read_corrections(tmp_path)[0].snapshot == Snapshot(CHECKED, {"target_year": 2026, "unit": "万吨"})
    audit = store.read_audit(tmp_path)
    assert list(audit["action"]) == ["undo", "undo", "edit", "edit"]
    assert list(audit["undoes"])[:2] == [undone.audit_id, first.audit_id]


def test_a_name_is_required(tmp_path):
    with pytest.raises(FieldProblem, match="who"):
        store.save(tmp_path, anchor("28亿吨"), Snapshot(CHECKED, {}), "  ", "confirm")
    assert not progress_path(tmp_path).exists() or store.read_corrections(tmp_path) == []


def test_hostile_text_is_stored_as_text(tmp_path):
    hostile = {"indicator": "<script>alert('x')</script>'; DROP TABLE progress; --", "unit": '=HYPERLINK("x")'}
    store.save(tmp_path, anchor("28亿吨"), Snapshot(CHECKED, hostile), "<b>Robert'); DROP TABLE--</b>", "edit")
    [stored] = store.read_corrections(tmp_path)
    assert stored.snapshot.fields == hostile and stored.updated_by == "<b>Robert'); DROP TABLE--</b>"


def test_two_sessions_on_different_records_both_kept(tmp_path):
    barrier = threading.Barrier(2)

    def work(number):
        barrier.wait()
        return store.save(tmp_path, anchor(number), Snapshot(CHECKED, {}), number, "confirm")

    with ThreadPoolExecutor(2) as pool:
        list(pool.map(work, ["28亿吨", "2500万标箱"]))
    assert sorted(c.anchor.number_text for c in store.read_corrections(tmp_path)) == ["2500万标箱", "28亿吨"]
    assert sorted(store.read_audit(tmp_path)["who"]) == ["2500万标箱", "28亿吨"]


def test_same_record_at_once_the_later_wins_both_audited_and_the_later_is_told(tmp_path):
    base = store.save(tmp_path, anchor("28亿吨"), Snapshot(CHECKED, {}), "setup", "confirm")
    # Both people opened revision 1, then saved one after the other.
    store.save(
        tmp_path,
        anchor("28亿吨"),
        Snapshot(CHECKED, {"target_year": 2024}),
        "甲",
        "edit",
        correction_id=base.correction_id,
        seen_revision=base.revision,
    )
    later = store.save(
        tmp_path,
        anchor("28亿吨"),
        Snapshot(CHECKED, {"target_year": 2030}),
        "乙",
        "edit",
        correction_id=base.correction_id,
        seen_revision=base.revision,
    )
    assert later.replaced is not None and later.replaced["who"] == "甲"
    assert store.read_corrections(tmp_path)[0].snapshot.fields == {"target_year": 2030}
    audit = store.read_audit(tmp_path)
    assert list(audit["who"]) == ["乙", "甲", "setup"]
    assert Snapshot.from_json(audit["before"][0]).fields == {"target_year": 2024}  # what 乙 replaced is on record


def test_threads_hammering_one_record_lose_no_change(tmp_path):
    def work(i):
        return store.save(tmp_path, anchor("28亿吨"), Snapshot(CHECKED, {"target_year": 2000 + i}), f"p{i}", "edit")

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(work, range(8)))
    assert sorted(r.revision for r in results) == list(range(1, 9))
    assert len(store.read_audit(tmp_path)) == 8


def test_progress_tables_and_corrections_live_side_by_side(tmp_path):
    store.save(tmp_path, anchor("28亿吨"), Snapshot(CHECKED, {}), "a", "confirm")
    report = validate_progress(b"quantity_id,period,value\nq1,2024,5\n", {"q1": ""}, file_name="p.csv")
    progress_store.import_report(tmp_path, report)
    assert progress_store.problem(tmp_path) is None
    assert list(progress_store.read_progress(tmp_path)["quantity_id"]) == ["q1"]
    store.save(tmp_path, anchor("2500万标箱"), Snapshot(REJECTED, {}), "a", "reject")
    assert len(store.read_corrections(tmp_path)) == 2
    con = duckdb.connect(str(progress_path(tmp_path)), read_only=True)
    try:
        tables = {
            r[0]
            for r in con.execute("SELECT table_schema || '.' || table_name FROM information_schema.tables").fetchall()
        }
    finally:
        con.close()
    assert {"review.corrections", "review.correction_audit", "main.progress"} <= tables
