"""Score extracted quantities and documents against a gold sample.

Our own implementation of the matching rules stated in ../shared/tools/score_extraction.py, so the
suite stands alone and gives the same figures:
- only predictions inside the gold's annotated line spans (`scope` records) are scored;
- a prediction matches a gold quantity of the same file (and kind, per kind) when its line is
  within 2 and its value is equal (relative tolerance 1e-6); each gold takes the nearest unused
  prediction, golds in file/line order, the earlier prediction on a tie;
- "strict" also wants the target year, the unit (up to aliases) and the comparator right;
- a document matches when its title line is within 3 and the title's character F1 is >= 0.6;
- a gold quantity marked `"status": "optional"` (a borderline case) counts neither way: a
  prediction that matches it, after the other golds have taken theirs, is left out of the scoring,
  and missing it costs nothing.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

LINE_SLACK = 2
DOCUMENT_LINE_SLACK = 3
TITLE_MIN_CHAR_F1 = 0.6
UNIT_ALIASES = {"千米": "公里", "km": "公里", "％": "%", "percent": "%", "个百分点": "百分点"}
KINDS = ("target", "baseline")
OPTIONAL = "optional"


def load_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def canonical_unit(unit: str | None) -> str:
    unit = (unit or "").strip()
    return UNIT_ALIASES.get(unit, unit)


def values_equal(predicted, gold) -> bool:
    try:
        p, g = float(predicted), float(gold)
    except (TypeError, ValueError):
        return False
    return abs(p - g) <= 1e-6 * max(1.0, abs(g))


def char_f1(a: str | None, b: str | None) -> float:
    """F1 of the character multisets of two strings (0 when either is empty)."""
    if not a or not b:
        return 0.0
    overlap = sum((Counter(a) & Counter(b)).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / len(a), overlap / len(b)
    return 2 * precision * recall / (precision + recall)


def precision_recall_f1(hits: int, predicted: int, gold: int) -> tuple[float, float, float]:
    precision = hits / predicted if predicted else 0.0
    recall = hits / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return round(precision, 4), round(recall, 4), round(f1, 4)


def _as_line(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class Scope:
    """The annotated line spans of each file."""

    def __init__(self, records: Iterable[dict]):
        self.spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for r in records:
            self.spans[r["seed"]].append((r["from_line"], r["to_line"]))

    def covers(self, seed, line) -> bool:
        line = _as_line(line)
        line = -1 if line is None else line
        return any(lo <= line <= hi for lo, hi in self.spans.get(seed, ()))


def pair_quantities(golds: list[dict], predictions: list[dict]) -> list[tuple[dict, dict]]:
    """Greedy one-to-one pairing of gold and predicted quantities by line distance."""
    candidates_by_seed: dict[str | None, list[int]] = defaultdict(list)
    for index, p in enumerate(predictions):
        candidates_by_seed[p.get("seed")].append(index)
    taken: set[int] = set()
    pairs = []
    for gold in sorted(golds, key=lambda g: (g["seed"], g["line"])):
        best_index, best_distance = None, None
        for index in candidates_by_seed.get(gold["seed"], ()):
            if index in taken:
                continue
            line = _as_line(predictions[index].get("line"))
            if line is None:
                continue
            distance = abs(line - int(gold["line"]))
            if distance > LINE_SLACK or not values_equal(predictions[index].get("value"), gold["value"]):
                continue
            if best_distance is None or distance < best_distance:
                best_index, best_distance = index, distance
        if best_index is not None:
            taken.add(best_index)
            pairs.append((gold, predictions[best_index]))
    return pairs


def _strictly_right(gold: dict, predicted: dict) -> bool:
    return (
        gold.get("year") == predicted.get("year")
        and canonical_unit(gold.get("unit")) == canonical_unit(predicted.get("unit"))
        and gold.get("comparator") == predicted.get("comparator")
    )


def score_kind(golds: list[dict], predictions: list[dict]) -> tuple[dict, dict]:
    """Figures for one kind, and its errors (missed, spurious, wrong year)."""
    pairs = pair_quantities(golds, predictions)
    p, r, f = precision_recall_f1(len(pairs), len(predictions), len(golds))
    result = {
        "precision": p,
        "recall": r,
        "f1": f,
        "gold": len(golds),
        "predicted": len(predictions),
        "matched": len(pairs),
    }
    if pairs:
        n = len(pairs)
        result["year_acc"] = round(sum(g.get("year") == q.get("year") for g, q in pairs) / n, 4)
        result["unit_acc"] = round(
            sum(canonical_unit(g.get("unit")) == canonical_unit(q.get("unit")) for g, q in pairs) / n, 4
        )
        result["comparator_acc"] = round(sum(g.get("comparator") == q.get("comparator") for g, q in pairs) / n, 4)
        result["indicator_char_f1"] = round(
            sum(char_f1(g.get("indicator"), q.get("indicator")) for g, q in pairs) / n, 4
        )
        strict = sum(_strictly_right(g, q) for g, q in pairs)
        sp, sr, sf = precision_recall_f1(strict, len(predictions), len(golds))
        result.update(strict_precision=sp, strict_recall=sr, strict_f1=sf)
    matched_gold = {id(g) for g, _ in pairs}
    matched_pred = {id(q) for _, q in pairs}
    errors = {
        "missed": [g for g in golds if id(g) not in matched_gold],
        "spurious": [q for q in predictions if id(q) not in matched_pred],
        "wrong_year": [(g, q) for g, q in pairs if g.get("year") != q.get("year")],
    }
    return result, errors


def score_documents(golds: list[dict], predictions: list[dict]) -> dict:
    taken: set[int] = set()
    hits = 0
    for gold in golds:
        for index, predicted in enumerate(predictions):
            if index in taken or predicted.get("seed") != gold["seed"]:
                continue
            line = _as_line(predicted.get("line"))
            line = -99 if line is None else line
            if (
                abs(line - gold["line"]) <= DOCUMENT_LINE_SLACK
                and char_f1(predicted.get("title"), gold["title"]) >= TITLE_MIN_CHAR_F1
            ):
                taken.add(index)
                hits += 1
                break
    p, r, f = precision_recall_f1(hits, len(predictions), len(golds))
    return {"precision": p, "recall": r, "f1": f, "gold": len(golds), "predicted": len(predictions)}


def score(gold: list[dict], quantities: list[dict], documents: list[dict]) -> tuple[dict, dict]:
    """All figures of the reference scorer, and the errors per kind."""
    scope = Scope(r for r in gold if r.get("type") == "scope")
    gold_documents = [r for r in gold if r.get("type") == "document"]
    annotated = [r for r in gold if r.get("type") is None and r.get("kind") in KINDS]
    gold_quantities = [r for r in annotated if r.get("status") != OPTIONAL]
    optional = [r for r in annotated if r.get("status") == OPTIONAL]
    scored_quantities = without_optional(
        gold_quantities, optional, [q for q in quantities if scope.covers(q.get("seed"), q.get("line"))]
    )
    scored_documents = [d for d in documents if scope.covers(d.get("seed"), d.get("line"))]

    any_pairs = pair_quantities(gold_quantities, scored_quantities)
    p, r, f = precision_recall_f1(len(any_pairs), len(scored_quantities), len(gold_quantities))
    figures: dict = {"quantity": {"precision": p, "recall": r, "f1": f}}
    errors = {}
    for kind in KINDS:
        figures[kind], errors[kind] = score_kind(
            [g for g in gold_quantities if g["kind"] == kind],
            [q for q in scored_quantities if q.get("kind") == kind],
        )
    figures["document"] = score_documents(gold_documents, scored_documents)
    return figures, errors


def without_optional(golds: list[dict], optional: list[dict], predictions: list[dict]) -> list[dict]:
    """The predictions left once those that match a borderline (optional) gold of their kind are
    set aside; the other golds take their matches first."""
    if not optional:
        return predictions
    taken = {id(q) for _, q in pair_quantities(golds, predictions)}
    left = [q for q in predictions if id(q) not in taken]
    dropped = {
        id(q)
        for kind in KINDS
        for _, q in pair_quantities(
            [g for g in optional if g["kind"] == kind], [q for q in left if q.get("kind") == kind]
        )
    }
    return [q for q in predictions if id(q) not in dropped]


def score_export(gold_path: Path, export_dir: Path) -> tuple[dict, dict]:
    documents_path = Path(export_dir) / "documents.jsonl"
    documents = load_jsonl(documents_path) if documents_path.exists() else []
    return score(load_jsonl(gold_path), load_jsonl(Path(export_dir) / "quantities.jsonl"), documents)


def format_figures(figures: dict) -> str:
    """The reference scorer's text layout: one line per group, key=value pairs."""
    return "\n".join(
        f"{group:9s} " + "  ".join(f"{k}={v}" for k, v in values.items()) for group, values in figures.items()
    )
