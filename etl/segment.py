"""Split an unwrapped corpus file into documents. (Placeholder: one document per file.)"""
from __future__ import annotations

from etl.ids import document_id
from etl.records import Document
from etl.text import SourceText


def split_documents(source: SourceText, seed: str) -> list[Document]:
    title = source.text.split("\n", 1)[0][:80]
    return [Document(document_id(seed, title, 0), seed, title, "", "", "", "national",
                     source.lines[0] if source.lines else 1, source.lines[-1] if source.lines else 1,
                     source.text, source.starts, source.lines)]
