"""Word .docx -> text with python-docx: paragraphs and tables in document order.

A table becomes one line per row with its cells separated by a tab, the table layout etl.text keeps
for extraction (a .docx or web table, a spreadsheet paste). The zip is checked before python-docx inflates it: a
"zip bomb" (a few KB that inflate to gigabytes) is refused.
"""

from __future__ import annotations

import io
import zipfile

from etl.convert.model import ConversionError, Converted

MAX_INFLATED_BYTES = 256 * 1024 * 1024
MAX_RATIO = 200  # Word XML compresses ~10x; hundreds of times is a bomb
MAX_MEMBERS = 10_000


def check_zip(data: bytes, name: str) -> None:
    """Refuse an archive whose declared sizes would inflate to far more than a document needs."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise ConversionError(f"{name}: a damaged .docx ({error})") from None
    inflated = sum(member.file_size for member in members)
    packed = max(1, sum(member.compress_size for member in members))
    if len(members) > MAX_MEMBERS or inflated > MAX_INFLATED_BYTES or inflated / packed > MAX_RATIO:
        raise ConversionError(
            f"{name}: refused: the .docx would inflate to {inflated / 2**20:,.0f} MB "
            f"({inflated / packed:,.0f} times its packed size); it looks like a zip bomb"
        )


def table_lines(table) -> list[str]:
    """One line per row, cells left to right separated by tabs; a merged cell repeated by
    python-docx appears once; line breaks inside a cell become spaces."""
    lines = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            text = " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())
            if text:
                cells.append(text)
        if cells:
            lines.append("\t".join(cells))
    return lines


def convert_docx(data: bytes, name: str) -> Converted:
    check_zip(data, name)
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises KeyError, XMLSyntaxError, ValueError... on damage
        raise ConversionError(f"{name}: a damaged .docx ({type(error).__name__}: {error})") from None
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(table_lines(block))
        else:
            lines.extend(block.text.split("\n"))
    text = "\n".join(line.rstrip() for line in lines)
    if not text.strip():
        raise ConversionError(f"{name}: the .docx has no text")
    return Converted(text, "docx")
