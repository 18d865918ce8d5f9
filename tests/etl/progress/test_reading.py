"""etl.progress.reading: bytes of an upload -> cells with their line numbers, or one clear file error.
Cases are files as Excel and WPS save them (UTF-8 with BOM, GBK, UTF-16 "Unicode text", tabs)."""

from __future__ import annotations

import re

import pytest

from etl.progress.reading import ProgressFileError, decode_text, find_header, match_header, read_table
from tests.etl.progress_fixtures import TARGET_IDS, csv_bytes

ROWS = [[TARGET_IDS[0], "2023", "4.2亿", "统计公报"], [TARGET_IDS[1], "2024-06", "23.5%", ""]]


@pytest.mark.parametrize(
    "encoding, expected", [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gbk", "gb18030"), ("utf-16", "utf-16")]
)
def test_every_encoding_excel_writes_reads_to_the_same_cells(encoding, expected):
    table = read_table(csv_bytes(ROWS, encoding=encoding))
    assert table.encoding == expected
    assert [row.cells for row in table.rows] == [tuple(r) for r in ROWS]
    assert [row.line for row in table.rows] == [2, 3]


@pytest.mark.parametrize("delimiter", [",", "\t", ";"])
def test_the_delimiter_is_the_one_that_makes_the_header_readable(delimiter):
    table = read_table(csv_bytes(ROWS, delimiter=delimiter))
    assert table.delimiter == delimiter and table.columns == {"quantity_id": 0, "period": 1, "value": 2, "note": 3}


def test_chinese_headers_in_another_order_and_a_title_row_above_them():
    data = ("2024年进展填报\r\n数值,指标编号,备注,期间\r\n87%," + TARGET_IDS[1] + ",,2024\r\n").encode("gbk")
    table = read_table(data)
    assert table.header_line == 2
    assert table.columns == {"value": 0, "quantity_id": 1, "note": 2, "period": 3}
    assert table.rows[0].line == 3 and table.rows[0].cells[1] == TARGET_IDS[1]


def test_blank_rows_are_skipped_and_line_numbers_count_quoted_line_breaks():
    data = (
        "quantity_id,period,value,note\r\n\r\n"
        + TARGET_IDS[0]
        + ',2023,1,"两行\r\n备注"\r\n'
        + TARGET_IDS[1]
        + ",2023,2,\r\n"
    ).encode()
    table = read_table(data)
    assert [row.line for row in table.rows] == [3, 5]


def test_columns_beyond_the_contract_are_named():
    table = read_table(
        csv_bytes([[*row, "吨"] for row in ROWS], header=("quantity_id", "period", "value", "note", "unit"))
    )
    assert table.extra_columns == ("unit",) and table.rows[0].cells[4] == "吨"


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "The file is empty"),
        (b"%PDF-1.7", "This is a PDF"),
        (b"\xff\xfe" + "a\x00b".encode("utf-16-le"), "not text in UTF-8, UTF-16 or GBK"),
        (b"name,year\r\nx,2023\r\n", "No recognisable header"),
        (b"quantity_id,value\r\nq1,3\r\n", "lacks the column(s) period"),
    ],
)
def test_files_that_are_not_progress_csvs_say_why(data, message):
    with pytest.raises(ProgressFileError, match=re.escape(message)):
        read_table(data)


def test_header_names_are_matched_loosely_and_the_first_occurrence_wins():
    assert match_header(["Quantity ID", "PERIOD", "Value", "value"]) == {"quantity_id": 0, "period": 1, "value": 2}
    assert match_header(["ｑｕａｎｔｉｔｙ＿ｉｄ"]) == {"quantity_id": 0}  # full-width, as a Chinese keyboard types
    assert find_header(["", "id\tperiod\tvalue"])[:2] == (1, "\t")


def test_gbk_text_is_decoded_as_gb18030():
    assert decode_text("港口吞吐量".encode("gbk")) == ("港口吞吐量", "gb18030", "")  # no doubt: no Latin-1 look-alikes
