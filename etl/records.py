"""The records that flow through the pipeline: text -> documents -> quantities.

Plain frozen dataclasses so that the pure stages can pass them between processes and tests can
build them by hand. Field names follow the data contract in ../shared/DESIGN.md.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True, slots=True)
class Document:
    """One policy document found in a corpus file.

    `text` is the unwrapped body (title included); `line_starts`/`line_numbers` map a character
    offset in `text` back to the 1-based line of the source file (see etl.text.SourceText).
    """

    doc_id: str
    seed: str  # source file name
    title: str
    issuer: str
    doc_number: str  # 文号
    issue_date: str  # ISO date or ""
    level: str  # "national" | "provincial"
    start_line: int
    end_line: int
    text: str
    line_starts: tuple[int, ...] = field(repr=False, default=())
    line_numbers: tuple[int, ...] = field(repr=False, default=())
    title_year: int | None = None  # a year named in the title ("关于做好2023年...")
    horizon_year: int | None = None  # the plan horizon of its goals section, if stated

    def as_row(self) -> dict:
        row = asdict(self)
        row.pop("line_starts")
        row.pop("line_numbers")
        return row


@dataclass(frozen=True, slots=True)
class Quantity:
    """A target or baseline with its provenance (source line, sentence, character span)."""

    quantity_id: str
    doc_id: str
    seed: str
    kind: str  # "target" | "baseline"
    indicator: str
    value: float
    value_high: float | None
    unit: str
    comparator: str  # "=", ">=", ">", "<=", "<", "~"
    change: str | None  # "increase" | "decrease" | None
    baseline_year: int | None
    target_year: int | None  # target year, or observation year for a baseline
    per_year: bool
    baseline_value: float | None
    sentence: str
    line: int
    char_start: int  # offset of the number in Document.text
    char_end: int
    confidence: float
    attribute: str | None = None  # 预期性 / 约束性, where an indicator table prints it

    def as_row(self) -> dict:
        return asdict(self)
