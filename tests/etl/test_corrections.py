"""etl/corrections.py: anchoring a correction to content and finding it again after rebuilds."""

from __future__ import annotations

import doctest

import pytest

import etl.corrections as corrections
from etl.corrections import (
    AMBIGUOUS,
    CHECKED,
    NO_SENTENCE,
    NOT_EXTRACTED,
    OPEN,
    REJECTED,
    SUPERSEDED,
    DocText,
    FieldProblem,
    Snapshot,
    anchor_at,
    changed_fields,
    clean_fields,
    locate,
    reattach,
    undo_snapshot,
)

PLAN = (
    "关于印发《江苏省“十四五”港口发展规划》的通知\n"
    "到2025年，全省港口综合通过能力达到28亿吨，集装箱通过能力达到2500万标箱。\n"
    "船舶平均等待时间较2020年压缩20%。\n"
)


def plan(
    text: str = PLAN, seed: str = "000_plan.txt", doc_id: str = "d1", title: str = "江苏省港口发展规划"
) -> DocText:
    return DocText(doc_id, seed, title, text)


def at(doc: DocText, number: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(number, start + 1)
    return start, start + len(number)


def test_doctests():
    assert doctest.testmod(corrections).failed == 0


def test_anchor_records_sentence_and_offset_of_the_number():
    doc = plan()
    anchor = anchor_at(doc, *at(doc, "2500万标箱"), quantity_id="q1")
    assert anchor.sentence == "到2025年，全省港口综合通过能力达到28亿吨，集装箱通过能力达到2500万标箱。"
    assert anchor.sentence[anchor.number_offset :].startswith("2500万标箱")
    assert (anchor.occurrence, anchor.seed, anchor.quantity_id) == (0, "000_plan.txt", "q1")


def test_anchor_uses_the_extractors_sentence_when_it_holds_the_number():
    doc = plan()
    anchor = anchor_at(doc, *at(doc, "28亿吨"), sentence="全省港口综合通过能力达到28亿吨")
    assert anchor.sentence == "全省港口综合通过能力达到28亿吨"
    assert anchor.number_offset == len("全省港口综合通过能力达到")


def test_a_paragraph_inserted_above_moves_the_place_and_it_is_found():
    doc = plan()
    anchor = anchor_at(doc, *at(doc, "20%"), quantity_id="q_old")
    inserted = plan(PLAN.replace("\n", "\n新增一段关于港口的说明，共计3项。\n", 1), doc_id="d_new")
    where = locate(anchor, [inserted])
    assert where is not None and where.doc_id == "d_new"
    assert inserted.text[where.start : where.end] == "20%"
    assert where.start == inserted.text.index("20%")


def test_a_renamed_file_with_the_same_title_is_found():
    doc = plan()
    anchor = anchor_at(doc, *at(doc, "28亿吨"))
    renamed = plan(seed="005_readded.txt", doc_id="d5")
    assert locate(anchor, [renamed]).doc_id == "d5"


def test_the_same_sentence_in_an_unrelated_document_is_not_a_match():
    doc = plan()
    anchor = anchor_at(doc, *at(doc, "28亿吨"))
    other = DocText("d7", "other.txt", "另一份文件", "前言。\n" + PLAN)
    assert locate(anchor, [other]) is None
    placed = reattach([(1, anchor, False)], [other], [("q7", "d7", other.text.index("28亿吨"), 0)])
    assert placed[0].orphan_reason == NO_SENTENCE and placed[0].quantity_id is None


def test_two_equally_good_places_are_ambiguous_not_a_guess():
    doc = plan()
    anchor = anchor_at(doc, *at(doc, "28亿吨"))
    copy_a = DocText("da", "a.txt", "江苏省港口发展规划", "x" + PLAN)
    copy_b = DocText("db", "b.txt", "江苏省港口发展规划", "y" + PLAN)
    assert locate(anchor, [copy_a, copy_b]) is None
    placed = reattach([(1, anchor, False)], [copy_a, copy_b], [])
    assert placed[0].orphan_reason == AMBIGUOUS


def test_the_original_file_wins_over_a_copy():
    doc = plan()
    anchor = anchor_at(doc, *at(doc, "28亿吨"))
    copy = DocText("dc", "copy.txt", "江苏省港口发展规划", PLAN)
    assert locate(anchor, [copy, doc]).doc_id == "d1"


def test_the_second_occurrence_of_a_repeated_sentence_stays_the_second():
    text = PLAN + "船舶平均等待时间较2020年压缩20%。\n"
    doc = plan(text)
    second = anchor_at(doc, *at(doc, "20%", nth=1))
    assert second.occurrence == 1
    assert locate(second, [doc]).start == at(doc, "20%", nth=1)[0]


def test_reattach_maps_to_the_current_record_whatever_its_id():
    doc = plan()
    anchor = anchor_at(doc, *at(doc, "28亿吨"), quantity_id="q_old")
    moved = plan("序言。\n" + PLAN, doc_id="d2")
    start, end = at(moved, "28亿吨")
    spans = [("q_other", "d2", *at(moved, "2500万标箱")), ("q_new", "d2", start, end)]
    placed = reattach([(3, anchor, False)], [moved], spans)
    assert [(p.correction_id, p.quantity_id, p.orphan_reason) for p in placed] == [(3, "q_new", None)]


def test_a_number_no_longer_extracted_is_orphaned_and_an_added_one_is_placed():
    doc = plan()
    anchor = anchor_at(doc, *at(doc, "28亿吨"))
    placed = reattach([(1, anchor, False), (2, anchor, True)], [doc], [])
    assert placed[0].orphan_reason == NOT_EXTRACTED
    assert placed[1].orphan_reason is None and placed[1].location.start == at(doc, "28亿吨")[0]


def test_two_corrections_on_one_record_the_latest_applies_the_other_is_kept_as_superseded():
    doc = plan()
    anchor = anchor_at(doc, *at(doc, "28亿吨"))
    spans = [("q1", "d1", *at(doc, "28亿吨"))]
    placed = reattach([(1, anchor, False), (2, anchor, False)], [doc], spans, order={1: "2026-12-02", 2: "2026-12-01"})
    assert {p.correction_id: p.orphan_reason for p in placed} == {1: None, 2: SUPERSEDED}


@pytest.mark.parametrize(
    "fields, expected",
    [
        (
            {"value": "1,234.5", "target_year": "2025", "per_year": "是"},
            {"value": 1234.5, "target_year": 2025, "per_year": True},
        ),
        ({"change": "", "value_high": ""}, {"change": None, "value_high": None}),
        (
            {"indicator": "<script>alert(1)</script>", "unit": "=1+1"},
            {"indicator": "<script>alert(1)</script>", "unit": "=1+1"},
        ),
    ],
)
def test_clean_fields_types_what_people_type(fields, expected):
    assert clean_fields(fields) == expected


@pytest.mark.parametrize(
    "fields, word",
    [
        ({"target_year": "2025.5"}, "target_year"),
        ({"target_year": "3000"}, "target_year"),
        ({"value": "abc"}, "value"),
        ({"value": "nan"}, "value"),
        ({"comparator": "=>"}, "comparator"),
        ({"kind": "neither"}, "kind"),
        ({"value": 5, "value_high": 3}, "value_high"),
        ({"indicator": "x" * 201}, "indicator"),
    ],
)
def test_clean_fields_refuses_bad_values_naming_the_field(fields, word):
    with pytest.raises(FieldProblem, match=word):
        clean_fields(fields)


def test_changed_fields_keeps_only_real_changes():
    original = {"value": 28e8, "target_year": 2025, "unit": "吨", "change": None}
    assert changed_fields(original, {"value": 2.8e9, "target_year": 2024, "unit": "吨", "change": None}) == {
        "target_year": 2024
    }


def test_undo_reverses_one_change_and_keeps_later_ones_to_other_fields():
    first = (Snapshot(OPEN, {}), Snapshot(CHECKED, {"target_year": 2024}))
    second_after = Snapshot(CHECKED, {"target_year": 2024, "unit": "万吨"})
    undone = undo_snapshot(second_after, *first)
    assert undone == Snapshot(OPEN, {"unit": "万吨"})


def test_undo_refuses_when_the_same_field_changed_again():
    first = (Snapshot(OPEN, {}), Snapshot(CHECKED, {"target_year": 2024}))
    with pytest.raises(FieldProblem, match="target_year"):
        undo_snapshot(Snapshot(CHECKED, {"target_year": 2026}), *first)
    with pytest.raises(FieldProblem, match="state"):
        undo_snapshot(Snapshot(REJECTED, {"target_year": 2024}), *first)
