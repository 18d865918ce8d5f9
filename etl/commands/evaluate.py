"""`python -m etl evaluate --gold FILE`: score the current database (or an export) against gold."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from etl import evaluate
from etl.errors import EtlError
from etl.export import export
from etl.store.paths import data_dir, tracker_path


def register(subparsers, parent) -> None:
    parser = subparsers.add_parser("evaluate", parents=[parent], help="score extraction against a gold sample")
    parser.add_argument("--gold", required=True, metavar="FILE", help="gold JSONL (e.g. tests/data/gold_dev.jsonl)")
    parser.add_argument("--pred", metavar="DIR", help="score this export folder instead of the database")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    parser.add_argument("--show-errors", type=int, default=0, metavar="N", help="list N errors of each kind")
    parser.set_defaults(run=run)


def _print_errors(errors: dict, limit: int) -> None:
    for kind, groups in errors.items():
        for name, items in groups.items():
            print(f"\n## {kind} {name}: {len(items)}")
            for item in items[:limit]:
                print(json.dumps(item, ensure_ascii=False))


def run(args) -> int:
    gold = Path(args.gold)
    if not gold.is_file():
        raise EtlError(f"gold file not found: {gold}")
    if args.pred:
        figures, errors = evaluate.score_export(gold, Path(args.pred))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            export(tracker_path(data_dir(args.data_dir)), Path(tmp))
            figures, errors = evaluate.score_export(gold, Path(tmp))
    print(json.dumps(figures, ensure_ascii=False) if args.json else evaluate.format_figures(figures))
    if args.show_errors:
        _print_errors(errors, args.show_errors)
    return 0
