"""Corrections as a CSV file, to share between colleagues: write, read and check (pure: bytes in/out).

One row per correction: its anchor (document title, file, sha256, sentence, occurrence, number
offset and text, the quantity_id then), whether it was added, its state, which fields it overrides
(`overrides`, names separated by ";") and their values. Headers in English or Chinese (the
aliases below), UTF-8 (with or without BOM) or GBK/GB18030, comma or tab separated, as Excel
writes them. Text cells that would run as a spreadsheet formula are written with a leading
apostrophe (etl.export.neutralise_formula) and read back without it, so a round trip is exact.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass

from etl.corrections import EDITABLE_FIELDS, STATES, Anchor, FieldProblem, Snapshot, clean_fields
from etl.export import FORMULA_STARTS, neutralise_formula
from etl.progress.reading import ProgressFileError, decode_text
from etl.progress.template import plain_number

ANCHOR_FIELDS = [
    "doc_title",
    "seed",
    "doc_sha256",
    "sentence",
    "occurrence",
    "number_offset",
    "number_text",
    "quantity_id",
]
COLUMNS = ["state", "added", *ANCHOR_FIELDS, "overrides", *EDITABLE_FIELDS]
CHINESE = {
    "state": "状态",
    "added": "新增",
    "doc_title": "文件标题",
    "seed": "源文件",
    "doc_sha256": "文档哈希",
    "sentence": "原句",
    "occurrence": "第几处",
    "number_offset": "数字位置",
    "number_text": "数字",
    "quantity_id": "指标编号",
    "overrides": "修改字段",
    "kind": "类型",
    "indicator": "指标",
    "value": "数值",
    "value_high": "上限",
    "unit": "单位",
    "comparator": "比较符",
    "change": "变化",
    "baseline_year": "基准年",
    "target_year": "目标年",
    "per_year": "年均",
}
ALIASES = {c: {c, c.replace("_", ""), CHINESE[c]} for c in COLUMNS} | {
    "doc_title": {"doc_title", "doctitle", "title", "文件标题", "标题", "文件名称"},
    "seed": {"seed", "source_file", "sourcefile", "源文件", "文件名"},
    "sentence": {"sentence", "原句", "句子"},
    "quantity_id": {"quantity_id", "quantityid", "指标编号", "编号"},
}
REQUIRED = ("state", "doc_title", "sentence", "number_offset", "number_text")


class CorrectionsFileError(ProgressFileError):
    """The file as a whole cannot be read as a corrections CSV (exit code 2)."""


@dataclass(frozen=True, slots=True)
class CorrectionRow:
    line: int
    anchor: Anchor
    added: bool
    snapshot: Snapshot


@dataclass(frozen=True, slots=True)
class BadRow:
    line: int
    reason: str


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return plain_number(value)
    return neutralise_formula(str(value))


def write_csv(rows: list[tuple[Anchor, bool, Snapshot]], chinese_headers: bool = False) -> bytes:
    """The corrections as CSV bytes (UTF-8 with BOM, for Excel)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([CHINESE[c] if chinese_headers else c for c in COLUMNS])
    for anchor, added, snapshot in rows:
        values = {
            "state": snapshot.state,
            "added": added,
            "doc_title": anchor.doc_title,
            "seed": anchor.seed,
            "doc_sha256": anchor.doc_sha256,
            "sentence": anchor.sentence,
            "occurrence": anchor.occurrence,
            "number_offset": anchor.number_offset,
            "number_text": anchor.number_text,
            "quantity_id": anchor.quantity_id,
            "overrides": ";".join(n for n in EDITABLE_FIELDS if n in snapshot.fields),
        }
        values |= {n: snapshot.fields.get(n) for n in EDITABLE_FIELDS}
        writer.writerow([_cell(values[c]) for c in COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _unneutralise(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def _key(cell: str) -> str:
    return unicodedata.normalize("NFKC", cell).strip().lower().replace(" ", "").replace("\ufeff", "")


def _header(cells: list[str]) -> dict[str, int]:
    lookup = {_key(alias).replace("_", ""): column for column, aliases in ALIASES.items() for alias in aliases}
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        column = lookup.get(_key(cell).replace("_", ""))
        if column and column not in found:
            found[column] = index
    return found


def _int(name: str, text: str) -> int:
    if not text.strip().isdigit():
        raise FieldProblem(f"{name}: {text!r} is not a whole number")
    return int(text)


def _row(line: int, cells: list[str], columns: dict[str, int]) -> CorrectionRow:
    get = {c: _unneutralise(cells[i]) if i < len(cells) else "" for c, i in columns.items()}
    state = get["state"].strip().lower()
    if state not in STATES:
        raise FieldProblem(f"state: {state!r} is not one of {', '.join(STATES)}")
    added = clean_fields({"per_year": get.get("added", "")})["per_year"]
    assert isinstance(added, bool)  # read as per_year is: a yes/no flag
    anchor = Anchor(
        get.get("doc_sha256", "").strip(),
        get["doc_title"],
        get.get("seed", ""),
        get["sentence"],
        _int("occurrence", get.get("occurrence", "0") or "0"),
        _int("number_offset", get["number_offset"]),
        get["number_text"],
        get.get("quantity_id", "").strip(),
    )
    if (
        not anchor.sentence
        or anchor.sentence[anchor.number_offset :][: len(anchor.number_text)] != anchor.number_text
        or not anchor.number_text
    ):
        raise FieldProblem("number_text: not found at number_offset in the sentence")
    names = [n.strip() for n in get.get("overrides", "").replace("；", ";").split(";") if n.strip()]
    unknown = [n for n in names if n not in EDITABLE_FIELDS]
    if unknown:
        raise FieldProblem(f"overrides: unknown field(s) {', '.join(unknown)}")
    fields = clean_fields({n: get.get(n, "") for n in names})
    return CorrectionRow(line, anchor, added, Snapshot(state, fields))


def read_csv(data: bytes) -> tuple[list[CorrectionRow], list[BadRow]]:
    """The rows of a corrections CSV and the rows that cannot be read (with line and reason)."""
    text, _encoding, _doubt = decode_text(data)
    lines = text.splitlines()
    for delimiter in (",", "\t", ";"):
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        if rows and all(c in _header(rows[0]) for c in REQUIRED):
            break
    else:
        raise CorrectionsFileError(
            f"no corrections header: expected the columns {', '.join(REQUIRED)} "
            f"(or {', '.join(CHINESE[c] for c in REQUIRED)}); the first line reads "
            f"{(lines[0] if lines else '')[:80]!r}"
        )
    columns = _header(rows[0])
    good, bad = [], []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        try:
            good.append(_row(number, cells, columns))
        except (FieldProblem, ValueError) as problem:
            bad.append(BadRow(number, str(problem)))
    return good, bad
