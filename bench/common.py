"""Shared set-up for the benchmarks: a seeded database, timing and percentiles."""

import argparse
import json
import platform
import time
from collections.abc import Callable
from pathlib import Path

from terminal.services.context import NotInitialised
from terminal.services.facade import Services

DEFAULT_DIR = Path("bench-data")


def parser(description: str, members: int, ops: int) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--members", type=int, default=members, help="members in the database")
    p.add_argument("--ops", type=int, default=ops, help="timed operations per measurement")
    p.add_argument("--db", type=Path, help="database to use (created and seeded if missing)")
    return p


def open_seeded(path: Path | None, members: int) -> Services:
    """Open (and if needed create and seed) a database holding at least `members`."""
    path = path or DEFAULT_DIR / f"bench-{members}.db"
    svc = Services.open(path)
    try:
        have = svc.setup.status().members
    except NotInitialised:
        svc.setup.init(1, 1, "bench")
        svc.operators.add("bench", "manager", "1234")
        have = 0
    if have < members:
        from terminal.services.demo import seed  # not in the timed start of bench.startup

        seed(svc, members - have)
    return svc


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    """Wall time of each call, in milliseconds."""
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def summary(samples_ms: list[float]) -> dict[str, float]:
    s = sorted(samples_ms)

    def pct(p: float) -> float:
        return round(s[min(len(s) - 1, int(p / 100 * len(s)))], 3)

    return {"n": len(s), "p50_ms": pct(50), "p99_ms": pct(99), "max_ms": round(s[-1], 3)}


def machine() -> dict[str, str | int]:
    import os

    return {
        "python": platform.python_version(),
        "cpus": os.cpu_count() or 0,
        "platform": platform.platform(terse=True),
    }


def emit(result: dict) -> None:
    print(json.dumps(result, ensure_ascii=False))
