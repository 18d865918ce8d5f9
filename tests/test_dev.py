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


@pytest.mark.parametrize("argv", [["-q", "-x"], ["-q", "-k", "status and not slow", "tests/etl"],
                                  ["tests/etl", "--maxfail", "2"], []])
def test_options_after_test_go_to_pytest_unchanged(commands, argv):
    assert dev.main(["test", *argv]) == 0
    pytest_runs = [c for c in commands if c[1:3] == ["-m", "pytest"]]
    assert len(pytest_runs) == 1 and pytest_runs[0][3:] == argv


def test_no_tests_collected_is_a_failure(commands, monkeypatch):
    monkeypatch.setattr(dev.subprocess, "run", lambda command, **kwargs: subprocess.CompletedProcess(command, 5))
    assert dev.main(["test", "-k", "nothing matches this"]) == 1
