"""The pure pipeline for one corpus file: raw text in, documents and quantities out.

No I/O and no globals, so it can be unit-tested, run in a process pool, or mapped by a cluster
engine. `etl.build` does the I/O around it.
"""

from __future__ import annotations

from etl.extract import extract_quantities
from etl.records import Document, Quantity
from etl.segment import split_documents
from etl.text import unwrap


def process_file(seed: str, raw: str) -> tuple[list[Document], list[Quantity]]:
    """Unwrap, split into documents and extract every target and baseline of one file."""
    documents = split_documents(unwrap(raw), seed)
    quantities = [q for doc in documents for q in extract_quantities(doc)]
    return documents, quantities
