"""Issue 13 acceptance on real documents: build ../shared/gold/external-dev/corpus, export, and score
the export's links.jsonl with the reference scorer (../shared/tools/score_links.py).

This measures extraction and linking together (tests/etl/test_links.py measures linking alone, on
the gold records). Skipped when ../shared is not beside the repository.
"""

from __future__ import annotations

import pytest

from etl.build import build
from etl.export import export
from etl.store.paths import tracker_path
from tests.etl.links_gold import reference_scorer
from tests.shared_dir import shared_dir

SHARED = shared_dir()


@pytest.mark.skipif(
    SHARED is None, reason="../shared (external-dev corpus and score_links.py) is not beside the repository"
)
def test_links_of_a_real_build_score_at_least_080(tmp_path):
    gold_dir = SHARED / "gold" / "external-dev"
    build(tmp_path / "data", gold_dir / "corpus", workers=1)
    export(tracker_path(tmp_path / "data"), tmp_path / "out")
    result = reference_scorer(SHARED).score(str(gold_dir / "links.jsonl"), [str(gold_dir)], str(tmp_path / "out"))
    progress, restatement = result["classes"]["progress"], result["classes"]["restatement"]
    assert progress["f1"] >= 0.80, progress
    assert restatement["f1"] >= 0.80, restatement
