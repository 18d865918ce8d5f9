"""Which converter a file needs, from its bytes: the name's extension is only used in messages.

PDF by its `%PDF-` header; a zip is a .docx only when it holds `word/document.xml` (an .ofd, .xlsx
or .odt is a zip too); OLE2 compound files are the old binary .doc / .wps / .xls; HTML by its tags;
anything else is tried as text.
"""

from __future__ import annotations

import io
import re
import zipfile

from etl.convert.model import ConversionError

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
    re.IGNORECASE | re.DOTALL,
)
SAVE_AS = "open it in WPS or Word and save it as .docx or PDF, then add that file"


def sniff(data: bytes, name: str) -> str:
    """ "pdf", "docx", "html" or "text"; ConversionError for formats that have no converter here."""
    if not data.strip():
        raise ConversionError(f"{name}: the file is empty")
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(OLE2_MAGIC):
        raise ConversionError(f"{name}: an old binary Word/WPS (.doc, .wps) file; {SAVE_AS}")
    if head.startswith(ZIP_MAGIC):
        return _zip_kind(data, name)
    if _HTML_START.match(data[:4096].lstrip(b"\xef\xbb\xbf")):
        return "html"
    return "text"


def _zip_kind(data: bytes, name: str) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise ConversionError(f"{name}: a damaged zip/.docx file ({error})") from None
    if "word/document.xml" in names:
        return "docx"
    if "OFD.xml" in names:
        raise ConversionError(f"{name}: an OFD file (China's fixed-layout format); {SAVE_AS}")
    raise ConversionError(f"{name}: a zip archive that is not a Word .docx; unpack it or {SAVE_AS}")
