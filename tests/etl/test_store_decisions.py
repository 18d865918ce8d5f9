"""etl.store.decisions: link decisions are user data anchored to content, surviving rebuilds.

Built from tests/data/link_corpus (two short texts in the work-report style: the 2021 report's
targets, the 2022 report's review of 2021), so the ends are real extracted quantities with real
file hashes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from etl.build import build
from etl.errors import EtlError
from etl.progress.validation import validate_progress
from etl.store import decisions
from etl.store import progress as store_progress
from etl.store.paths import progress_path, tracker_path
from etl.store.reading import open_tracker

LINK_CORPUS = Path(__file__).resolve().parents[1] / "data" / "link_corpus"


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(LINK_CORPUS, folder)
    return folder


def derived_links(data_dir: Path) -> list[tuple[str, str, str]]:
    """The build's links with each end's indicator (ids change when files are renamed)."""
    con = duckdb.connect(str(tracker_path(data_dir)), read_only=True)
    try:
        return con.execute("""
            SELECT l.target_id, l.observation_id, t.indicator FROM links l
            JOIN quantities t ON t.quantity_id = l.target_id ORDER BY t.indicator""").fetchall()
    finally:
        con.close()


def resolved(data_dir: Path) -> list[tuple]:
    con = open_tracker(tracker_path(data_dir))
    try:
        return [
            (r.decision.decision, r.target_id, r.other_id) for r in decisions.resolve(con, decisions.load(data_dir))
        ]
    finally:
        con.close()


def decide(data_dir: Path, decision: str, target_id: str, other_id: str, link_type: str = "progress") -> int:
    con = open_tracker(tracker_path(data_dir))
    try:
        return decisions.record(data_dir, con, decision, link_type, target_id, other_id)
    finally:
        con.close()


def by_indicator(links, word):
    return next(link for link in links if word in link[2])


def test_confirm_and_reject_hold_after_a_full_rebuild(tmp_path, corpus):
    data = tmp_path / "data"
    build(data, corpus, workers=1)
    links = derived_links(data)
    grain, unemployment = by_indicator(links, "粮食"), by_indicator(links, "失业率")
    decide(data, "confirm", grain[0], grain[1])
    decide(data, "reject", unemployment[0], unemployment[1])
    build(data, corpus, workers=1, reuse=False)
    assert resolved(data) == [("confirm", grain[0], grain[1]), ("reject", unemployment[0], unemployment[1])]


def test_decisions_follow_their_sentences_when_ids_change(tmp_path, corpus):
    """A renamed file gives every quantity a new id; the decision finds its sentences again."""
    data = tmp_path / "data"
    build(data, corpus, workers=1)
    grain = by_indicator(derived_links(data), "粮食")
    decide(data, "reject", grain[0], grain[1])
    (corpus / "report2022.txt").rename(corpus / "renamed2022.txt")
    build(data, corpus, workers=1)
    new_grain = by_indicator(derived_links(data), "粮食")
    assert new_grain[1] != grain[1]
    assert resolved(data) == [("reject", grain[0], new_grain[1])]


def test_a_decision_whose_number_changed_is_orphaned_not_moved(tmp_path, corpus):
    data = tmp_path / "data"
    build(data, corpus, workers=1)
    grain = by_indicator(derived_links(data), "粮食")
    decide(data, "confirm", grain[0], grain[1])
    text = (corpus / "report2022.txt").read_text(encoding="utf-8")
    (corpus / "report2022.txt").write_text(text.replace("1.37万亿斤", "1.36万亿斤"), encoding="utf-8")
    build(data, corpus, workers=1)
    assert resolved(data) == [("confirm", grain[0], None)]
    assert len(decisions.load(data)) == 1  # kept, shown as orphaned


def test_a_later_decision_supersedes_and_both_are_kept(tmp_path, corpus):
    data = tmp_path / "data"
    build(data, corpus, workers=1)
    grain = by_indicator(derived_links(data), "粮食")
    decide(data, "confirm", grain[0], grain[1])
    decide(data, "reject", grain[0], grain[1])
    con = open_tracker(tracker_path(data))
    try:
        latest = decisions.effective(decisions.resolve(con, decisions.load(data)))
    finally:
        con.close()
    assert [d.decision for d in decisions.load(data)] == ["confirm", "reject"]
    assert {pair: r.decision.decision for pair, r in latest.items()} == {(grain[0], grain[1]): "reject"}


def test_decisions_and_uploads_share_progress_duckdb(tmp_path, corpus):
    """The decisions' own schema leaves the progress layout readable, in either order."""
    data = tmp_path / "data"
    build(data, corpus, workers=1)
    grain = by_indicator(derived_links(data), "粮食")
    decide(data, "confirm", grain[0], grain[1])
    assert store_progress.problem(data) is None
    content = f"quantity_id,period,value\n{grain[0]},2021,1.36万亿\n".encode()
    report = validate_progress(content, store_progress.known_targets(data), file_name="a.csv")
    store_progress.import_report(data, report, content=content)
    assert store_progress.problem(data) is None
    assert len(store_progress.read_progress(data)) == 1
    assert [d.decision for d in decisions.load(data)] == ["confirm"]
    assert progress_path(data).exists()


def test_unknown_decision_or_quantity_is_refused(tmp_path, corpus):
    data = tmp_path / "data"
    build(data, corpus, workers=1)
    grain = by_indicator(derived_links(data), "粮食")
    with pytest.raises(EtlError):
        decide(data, "maybe", grain[0], grain[1])
    with pytest.raises(EtlError):
        decide(data, "link", grain[0], "q-no-such")
    assert decisions.load(data) == []
