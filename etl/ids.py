"""Stable identifiers derived from content, never from row order (DESIGN.md: stable across rebuilds)."""

from __future__ import annotations

import hashlib
import re

_SPACE = re.compile(r"\s+")


def _digest(*parts: object) -> str:
    joined = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.blake2b(joined.encode("utf-8"), digest_size=8).hexdigest()


def normalise_sentence(sentence: str) -> str:
    """Whitespace-free sentence, so a re-wrapped source line does not change an id."""
    return _SPACE.sub("", sentence)


def document_id(seed: str, title: str, occurrence: int) -> str:
    """`occurrence` counts earlier documents with the same title in the same file."""
    return "d" + _digest(seed, _SPACE.sub("", title), occurrence)


def quantity_id(seed: str, doc_title: str, sentence: str, value: float, kind: str, occurrence: int) -> str:
    """`occurrence` counts earlier quantities with the same sentence, value and kind in the document."""
    return "q" + _digest(
        seed, _SPACE.sub("", doc_title), normalise_sentence(sentence), repr(float(value)), kind, occurrence
    )
