"""etl.progress.validation (and .template): real progress files in, a report (or one clear file error) out."""

from __future__ import annotations

import time
from datetime import date

import pandas as pd
import pytest

from etl.progress.reading import MAX_FILE_BYTES
from etl.progress.template import template_csv
from etl.progress.validation import ExpectedUnit, ProgressFileError, validate_progress
from tests.etl.progress_fixtures import TARGET_IDS, TARGETS, csv_bytes, good_rows, minimal_xlsx

TODAY = date(2025, 11, 22)
KNOWN = {q.quantity_id: ExpectedUnit(q.unit, q.change is not None and q.baseline_year is not None) for q in TARGETS}
TONNES, PERCENT, RELATIVE, RANGE = TARGET_IDS


def check(data: bytes, name: str = "upload.csv"):
    return validate_progress(data, KNOWN, file_name=name, today=TODAY)


def test_gbk_file_written_the_way_excel_writes_it():
    # Excel (Chinese Windows) "CSV (逗号分隔)": GBK, CRLF, Chinese header, quoted thousands, 87%, 2024/6/30.
    data = csv_bytes(
        [
            [TONNES, "2024年", "1,234.5", "初步统计"],
            [PERCENT, "2024/6/30", "87%", ""],
            [RELATIVE, "2023", "92.1", "指数"],
        ],
        header=("指标编号", "期间", "数值", "备注"),
        encoding="gbk",
    )
    report = check(data, "进展.csv")
    assert report.encoding == "gb18030" and report.delimiter == "comma"
    assert report.summary_line() == "rows=3 valid=3 rejected=0 imported=0"
    first, second, third = report.valid
    assert (first.quantity_id, first.period, first.value, first.note) == (TONNES, "2024", 1234.5, "初步统计")
    assert (second.period, second.period_end, second.value) == ("2024-06-30", date(2024, 6, 30), 87.0)
    assert third.value == 92.1


def test_utf8_bom_tab_separated_file_with_magnitudes():
    data = "\ufeff".encode() + csv_bytes(
        [[TONNES, "2024-06", "2.8亿", ""], [TONNES, "2023", "3亿吨", ""]], delimiter="\t"
    )
    report = check(data)
    assert report.encoding == "utf-8-sig" and report.delimiter == "tab"
    assert [r.value for r in report.valid] == [2.8e8, 3e8]
    assert report.valid[0].period_end == date(2024, 6, 30)


def test_excel_unicode_text_is_utf16_with_tabs():
    data = csv_bytes(
        [[PERCENT, "2024年6月", "87%", "备注"]],
        header=("指标编号", "期间", "数值", "备注"),
        delimiter="\t",
        encoding="utf-16",
    )
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
    for position, (_reason, row) in zip(range(50, 1000, 95), bad.items()):
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


@pytest.mark.parametrize(
    "data, message",
    [
        (b"\x00\x01\x02\xff\xfe\x00garbage", "not text"),
        (b"hello world\nthis is not a table\n", "No recognisable header"),
        (b"quantity_id,period,note\nq1,2024,x\n", "lacks the column\\(s\\) value"),
        (b"%PDF-1.7 ...", "PDF"),
    ],
)
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
    text = (
        "2024年进展填报\n"
        "quantity_id,indicator,unit,target,period,value,note\n"
        f'{TONNES},再生资源循环利用量,吨,450000000,2024,"4,100,000",\n'
        f"{PERCENT},森林覆盖率,%,24.1,,,\n"
    )
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
    targets = pd.DataFrame(
        {
            "quantity_id": [TONNES, PERCENT, RANGE],
            "indicator": ["=cmd|' /C calc'!A0", "森林覆盖率", "5G基站"],
            "unit": ["吨", "%", "万个"],
            "value": [4.5e8, 24.1, 60.0],
            "value_high": [None, None, 80.0],
            "target_year": [2025, None, 2025],
        }
    )
    data = template_csv(targets)
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == "quantity_id,indicator,unit,target,target_year,period,value,note"
    assert lines[1] == f"{TONNES},'=cmd|' /C calc'!A0,吨,450000000,2025,,,"
    assert lines[2] == f"{PERCENT},森林覆盖率,%,24.1,,,,"
    assert lines[3] == f"{RANGE},5G基站,万个,60-80,2025,,,"
    report = check(data)  # uploaded untouched: nothing to import, nothing wrong
    assert report.summary_line() == "rows=0 valid=0 rejected=0 imported=0"


# --- Second reliability round (issue 11) ------------------------------------------------------------


def test_an_unclosed_quote_is_reported_where_it_opens_and_the_rows_it_swallowed_are_rejected():
    text = (
        f'quantity_id,period,value,note\n{TONNES},1970,1,before\n{TONNES},1971,2,"unclosed note\n'
        f"{TONNES},1972,0,after\n{TONNES},1973,1,after\n"
    )
    report = check(text.encode())
    assert [r.period for r in report.valid] == ["1970"]
    assert [r.line for r in report.rejected] == [3, 4, 5]
    assert "quote" in report.rejected[0].reason and "line 3" in report.rejected[0].reason
    assert all("line 3" in r.reason for r in report.rejected[1:])
    assert report.summary_line() == "rows=4 valid=1 rejected=3 imported=0"


def test_an_unclosed_quote_past_the_csv_modules_field_limit_still_counts_every_row():
    rows = [[TONNES, str(1950 + i % 70), str(i), "x" * 40] for i in range(4000)]  # > 131,072 characters
    data = csv_bytes([[TONNES, "1949", "1", '"never closed']] + rows)
    report = check(data.replace(b'"""never closed"', b'"never closed'))
    assert report.rows == 4001 and len(report.rejected) == 4001 and not report.valid
    assert "quote" in report.rejected[0].reason


def test_a_note_on_two_lines_is_still_one_row():
    # Excel writes Alt+Enter inside a cell as a quoted line break: that is not an open quote.
    report = check(f'quantity_id,period,value,note\n{TONNES},2024,5,"first line\nsecond line"\n'.encode())
    assert report.ok and report.valid[0].note.split() == ["first", "line", "second", "line"]


def test_a_windows_1252_file_is_flagged_as_uncertain_with_a_sample():
    text = f"quantity_id,period,value,note\n{TONNES},2024,5,naïve résumés\n"
    report = check(text.encode("cp1252"))
    assert report.encoding == "gb18030"
    assert report.encoding_doubt and "naïve" not in report.encoding_doubt
    assert "2024" in report.encoding_doubt  # the decoded sample, for a person to judge
    chosen = validate_progress(text.encode("cp1252"), KNOWN, today=TODAY, encoding="cp1252")
    assert chosen.valid[0].note == "naïve résumés" and not chosen.encoding_doubt


def test_a_gbk_file_with_chinese_notes_is_not_doubted():
    data = csv_bytes(
        [[TONNES, "2024年", "1,234.5", "初步统计，含镕基项目"]],
        header=("指标编号", "期间", "数值", "备注"),
        encoding="gbk",
    )
    assert not check(data).encoding_doubt


def test_repeated_rows_cite_a_few_lines_not_all_of_them():
    rows = [[TONNES, "2024", str(i), ""] for i in range(1000)]
    report = check(csv_bytes(rows))
    assert len(report.rejected) == 1000
    longest = max(len(r.reason) for r in report.rejected)
    assert longest < 300 and "and 99" in report.rejected[0].reason  # "and 996 more" (or 997)


def test_same_value_different_notes_says_so():
    report = check(csv_bytes([[TONNES, "2024", "51", "first"], [TONNES, "2024", "51", "second"]]))
    assert [r.line for r in report.rejected] == [2, 3]
    reason = report.rejected[0].reason
    assert "different notes" in reason and "different figures" not in reason


def test_quantity_id_wins_over_id_in_the_header():
    data = f"id,quantity_id,period,value\n1,{TONNES},2024,5\n".encode()
    report = check(data)
    assert report.ok and report.valid[0].quantity_id == TONNES


def test_utf16_without_a_bom_is_read():
    data = csv_bytes([[PERCENT, "2024", "87%", "备注"]], delimiter="\t", encoding="utf-16-le")
    report = check(data)
    assert report.ok and report.valid[0].value == 87.0 and report.encoding == "utf-16-le"
    assert check(csv_bytes([[PERCENT, "2024", "87%", ""]], encoding="utf-16-be")).ok


def test_a_file_with_only_a_header_says_so():
    with pytest.raises(ProgressFileError, match="no rows"):
        check(csv_bytes([]))


# --- .xlsx as Excel and WPS save it (issue 15, item 14) ------------------------------------------------


def test_an_xlsx_workbook_is_read_from_its_first_sheet_with_the_same_header_rules():
    from datetime import datetime

    from tests.etl.progress_fixtures import workbook_bytes

    data = workbook_bytes(
        [
            [TONNES, 2024, 1234.5, "初步统计"],
            [PERCENT, datetime(2024, 6, 30), "87%", None],
            [RELATIVE, "2023年", 92, ""],
            [TONNES, None, None, None],
        ],
        header=("指标编号", "期间", "数值", "备注"),
        above=[["2024年进展填报"]],
        second_sheet=[["quantity_id", "period", "value"], ["nonsense", "x", "y"]],
    )
    report = check(data, "进展.xlsx")
    assert report.summary_line() == "rows=3 valid=3 rejected=0 imported=0"
    first, second, third = report.valid
    assert (first.line, first.period, first.value, first.note) == (3, "2024", 1234.5, "初步统计")
    assert (second.period, second.value) == ("2024-06-30", 87.0)
    assert (third.period, third.value) == ("2023", 92.0)
    assert any("header is on line 2" in n for n in report.notes)


def test_an_xlsx_row_with_a_bad_cell_is_reported_by_its_row_number():
    from tests.etl.progress_fixtures import workbook_bytes

    report = check(workbook_bytes([[TONNES, 2024, 5, ""], [TONNES, 2031, 6, ""]]))
    assert [(r.line, "future" in r.reason) for r in report.rejected] == [(3, True)]
