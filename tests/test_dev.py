"""dev.py: `python3 dev.py test ...` hands everything after `test` to pytest (set-up steps stubbed)."""

from __future__ import annotations

import subprocess

import pytest

import dev


@pytest.fixture
def commands(monkeypatch) -> list[list[str]]:
    ran: list[list[str]] = []
    monkeypatch.setattr(dev, "ensure_venv", lambda: None)
    monkeypatch.setattr(dev, "ensure_browser", lambda: None)

    def run(command, **kwargs):
        ran.append([str(part) for part in command])
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(dev.subprocess, "run", run)
    return ran


@pytest.mark.parametrize(
    "argv", [["-q", "-x"], ["-q", "-k", "status and not slow", "tests/etl"], ["tests/etl", "--maxfail", "2"], []]
)
def test_options_after_test_go_to_pytest_unchanged(commands, argv):
    assert dev.main(["test", *argv]) == 0
    pytest_runs = [c for c in commands if c[1:3] == ["-m", "pytest"]]
    assert len(pytest_runs) == 1 and pytest_runs[0][3:] == argv


def test_lint_format_and_type_checks_run_before_pytest(commands):
    dev.main(["test", "-q"])
    ran = [" ".join(c[1:]) for c in commands]
    assert ran == ["-m ruff check .", "-m ruff format --check .", "-m mypy", "-m pytest -q"]


def test_a_failed_check_fails_the_run_though_the_tests_pass(commands, monkeypatch):
    def run(command, **kwargs):
        return subprocess.CompletedProcess(command, 1 if "mypy" in command else 0)

    monkeypatch.setattr(dev.subprocess, "run", run)
    assert dev.main(["test"]) == 1


def test_no_tests_collected_is_a_failure(commands, monkeypatch):
    monkeypatch.setattr(dev.subprocess, "run", lambda command, **kwargs: subprocess.CompletedProcess(command, 5))
    assert dev.main(["test", "-k", "nothing matches this"]) == 1
