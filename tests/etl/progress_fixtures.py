"""Fixtures shared by the progress tests (builders, not tests): a small tracker database and progress
files.

Hand-built records (not the extractor's output), so these tests do not depend on extraction.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, timedelta
from pathlib import Path

from etl.records import Document, Quantity
from etl.store.paths import tracker_path
from etl.store.tracker import write_database

DOC = Document(
    doc_id="d1",
    seed="plan.txt",
    title="“十四五”工业绿色发展规划",
    issuer="工业和信息化部",
    doc_number="工信部规〔2021〕178号",
    issue_date="2021-11-15",
    level="national",
    start_line=1,
    end_line=40,
    text="...",
)


def quantity(
    quantity_id: str,
    indicator: str,
    value: float,
    unit: str,
    comparator: str = ">=",
    change: str | None = None,
    target_year: int | None = 2025,
    baseline_year: int | None = None,
    baseline_value: float | None = None,
    value_high: float | None = None,
    per_year: bool = False,
) -> Quantity:
    return Quantity(
        quantity_id=quantity_id,
        doc_id="d1",
        seed="plan.txt",
        kind="target",
        indicator=indicator,
        value=value,
        value_high=value_high,
        unit=unit,
        comparator=comparator,
        change=change,
        baseline_year=baseline_year,
        target_year=target_year,
        per_year=per_year,
        baseline_value=baseline_value,
        sentence=f"{indicator}达到{value}{unit}",
        line=10,
        char_start=0,
        char_end=1,
        confidence=0.9,
    )


TARGETS = [
    quantity("q0000000000000001", "再生资源循环利用量", 4.5e8, "吨"),
    quantity("q0000000000000002", "森林覆盖率", 24.1, "%"),
    quantity(
        "q0000000000000003",
        "单位GDP能耗",
        13.5,
        "%",
        comparator="=",
        change="decrease",
        baseline_year=2020,
        baseline_value=100.0,
    ),
    quantity("q0000000000000004", "新建5G基站", 60, "万个", comparator="=", value_high=80),
]
TARGET_IDS = [q.quantity_id for q in TARGETS]


def write_small_tracker(folder: Path, quantities: list[Quantity] | None = None) -> Path:
    """tracker.duckdb with the hand-built targets above (or the given ones); rewrite = a rebuild."""
    folder.mkdir(parents=True, exist_ok=True)
    write_database(tracker_path(folder), [DOC], TARGETS if quantities is None else quantities)
    return folder


def csv_bytes(
    rows: list[list[str]],
    header=("quantity_id", "period", "value", "note"),
    encoding: str = "utf-8",
    delimiter: str = ",",
    line_end: str = "\r\n",
) -> bytes:
    """A CSV the way Excel writes one: CRLF, quoting only where needed."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=line_end)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def good_rows(count: int) -> list[list[str]]:
    """`count` distinct valid rows over the 吨 and % targets (one day apart, so keys are unique)."""
    rows = []
    for i in range(count):
        qid = TARGET_IDS[i % 2]
        day = date(2000, 1, 1) + timedelta(days=i // 2)
        value = f"{i + 1:,}.5" if qid == TARGET_IDS[0] else f"{(i % 90) + 1}%"
        rows.append([qid, day.isoformat(), value, ""])
    return rows


def minimal_xlsx() -> bytes:
    """A real (minimal) Office Open XML workbook, as Excel's .xlsx is a zip of XML parts."""
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
        "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/'
        'spreadsheetml/2006/main"><sheets><sheet name="Sheet1" sheetId="1"/></sheets></workbook>',
        "xl/worksheets/sheet1.xml": '<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr">'
        "<is><t>quantity_id</t></is></c></row></sheetData></worksheet>",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def workbook_bytes(
    rows: list[list],
    header=("quantity_id", "period", "value", "note"),
    above: list[list] = (),
    second_sheet: list[list] = (),
) -> bytes:
    """A real .xlsx (openpyxl, as Excel and WPS write the format): optional rows above the header,
    typed cells (numbers, dates) as a person enters them, and optionally a second sheet."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "进展"
    for row in [*above, list(header), *rows]:
        sheet.append(row)
    if second_sheet:
        other = book.create_sheet("其他")
        for row in second_sheet:
            other.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
