"""The link gold of ../shared/gold/external-dev as if extraction were perfect.

Turns the extraction gold's quantity and document records into linker records, runs
`etl.links.link_quantities`, writes an export folder (quantities.jsonl + links.jsonl, the DESIGN.md
contract) and scores it with the reference scorer ../shared/tools/score_links.py. This measures the
linker alone, whatever extraction gives today.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from etl.links import LinkDocument, LinkQuantity, document_year, link_quantities


def load_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def gold_records(gold: list[dict]) -> tuple[list[dict], list[LinkQuantity], list[LinkDocument]]:
    """(export rows, linker quantities, linker documents); one document per file, as in the gold."""
    rows, quantities = [], []
    per_seed: dict[str, int] = {}
    years: dict[str, list] = {}
    for record in gold:
        if record.get("type") in ("scope", "document") or record.get("kind") not in ("target", "baseline"):
            continue
        seed = record["seed"]
        per_seed[seed] = per_seed.get(seed, 0) + 1
        qid = f"{seed}#{per_seed[seed]}"
        rows.append(
            {
                "quantity_id": qid,
                "doc_id": seed,
                "seed": seed,
                "line": record["line"],
                "kind": record["kind"],
                "indicator": record["indicator"],
                "value": record["value"],
                "unit": record["unit"],
                "year": record["year"],
            }
        )
        quantities.append(
            LinkQuantity(
                quantity_id=qid,
                doc_id=seed,
                kind=record["kind"],
                indicator=record["indicator"] or "",
                value=float(record["value"]),
                unit=record["unit"] or "",
                comparator=record["comparator"] or "=",
                change=record["change"],
                baseline_year=record["baseline_year"],
                year=record["year"],
                per_year=bool(record["per_year"]),
            )
        )
        if record["kind"] == "baseline":
            years.setdefault(seed, []).append(record["year"])
    documents = []
    for record in gold:
        if record.get("type") == "document":
            seed = record["seed"]
            documents.append(
                LinkDocument(
                    doc_id=seed,
                    issuer=record.get("issuer") or "",
                    level="national",
                    title=record.get("title") or "",
                    year=document_year(record.get("date"), None, years.get(seed, ())),
                )
            )
    return rows, quantities, documents


def write_export(out_dir: Path, rows: list[dict], links) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / "quantities.jsonl", "w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    with open(out_dir / "links.jsonl", "w", encoding="utf-8") as handle:
        for link in links:
            handle.write(
                json.dumps(
                    {
                        "target_id": link.target_id,
                        "observation_id": link.observation_id,
                        "type": link.type,
                        "score": link.score,
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )


def reference_scorer(shared: Path):
    """../shared/tools/score_links.py as a module."""
    spec = importlib.util.spec_from_file_location("score_links", shared / "tools" / "score_links.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score_gold_as_predictions(shared: Path, out_dir: Path) -> dict:
    """The reference scorer's result for the linker run over the external-dev extraction gold."""
    gold_dir = shared / "gold" / "external-dev"
    rows, quantities, documents = gold_records(load_jsonl(gold_dir / "gold.jsonl"))
    write_export(out_dir, rows, link_quantities(quantities, documents))
    return reference_scorer(shared).score(str(gold_dir / "links.jsonl"), [str(gold_dir)], str(out_dir))


if __name__ == "__main__":  # python -m tests.etl.links_gold: print the report
    import sys
    import tempfile

    from tests.shared_dir import shared_dir

    folder = shared_dir()
    if folder is None:
        sys.exit("no ../shared folder beside the repository")
    with tempfile.TemporaryDirectory() as tmp:
        result = score_gold_as_predictions(folder, Path(tmp))
        reference_scorer(folder).print_report(result)
