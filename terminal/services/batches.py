"""Helpers of the periodic jobs (expiry, tier evaluation, birthday coupons)."""

from collections.abc import Iterator, Sequence
from datetime import date
from typing import TypeVar

from terminal.domain.errors import Conflict, InvalidInput

T = TypeVar("T")
# Members changed per write transaction: short enough that a sale waiting for the write
# lock is served within milliseconds.
BATCH = 500
EARLIEST_RUN_DATE = date(2000, 1, 1)


def in_batches(items: Sequence[T], size: int = BATCH) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def check_run_date(as_of: date | None, today: date, job: str, ahead: bool = False) -> date:
    """A job's "as of" date: today by default, not before 2000, and in the future only
    for a job that may run ahead (`ahead`)."""
    day = as_of or today
    if day > today and not ahead:
        raise Conflict("{job} cannot be run ahead of today", code="batch.ahead_of_today", job=job)
    if day < EARLIEST_RUN_DATE:
        raise InvalidInput(
            "{job} cannot be run as of {day}", code="batch.too_early", job=job, day=day
        )
    return day
