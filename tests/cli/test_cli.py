"""`python -m etl`: exit status 0 on success, non-zero with a one-line reason on failure."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
GOLD_DEV = REPO_ROOT / "tests" / "data" / "gold_dev.jsonl"
CORPUS = REPO_ROOT / "data" / "corpus"


def etl(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "etl", *args], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def assert_one_line_error(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0]


def test_build_export_evaluate_round_trip(tmp_path):
    built = etl("build", "--data-dir", str(tmp_path), "--corpus", str(CORPUS))
    assert built.returncode == 0, built.stderr
    summary = dict(part.split("=") for part in built.stdout.strip().splitlines()[-1].split())
    assert set(summary) == {"documents", "targets", "baselines", "seconds"}
    assert int(summary["documents"]) >= 2

    out = tmp_path / "out"
    exported = etl("export", str(out), "--data-dir", str(tmp_path))
    assert exported.returncode == 0, exported.stderr
    documents = [json.loads(line) for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    quantities = (out / "quantities.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(documents) == int(summary["documents"])
    assert len(quantities) == int(summary["targets"]) + int(summary["baselines"])
    assert {"seed", "line", "title", "issuer", "doc_number", "date"} <= set(documents[0])

    scored = etl("evaluate", "--gold", str(GOLD_DEV), "--data-dir", str(tmp_path), "--json")
    assert scored.returncode == 0, scored.stderr
    assert set(json.loads(scored.stdout)) == {"quantity", "target", "baseline", "document"}


def test_data_dir_defaults_to_the_environment_variable(tmp_path):
    env_dir = tmp_path / "from-env"
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "TRACKER_DATA_DIR": str(env_dir)}
    result = subprocess.run(
        [sys.executable, "-m", "etl", "build", "--quiet", "--corpus", str(CORPUS)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert (env_dir / "tracker.duckdb").exists()


def test_export_without_a_database_says_to_build_first(tmp_path):
    assert_one_line_error(etl("export", str(tmp_path / "out"), "--data-dir", str(tmp_path)), "etl build")


def test_build_from_a_missing_corpus_folder_names_it(tmp_path):
    assert_one_line_error(etl("build", "--data-dir", str(tmp_path), "--corpus", str(tmp_path / "nope")), "nope")


def test_build_from_a_folder_without_text_files_says_so(tmp_path):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "notes.pdf").write_bytes(b"%PDF-1.4")
    assert_one_line_error(etl("build", "--data-dir", str(tmp_path), "--corpus", str(tmp_path / "corpus")), ".txt")


def test_a_binary_file_is_skipped_by_name_and_the_others_are_built(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(
        "关于印发《示范方案》的通知\n\n到2025年，港口综合通过能力达到28亿吨。\n", encoding="gb18030"
    )
    (corpus / "broken.txt").write_bytes(b"\x00\x01\x02binary" * 100)
    result = etl("build", "--data-dir", str(tmp_path), "--corpus", str(corpus))
    assert result.returncode == 0, result.stderr
    assert "broken.txt" in result.stderr and "binary" in result.stderr
    summary = dict(part.split("=") for part in result.stdout.strip().splitlines()[-1].split())
    assert int(summary["documents"]) >= 1


def test_evaluate_with_a_missing_gold_file_names_it(tmp_path):
    assert_one_line_error(
        etl("evaluate", "--gold", str(tmp_path / "gold.jsonl"), "--data-dir", str(tmp_path)), "gold.jsonl"
    )


def test_a_read_only_data_folder_gives_one_line_for_build_and_import(tmp_path):
    # Issue 11, item 10: a server running as another user; the folder can be read, not written.
    sys.path.insert(0, str(REPO_ROOT))
    from tests.disk import read_only_view
    from tests.etl.progress_fixtures import csv_bytes, good_rows, write_small_tracker

    data = write_small_tracker(tmp_path / "data")
    upload = tmp_path / "good.csv"
    upload.write_bytes(csv_bytes(good_rows(3)))
    with read_only_view(data, tmp_path / "view") as view:
        assert_one_line_error(etl("build", "--data-dir", str(view), "--corpus", str(CORPUS)), str(view))
        assert_one_line_error(etl("import-progress", str(upload), "--data-dir", str(view)), "read-only")
        checked = etl("import-progress", str(upload), "--data-dir", str(view), "--dry-run")
        assert checked.returncode == 0, checked.stderr


def test_export_to_an_unwritable_folder_or_onto_a_file_gives_one_line(tmp_path):
    sys.path.insert(0, str(REPO_ROOT))
    from tests.disk import read_only_view
    from tests.etl.progress_fixtures import write_small_tracker

    data = write_small_tracker(tmp_path / "data")
    existing = tmp_path / "existing.txt"
    existing.write_text("keep me")
    assert_one_line_error(etl("export", str(existing), "--data-dir", str(data)), str(existing))
    assert existing.read_text() == "keep me"
    (tmp_path / "locked").mkdir()
    with read_only_view(tmp_path / "locked", tmp_path / "view") as view:
        assert_one_line_error(etl("export", str(view / "out"), "--data-dir", str(data)), str(view))
