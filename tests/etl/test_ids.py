"""etl.ids: identifiers from content, stable across rebuilds and re-wrapped source lines."""

from __future__ import annotations

import re

from etl.ids import document_id, normalise_sentence, quantity_id

SENTENCE = "到2025年，主要再生资源循环利用量达到4.5亿吨。"
REWRAPPED = "到 2025年，主要再生资源循环利用量\n达到 4.5亿吨。"  # the same sentence as pdftotext may wrap it


def test_ids_have_a_kind_prefix_and_a_fixed_length():
    assert re.fullmatch(r"d[0-9a-f]{16}", document_id("a.txt", "示范规划", 0))
    assert re.fullmatch(r"q[0-9a-f]{16}", quantity_id("a.txt", "示范规划", SENTENCE, 4.5e8, "target", 0))


def test_the_same_content_gives_the_same_id_whatever_the_line_wrapping():
    assert normalise_sentence(REWRAPPED) == normalise_sentence(SENTENCE)
    assert quantity_id("a.txt", "示范 规划", REWRAPPED, 4.5e8, "target", 0) == quantity_id(
        "a.txt", "示范规划", SENTENCE, 4.5e8, "target", 0
    )
    assert document_id("a.txt", "示范\n规划", 0) == document_id("a.txt", "示范规划", 0)


def test_every_part_of_the_content_changes_the_id():
    base = ("a.txt", "示范规划", SENTENCE, 4.5e8, "target", 0)
    variants = [
        ("b.txt", *base[1:]),
        (base[0], "另一规划", *base[2:]),
        (*base[:2], "另一句。", *base[3:]),
        (*base[:3], 4.6e8, *base[4:]),
        (*base[:4], "baseline", base[5]),
        (*base[:5], 1),
    ]
    ids = {quantity_id(*base)} | {quantity_id(*v) for v in variants}
    assert len(ids) == 1 + len(variants)
    assert document_id("a.txt", "示范规划", 0) != document_id("a.txt", "示范规划", 1)


def test_an_integer_and_the_same_float_value_give_one_id():
    assert quantity_id("a.txt", "t", SENTENCE, 45, "target", 0) == quantity_id(
        "a.txt", "t", SENTENCE, 45.0, "target", 0
    )
