"""etl.evaluate: our scorer follows the reference matching rules and gives the same figures."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from etl import evaluate
from etl.export import export
from etl.store.paths import tracker_path

REPO_ROOT = Path(__file__).resolve().parents[2]
REFERENCE_SCORER = REPO_ROOT.parent / "shared" / "tools" / "score_extraction.py"
GOLD_DEV = REPO_ROOT / "tests" / "data" / "gold_dev.jsonl"
GOLD_EXTERNAL = REPO_ROOT / "tests" / "data" / "external_dev" / "gold.jsonl"
SEED = "f.txt"
SCOPE = {"type": "scope", "seed": SEED, "from_line": 1, "to_line": 100}


def gold_target(line, value, **extra):
    return {
        "seed": SEED,
        "line": line,
        "kind": "target",
        "value": value,
        "unit": "个",
        "comparator": "=",
        "year": 2025,
        "indicator": "港口",
        **extra,
    }


def test_prediction_within_two_lines_with_equal_value_matches():
    figures, _ = evaluate.score([SCOPE, gold_target(10, 5)], [gold_target(12, 5.0000001)], [])
    assert figures["target"]["matched"] == 1
    assert figures["target"]["strict_f1"] == 1.0


def test_prediction_three_lines_away_or_with_another_value_does_not_match():
    predictions = [gold_target(13, 5), gold_target(10, 6)]
    figures, errors = evaluate.score([SCOPE, gold_target(10, 5)], predictions, [])
    assert figures["target"]["matched"] == 0
    assert len(errors["target"]["spurious"]) == 2
    assert figures["target"]["precision"] == 0.0


def test_prediction_outside_the_annotated_scope_is_not_counted():
    figures, _ = evaluate.score([SCOPE, gold_target(10, 5)], [gold_target(10, 5), gold_target(500, 7)], [])
    assert figures["target"]["predicted"] == 1
    assert figures["target"]["precision"] == 1.0


def test_each_gold_takes_the_nearest_prediction_once():
    golds = [gold_target(10, 5), gold_target(11, 5)]
    predictions = [gold_target(11, 5, year=2030), gold_target(10, 5)]
    figures, _ = evaluate.score([SCOPE, *golds], predictions, [])
    assert figures["target"]["matched"] == 2
    assert figures["target"]["year_acc"] == 0.5  # gold@11 got the prediction with the wrong year


def test_strict_counts_unit_aliases_as_equal_but_not_a_wrong_comparator():
    golds = [gold_target(10, 5, unit="百分点"), gold_target(20, 7)]
    predictions = [gold_target(10, 5, unit="个百分点"), gold_target(20, 7, comparator=">=")]
    figures, _ = evaluate.score([SCOPE, *golds], predictions, [])
    assert figures["target"]["unit_acc"] == 1.0
    assert figures["target"]["comparator_acc"] == 0.5
    assert figures["target"]["strict_recall"] == 0.5


def test_document_needs_a_near_line_and_a_similar_title():
    gold = {"type": "document", "seed": SEED, "line": 5, "title": "关于印发江苏省专精特新企业培育三年行动计划的通知"}
    near_similar = {"seed": SEED, "line": 8, "title": "江苏省专精特新企业培育三年行动计划的通知"}
    far = {"seed": SEED, "line": 9, "title": gold["title"]}
    other_title = {"seed": SEED, "line": 5, "title": "港口综合通过能力"}
    assert evaluate.score([SCOPE, gold], [], [near_similar])[0]["document"]["recall"] == 1.0
    assert evaluate.score([SCOPE, gold], [], [far])[0]["document"]["recall"] == 0.0
    assert evaluate.score([SCOPE, gold], [], [other_title])[0]["document"]["recall"] == 0.0


def test_char_f1_counts_repeated_characters_once_each():
    assert evaluate.char_f1("aab", "ab") == pytest.approx(0.8)
    assert evaluate.char_f1("", "ab") == 0.0


def test_optional_golds_count_neither_way():
    optional = gold_target(20, 7, status="optional")
    figures, _ = evaluate.score([SCOPE, gold_target(10, 5), optional], [gold_target(10, 5), gold_target(20, 7)], [])
    assert (figures["target"]["gold"], figures["target"]["predicted"], figures["target"]["f1"]) == (1, 1, 1.0)
    missed, _ = evaluate.score([SCOPE, gold_target(10, 5), optional], [gold_target(10, 5)], [])
    assert missed["target"]["f1"] == 1.0


@pytest.mark.skipif(not REFERENCE_SCORER.exists(), reason="reference scorer in ../shared/tools not present")
@pytest.mark.parametrize(
    ("built", "gold"),
    [("built_data_dir", GOLD_DEV), ("external_built_dir", GOLD_EXTERNAL)],
    ids=["bundled-corpus", "external-dev"],
)
def test_same_figures_as_the_reference_scorer_on_a_real_export(built, gold, request, tmp_path):
    # external-dev marks borderline golds "optional": both scorers must leave them out alike
    export(tracker_path(request.getfixturevalue(built)), tmp_path)
    reference = subprocess.run(
        [sys.executable, str(REFERENCE_SCORER), str(gold), str(tmp_path), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    ours, _ = evaluate.score_export(gold, tmp_path)
    assert ours == json.loads(reference.stdout)
