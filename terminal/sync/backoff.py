"""Capped exponential backoff with full jitter: after the n-th failure in a row, wait a
random time between 0 and min(cap, base * 2**n), so that terminals coming back after an
outage do not all knock on head office at once."""

import random


def backoff_delay(
    failures: int, base: float = 1.0, cap: float = 300.0, rng: random.Random | None = None
) -> float:
    if failures <= 0:
        return 0.0
    ceiling = min(cap, base * 2 ** min(failures - 1, 32))
    return (rng or random).uniform(0, ceiling)
