"""etl.progress: real progress files in, a report (or one clear file error) out."""
from __future__ import annotations

import time
from datetime import date

import pandas as pd
import pytest

from etl.progress import ExpectedUnit, ProgressFileError, template_csv, validate_progress
from etl.progress_csv import MAX_FILE_BYTES
from tests.etl.progress_fixtures import TARGET_IDS, TARGETS, csv_bytes, good_rows, minimal_xlsx

TODAY = date(2025, 11, 22)
KNOWN = {q.quantity_id: ExpectedUnit(q.unit, q.change is not None and q.baseline_year is not None) for q in TARGETS}
TONNES, PERCENT, RELATIVE, RANGE = TARGET_IDS


def check(data: bytes, name: str = "upload.csv"):
    return validate_progress(data, KNOWN, file_name=name, today=TODAY)


def test_gbk_file_written_the_way_excel_writes_it():
    # Excel (Chinese Windows) "CSV (逗号分隔)": GBK, CRLF, Chinese header, quoted thousands, 87%, 2024/6/30.
    data = csv_bytes([[TONNES, "2024年", "1,234.5", "初步统计"], [PERCENT, "2024/6/30", "87%", ""],
                      [RELATIVE, "2023", "92.1", "指数"]],
                     header=("指标编号", "期间", "数值", "备注"), encoding="gbk")
    report = check(data, "进展.csv")
    assert report.encoding == "gb18030" and report.delimiter == "comma"
    assert report.summary_line() == "rows=3 valid=3 rejected=0 imported=0"
    first, second, third = report.valid
    assert (first.quantity_id, first.period, first.value, first.note) == (TONNES, "2024", 1234.5, "初步统计")
    assert (second.period, second.period_end, second.value) == ("2024-06-30", date(2024, 6, 30), 87.0)
    assert third.value == 92.1


def test_utf8_bom_tab_separated_file_with_magnitudes():
    data = "\ufeff".encode() + csv_bytes([[TONNES, "2024-06", "2.8亿", ""], [TONNES, "2023", "3亿吨", ""]],
                                         delimiter="\t")
    report = check(data)
    assert report.encoding == "utf-8-sig" and report.delimiter == "tab"
    assert [r.value for r in report.valid] == [2.8e8, 3e8]
    assert report.valid[0].period_end == date(2024, 6, 30)


def test_excel_unicode_text_is_utf16_with_tabs():
    data = csv_bytes([[PERCENT, "2024年6月", "87%", "备注"]], header=("指标编号", "期间", "数值", "备注"),
                     delimiter="\t", encoding="utf-16")
    report = check(data)
    assert (report.encoding, report.delimiter, report.valid[0].value) == ("utf-16", "tab", 87.0)


def test_ten_bad_rows_of_different_kinds_among_a_thousand_good_ones():
    rows = good_rows(1000)
    bad = {
        "unknown quantity_id": ["q9999999999999999", "2024", "5", ""],
        "is a percentage, but the target is measured in 吨": [TONNES, "2024", "87%", ""],
        "cannot read period": [TONNES, "Jun-24", "5", ""],
        "in the future": [TONNES, "2031", "5", ""],
        "not a number": [PERCENT, "2024", "abc", ""],
        "value is empty": [PERCENT, "2023", "", "missing"],
        "quantity_id is empty": ["", "2024", "5", ""],
        "commas may only group thousands": [TONNES, "2022", "1,2", ""],
        "does not match the target's unit": [TONNES, "2021", "28亿千瓦", ""],
        "level, not the change": [RELATIVE, "2024", "12%", ""],
    }
    lines = {}
    for position, (reason, row) in zip(range(50, 1000, 95), bad.items()):
        rows.insert(position, row)
    for index, row in enumerate(rows):
        for reason, bad_row in bad.items():
            if row is bad_row:
                lines[index + 2] = reason  # +1 for the header, +1 for 1-based lines
    started = time.perf_counter()
    report = check(csv_bytes(rows))
    assert time.perf_counter() - started < 5
    assert report.summary_line() == "rows=1010 valid=1000 rejected=10 imported=0"
    assert {r.line: r.reason for r in report.rejected}.keys() == lines.keys()
    for rejected in report.rejected:
        assert lines[rejected.line] in rejected.reason, rejected
        assert rejected.text  # the row as read, to find it in the file


def test_xlsx_renamed_csv_gets_save_as_csv_advice():
    with pytest.raises(ProgressFileError, match="Excel workbook.*Save As.*CSV"):
        check(minimal_xlsx(), "progress.csv")


def test_empty_file_is_refused_with_a_hint():
    with pytest.raises(ProgressFileError, match="empty"):
        check(b"")


def test_fifty_megabyte_file_is_refused_on_size_before_parsing():
    data = csv_bytes(good_rows(10)) + b"x" * (50 * 1024 * 1024)
    started = time.perf_counter()
    with pytest.raises(ProgressFileError, match="50.0 MB; the limit is 20 MB"):
        check(data)
    assert time.perf_counter() - started < 0.5
    assert len(data) > MAX_FILE_BYTES


def test_too_many_rows_is_refused():
    rows = [[TONNES, "2024", "1", ""]] * 50_001
    with pytest.raises(ProgressFileError, match="more than 50,000 rows"):
        check(csv_bytes(rows))


@pytest.mark.parametrize("data, message", [
    (b"\x00\x01\x02\xff\xfe\x00garbage", "not text"),
    (b"hello world\nthis is not a table\n", "No recognisable header"),
    (b"quantity_id,period,note\nq1,2024,x\n", "lacks the column\\(s\\) value"),
    (b"%PDF-1.7 ...", "PDF"),
])
def test_files_that_are_not_progress_csvs(data, message):
    with pytest.raises(ProgressFileError, match=message):
        check(data)


def test_empty_rows_are_skipped_and_identical_repeats_imported_once():
    data = csv_bytes([[TONNES, "2024", "5", ""], ["", "", "", ""], [TONNES, "2024", "5", ""]])
    report = check(data + b"\r\n\r\n")
    assert report.summary_line() == "rows=2 valid=2 rejected=0 imported=0"
    assert len(report.rows_to_import) == 1
    assert any("repeat the same figure" in note for note in report.notes)


def test_conflicting_figures_for_one_period_are_all_refused():
    report = check(csv_bytes([[TONNES, "2024", "5", ""], [TONNES, "2024年", "6", ""]]))
    assert [r.line for r in report.rejected] == [2, 3]
    assert "different figures (5, 6)" in report.rejected[0].reason


def test_extra_columns_title_rows_and_unfilled_template_rows():
    text = ("2024年进展填报\n"
            "quantity_id,indicator,unit,target,period,value,note\n"
            f"{TONNES},再生资源循环利用量,吨,450000000,2024,\"4,100,000\",\n"
            f"{PERCENT},森林覆盖率,%,24.1,,,\n")
    report = check(text.encode())
    assert report.summary_line() == "rows=1 valid=1 rejected=0 imported=0"
    assert report.valid[0].value == 4_100_000
    assert any("ignored columns: indicator, unit, target" in n for n in report.notes)
    assert any("header is on line 2" in n for n in report.notes)
    assert any("not filled in" in n for n in report.notes)


def test_unquoted_thousands_comma_is_explained():
    report = check(f"quantity_id,period,value,note\n{TONNES},2024,1,234.5,\n".encode())
    assert "split at its thousands comma" in report.rejected[0].reason


def test_percentage_target_accepts_a_plain_number_and_a_percentage():
    report = check(csv_bytes([[PERCENT, "2024", "87", ""], [PERCENT, "2023", "８６％", ""]]))
    assert [r.value for r in report.valid] == [87, 86]


def test_template_is_utf8_bom_safe_and_round_trips():
    targets = pd.DataFrame({"quantity_id": [TONNES, PERCENT, RANGE], "indicator": ["=cmd|' /C calc'!A0", "森林覆盖率", "5G基站"],
                            "unit": ["吨", "%", "万个"], "value": [4.5e8, 24.1, 60.0], "value_high": [None, None, 80.0],
                            "target_year": [2025, None, 2025]})
    data = template_csv(targets)
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == "quantity_id,indicator,unit,target,target_year,period,value,note"
    assert lines[1] == f"{TONNES},'=cmd|' /C calc'!A0,吨,450000000,2025,,,"
    assert lines[2] == f"{PERCENT},森林覆盖率,%,24.1,,,,"
    assert lines[3] == f"{RANGE},5G基站,万个,60-80,2025,,,"
    report = check(data)  # uploaded untouched: nothing to import, nothing wrong
    assert report.summary_line() == "rows=0 valid=0 rejected=0 imported=0"
