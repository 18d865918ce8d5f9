"""Target detail and Overview with progress reported in documents (issue 13), through AppTest.

Built from tests/data/link_corpus: the 2021 report's targets and the 2022 report's review of 2021.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from etl.build import build
from etl.store import decisions
from etl.store.paths import tracker_path
from tests.dashboard.conftest import figures, open_page, shown_text, values

LINK_CORPUS = Path(__file__).resolve().parents[1] / "data" / "link_corpus"


@pytest.fixture
def linked_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(LINK_CORPUS, tmp_path / "corpus")
    build(folder, tmp_path / "corpus", workers=1)
    monkeypatch.setenv("TRACKER_DATA_DIR", str(folder))
    return folder


def grain_link(folder: Path) -> tuple[str, str]:
    con = duckdb.connect(str(tracker_path(folder)), read_only=True)
    try:
        return con.execute("""SELECT l.target_id, l.observation_id FROM links l JOIN quantities q
                              ON q.quantity_id = l.target_id WHERE q.indicator = '粮食产量'""").fetchone()
    finally:
        con.close()


def reported_traces(at):
    return [trace for figure, _ in figures(at) for trace in figure.data if trace.name == "Reported in documents"]


def test_detail_shows_the_later_reports_figure_with_its_sentence(linked_dir):
    target_id, _ = grain_link(linked_dir)
    at = open_page("target_detail", id=target_id)
    [trace] = reported_traces(at)
    assert values(trace.y) == [1.37e12]
    assert "粮食产量为1.37万亿斤" in trace.customdata[0][1] and "2022年国务院政府工作报告" in trace.customdata[0][0]
    text = shown_text(at)
    assert "2021年，粮食产量为1.37万亿斤。" in text and "Status from figures reported in documents." in text
    assert at.button(key=f"confirm-{grain_link(linked_dir)[1]}") is not None


def test_reject_removes_the_point_and_is_stored(linked_dir):
    target_id, observation_id = grain_link(linked_dir)
    at = open_page("target_detail", id=target_id)
    at.button(key=f"reject-{observation_id}").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert reported_traces(at) == []
    assert "rejected" in shown_text(at)
    assert [(d.decision, d.target.hint, d.other.hint) for d in decisions.load(linked_dir)] == [
        ("reject", target_id, observation_id)
    ]


def test_overview_counts_targets_by_progress_source(linked_dir):
    at = open_page("overview")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["From documents"] == "3" and metrics["From uploads"] == "0"
    assert int(metrics["None"]) == int(metrics["Targets"]) - 3


def test_a_decision_whose_figure_is_gone_is_shown_as_orphaned(linked_dir, tmp_path):
    target_id, observation_id = grain_link(linked_dir)
    at = open_page("target_detail", id=target_id)
    at.button(key=f"confirm-{observation_id}").click().run()
    corpus = tmp_path / "corpus"
    text = (corpus / "report2022.txt").read_text(encoding="utf-8")
    (corpus / "report2022.txt").write_text(text.replace("1.37万亿斤", "1.36万亿斤"), encoding="utf-8")
    build(linked_dir, corpus, workers=1)
    at = open_page("target_detail", id=target_id)
    text = shown_text(at)
    assert "no longer found" in text and "2021年，粮食产量为1.37万亿斤。" in text
    assert [d.decision for d in decisions.load(linked_dir)] == ["confirm"]


def test_a_person_links_an_observation_by_hand_once_they_open_the_form(linked_dir):
    con = duckdb.connect(str(tracker_path(linked_dir)), read_only=True)
    try:  # a target whose unit (%) other documents observe without a link yet
        (target_id,) = con.execute(
            "SELECT quantity_id FROM quantities WHERE kind = 'target' AND indicator = '城镇调查失业率'"
        ).fetchone()
    finally:
        con.close()
    at = open_page("target_detail", id=target_id)
    assert not [s for s in at.selectbox if s.key == "manual-observation"]  # closed: nothing read or sent
    at.toggle(key="manual-open").set_value(True).run()
    [chooser] = [s for s in at.selectbox if s.key == "manual-observation"]
    assert chooser.options  # observations in the same unit from other documents
    at.button(key="manual-link").click().run()  # the first observation, chosen by default
    assert not at.exception, [e.value for e in at.exception]
    assert [d.decision for d in decisions.load(linked_dir)] == ["link"]
