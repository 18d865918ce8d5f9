"""Where the project's shared folder (gold sets, reference scorers) is: the repository's ../shared.

CI checks the repository out beside shared/. A git worktree lives elsewhere, so its main checkout's
sibling is tried too (read from the worktree's .git file, never from an absolute path).
"""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def _main_checkout() -> Path | None:
    marker = REPO_ROOT / ".git"
    if not marker.is_file():
        return None
    text = marker.read_text(encoding="utf-8").strip()
    if not text.startswith("gitdir:"):
        return None
    gitdir = Path(text.split(":", 1)[1].strip())  # <main>/.git/worktrees/<name>
    return gitdir.parents[2] if len(gitdir.parents) > 2 else None


def shared_dir() -> Path | None:
    """The shared folder, or None when neither place has one."""
    candidates = [REPO_ROOT.parent / "shared"]
    main = _main_checkout()
    if main is not None:
        candidates.append(main.parent / "shared")
    return next((c for c in candidates if (c / "gold").is_dir()), None)
