"""Review and correct in the dashboard (AppTest): the queue, the detail page's edit form, adding a
missed quantity from the Documents page, Overview's count, the CSV export's origin, read-only mode,
hostile text and two sessions at once."""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import parse_qs

import pandas as pd
import pytest

from etl.corrections import CHECKED, DocText, Snapshot, added_quantity_id, anchor_at
from etl.store import corrections as store
from etl.store.tracker import write_database
from tests.dashboard.conftest import download, open_page, shown_text
from tests.dashboard.sample_data import NOTICE, PLAN, QUANTITIES

HOSTILE = "<script>alert('x')</script>=cmd|' /C calc'!A0"


@pytest.fixture
def review_dir(tmp_path, monkeypatch) -> Path:
    """The sample database without the 充电桩 target (3-5万个): a number the extractor "missed"."""
    folder = tmp_path / "data"
    folder.mkdir()
    write_database(folder / "tracker.duckdb", [PLAN, NOTICE], [q for q in QUANTITIES if q.quantity_id != "q_chargers"])
    monkeypatch.setenv("TRACKER_DATA_DIR", str(folder))
    monkeypatch.delenv("TRACKER_READ_ONLY", raising=False)
    return folder


def signed_in(page: str, name: str = "审核员甲", **params):
    at = open_page(page, **params)
    at.sidebar.text_input(key="reviewer_input").set_value(name).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def click(at, label: str):
    [button] = [b for b in at.button if b.label == label]
    button.click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def current_in_queue(at) -> str:
    return at.get("page_link")[0].proto.label if at.get("page_link") else ""


def states(folder: Path) -> dict[str, tuple]:
    return {
        c.anchor.quantity_id: (c.snapshot.state, dict(c.snapshot.fields), c.added)
        for c in store.read_corrections(folder)
    }


def test_queue_confirm_reject_then_detail_edit_and_add_from_documents(review_dir, downloads):
    at = signed_in("review")
    assert current_in_queue(at) == "q_broadband"  # confidence 0.5, the lowest
    click(at, "Confirm")
    assert current_in_queue(at) == "q_gdp"  # 0.6 next
    click(at, "Confirm")
    assert current_in_queue(at) == "q_energy"
    click(at, "Reject (not a target)")
    assert current_in_queue(at) == "q_farmland"

    detail = signed_in("target_detail", id="q_share")
    detail.text_input(key="detail:q_share:target_year").set_value("2027")
    click(detail, "Save changes")
    assert "Saved." in shown_text(detail)

    docs = signed_in("documents", doc="doc_plan")
    docs.text_input(key="add_find:doc_plan").set_value("充电桩").run()
    number = docs.selectbox(key=[k for k in (s.key for s in docs.selectbox) if k.startswith("add_number:")][0])
    assert number.value.text == "3-5万个"
    key = f"add:doc_plan:{number.value.start}"
    assert docs.text_input(key=f"{key}:value").value == "30000"  # pre-filled from the reading of the number
    docs.text_input(key=f"{key}:indicator").set_value("新建充电桩")
    docs.text_input(key=f"{key}:target_year").set_value("2025")
    click(docs, "Add")

    saved = states(review_dir)
    assert saved["q_broadband"][0] == saved["q_gdp"][0] == "checked"
    assert saved["q_energy"][0] == "rejected"
    assert saved["q_share"] == ("checked", {"target_year": 2027}, False)
    [added] = [v for k, v in saved.items() if v[2]]
    assert added[1]["indicator"] == "新建充电桩" and added[1]["value"] == 30000.0

    overview = open_page("overview")
    assert "Checked 4 of 7 targets" in shown_text(overview)  # 7 extracted targets, one rejected, one added

    targets = open_page("targets")
    exported = pd.read_csv(io.BytesIO(download(targets, downloads, "CSV")), encoding="utf-8-sig")
    origin = dict(zip(exported["indicator"].fillna(""), exported["origin"]))
    assert origin["新建充电桩"] == "added" and origin["非化石能源消费比重"] == "corrected"
    assert origin["地区生产总值增速"] == "extracted"
    assert "单位地区生产总值能耗" not in origin
    assert exported.loc[exported["indicator"] == "非化石能源消费比重", "target_year"].tolist() == [2027]


def test_editing_the_year_in_the_queue_changes_only_the_year(review_dir):
    at = signed_in("review")
    assert current_in_queue(at) == "q_broadband"  # no baseline year, no value_high: empty fields must save
    at.text_input(key="queue:q_broadband:target_year").set_value("2028")
    click(at, "Save changes")
    assert states(review_dir)["q_broadband"] == ("checked", {"target_year": 2028}, False)
    assert current_in_queue(at) == "q_gdp"


def test_undo_from_the_history_brings_the_record_back(review_dir):
    at = signed_in("review")
    click(at, "Reject (not a target)")
    assert "q_broadband" not in str(open_page("targets").dataframe[0].value)
    at = signed_in("review")
    [undo_choice] = [s for s in at.selectbox if s.key.startswith("undo_choice")]
    assert undo_choice.value == 1  # the newest change first
    click(at, "Undo")
    assert states(review_dir)["q_broadband"][0] == "open"
    assert current_in_queue(at) == "q_broadband"


def test_edits_need_a_name_and_read_only_refuses_them(review_dir, monkeypatch):
    at = open_page("review")
    assert "Confirm" not in [b.label for b in at.button] and "Type your name" in shown_text(at)
    monkeypatch.setenv("TRACKER_READ_ONLY", "1")
    at = signed_in("review")
    assert "Confirm" not in [b.label for b in at.button] and "read-only" in shown_text(at)
    detail = signed_in("target_detail", id="q_share")
    assert "Save changes" not in [b.label for b in detail.button]
    assert store.read_corrections(review_dir) == []


def test_a_bad_value_is_refused_with_the_field_named(review_dir):
    detail = signed_in("target_detail", id="q_share")
    detail.text_input(key="detail:q_share:target_year").set_value("明年")
    click(detail, "Save changes")
    assert any("target_year" in e.value for e in detail.error)
    assert store.read_corrections(review_dir) == []


def test_hostile_text_is_stored_as_text_and_shown_escaped(review_dir, downloads):
    detail = signed_in("target_detail", name=HOSTILE, id="q_share")
    detail.text_input(key="detail:q_share:indicator").set_value(HOSTILE)
    detail.text_input(key="detail:q_share:unit").set_value("=1+2")
    click(detail, "Save changes")
    assert states(review_dir)["q_share"][1] == {"indicator": HOSTILE, "unit": "=1+2"}
    detail = signed_in("target_detail", id="q_share")
    html = "\n".join(h.proto.body for h in detail.get("html"))
    assert "<script>" not in html
    assert "<script>" not in "\n".join(m.value for m in detail.markdown)
    exported = pd.read_csv(io.BytesIO(download(open_page("targets"), downloads, "CSV")), encoding="utf-8-sig")
    row = exported[exported["quantity_id"] == "q_share"].iloc[0]
    assert (row["indicator"], row["unit"], row["origin"]) == (HOSTILE, "'=1+2", "corrected")


def test_two_sessions_correcting_the_same_target_the_later_wins_and_is_told(review_dir):
    first = signed_in("target_detail", name="甲", id="q_share")
    second = signed_in("target_detail", name="乙", id="q_share")
    first.text_input(key="detail:q_share:target_year").set_value("2026")
    click(first, "Save changes")
    second.text_input(key="detail:q_share:target_year").set_value("2030")
    click(second, "Save changes")
    assert "甲 changed this record" in shown_text(second)
    assert states(review_dir)["q_share"][1] == {"target_year": 2030}
    audit = store.read_audit(review_dir)
    assert list(audit["who"]) == ["乙", "甲"]


def test_two_sessions_correcting_different_targets_both_kept(review_dir):
    first = signed_in("target_detail", name="甲", id="q_share")
    second = signed_in("target_detail", name="乙", id="q_coal")
    click(first, "Confirm")
    click(second, "Reject (not a target)")
    saved = states(review_dir)
    assert saved["q_share"][0] == "checked" and saved["q_coal"][0] == "rejected"
    assert sorted(store.read_audit(review_dir)["who"]) == ["乙", "甲"]


def test_an_orphaned_correction_is_listed_on_the_review_page_with_its_reason(review_dir):
    gone = DocText("d_gone", "removed.txt", PLAN.title, "到2030年，某指标达到99万吨。")
    start = gone.text.index("99万吨")
    store.save(
        review_dir, anchor_at(gone, start, start + 4, "q_gone"), Snapshot(CHECKED, {"target_year": 2031}), "甲", "edit"
    )
    at = signed_in("review")
    assert "Orphaned corrections (1)" in shown_text(at)
    [table] = [d for d in at.dataframe if "reason" in d.value.columns]
    assert table.value[["reason", "number", "sentence", "by"]].values.tolist() == [
        ["sentence_not_found", "99万吨", "到2030年，某指标达到99万吨。", "甲"]
    ]
    assert len(store.read_corrections(review_dir)) == 1


def test_the_targets_page_opens_the_queue_with_its_filters(review_dir):
    at = open_page("targets", doc="doc_notice", year="2027")
    [link] = [p for p in at.get("page_link") if "Review these targets" in p.proto.label]
    assert "review" in link.proto.page
    assert parse_qs(link.proto.query_string) == {"doc": ["doc_notice"], "year": ["2027"]}
    queue = signed_in("review", doc="doc_notice", year="2027")
    assert current_in_queue(queue) == "q_broadband"
    click(queue, "Confirm")
    assert "Nothing left to review here" in shown_text(queue)  # the only 2027 target of that document


def test_a_rejected_record_is_restored_from_the_review_page(review_dir):
    at = signed_in("review")
    click(at, "Reject (not a target)")
    assert "Rejected records (1)" in [e.label for e in at.expander]
    click(at, "Restore")
    assert states(review_dir)["q_broadband"][0] == "open"
    assert current_in_queue(at) == "q_broadband"
    assert list(store.read_audit(review_dir)["action"]) == ["reopen", "reject"]


def test_an_added_record_opens_on_the_detail_page_and_can_be_edited(review_dir):
    docs = signed_in("documents", doc="doc_plan")
    docs.text_input(key="add_find:doc_plan").set_value("充电桩").run()
    [key] = {k.rsplit(":", 1)[0] for k in (w.key for w in docs.text_input) if k.startswith("add:doc_plan:")}
    docs.text_input(key=f"{key}:indicator").set_value("充电桩")
    click(docs, "Add")
    [added] = [c for c in store.read_corrections(review_dir) if c.added]
    new = added_quantity_id(added.anchor)
    html = "\n".join(h.proto.body for h in docs.get("html"))
    assert f"id={new}" in html  # highlighted and linked in the document text
    detail = signed_in("target_detail", id=new)
    assert "Origin: added" in shown_text(detail)
    detail.text_input(key=f"detail:{new}:unit").set_value("台")
    click(detail, "Save changes")
    [added] = [c for c in store.read_corrections(review_dir) if c.added]
    assert (added.snapshot.fields["unit"], added.snapshot.fields["indicator"], added.snapshot.state) == (
        "台",
        "充电桩",
        "checked",
    )


def test_a_target_nobody_changed_shows_no_history_of_other_targets(review_dir):
    click(signed_in("review"), "Reject (not a target)")  # a change to one target (the queue's first)
    rejected = next(iter(states(review_dir)))
    other = next(
        q.quantity_id for q in QUANTITIES if q.kind == "target" and q.quantity_id not in (rejected, "q_chargers")
    )
    at = signed_in("target_detail", id=other)
    assert not [s for s in at.selectbox if s.key.startswith("undo_choice")]
    assert not [e for e in at.expander if e.label == "History"]
