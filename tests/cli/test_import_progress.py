"""`python -m etl import-progress`: the same validation as the app, a report, documented exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.cli import main
from etl.store import progress as store
from tests.etl.progress_fixtures import TARGET_IDS, csv_bytes, good_rows, minimal_xlsx, write_small_tracker

TONNES, PERCENT, RELATIVE, RANGE = TARGET_IDS


@pytest.fixture
def folder(tmp_path) -> Path:
    return write_small_tracker(tmp_path / "data")


def run(folder: Path, path: Path, *options: str) -> int:
    return main(["import-progress", str(path), "--data-dir", str(folder), *options])


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def last_line(capsys) -> str:
    return capsys.readouterr().out.strip().splitlines()[-1]


def test_all_rows_valid_imports_and_exits_0(folder, tmp_path, capsys):
    path = write(tmp_path, "good.csv", csv_bytes(good_rows(20), encoding="gbk"))
    assert run(folder, path) == 0
    assert last_line(capsys) == "rows=20 valid=20 rejected=0 imported=20"
    assert len(store.read_progress(folder)) == 20
    assert store.read_uploads(folder).loc[0, "source"] == "cli"


def test_running_it_twice_imports_nothing_the_second_time(folder, tmp_path, capsys):
    path = write(tmp_path, "good.csv", csv_bytes(good_rows(5)))
    assert run(folder, path) == 0 and run(folder, path) == 0
    assert last_line(capsys) == "rows=5 valid=5 rejected=0 imported=0"
    assert len(store.read_progress(folder)) == 5


def test_dry_run_imports_nothing(folder, tmp_path, capsys):
    path = write(tmp_path, "good.csv", csv_bytes(good_rows(3)))
    assert run(folder, path, "--dry-run") == 0
    assert last_line(capsys) == "rows=3 valid=3 rejected=0 imported=0"
    assert store.read_progress(folder).empty


def test_rejected_rows_are_listed_and_block_the_import(folder, tmp_path, capsys):
    path = write(
        tmp_path,
        "mixed.csv",
        csv_bytes([[TONNES, "2024", "5", ""], [TONNES, "2023", "87%", ""], ["qnope", "2024", "1", ""]]),
    )
    assert run(folder, path) == 1
    out = capsys.readouterr().out
    assert "line 3: value '87%' is a percentage" in out and "line 4: unknown quantity_id 'qnope'" in out
    assert out.strip().splitlines()[-1] == "rows=3 valid=1 rejected=2 imported=0"
    assert store.read_progress(folder).empty


def test_skip_bad_rows_imports_the_good_ones_and_still_exits_1(folder, tmp_path, capsys):
    path = write(tmp_path, "mixed.csv", csv_bytes([[TONNES, "2024", "5", ""], [TONNES, "2023", "87%", ""]]))
    assert run(folder, path, "--skip-bad-rows") == 1
    assert last_line(capsys) == "rows=2 valid=1 rejected=1 imported=1"
    assert store.read_progress(folder)["value"].tolist() == [5.0]


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("progress.csv", minimal_xlsx(), "Save As"),
        ("empty.csv", b"", "empty"),
        ("notes.csv", "随便写的一些文字\n没有表头\n".encode(), "No recognisable header"),
        ("image.csv", bytes(range(256)) * 4, "not text"),
    ],
)
def test_unreadable_files_exit_2_with_one_clear_message(folder, tmp_path, capsys, name, data, message):
    assert run(folder, write(tmp_path, name, data)) == 2
    captured = capsys.readouterr()
    assert message in captured.err and "Traceback" not in captured.err
    assert captured.out.strip().splitlines()[-1] == "rows=0 valid=0 rejected=0 imported=0"


def test_fifty_megabyte_file_exits_2_without_reading_it(folder, tmp_path, capsys):
    path = tmp_path / "huge.csv"
    with open(path, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: fast to make, refused on its size alone
    assert run(folder, path) == 2
    assert "the limit is 20 MB" in capsys.readouterr().err


def test_missing_targets_database_is_explained(tmp_path, capsys):
    path = write(tmp_path, "good.csv", csv_bytes(good_rows(2)))
    assert run(tmp_path / "nowhere", path) == 2
    assert "python -m etl build" in capsys.readouterr().err


# --- Second reliability round (issue 11) ------------------------------------------------------------


def test_an_unclosed_quote_imports_nothing_and_exits_1(folder, tmp_path, capsys):
    text = (
        f'quantity_id,period,value,note\n{TONNES},1970,1,before\n{TONNES},1971,2,"unclosed note\n'
        f"{TONNES},1972,0,after\n{TONNES},1973,1,after\n"
    )
    assert run(folder, write(tmp_path, "open.csv", text.encode())) == 1
    out = capsys.readouterr().out
    assert "line 3: a quote" in out and out.strip().endswith("rows=4 valid=1 rejected=3 imported=0")
    assert store.read_progress(folder).empty


def test_a_windows_1252_file_is_refused_unless_the_encoding_is_given(folder, tmp_path, capsys):
    path = write(
        tmp_path, "latin.csv", f"quantity_id,period,value,note\n{TONNES},2024,5,naïve résumés\n".encode("cp1252")
    )
    assert run(folder, path) == 2
    captured = capsys.readouterr()
    assert "--encoding" in captured.err and "2024" in captured.err
    assert store.read_progress(folder).empty
    assert run(folder, path, "--encoding", "cp1252") == 0
    assert store.read_progress(folder)["note"].tolist() == ["naïve résumés"]


def test_a_header_only_file_says_no_rows(folder, tmp_path, capsys):
    assert run(folder, write(tmp_path, "header.csv", csv_bytes([]))) == 2
    assert "no rows" in capsys.readouterr().err


MEMORY_PROBE = r"""
import contextlib, io, resource, sys, time
from etl.cli import main
import etl.store.progress, pandas, duckdb  # loaded before the baseline: the file's cost is what is measured
baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
out = io.StringIO()
started = time.perf_counter()
with contextlib.redirect_stdout(out):
    code = main(["import-progress", sys.argv[1], "--data-dir", sys.argv[2], "--dry-run"])
seconds = time.perf_counter() - started
print(code, seconds, (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - baseline) // 1024, len(out.getvalue()))
"""


@pytest.mark.slow
def test_49000_repeats_of_one_target_and_period_stay_linear(folder, tmp_path):
    # Issue 11, item 3: each rejected row cited every other line (1.3 GB for 10,000 rows).
    import subprocess
    import sys

    rows = [[TONNES, "2024", str(i), ""] for i in range(49_000)]
    path = write(tmp_path, "repeats.csv", csv_bytes(rows))
    done = subprocess.run(
        [sys.executable, "-c", MEMORY_PROBE, str(path), str(folder)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-500:]
    code, seconds, peak_mb, printed = done.stdout.split()
    assert code == "1"
    assert float(seconds) < 5, seconds  # the acceptance bound
    assert int(peak_mb) < 300, peak_mb  # growth of the process while it reads, checks and reports the file
    assert int(printed) < 49_000 * 250  # a few cited lines per row, not all of them
