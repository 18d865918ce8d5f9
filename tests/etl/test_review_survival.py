"""Corrections survive rebuilds (issue 14, acceptance a-d), on the real bundled corpus file.

Four corrections are made on a build of one corpus file: a target's year edited, one confirmed,
one rejected, and a number the extractor missed added. Then the corpus changes under them.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from etl import queries, review
from etl.build import build
from etl.corrections import NO_SENTENCE, sentence_around
from etl.export import export
from etl.numbers import find_numbers
from etl.store import corrections as corrections_store
from etl.store.paths import tracker_path
from tests.conftest import CORPUS_DIR

SEED = "000_2b41b7aea7ba18c4.txt"
WHO = "测试员"


def _db(folder: Path):
    return queries.connect(tracker_path(folder))


def _targets(folder: Path) -> dict:
    with _db(folder) as db:
        frame = queries.targets_frame(None, db)
    return {row.sentence: row for row in frame.itertuples(index=False)}


def _pick_targets(folder: Path, n: int) -> list:
    """n targets of SEED with a target year whose sentence is unique in the corpus, past its first third."""
    with _db(folder) as db:
        frame = queries.targets_frame(None, db)
        in_seed = {r[0] for r in db.execute("SELECT doc_id FROM documents WHERE source_file = ?", [SEED]).fetchall()}
    counts = frame["sentence"].value_counts()
    unique = frame[(frame["sentence"].map(counts) == 1) & frame["target_year"].notna()].sort_values("line")
    unique = unique[unique["doc_id"].isin(in_seed)]
    picked: list = []
    for row in unique.iloc[len(unique) // 3 :].itertuples(index=False):
        if all(abs(row.line - p.line) > 20 for p in picked):  # far apart: editing one line touches one
            picked.append(row)
    return picked[:n]


def _missed_number(db, doc_id: str, taken: set[int]):
    """A number in the document that the extractor did not take as a record, with its sentence."""
    doc = review._doc(db, doc_id)
    for m in find_numbers(doc.text):
        if m.start in taken or m.value < 10:
            continue
        s, e = sentence_around(doc.text, m.start, m.end)
        if doc.text.count(doc.text[s:e]) == 1 and e - s > 15:
            return m, doc.text[s:e]
    raise AssertionError("no missed number found")


def taken_spans(db, doc_id: str) -> list[tuple[int, int]]:
    return db.cursor().execute("SELECT char_start, char_end FROM quantities WHERE doc_id = ?", [doc_id]).fetchall()


@pytest.fixture
def corrected(tmp_path):
    corpus, data = tmp_path / "corpus", tmp_path / "data"
    corpus.mkdir()
    data.mkdir()
    for path in CORPUS_DIR.glob("*.txt"):  # both bundled files, so removing one leaves a corpus
        shutil.copy2(path, corpus / path.name)
    build(data, corpus, workers=1)
    edited, confirmed, rejected = _pick_targets(data, 3)
    with _db(data) as db:
        review.edit(data, db, edited.quantity_id, {"target_year": int(edited.target_year) + 1}, WHO)
        review.confirm(data, db, confirmed.quantity_id, WHO)
        review.reject(data, db, rejected.quantity_id, WHO)
        taken = {s for s, _ in taken_spans(db, edited.doc_id)}
        missed, missed_sentence = _missed_number(db, edited.doc_id, taken)
        review.add(
            data,
            db,
            edited.doc_id,
            missed.start,
            missed.end,
            {
                "kind": "target",
                "indicator": "补充的指标",
                "value": missed.value,
                "unit": missed.unit,
                "target_year": 2030,
            },
            WHO,
        )
    return {
        "corpus": corpus,
        "data": data,
        "edited": edited,
        "confirmed": confirmed,
        "rejected": rejected,
        "missed_sentence": missed_sentence,
        "missed_value": missed.value,
    }


def assert_applied(case: dict) -> dict:
    """The four corrections are in effect in what readers see; returns the targets by sentence."""
    targets = _targets(case["data"])
    edited = targets[case["edited"].sentence]
    assert (edited.target_year, edited.origin, edited.checked) == (case["edited"].target_year + 1, "corrected", True)
    confirmed = targets[case["confirmed"].sentence]
    assert (confirmed.origin, confirmed.checked, confirmed.target_year) == (
        "extracted",
        True,
        case["confirmed"].target_year,
    )
    assert case["rejected"].sentence not in targets
    added = targets[case["missed_sentence"]]
    assert (added.origin, added.indicator, added.value, added.target_year) == (
        "added",
        "补充的指标",
        case["missed_value"],
        2030,
    )
    with _db(case["data"]) as db:
        assert db.orphans == []
    return targets


def test_corrections_apply_and_export_applies_them_unless_raw(corrected, tmp_path):
    assert_applied(corrected)
    export(tracker_path(corrected["data"]), tmp_path / "out")
    export(tracker_path(corrected["data"]), tmp_path / "raw", raw=True)
    rows = [json.loads(x) for x in (tmp_path / "out" / "quantities.jsonl").read_text("utf-8").splitlines()]
    raw = [json.loads(x) for x in (tmp_path / "raw" / "quantities.jsonl").read_text("utf-8").splitlines()]
    by_id = {r["quantity_id"]: r for r in rows}
    raw_by_id = {r["quantity_id"]: r for r in raw}
    edited = corrected["edited"]
    assert by_id[edited.quantity_id]["year"] == edited.target_year + 1
    assert raw_by_id[edited.quantity_id]["year"] == edited.target_year
    assert corrected["rejected"].quantity_id not in by_id and corrected["rejected"].quantity_id in raw_by_id
    assert len(rows) == len(raw)  # one rejected, one added
    assert [r["text"] for r in rows if r["indicator"] == "补充的指标"] == [corrected["missed_sentence"]]


def test_a_survives_a_full_rebuild(corrected):
    build(corrected["data"], corrected["corpus"], workers=1, reuse=False)
    assert_applied(corrected)


def test_b_survives_a_paragraph_inserted_above_and_every_id_changed(corrected):
    corpus, data = corrected["corpus"], corrected["data"]
    lines = (corpus / SEED).read_text("utf-8").split("\n")
    line = corrected["edited"].line
    paragraph_start = max(i for i in range(line - 1) if not lines[i].strip()) + 1
    lines[paragraph_start:paragraph_start] = ["这是为测试插入的一段新说明，共有三句话。", ""]
    (corpus / SEED).unlink()
    (corpus / "010_renamed.txt").write_text("\n".join(lines), "utf-8")  # a new file name: every quantity_id changes
    build(data, corpus, workers=1, reuse=False)
    targets = assert_applied(corrected)
    edited = targets[corrected["edited"].sentence]
    assert edited.quantity_id != corrected["edited"].quantity_id
    assert edited.line == corrected["edited"].line + 2
    assert targets[corrected["confirmed"].sentence].quantity_id != corrected["confirmed"].quantity_id


def test_c_survives_the_document_removed_and_added_again(corrected):
    corpus, data = corrected["corpus"], corrected["data"]
    aside = corpus.parent / SEED
    shutil.move(corpus / SEED, aside)
    build(data, corpus, workers=1)
    with _db(data) as db:  # nothing to attach to: all four shown as orphaned, none lost
        assert sorted(o.correction.correction_id for o in db.orphans) == [1, 2, 3, 4]
        assert {o.reason for o in db.orphans} == {NO_SENTENCE}
    assert len(corrections_store.read_corrections(data)) == 4
    shutil.move(aside, corpus / SEED)
    build(data, corpus, workers=1)
    assert_applied(corrected)


def test_d_a_deleted_sentence_orphans_its_correction_and_keeps_it(corrected):
    corpus, data = corrected["corpus"], corrected["data"]
    text = (corpus / SEED).read_text("utf-8")
    sentence = corrected["edited"].sentence
    # The sentence may be wrapped over source lines: delete the text of its number's line instead.
    lines = text.split("\n")
    lines[corrected["edited"].line - 1] = ""
    (corpus / SEED).write_text("\n".join(lines), "utf-8")
    build(data, corpus, workers=1)
    with _db(data) as db:
        orphans = {o.correction.correction_id: o for o in db.orphans}
    stored = {c.correction_id: c for c in corrections_store.read_corrections(data)}
    assert list(orphans) == [1], [(o.reason, o.correction.anchor.sentence) for o in orphans.values()]
    assert orphans[1].correction.anchor.sentence == sentence
    assert stored[1].snapshot.fields == {"target_year": int(corrected["edited"].target_year) + 1}
    targets = _targets(data)
    assert sentence not in targets
    assert targets[corrected["confirmed"].sentence].checked
