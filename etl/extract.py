"""Classify quantities as targets or baselines. (Placeholder.)"""
from __future__ import annotations

from etl.records import Document, Quantity


def extract_quantities(doc: Document) -> list[Quantity]:
    return []
