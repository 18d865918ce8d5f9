"""A corpus of text without sentence punctuation: the case that once made extraction quadratic.

PDF extraction flattens tables and lists of figures into long runs of numbers with no 。or ，: the
work per number must stay bounded there (issue 11, item 4). Two files, half the size each: lines of
figures with short words (78 characters, as a PDF prints them) and indicator-table rows separated by
blank lines. Deterministic, so runs compare.
"""

from __future__ import annotations

from pathlib import Path

FIGURE_WORDS = ("产值增长", "投资增长", "出口增长", "就业人数", "收入增长", "研发投入", "能耗下降")


def figure_lines(size: int) -> str:
    lines, total, i = [], 0, 0
    while total < size:
        cells = [f"{FIGURE_WORDS[(i + k) % len(FIGURE_WORDS)]} {(i * 7 + k * 13) % 997}.{k % 10}%" for k in range(7)]
        line = " ".join(cells)[:78]
        lines.append(line)
        total += len(line.encode()) + 1
        i += 1
    return "\n".join(lines) + "\n"


def table_rows(size: int) -> str:
    rows, total, i = [], 0, 0
    while total < size:
        row = f"{i % 90 + 1} 第{i}项指标名称（万元） {(i * 37) % 9999} {(i * 53) % 9999}\n\n"
        rows.append(row)
        total += len(row.encode())
        i += 1
    return "".join(rows)


def write_flat_corpus(folder: Path, megabytes: float) -> Path:
    """Write the two files into `folder` (made if needed); returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    half = int(megabytes * 2**20 / 2)
    (folder / "figures.txt").write_text(figure_lines(half), encoding="utf-8")
    (folder / "table_rows.txt").write_text(table_rows(half), encoding="utf-8")
    return folder
