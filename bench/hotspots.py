"""Where extraction spends its time: the pipeline's own functions, by share of the total."""

from __future__ import annotations

import cProfile
import pstats

from bench.floor import extraction_pass


def extraction_hotspots(texts: list[tuple[str, str]], top: int = 15) -> list[tuple[str, float, float]]:
    """(function, own-time share, cumulative share) of the etl functions that cost the most."""
    profiler = cProfile.Profile()
    profiler.runcall(extraction_pass, texts)
    stats = pstats.Stats(profiler)
    total = stats.total_tt or 1e-9
    rows = []
    for (filename, line, name), (_calls, _prim, own, cumulative, _callers) in stats.stats.items():
        if "/etl/" in filename:
            module = filename.rsplit("/etl/", 1)[1].removesuffix(".py").replace("/", ".")
            rows.append((f"etl.{module}.{name}:{line}", own / total, cumulative / total))
        elif name.startswith("<method '") or name.startswith("<built-in"):
            rows.append((name, own / total, cumulative / total))
    return sorted(rows, key=lambda row: row[1], reverse=True)[:top]
