"""etl.store.tracker: the build swaps a complete file in atomically; ids are stable across builds."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from etl.build import build
from etl.records import Document, Quantity
from etl.store import tracker
from etl.store.paths import tracker_path

REPO_ROOT = Path(__file__).resolve().parents[2]
KILL_RUNS = 20


def make_document(doc_id="d1", title="关于印发《示范方案》的通知"):
    return Document(
        doc_id,
        "a.txt",
        title,
        "江苏省人民政府",
        "苏政发〔2023〕1号",
        "2023-01-02",
        "provincial",
        1,
        9,
        title + "\n到2025年，港口综合通过能力达到28亿吨。",
        (0,),
        (1,),
    )


def make_quantity(quantity_id="q1", doc_id="d1"):
    return Quantity(
        quantity_id,
        doc_id,
        "a.txt",
        "target",
        "港口综合通过能力",
        2.8e9,
        None,
        "吨",
        "=",
        None,
        None,
        2025,
        False,
        None,
        "到2025年，港口综合通过能力达到28亿吨。",
        3,
        30,
        33,
        0.9,
    )


def counts(path: Path) -> tuple[int, int]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return (
            con.execute("SELECT count(*) FROM documents").fetchone()[0],
            con.execute("SELECT count(*) FROM quantities").fetchone()[0],
        )
    finally:
        con.close()


def test_write_database_round_trips_records_and_meta(tmp_path):
    path = tmp_path / "tracker.duckdb"
    tracker.write_database(path, [make_document()], [make_quantity()], {"built_at": "now"})
    con = duckdb.connect(str(path), read_only=True)
    row = con.execute("SELECT indicator, value, unit, target_year, source_file FROM quantities").fetchone()
    meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
    con.close()
    assert row == ("港口综合通过能力", 2.8e9, "吨", 2025, "a.txt")
    assert meta["schema_version"] == str(tracker.SCHEMA_VERSION)
    assert [p.name for p in tmp_path.iterdir()] == ["tracker.duckdb"]  # no temp file left behind


def test_a_failed_write_leaves_the_previous_database_untouched(tmp_path):
    path = tmp_path / "tracker.duckdb"
    tracker.write_database(path, [make_document()], [make_quantity()])
    before = tracker.version(path)
    duplicate_ids = [make_quantity("same"), make_quantity("same")]  # violates the primary key mid-write
    with pytest.raises(duckdb.Error):
        tracker.write_database(path, [make_document()], duplicate_ids)
    assert tracker.version(path) == before
    assert counts(path) == (1, 1)
    assert [p.name for p in tmp_path.iterdir()] == ["tracker.duckdb"]


def test_version_changes_when_a_new_build_is_swapped_in(tmp_path):
    path = tmp_path / "tracker.duckdb"
    assert tracker.version(path) == "missing"
    tracker.write_database(path, [make_document()], [])
    first = tracker.version(path)
    tracker.write_database(path, [make_document()], [make_quantity()])
    assert tracker.version(path) != first


def _export_ids(path: Path) -> tuple[list, list]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return (
            con.execute("SELECT doc_id FROM documents ORDER BY doc_id").fetchall(),
            con.execute("SELECT quantity_id, value, line FROM quantities ORDER BY quantity_id").fetchall(),
        )
    finally:
        con.close()


def test_two_builds_of_the_corpus_give_identical_ids(built_data_dir, tmp_path):
    build(tmp_path, REPO_ROOT / "data" / "corpus", workers=2)
    again = _export_ids(tracker_path(tmp_path))
    first = _export_ids(tracker_path(built_data_dir))
    assert again == first
    assert len({row[0] for row in again[1]}) == len(again[1])  # ids are unique


def upload_progress_for_first_targets(data_dir: Path, how_many: int) -> None:
    """Import figures for a few targets through the CLI, as a user would."""
    con = duckdb.connect(str(tracker_path(data_dir)), read_only=True)
    ids = [
        row[0]
        for row in con.execute(
            "SELECT quantity_id FROM quantities WHERE kind = 'target' AND unit = '%' AND change IS NULL ORDER BY quantity_id LIMIT ?",
            [how_many],
        ).fetchall()
    ]
    con.close()
    csv = data_dir / "progress.csv"
    csv.write_text(
        "quantity_id,period,value,note\n" + "".join(f"{q},2024,{50 + i}%,kill test\n" for i, q in enumerate(ids)),
        encoding="utf-8",
    )
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "etl", "import-progress", str(csv), "--data-dir", str(data_dir)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    csv.unlink()


@pytest.mark.slow
def test_killing_builds_at_random_moments_never_breaks_the_previous_database(built_data_dir, tmp_path):
    """Kill `python -m etl build` many times at random moments; the old file must stay readable
    and every uploaded progress row must still be there, linked to its target."""
    from etl.store.progress import read_progress

    path = tracker_path(tmp_path)
    path.write_bytes(tracker_path(built_data_dir).read_bytes())
    expected = counts(path)
    upload_progress_for_first_targets(tmp_path, 5)
    progress_before = read_progress(tmp_path).sort_values("quantity_id").reset_index(drop=True)
    assert len(progress_before) == 5
    rng = random.Random(20261121)
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    kills = 0
    for _ in range(KILL_RUNS):
        # --full: extract and write everything, so kills land in extraction and in the write too
        process = subprocess.Popen(
            [sys.executable, "-m", "etl", "build", "--data-dir", str(tmp_path), "--quiet", "--workers", "1", "--full"],
            cwd=REPO_ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.05, 1.5))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        process.wait()
        assert counts(path) == expected
    assert kills >= KILL_RUNS // 4, "the builds finished before most kills; interruption was not exercised"
    print(f"killed {kills} of {KILL_RUNS} builds mid-way; database and {len(progress_before)} progress rows intact")
    progress_after = read_progress(tmp_path).sort_values("quantity_id").reset_index(drop=True)
    assert progress_after[["quantity_id", "period", "value"]].equals(
        progress_before[["quantity_id", "period", "value"]]
    )
    build(tmp_path, REPO_ROOT / "data" / "corpus", workers=1)  # a completed build cleans up after the killed ones
    leftovers = [p.name for p in tmp_path.iterdir() if ".tmp" in p.name]
    assert leftovers == []
    con = duckdb.connect(str(path), read_only=True)
    linked = con.execute(
        "SELECT count(*) FROM quantities WHERE quantity_id IN (SELECT unnest(?))", [list(progress_after["quantity_id"])]
    ).fetchone()[0]
    con.close()
    assert linked == 5


def test_a_target_restated_in_another_document_is_linked_once(tmp_path):
    docs = [make_document("d1", "中共中央 国务院印发《示范纲要》"), make_document("d2", "示范纲要")]
    summary = make_quantity("q-summary", "d1")
    from dataclasses import replace

    full_text = replace(make_quantity("q-full", "d2"), indicator="全省港口综合通过能力", line=40)
    other_year = replace(make_quantity("q-2030", "d2"), target_year=2030, line=41)
    other_indicator = replace(make_quantity("q-other", "d2"), indicator="集装箱通过能力", line=42)
    path = tmp_path / "tracker.duckdb"
    tracker.write_database(path, docs, [summary, full_text, other_year, other_indicator])
    con = duckdb.connect(str(path), read_only=True)
    links = con.execute("SELECT target_id, observation_id, type FROM links").fetchall()
    con.close()
    assert links == [("q-summary", "q-full", "restatement")]


def test_an_observation_in_a_later_document_is_linked_as_progress(tmp_path):
    from dataclasses import replace

    docs = [
        make_document("plan"),
        replace(make_document("review", "关于2025年港口发展情况的通报"), issue_date="2026-02-01"),
    ]
    goal = make_quantity("q-goal", "plan")
    reached = replace(
        make_quantity("q-reached", "review"),
        kind="baseline",
        value=2.9e9,
        sentence="2025年，港口综合通过能力达到29亿吨。",
    )
    tracker.write_database(tmp_path / "tracker.duckdb", docs, [goal, reached])
    con = duckdb.connect(str(tmp_path / "tracker.duckdb"), read_only=True)
    links = con.execute("SELECT target_id, observation_id, type, score FROM links").fetchall()
    con.close()
    assert links == [("q-goal", "q-reached", "progress", 1.0)]
