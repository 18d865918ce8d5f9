#!/usr/bin/env python3
"""Set up and run the project on a fresh machine with nothing but Python.

    python3 dev.py run    # install, build the database if missing, serve the dashboard on localhost
    python3 dev.py test   # install (including Debian chromium for browser tests), check, run every test
    python3 dev.py test -q -x tests/etl   # the same checks, then pytest with these options

Standard library only: it runs before the virtual environment exists. Each step is skipped when
already done (a stamp of requirements.txt in .venv, chromium on PATH), so reruns are quick.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"
REQUIREMENTS = ROOT / "requirements.txt"
STAMP = VENV / ".requirements.sha256"
# chromium + CJK fonts: browser tests and PNG export; tesseract: OCR of scanned PDFs users add.
DEBIAN_PACKAGES = ["chromium", "fonts-noto-cjk", "tesseract-ocr", "tesseract-ocr-chi-sim"]


def say(message: str) -> None:
    print(f"[dev] {message}", flush=True)


def run(command: list[str], **kwargs) -> None:
    subprocess.run(command, check=True, **kwargs)


def ensure_venv() -> None:
    """Create .venv and install the pinned requirements unless they are already installed."""
    if not PYTHON.exists():
        say("creating virtual environment in .venv")
        venv.create(VENV, with_pip=True)
    wanted = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == wanted:
        return
    say("installing Python packages from requirements.txt")
    run([str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "-q", "--upgrade", "pip"])
    run([str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "-q", "-r", str(REQUIREMENTS)])
    STAMP.write_text(wanted)


def debian_package_installed(name: str) -> bool:
    if not shutil.which("dpkg-query"):
        return False
    result = subprocess.run(["dpkg-query", "-W", "-f=${Status}", name], capture_output=True, text=True)
    return result.returncode == 0 and "install ok installed" in result.stdout


def missing_debian_packages() -> list[str]:
    return [name for name in DEBIAN_PACKAGES if not debian_package_installed(name)]


def ensure_browser() -> None:
    """Debian's chromium (Playwright drives it; no browser is ever downloaded), CJK fonts, and
    tesseract with Simplified Chinese for OCR of scanned PDFs."""
    missing = missing_debian_packages()
    if not missing:
        return
    if not shutil.which("apt-get"):
        sys.exit(f"[dev] error: need Debian packages {', '.join(missing)} and apt-get is not available")
    prefix = [] if os.geteuid() == 0 else ["sudo"]
    say(f"installing Debian packages: {' '.join(missing)}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run(prefix + ["apt-get", "update", "-qq"], env=env)
    run(prefix + ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], env=env)


def ensure_database() -> None:
    data_dir = Path(os.environ.get("TRACKER_DATA_DIR") or ROOT / "data")
    if not (data_dir / "tracker.duckdb").exists():
        say(f"building the database in {data_dir}")
        run([str(PYTHON), "-m", "etl", "build", "--data-dir", str(data_dir)], cwd=ROOT)


def command_run(args: argparse.Namespace) -> int:
    ensure_venv()
    ensure_database()
    say(f"serving the dashboard on http://{args.address}:{args.port} (Ctrl+C to stop)")
    os.chdir(ROOT)
    os.execv(
        str(PYTHON),
        [
            str(PYTHON),
            "-m",
            "streamlit",
            "run",
            "dashboard.py",
            "--server.address",
            args.address,
            "--server.port",
            str(args.port),
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
    )
    return 0  # not reached


# The habits every change keeps (settings in pyproject.toml): lint, formatting, types.
CHECKS = {
    "ruff check": ["-m", "ruff", "check", "."],
    "ruff format --check": ["-m", "ruff", "format", "--check", "."],
    "mypy (etl/, pages/)": ["-m", "mypy"],
}


def command_test(args: argparse.Namespace) -> int:
    """The checks, then pytest with whatever options were given; fails if any of them fails (all run,
    so one report shows every problem)."""
    ensure_venv()
    ensure_browser()
    failed = []
    for name, check in CHECKS.items():
        say(name)
        if subprocess.run([str(PYTHON), *check], cwd=ROOT).returncode != 0:
            failed.append(name)
    result = subprocess.run([str(PYTHON), "-m", "pytest", *args.pytest_args], cwd=ROOT)
    if result.returncode == 5:  # pytest: no tests collected
        say("error: no tests were collected")
        return 1
    if failed:
        say(f"error: {', '.join(failed)} failed (see above)")
        return result.returncode or 1
    return result.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    run_parser = sub.add_parser("run", help="set up, build if needed and serve the dashboard")
    run_parser.add_argument("--port", type=int, default=8501)
    run_parser.add_argument("--address", default="127.0.0.1", help="bind address (default: localhost only)")
    run_parser.set_defaults(func=command_run)
    test_parser = sub.add_parser(
        "test",
        help="set up and run the whole test suite",
        description="Anything after `test` goes to pytest: dev.py test -q -x tests/etl",
    )
    test_parser.add_argument("pytest_args", nargs=argparse.REMAINDER, help="extra arguments for pytest")
    test_parser.set_defaults(func=command_test)
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["test"] and not {"-h", "--help"} & set(argv[1:2]):
        # argparse would read pytest's options (-q, -x, -k) as its own and refuse them
        return command_test(argparse.Namespace(command="test", pytest_args=argv[1:]))
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
