"""etl/review.py: what the "add a missed quantity" form offers for a sentence."""

from __future__ import annotations

from etl.review import document_record, numbers_in, sentences_containing
from tests.dashboard.sample_data import PLAN, PLAN_TEXT

ROW = {
    "doc_id": PLAN.doc_id,
    "source_file": PLAN.seed,
    "title": PLAN.title,
    "issuer": PLAN.issuer,
    "doc_number": PLAN.doc_number,
    "issue_date": PLAN.issue_date,
    "level": PLAN.level,
    "start_line": 1,
    "end_line": 7,
    "text": PLAN_TEXT,
    "title_year": None,
    "horizon_year": float("nan"),
}


def test_a_sentence_is_found_by_a_few_of_its_words_and_its_numbers_are_read():
    document = document_record(ROW)
    [(start, end)] = sentences_containing(PLAN_TEXT, "充电桩")
    assert PLAN_TEXT[start:end] == "新建充电桩3-5万个。"
    [choice] = numbers_in(document, start, end)
    assert choice.text == "3-5万个" and PLAN_TEXT[choice.start : choice.end] == "3-5万个"
    assert (choice.fields["value"], choice.fields["value_high"], choice.fields["unit"]) == (30000.0, 50000.0, "个")


def test_the_year_of_the_sentence_is_offered_for_a_number_the_extractor_skips():
    text = PLAN_TEXT + "到2030年，其中示范项目累计建成15处。\n"
    document = document_record(ROW | {"text": text})
    [(start, end)] = sentences_containing(text, "示范项目")
    choices = {c.text: c.fields for c in numbers_in(document, start, end)}
    assert choices["15处"]["value"] == 15.0 and choices["15处"]["target_year"] == 2030


def test_sentences_without_numbers_are_not_offered():
    assert sentences_containing("总则。加强组织领导。", "加强") == []
