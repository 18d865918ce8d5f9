"""`python -m etl documents`: the documents users added (data/library/), with their DOC_ID and state."""

from __future__ import annotations

from etl.adding import target_counts
from etl.store import library
from etl.store.paths import data_dir


def register(subparsers, parent) -> None:
    parser = subparsers.add_parser("documents", parents=[parent], help="list the documents added to the library")
    parser.set_defaults(run=run)


def run(args) -> int:
    data = data_dir(args.data_dir)
    found = library.entries(data)
    if not found:
        print(f"the library ({library.library_dir(data)}) is empty; add files with: python -m etl add FILE...")
        return 0
    counts = target_counts(data, [e.seed for e in found])
    print("DOC_ID        STATE    FORMAT  TARGETS  ADDED       NAME")
    for entry in found:
        documents, targets, _ = counts.get(entry.seed, (0, 0, 0))
        state = "removed" if not entry.active else ("built" if documents else "pending")
        title = entry.corrections.get("title")
        print(
            f"{entry.doc_id}  {state:<8} {entry.format:<7} {targets:>7}  {entry.added_at[:10]}  {entry.name}"
            + (f"  [{title}]" if title else "")
        )
    active = sum(e.active for e in found)
    print(f"{len(found)} documents, {active} in the build, {len(found) - active} removed")
    return 0
