"""Property-based fuzzing of document conversion: any bytes, under any name, become either a
`Converted` with text or one ConversionError naming the file, never another exception.

Inputs start from the headers that steer detection (%PDF-, a zip's PK, OLE2, HTML tags, a BOM)
followed by random bytes, and real files cut at random points.
"""

from __future__ import annotations

import io
import zipfile

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from etl.convert import ConversionError, Converted, convert
from tests.etl.convert.documents import docx_bytes

PREFIXES = [
    b"",
    b"%PDF-1.7\n",
    b"PK\x03\x04",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    b"<!DOCTYPE html><html><body>",
    b"<html><p>",
    b"\xef\xbb\xbf",
    "到2025年，港口综合通过能力达到28亿吨。".encode("gb18030"),
]
NAMES = ["a.pdf", "b.docx", "c.html", "d.txt", "e", "../f.doc", '"<g>".wps']
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _docx_zip() -> bytes:
    return docx_bytes("到2025年，港口综合通过能力达到28亿吨。\n第二段")


DOCX = _docx_zip()


def _converts_or_says_why(data: bytes, name: str) -> None:
    try:
        converted = convert(data, name)
    except ConversionError as error:
        message = str(error)
        assert message and "\n" not in message and "Traceback" not in message
        return
    assert isinstance(converted, Converted) and converted.text.strip()


@FUZZ
@given(st.sampled_from(PREFIXES), st.binary(max_size=2000), st.sampled_from(NAMES))
@example(b"\xef\xbb\xbf", b"", "a.pdf")  # found by hypothesis: a lone BOM converted to an empty document
def test_random_bytes_after_a_format_header(prefix, tail, name):
    _converts_or_says_why(prefix + tail, name)


@FUZZ
@given(st.integers(min_value=0, max_value=len(DOCX)), st.binary(max_size=64))
def test_a_docx_cut_or_overwritten_anywhere(cut, junk):
    _converts_or_says_why(DOCX[:cut] + junk, "cut.docx")


@FUZZ
@given(
    st.dictionaries(
        st.sampled_from(
            ["word/document.xml", "[Content_Types].xml", "word/_rels/document.xml.rels", "_rels/.rels", "OFD.xml", "x"]
        ),
        st.binary(max_size=300),
        max_size=5,
    )
)
def test_zips_with_random_members(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member, content in members.items():
            archive.writestr(member, content)
    _converts_or_says_why(buffer.getvalue(), "random.docx")
