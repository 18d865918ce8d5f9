"""Plain text in any encoding the corpus reader accepts (UTF-8, with or without BOM, GB18030)."""

from __future__ import annotations

from etl.convert.model import ConversionError, Converted
from etl.corpus import UnreadableFile, decode


def convert_text(data: bytes, name: str) -> Converted:
    try:
        text, _encoding = decode(data, name)
    except UnreadableFile as error:
        raise ConversionError(str(error)) from None
    if not text.strip():  # a BOM, or only spaces: never a silent empty document
        raise ConversionError(f"{name}: the file has no text")
    return Converted(text, "text")
