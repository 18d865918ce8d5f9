"""Property: whatever bytes or text arrive, the parser returns a report or a clear file error."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.progress.validation import ExpectedUnit, ProgressFileError, ProgressReport, validate_progress

KNOWN = {"q1": ExpectedUnit("吨"), "q2": ExpectedUnit("%"), "q3": ExpectedUnit("%", relative=True)}
TODAY = date(2025, 11, 22)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _outcome(data: bytes) -> ProgressReport | None:
    try:
        report = validate_progress(data, KNOWN, today=TODAY)
    except ProgressFileError as error:
        assert str(error).strip()
        return None
    assert report.rows == len(report.valid) + len(report.rejected)
    assert all(r.reason and r.line >= 1 for r in report.rejected)
    return report


@SETTINGS
@given(st.binary(max_size=2000))
def test_random_bytes(data):
    _outcome(data)


@SETTINGS
@given(st.binary(max_size=500))
def test_random_bytes_after_a_good_header(data):
    _outcome(b"quantity_id,period,value,note\r\n" + data)


cells = st.one_of(
    st.sampled_from(
        [
            "q1",
            "q2",
            "q3",
            "Q1",
            "q9",
            "",
            "2024",
            "2024-06",
            "2024年6月",
            "1,234.5",
            "28亿",
            "87%",
            '"',
            '""',
            '"a,b"',
            "—",
            "2031",
            "1e9",
            "-0",
            "　",
            "\ufeff",
            "=1+1",
        ]
    ),
    st.text(max_size=12),
)
row = st.lists(cells, max_size=6)
separators = st.sampled_from([",", "\t", ";"])
line_ends = st.sampled_from(["\n", "\r\n", "\r"])


@SETTINGS
@given(
    st.lists(row, max_size=20),
    separators,
    line_ends,
    st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]),
    st.booleans(),
)
def test_random_csv_text(rows, separator, line_end, encoding, chinese_header):
    header = ["指标编号", "期间", "数值", "备注"] if chinese_header else ["quantity_id", "period", "value", "note"]
    text = line_end.join(separator.join(cells) for cells in [header, *rows])
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8", errors="replace")
    _outcome(data)
