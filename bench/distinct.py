"""A corpus of DISTINCT documents, for linking at scale (issue 11, item 5).

`bench.corpus.replicate` copies identical files: every copy restates the same targets and reports no
progress for them, so it never exercises target <-> observation linking. Here every file is a
different city's work report for a different year, written from the real target sentences of the
bundled corpus: a review of last year (one observation per indicator, "2023年，X为Y单位。") and this
year's targets (the real sentence, its years set to this year and its other numbers rescaled). So a
city's 2024 report observes what its 2023 report targeted (progress links), cities differ in
geography (no links between them), and the number of distinct documents, places and links grows
with the scale, as it would with more cities. Deterministic: the same scale gives the same files.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

from etl.corpus import decode
from etl.pipeline import process_file

YEARS = (2022, 2023, 2024, 2025)  # one report per city and year
PLACES_PER_SCALE = 5  # 1x: 5 cities x 4 years = 20 reports
INDICATORS_PER_PLACE = 40  # a city's own set of indicators, reported every year
TARGETS_PER_REPORT = 25
NAME_CHARACTERS = "东西南北中新安平阳华宁江山河海湖泉林丰兴和永清宝盛福"  # 25 x 25 city names
YEAR_IN_TEXT = re.compile(r"20\d\d(?=\s*年)")
NUMBER = re.compile(r"\d+(?:\.\d+)?")


@dataclass(frozen=True, slots=True)
class Statement:
    """A real target of the bundled corpus: its indicator, unit, value and sentence."""

    indicator: str
    unit: str
    value: float
    sentence: str


def real_statements(bundled: Path) -> list[Statement]:
    """The bundled corpus's targets with a year, an indicator and a unit, one per indicator."""
    found: dict[str, Statement] = {}
    for path in sorted(Path(bundled).glob("*.txt")):
        text, _ = decode(path.read_bytes(), path.name)
        for q in process_file(path.name, text)[1]:
            if q.kind == "target" and q.target_year and q.unit and 3 <= len(q.indicator) <= 20 and q.value > 0:
                found.setdefault(q.indicator, Statement(q.indicator, q.unit, q.value, q.sentence))
    return list(found.values())


def place_name(index: int) -> str:
    size = len(NAME_CHARACTERS)
    return NAME_CHARACTERS[index // size % size] + NAME_CHARACTERS[index % size]


def plain_number(value: float) -> str:
    """A number as a report prints it, without exponent: 2800000000 -> "2800000000", 5.25 -> "5.25"."""
    return f"{value:.0f}" if value >= 1000 or value == int(value) else f"{value:.2f}".rstrip("0").rstrip(".")


def variant(sentence: str, year: int, factor: float) -> str:
    """The real sentence for another year and scale: years set to `year`, other numbers rescaled."""
    with_year = YEAR_IN_TEXT.sub(str(year), sentence)
    return NUMBER.sub(
        lambda m: (
            m.group(0)
            if len(m.group(0)) == 4 and m.group(0).startswith("20")
            else plain_number(float(m.group(0)) * factor)
        ),
        with_year,
    )


def work_report(place: str, year: int, statements: list[Statement], rng: random.Random) -> str:
    """One city's report: last year's figures, then this year's targets."""
    chosen = rng.sample(statements, min(TARGETS_PER_REPORT, len(statements)))
    lines = [f"江苏省{place}市{year}年政府工作报告", "", f"一、{year - 1}年工作回顾", ""]
    for s in chosen:
        lines.append(f"{year - 1}年，{s.indicator}为{plain_number(s.value * rng.uniform(0.8, 1.2))}{s.unit}。")
    lines += ["", f"二、{year}年主要目标", ""]
    for s in chosen:
        lines.append(variant(s.sentence, year, rng.uniform(0.9, 1.1)))
    return "\n".join(lines) + "\n"


def distinct_corpus(statements: list[Statement], dest: Path, scale: int) -> list[Path]:
    """scale x PLACES_PER_SCALE cities, one report per year each, in `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    made = []
    for index in range(scale * PLACES_PER_SCALE):
        place = place_name(index)
        rng = random.Random(index)
        own = rng.sample(statements, min(INDICATORS_PER_PLACE, len(statements)))
        for year in YEARS:
            path = dest / f"report_{index:04d}_{year}.txt"
            path.write_text(work_report(place, year, own, random.Random(index * 10_000 + year)), encoding="utf-8")
            made.append(path)
    return made


@dataclass(frozen=True, slots=True)
class DistinctRun:
    scale: int
    files: int
    corpus_bytes: int
    seconds: float  # the whole build
    link_seconds: float  # of which, deriving the links table
    links: int
    quantities: int


def count_links(database: Path) -> int:
    import duckdb

    con = duckdb.connect(str(database), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM links").fetchone()[0]
    finally:
        con.close()


def distinct_builds(root: Path, bundled: Path, scales: tuple[int, ...], workers: int) -> list[DistinctRun]:
    """A full build of the distinct-documents corpus at each scale, each in a fresh process."""
    from bench.build_probe import run_build
    from etl.store.paths import tracker_path

    statements = real_statements(bundled)
    runs = []
    for scale in scales:
        corpus = distinct_corpus(statements, root / f"distinct_{scale}x", scale)
        run = run_build(root / f"distinct_data_{scale}x", root / f"distinct_{scale}x", workers)
        runs.append(
            DistinctRun(
                scale,
                len(corpus),
                sum(p.stat().st_size for p in corpus),
                run.seconds,
                run.derive_seconds,
                count_links(tracker_path(root / f"distinct_data_{scale}x")),
                run.quantities,
            )
        )
    return runs


def print_distinct(runs: list[DistinctRun]) -> dict:
    """The table of distinct-documents builds; returns the summary keys for the JSON line."""
    print("\ndistinct documents (a city's work report per year, from the real target sentences; bench.distinct):")
    print(
        f"{'corpus':>6} {'files':>6} {'MB':>6} {'quantities':>11} {'links':>7} {'build s':>8} {'link s':>7} "
        f"{'link share':>11}"
    )
    for r in runs:
        print(
            f"{r.scale:>5}x {r.files:>6} {r.corpus_bytes / 2**20:>6.1f} {r.quantities:>11} {r.links:>7} "
            f"{r.seconds:>8.2f} {r.link_seconds:>7.2f} {r.link_seconds / max(r.seconds - r.link_seconds, 1e-9):>10.1%}"
        )
    one, largest = runs[0], runs[-1]
    build_linearity = largest.seconds / (largest.scale / one.scale * one.seconds)
    link_linearity = largest.link_seconds / (largest.scale / one.scale * one.link_seconds)
    print(
        f"(link share: linking time / the rest of the build.) linearity {largest.scale}x / ({largest.scale} x 1x): "
        f"build {build_linearity:.2f}, linking {link_linearity:.2f}"
    )
    return {
        "distinct_build_linearity": round(build_linearity, 3),
        "distinct_link_linearity": round(link_linearity, 3),
        "distinct_link_share_largest": round(
            largest.link_seconds / max(largest.seconds - largest.link_seconds, 1e-9), 3
        ),
        "distinct_links_largest": largest.links,
    }
