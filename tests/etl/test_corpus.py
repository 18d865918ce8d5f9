"""etl.corpus: every kind of file people hand us is read, or rejected with a message naming it."""

from __future__ import annotations

import pytest

from etl import corpus
from etl.corpus import UnreadableFile, check_size, decode

# 001_4730ba62b89b5414.txt line 7991
SENTENCE = "港口综合通过能力达到28亿吨，集装箱通过能力达到2100万标箱。"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_supported_encodings_decode_to_the_same_text(encoding):
    text, _ = decode(SENTENCE.encode(encoding), "plan.txt")
    assert text == SENTENCE


def test_windows_and_old_mac_line_endings_become_newlines():
    text, _ = decode("第一行\r\n第二行\r第三行".encode(), "plan.txt")
    assert text.split("\n") == ["第一行", "第二行", "第三行"]


def test_empty_file_is_empty_text():
    assert decode(b"", "empty.txt") == ("", "utf-8-sig")


def test_binary_file_is_rejected_by_name():
    with pytest.raises(UnreadableFile, match=r"^image\.txt: looks binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image.txt")


def test_bytes_that_are_no_supported_encoding_are_rejected_by_name():
    with pytest.raises(UnreadableFile, match=r"^latin\.txt: not UTF-8 or GB18030"):
        decode(b"\x81\x30\xff\xfe" * 10, "latin.txt")


def test_an_enormous_single_line_is_rejected(monkeypatch):
    monkeypatch.setattr(corpus, "MAX_LINE_CHARS", 1000)
    with pytest.raises(UnreadableFile, match=r"^one-line\.txt: has a line of 5,000 characters"):
        decode(("港" * 5000).encode("utf-8"), "one-line.txt")


def test_a_file_over_the_size_limit_is_rejected_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(corpus, "MAX_FILE_BYTES", 1024)
    big = tmp_path / "dump.txt"
    big.write_bytes(b"a\n" * 1000)
    with pytest.raises(UnreadableFile, match=r"^dump\.txt: .*limit for one corpus file"):
        check_size(big.stat().st_size, big.name)  # what the build asks before reading a file
    with pytest.raises(UnreadableFile, match=r"^dump\.txt: .*limit for one corpus file"):
        decode(big.read_bytes(), big.name)


def test_the_bundled_corpus_reads_as_utf8():
    from etl.store.paths import DEFAULT_DATA_DIR

    files = corpus.list_corpus_files(DEFAULT_DATA_DIR / "corpus")
    assert len(files) == 2
    assert all(decode(f.read_bytes(), f.name)[0].count("\n") > 5000 for f in files)
