"""`python -m bench [--quick]` (or `python bench/run.py`): how the ETL and the dashboard scale.

Builds the bundled corpus replicated 1x, 10x and 100x under new names (in a temp folder, removed at
the end), each build in a fresh process; times the in-process extractor against a read-and-regex
floor; measures the parallel speed-up (10x, one worker vs all); times the dashboard's page queries on the
largest database, then rebuilds it incrementally (unchanged; one new file); builds 10x and 100x
again with the Dask engine on a LocalCluster of as many workers (`--no-dask` skips it). Prints a
table, and as the last line one JSON object for tools.
`--quick` stops at 10x (under a minute) and uses 10x for the `*_100x` keys (see "largest_scale").
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: import from the repository, not from bench/
    sys.path[0] = str(Path(__file__).resolve().parents[1])

from bench.add import add_benchmark  # noqa: E402
from bench.build_probe import BuildRun, run_build  # noqa: E402
from bench.corpus import add_new_file, replicate, size_bytes  # noqa: E402
from bench.distinct import distinct_builds, print_distinct  # noqa: E402
from bench.flat_text import write_flat_corpus  # noqa: E402
from bench.floor import extraction_pass, floor_pass, median_seconds, read_texts  # noqa: E402
from bench.hotspots import extraction_hotspots  # noqa: E402
from bench.parquet_write import parquet_ms_per_file  # noqa: E402
from bench.queries import QueryTiming, page_loads  # noqa: E402
from etl.build import default_workers  # noqa: E402
from etl.store.paths import DEFAULT_DATA_DIR, tracker_path  # noqa: E402

BUNDLED = DEFAULT_DATA_DIR / "corpus"
FLAT_MB = 2  # the size of the text-without-punctuation corpus
# The four page loads of the acceptance criterion, by name prefix (bench.queries names them).
PAGE_QUERIES = ("overview", "targets: year", "targets: text", "target detail")
DASK_SCALES = (10, 100)


@dataclass(frozen=True, slots=True)
class ScaleResult:
    scale: int
    files: int
    corpus_bytes: int
    run: BuildRun  # the median of the builds made at this scale
    repeats: int

    @property
    def mb_per_s(self) -> float:
        return self.corpus_bytes / 2**20 / self.run.seconds


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def median_build(data_root: Path, corpus: Path, workers: int, repeats: int) -> BuildRun:
    """Full builds into fresh folders; the one with the median time."""
    runs = []
    for i in range(repeats):
        runs.append(run_build(data_root / f"run{i}", corpus, workers))
        if i < repeats - 1:
            shutil.rmtree(data_root / f"run{i}")
    best = sorted(runs, key=lambda r: r.seconds)[len(runs) // 2]
    kept = data_root / f"run{repeats - 1}"
    kept.rename(data_root / "db")  # the last build's database stays for later steps
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1x and 10x only (under a minute)")
    parser.add_argument("--workers", type=int, default=default_workers(), help="build processes (default: all cores)")
    parser.add_argument("--repeats", type=int, default=30, help="runs per dashboard query")
    parser.add_argument("--profile", action="store_true", help="also print the extractor's hot spots")
    parser.add_argument("--keep", metavar="DIR", help="build in DIR and keep the corpora and databases")
    parser.add_argument(
        "--browser",
        action="store_true",
        help="page loads in headless chromium against a bare Streamlit page (bench.browser)",
    )
    parser.add_argument("--scale", type=int, default=100, help="with --browser: corpus copies (default 100)")
    parser.add_argument("--loads", type=int, default=7, help="with --browser: timed loads per page")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask engine builds (10x, 100x)")
    args = parser.parse_args(argv)
    if args.browser:
        from bench import browser

        browser.print_report(browser.run(args.scale, args.loads, Path(args.keep) if args.keep else None))
        return 0
    scales = (1, 10) if args.quick else (1, 10, 100)
    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="tracker-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()
    try:
        report = run_benchmark(root, scales, args.workers, args.repeats, args.profile, dask=not args.no_dask)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    report["load_avg_1m_before_after"] = [round(load_before[0], 2), round(os.getloadavg()[0], 2)]
    print_report(report)
    return 0


def run_benchmark(
    root: Path, scales: tuple[int, ...], workers: int, repeats: int, profile: bool, dask: bool = True
) -> dict:
    corpora = {scale: replicate(BUNDLED, root / f"corpus_{scale}x", scale) for scale in scales}

    say("extraction vs floor (1x, in process)")
    texts = read_texts(corpora[1])
    floor_s = median_seconds(floor_pass, corpora[1], 7)
    extract_s = median_seconds(extraction_pass, texts, 9)  # ~0.1 s a run: enough runs for a stable median
    one_file_s = median_seconds(extraction_pass, texts[:1], 3)  # the file the incremental step adds
    hotspots = extraction_hotspots(texts) if profile else []

    results: dict[int, ScaleResult] = {}
    for scale in scales:
        build_repeats = 3 if scale <= 10 else 1
        say(f"build {scale}x ({build_repeats} run{'s' if build_repeats > 1 else ''}, {workers} workers)")
        run = median_build(root / f"data_{scale}x", root / f"corpus_{scale}x", workers, build_repeats)
        results[scale] = ScaleResult(scale, len(corpora[scale]), size_bytes(corpora[scale]), run, build_repeats)

    # before the incremental step adds a file to the largest corpus
    dask_runs: dict[int, BuildRun] = {}
    for scale in (s for s in scales if s in DASK_SCALES and dask):
        say(f"build {scale}x with the dask engine (LocalCluster of {workers} workers, 1 run)")
        dask_runs[scale] = run_build(root / f"data_{scale}x_dask", root / f"corpus_{scale}x", workers, "dask")

    say(f"text without punctuation ({FLAT_MB} MB)")
    flat_corpus = write_flat_corpus(root / "corpus_flat", FLAT_MB)
    flat = run_build(root / "data_flat", flat_corpus, workers)

    say("serial build 10x (speed-up)")
    serial = run_build(root / "data_10x_serial", root / "corpus_10x", 1)

    largest = max(scales)
    largest_db = root / f"data_{largest}x" / "db"
    say(f"dashboard queries on the {largest}x database")
    timings = page_loads(tracker_path(largest_db), repeats)

    say(f"incremental rebuilds {largest}x")
    unchanged = run_build(largest_db, root / f"corpus_{largest}x", workers)
    add_new_file(BUNDLED, root / f"corpus_{largest}x")
    one_new = run_build(largest_db, root / f"corpus_{largest}x", workers)

    say(f"distinct documents {', '.join(f'{s}x' for s in scales)}")
    distinct = distinct_builds(root, BUNDLED, scales, workers)
    parquet_ms = parquet_ms_per_file(corpora[1]) if dask_runs else 0.0

    say("add a 100-page PDF")
    add_run = add_benchmark(root)

    return {
        "scales": results,
        "dask": dask_runs,
        "parquet_ms": parquet_ms,
        "floor_s": floor_s,
        "extract_s": extract_s,
        "hotspots": hotspots,
        "distinct": distinct,
        "serial": serial,
        "workers": workers,
        "unchanged": unchanged,
        "one_new": one_new,
        "one_file_s": one_file_s,
        "flat": flat,
        "flat_bytes": size_bytes(sorted(flat_corpus.iterdir())),
        "add": add_run,
        "timings": timings,
        "largest": largest,
        "cores": os.cpu_count(),
    }


def dask_overhead_ms(run: BuildRun, local: ScaleResult) -> float:
    return (run.seconds - local.run.seconds) / local.files * 1000


def print_report(report: dict) -> None:
    scales: dict[int, ScaleResult] = report["scales"]
    one, largest = scales[1], scales[report["largest"]]
    print(
        f"{'corpus':>6} {'files':>6} {'MB':>7} {'build s':>8} {'write s':>8} {'derive s':>9} {'MB/s':>6} {'writer MB':>10} {'worker MB':>10} "
        f"{'documents':>10} {'quantities':>11} {'db MB':>7}"
    )
    for s in scales.values():
        print(
            f"{s.scale:>5}x {s.files:>6} {s.corpus_bytes / 2**20:>7.1f} {s.run.seconds:>8.2f} "
            f"{s.run.write_seconds:>8.2f} {s.run.derive_seconds:>9.2f} {s.mb_per_s:>6.2f} "
            f"{s.run.writer_rss_mb:>10.0f} {s.run.worker_rss_mb:>10.0f} {s.run.documents:>10} "
            f"{s.run.quantities:>11} {s.run.database_mb:>7.1f}"
        )
    print(
        "(build s: median of 3 full builds below 100x, one at 100x; write s: the one writer's inserts and "
        "commit, included in build s; derive s: corpus-wide tables (links), included in "
        "write s; MB: peak resident memory of the writer and of the largest worker)"
    )

    dask_runs: dict[int, BuildRun] = report["dask"]
    if dask_runs:
        print(
            f"\ndask engine, LocalCluster of {report['workers']} workers (build s on the running cluster; "
            "start s: starting it, not included):"
        )
        print(
            f"{'corpus':>6} {'files':>6} {'build s':>8} {'local s':>8} {'diff ms/file':>13} {'task ms':>8} "
            f"{'load s':>7} {'start s':>8} {'driver MB':>10} {'worker MB':>10} {'quantities':>11}"
        )
        for scale, run in dask_runs.items():
            local = scales[scale]
            print(
                f"{scale:>5}x {local.files:>6} {run.seconds:>8.2f} {local.run.seconds:>8.2f} "
                f"{dask_overhead_ms(run, local):>13.1f} {run.task_ms:>8.2f} {run.write_seconds:>7.2f} "
                f"{run.cluster_start_seconds:>8.2f} {run.writer_rss_mb:>10.0f} {run.worker_rss_mb:>10.0f} "
                f"{run.quantities:>11}"
            )
        print(
            f"(diff ms/file: (dask build s - local build s) / files, everything the engine adds per file, noisy "
            f"on a busy machine; task ms: the scheduler alone, per no-op task; Parquet per file (in process): "
            f"{report['parquet_ms']:.1f} ms; load s: read_parquet into the database plus the corpus-wide steps)"
        )
        for scale, run in dask_runs.items():
            if (run.documents, run.quantities) != (scales[scale].run.documents, scales[scale].run.quantities):
                print(f"WARNING: at {scale}x the dask build has other counts than the local build")

    linearity = largest.run.seconds / (largest.scale * one.run.seconds)
    floor_ratio = report["extract_s"] / report["floor_s"]
    print(f"\nlinearity: {largest.scale}x build / ({largest.scale} x 1x build) = {linearity:.2f}")
    print(
        f"extraction in process, 1x: {report['extract_s'] * 1000:.0f} ms; floor (read + regex scan for digits): "
        f"{report['floor_s'] * 1000:.1f} ms; ratio {floor_ratio:.1f}x"
    )
    for name, own, cumulative in report["hotspots"]:
        print(f"  {own:6.1%} own {cumulative:6.1%} cumulative  {name}")

    flat_mb_s = report["flat_bytes"] / 2**20 / report["flat"].seconds
    print(
        f"text without punctuation ({report['flat_bytes'] / 2**20:.1f} MB of figures and table rows): "
        f"{report['flat'].seconds:.2f} s, {flat_mb_s:.2f} MB/s (the 1x corpus: {one.mb_per_s:.2f} MB/s)"
    )

    parallel = scales[10].run
    speedup = report["serial"].seconds / parallel.seconds
    print(
        f"parallel build 10x: 1 worker {report['serial'].seconds:.2f} s, {report['workers']} workers "
        f"{parallel.seconds:.2f} s: speed-up {speedup:.2f}x on {report['cores']} cores"
    )
    unchanged, one_new = report["unchanged"], report["one_new"]
    print(
        f"incremental {largest.scale}x: rebuild unchanged {unchanged.seconds:.2f} s (extracted {unchanged.extracted}, "
        f"reused {unchanged.reused}, derive {unchanged.derive_seconds:.2f} s); one new file {one_new.seconds:.2f} s "
        f"(extracted {one_new.extracted}, reused {one_new.reused}) vs that file's extraction alone "
        f"{report['one_file_s']:.2f} s and the full {largest.scale}x build {largest.run.seconds:.2f} s"
    )

    add_run = report.get("add")
    print(add_run.line() if add_run else "add: skipped (needs /usr/bin/chromium to print the PDF)")

    timings: list[QueryTiming] = report["timings"]
    print(f"\ndashboard queries on the {largest.scale}x database ({largest.run.quantities} quantities), no app cache:")
    print(f"{'query':<40} {'median ms':>10} {'p95 ms':>8} {'rows':>7}")
    for t in timings:
        print(f"{t.name:<40} {t.median_ms:>10.1f} {t.p95_ms:>8.1f} {'' if t.rows is None else t.rows:>7}")
    page_p95 = max(t.p95_ms for t in timings if t.name.startswith(PAGE_QUERIES))
    status_p95 = next(t.p95_ms for t in timings if t.name.startswith("statuses"))
    unfiltered_p95 = next(t.p95_ms for t in timings if t.name.startswith("targets: no filter"))
    link_share = largest.run.derive_seconds / max(largest.run.seconds - largest.run.derive_seconds, 1e-9)
    print(
        f"\nlinking (links table) on the bundled corpus {largest.scale}x: {largest.run.derive_seconds:.2f} s, "
        f"{link_share:.1%} on top of the rest of the build"
    )
    distinct_keys = print_distinct(report["distinct"])
    print(f"machine load (1-minute average) before/after: {report['load_avg_1m_before_after']}")

    print(
        json.dumps(
            {
                "build_1x_s": round(one.run.seconds, 3),
                "extract_1x_s": round(report["extract_s"], 4),
                "floor_1x_s": round(report["floor_s"], 4),
                "floor_ratio": round(floor_ratio, 1),
                "linearity_100x": round(linearity, 3),
                "parallel_speedup": round(speedup, 2),
                "peak_rss_mb_1x": round(one.run.peak_rss_mb, 1),
                "peak_rss_mb_100x": round(largest.run.peak_rss_mb, 1),
                "query_p95_ms_max": round(page_p95, 1),
                "statuses_p95_ms": round(status_p95, 1),
                "targets_unfiltered_p95_ms": round(unfiltered_p95, 1),
                "incremental_unchanged_s": round(unchanged.seconds, 3),
                "incremental_one_file_s": round(one_new.seconds, 3),
                "incremental_extracted": one_new.extracted,
                "derive_100x_s": round(largest.run.derive_seconds, 3),
                "link_share_100x": round(link_share, 3),
                **distinct_keys,
                "flat_text_mb_s": round(flat_mb_s, 2),
                "largest_scale": largest.scale,
                **{f"dask_{scale}x_s": round(run.seconds, 3) for scale, run in dask_runs.items()},
                **{
                    f"dask_overhead_ms_per_file_{scale}x": round(dask_overhead_ms(run, scales[scale]), 1)
                    for scale, run in dask_runs.items()
                },
                **(
                    {
                        "dask_task_ms": round(max(run.task_ms for run in dask_runs.values()), 2),
                        "parquet_ms_per_file": round(report["parquet_ms"], 1),
                    }
                    if dask_runs
                    else {}
                ),
                "add_s_per_pdf_page": round(add_run.s_per_page, 4) if add_run else None,
                "add_s_per_text_mb": round(add_run.s_per_text_mb, 3) if add_run else None,
                "load_avg_1m": report["load_avg_1m_before_after"],
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    sys.exit(main())
