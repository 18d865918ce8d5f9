"""`python -m etl add | documents | remove`: the user library from the command line.

Each test works on its own data folder with a one-file corpus (a real statistical review), so a
build takes a fraction of a second; the documents added are real texts of the external set,
printed to PDF by chromium or written to .docx.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from etl import cli
from etl.build import build
from etl.pipeline import process_file
from etl.store import library
from etl.store.paths import progress_path, tracker_path
from tests.etl.convert.documents import EXTERNAL_DEV, chromium_browser, docx_bytes, external_dev_texts, print_pdf

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def data(tmp_path) -> Path:
    """A data folder built from a one-file corpus (tmp/corpus: a work report with targets), without a
    library yet."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(EXTERNAL_DEV / "gwr2022.txt", corpus / "gwr2022.txt")
    folder = tmp_path / "data"
    build(folder, corpus, workers=1)
    return folder


def run(data: Path, *args: str) -> int:
    return cli.main([*args[:1], "--data-dir", str(data), "--corpus", str(data.parent / "corpus"), *args[1:]])


def rows(data: Path, sql: str, params=()) -> list[tuple]:
    con = duckdb.connect(str(tracker_path(data)), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def library_targets(data: Path) -> dict[str, int]:
    return dict(
        rows(
            data,
            "SELECT source_file, count(*) FROM quantities WHERE kind = 'target' "
            "AND source_file LIKE 'library-%' GROUP BY 1",
        )
    )


def write(folder: Path, name: str, content: bytes) -> Path:
    path = folder / name
    path.write_bytes(content)
    return path


@pytest.fixture(scope="module")
def gwr2021_pdf() -> bytes:
    with chromium_browser() as browser:
        return print_pdf(browser, external_dev_texts()["gwr2021.txt"])


def test_add_a_pdf_a_docx_and_a_text_builds_only_them_and_keeps_the_originals(data, tmp_path, capsys, gwr2021_pdf):
    texts = external_dev_texts()
    files = [
        write(tmp_path, "gwr2021.pdf", gwr2021_pdf),
        write(tmp_path, "gwr2022.docx", docx_bytes(texts["gwr2022.txt"])),
        write(tmp_path, "health.txt", texts["nbs75_health.txt"].encode("gb18030")),
    ]
    corpus_rows = rows(data, "SELECT count(*) FROM quantities")[0][0]
    assert run(data, "add", *map(str, files), "--quiet") == 0
    out = capsys.readouterr().out
    last = out.strip().splitlines()[-1]
    assert last.startswith("added 3 of 3 files; built") and "(3 extracted, 1 unchanged reused)" in last
    added = {e.name: e for e in library.entries(data)}
    assert set(added) == {"gwr2021.pdf", "gwr2022.docx", "health.txt"}
    for path in files:  # original bytes, byte for byte
        entry = added[path.name]
        assert (library.library_dir(data) / entry.doc_id / entry.stored).read_bytes() == path.read_bytes()
    targets = library_targets(data)
    for name, source in (("gwr2021.pdf", "gwr2021.txt"), ("gwr2022.docx", "gwr2022.txt")):
        from_text = sum(q.kind == "target" for q in process_file(source, texts[source])[1])
        assert from_text >= 20 and abs(targets[added[name].seed] - from_text) <= 0.05 * from_text, name
    assert rows(data, "SELECT count(*) FROM quantities WHERE source_file = 'gwr2022.txt'")[0][0] == corpus_rows
    assert f"{added['gwr2021.pdf'].doc_id}: {targets[added['gwr2021.pdf'].seed]} targets" in out


def test_a_pdf_quantity_knows_its_page(data, tmp_path, gwr2021_pdf):
    import pypdfium2 as pdfium

    assert run(data, "add", str(write(tmp_path, "gwr2021.pdf", gwr2021_pdf)), "--quiet") == 0
    [entry] = library.entries(data)
    quantities = rows(
        data, "SELECT line, sentence, value FROM quantities WHERE source_file = ? ORDER BY line", [entry.seed]
    )
    pdf = pdfium.PdfDocument(gwr2021_pdf)
    pages = ["".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf))]
    checked = 0
    for line, sentence, _value in quantities[:: max(1, len(quantities) // 8)]:
        page = library.page_of(data, entry.seed, line)
        fragment = "".join(sentence.split())[:12]
        assert fragment in pages[page - 1], (line, page, sentence)
        checked += 1
    assert checked >= 5 and len(set(library.page_map(data, entry.seed))) > 5


def test_a_file_already_in_the_library_is_reported_and_nothing_changes(data, tmp_path, capsys):
    path = write(tmp_path, "health.txt", (EXTERNAL_DEV / "nbs75_health.txt").read_bytes())
    assert run(data, "add", str(path), "--quiet") == 0
    before = (library.entries(data), tracker_path(data).stat().st_mtime_ns)
    capsys.readouterr()
    again = write(tmp_path, "renamed copy.txt", path.read_bytes())
    assert run(data, "add", str(again), "--quiet") == 0
    out = capsys.readouterr().out
    assert "already in the library as" in out and "nothing changed" in out
    assert (library.entries(data), tracker_path(data).stat().st_mtime_ns) == before


def test_adding_again_after_an_interrupted_add_builds_what_the_library_holds(data, tmp_path, capsys):
    path = write(tmp_path, "health.txt", (EXTERNAL_DEV / "nbs75_health.txt").read_bytes())
    assert run(data, "add", str(path), "--no-build") == 0  # as if killed between copying and building
    [entry] = library.entries(data)
    assert rows(data, "SELECT count(*) FROM documents WHERE source_file = ?", [entry.seed]) == [(0,)]
    assert run(data, "add", str(path), "--quiet") == 0
    assert "already in the library" in capsys.readouterr().out
    assert rows(data, "SELECT count(*) FROM documents WHERE source_file = ?", [entry.seed]) == [(1,)]


def test_one_bad_file_among_several_is_named_and_the_others_are_added(data, tmp_path, capsys):
    good = write(tmp_path, "health.txt", (EXTERNAL_DEV / "nbs75_health.txt").read_bytes())
    bad = write(tmp_path, "old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000)
    assert run(data, "add", str(bad), str(good), "--quiet") == 1
    captured = capsys.readouterr()
    assert captured.err.strip().splitlines() == [
        "error: old.doc: an old binary Word/WPS (.doc, .wps) file; open it in "
        "WPS or Word and save it as .docx or PDF, then add that file"
    ]
    assert "added 1 of 2 files; failed: old.doc; built" in captured.out
    assert [e.name for e in library.entries(data)] == ["health.txt"]


def _assert_refused(data: Path, capsys, args: list[str], *words: str) -> None:
    before = tracker_path(data).read_bytes()
    assert run(data, "add", *args, "--quiet") == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ") and all(w in err[0] for w in words), err
    assert library.entries(data) == [] and tracker_path(data).read_bytes() == before


def test_an_empty_file_is_refused(data, tmp_path, capsys):
    _assert_refused(data, capsys, [str(write(tmp_path, "empty.pdf", b""))], "empty.pdf", "empty")


def test_a_200_mb_file_is_refused_before_it_is_read_and_the_limit_is_configurable(data, tmp_path, capsys, monkeypatch):
    huge = tmp_path / "huge.pdf"
    with open(huge, "wb") as handle:  # sparse: 200 MB on paper, nothing on disk
        handle.truncate(200 * 2**20)
    _assert_refused(data, capsys, [str(huge)], "huge.pdf", "200.0 MB", "50 MB limit", "TRACKER_MAX_ADD_MB")
    monkeypatch.setenv("TRACKER_MAX_ADD_MB", "0.001")
    small = write(tmp_path, "small.txt", (EXTERNAL_DEV / "nbs75_health.txt").read_bytes())
    _assert_refused(data, capsys, [str(small)], "small.txt", "0 MB limit")


def test_damaged_encrypted_and_bomb_files_change_nothing(data, tmp_path, capsys, gwr2021_pdf):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b" " * (40 * 2**20))
    _assert_refused(data, capsys, [str(write(tmp_path, "bomb.docx", buffer.getvalue()))], "bomb.docx", "zip bomb")
    _assert_refused(
        data, capsys, [str(write(tmp_path, "cut.pdf", gwr2021_pdf[: len(gwr2021_pdf) // 3]))], "cut.pdf", "damaged"
    )
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter()
    writer.append(pypdf.PdfReader(io.BytesIO(gwr2021_pdf)))
    writer.encrypt("secret", algorithm="RC4-128")
    locked = io.BytesIO()
    writer.write(locked)
    _assert_refused(data, capsys, [str(write(tmp_path, "locked.pdf", locked.getvalue()))], "locked.pdf", "encrypted")


@pytest.mark.parametrize(
    "name", ["../../../etc/evil.txt", "quote\"d 'name'.txt", "<script>alert(1)</script>.txt", "..\\..\\win.txt"]
)
def test_hostile_file_names_stay_inside_the_library(data, tmp_path, name):
    added = library.add(data, (EXTERNAL_DEV / "nbs75_health.txt").read_bytes(), name)
    entry = added.entry
    folder = library.library_dir(data) / entry.doc_id
    assert (folder / entry.stored).resolve().parent == folder.resolve()
    assert "/" not in entry.name and "\\" not in entry.name and not entry.name.startswith(".")
    assert set(entry.seed) <= set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
    assert sorted(p.name for p in library.library_dir(data).iterdir()) == [".cache", entry.doc_id, "entries.lock"]
    assert not (tmp_path / "etc").exists()


def test_remove_takes_a_document_out_keeps_its_files_and_undo_puts_it_back(data, tmp_path, capsys):
    path = write(tmp_path, "health.txt", (EXTERNAL_DEV / "nbs75_health.txt").read_bytes())
    assert run(data, "add", str(path), "--quiet") == 0
    [entry] = library.entries(data)
    built = library_targets(data)
    assert (
        built.get(entry.seed, 0) > 0
        or rows(data, "SELECT count(*) FROM documents WHERE source_file = ?", [entry.seed])[0][0] == 1
    )
    assert run(data, "remove", entry.doc_id, "--quiet") == 0
    assert rows(data, "SELECT count(*) FROM documents WHERE source_file = ?", [entry.seed]) == [(0,)]
    assert (library.library_dir(data) / entry.doc_id / entry.stored).read_bytes() == path.read_bytes()
    capsys.readouterr()
    assert run(data, "documents") == 0
    assert "removed" in capsys.readouterr().out
    assert run(data, "remove", entry.doc_id, "--undo", "--quiet") == 0
    assert rows(data, "SELECT count(*) FROM documents WHERE source_file = ?", [entry.seed]) == [(1,)]
    assert library_targets(data) == built
    assert run(data, "remove", "ffffffffffff") == 1
    assert "no document ffffffffffff" in capsys.readouterr().err


def test_metadata_corrections_survive_a_full_rebuild(data, tmp_path):
    path = write(tmp_path, "health.txt", (EXTERNAL_DEV / "nbs75_health.txt").read_bytes())
    assert (
        run(
            data,
            "add",
            str(path),
            "--title",
            "卫生健康75年综述",
            "--issuer",
            "新华社",
            "--date",
            "2024-09-20",
            "--level",
            "national",
            "--quiet",
        )
        == 0
    )
    [entry] = library.entries(data)
    query = "SELECT title, issuer, issue_date, level FROM documents WHERE source_file = ? ORDER BY start_line LIMIT 1"
    expected = [("卫生健康75年综述", "新华社", "2024-09-20", "national")]
    assert rows(data, query, [entry.seed]) == expected
    assert run(data, "build", "--full", "--quiet", "--workers", "1") == 0
    assert rows(data, query, [entry.seed]) == expected
    library.set_corrections(data, entry.doc_id, {"title": "新标题", "level": "provincial"})
    assert run(data, "build", "--quiet", "--workers", "1") == 0
    assert rows(data, query, [entry.seed])[0][0::3] == ("新标题", "provincial")


@pytest.mark.parametrize(
    "flags, words", [(["--date", "2024-13-01"], "YYYY-MM-DD"), (["--date", "20240901"], "YYYY-MM-DD")]
)
def test_bad_metadata_is_refused_before_anything_is_added(data, tmp_path, capsys, flags, words):
    path = write(tmp_path, "health.txt", (EXTERNAL_DEV / "nbs75_health.txt").read_bytes())
    assert run(data, "add", str(path), *flags) != 0
    assert words in capsys.readouterr().err and library.entries(data) == []


def test_the_converted_text_is_rebuilt_when_the_converter_changes(data, tmp_path, monkeypatch):
    path = write(tmp_path, "health.txt", (EXTERNAL_DEV / "nbs75_health.txt").read_bytes())
    assert run(data, "add", str(path), "--quiet") == 0
    [entry] = library.entries(data)
    text_path = library.cache_dir(data) / entry.seed
    text_path.write_text("stale", encoding="utf-8")
    assert library.converted_text(data, entry).read_text(encoding="utf-8") == "stale"  # same version: cached
    monkeypatch.setattr(library, "converter_version", lambda: "another-version")
    assert "新中国成立75周年" in library.converted_text(data, entry).read_text(encoding="utf-8")


KILL_RUNS = 12


def test_killing_add_at_random_moments_leaves_library_and_databases_consistent(data, tmp_path, gwr2021_pdf):
    """Kill `python -m etl add` many times (one process: a killed parent would orphan pool workers);
    the library then holds only complete entries, the
    tracker database stays readable, progress.duckdb is untouched, and a later build includes
    every document the library holds."""
    from etl.store.progress import read_progress
    from tests.etl.test_store_tracker import upload_progress_for_first_targets

    upload_progress_for_first_targets(data, 3)
    progress_before = read_progress(data)[["quantity_id", "period", "value"]].sort_values("quantity_id")
    assert len(progress_before) == 3
    texts = external_dev_texts()
    sources = [
        write(tmp_path, f"doc{i}.docx", docx_bytes(f"第{i}版\n" + texts["gwr2019.txt"])) for i in range(KILL_RUNS)
    ]
    sources[0] = write(tmp_path, "doc0.pdf", gwr2021_pdf)
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    rng = random.Random(20261201)
    kills = 0
    for source in sources:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "etl",
                "add",
                str(source),
                "--data-dir",
                str(data),
                "--corpus",
                str(data.parent / "corpus"),
                "--quiet",
                "--workers",
                "1",
            ],
            cwd=REPO_ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.2, 2.0))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        process.wait()
        entries = library.entries(data)
        for entry in entries:  # every entry complete: its original is the file that was added
            original = (library.library_dir(data) / entry.doc_id / entry.stored).read_bytes()
            assert any(original == s.read_bytes() for s in sources)
        assert rows(data, "SELECT count(*) FROM documents")[0][0] > 0  # readable
    assert kills >= KILL_RUNS // 4, "the adds finished before most kills; interruption was not exercised"
    after = read_progress(data)[["quantity_id", "period", "value"]].sort_values("quantity_id")
    assert after.reset_index(drop=True).equals(progress_before.reset_index(drop=True))
    assert progress_path(data).exists()
    assert run(data, "build", "--quiet", "--workers", "1") == 0  # catches up with what the library holds
    entries = library.entries(data)
    built = {r[0] for r in rows(data, "SELECT DISTINCT source_file FROM documents")}
    assert {e.seed for e in entries} <= built
    leftovers = [p.name for p in library.library_dir(data).iterdir() if p.name.startswith(".incoming")]
    print(f"killed {kills} of {KILL_RUNS} adds; {len(entries)} complete entries, all built; leftovers {leftovers}")


def test_a_correction_taken_back_restores_the_detected_value(data, tmp_path):
    path = write(tmp_path, "health.txt", (EXTERNAL_DEV / "nbs75_health.txt").read_bytes())
    assert run(data, "add", str(path), "--quiet") == 0
    [entry] = library.entries(data)
    query = "SELECT title, issuer FROM documents WHERE source_file = ? ORDER BY start_line LIMIT 1"
    detected = rows(data, query, [entry.seed])
    library.set_corrections(data, entry.doc_id, {"title": "临时标题", "issuer": "新华社"})
    assert run(data, "build", "--quiet", "--workers", "1") == 0
    assert rows(data, query, [entry.seed]) == [("临时标题", "新华社")]
    library.set_corrections(data, entry.doc_id, {"issuer": "新华社"})  # the title correction taken back
    assert run(data, "build", "--quiet", "--workers", "1") == 0  # the file's rows are reused, not re-extracted
    assert rows(data, query, [entry.seed]) == [(detected[0][0], "新华社")]
    library.set_corrections(data, entry.doc_id, {})
    assert run(data, "build", "--full", "--quiet", "--workers", "1") == 0
    assert rows(data, query, [entry.seed]) == detected
