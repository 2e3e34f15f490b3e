"""Rate limits on head office's public doors: at most so many hits of one key (a QR
code's token, a client address) in a sliding window, told by the injected Clock so tests
move time by hand. Kept in memory: a restart forgives everyone, which is fine for limits
that only slow a guesser down; a head office run as several processes keeps one count
per process (then put the limit in front, at the proxy)."""

import math
import threading
from collections import OrderedDict, deque
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from headoffice.clock import Clock
from headoffice.config import Limits
from headoffice.errors import RateLimited

MAX_KEYS = 100_000  # past this many keys the least recently used are forgotten


@dataclass(frozen=True)
class Rule:
    """`limit` hits per `window`; `message` tells the person (with `{wait}` seconds)."""

    limit: int
    window: timedelta
    message: str


class Limiter(Protocol):
    def check(self, hits: list[tuple[str, Rule]]) -> None:
        """Raise RateLimited when any key is at its rule's limit; count nothing."""
        ...

    def record(self, hits: list[tuple[str, Rule]]) -> None:
        """Count one hit of each key now."""
        ...

    def hit(self, hits: list[tuple[str, Rule]]) -> None:
        """`check`, then `record`: a refused hit is not counted."""
        ...


class SlidingWindow:
    def __init__(self, clock: Clock, max_keys: int = MAX_KEYS) -> None:
        self._clock = clock
        self._max_keys = max_keys
        self._hits: OrderedDict[str, deque[datetime]] = OrderedDict()
        self._lock = threading.Lock()

    def _recent(self, key: str, rule: Rule, now: datetime) -> deque[datetime]:
        times = self._hits.get(key)
        if times is None:
            return deque()
        while times and times[0] <= now - rule.window:
            times.popleft()
        return times

    def _refuse_if_full(self, hits: list[tuple[str, Rule]], now: datetime) -> None:
        for key, rule in hits:
            times = self._recent(key, rule, now)
            if len(times) >= rule.limit:
                wait = max(1, math.ceil((times[0] + rule.window - now).total_seconds()))
                raise RateLimited(rule.message.format(wait=wait), retry_after=wait)

    def check(self, hits: list[tuple[str, Rule]]) -> None:
        with self._lock:
            self._refuse_if_full(hits, self._clock.now())

    def record(self, hits: list[tuple[str, Rule]]) -> None:
        with self._lock:
            self._record(hits, self._clock.now())

    def hit(self, hits: list[tuple[str, Rule]]) -> None:
        with self._lock:
            now = self._clock.now()
            self._refuse_if_full(hits, now)
            self._record(hits, now)

    def _record(self, hits: list[tuple[str, Rule]], now: datetime) -> None:
        for key, rule in hits:
            times = self._recent(key, rule, now)
            times.append(now)
            self._hits[key] = times
            self._hits.move_to_end(key)
        while len(self._hits) > self._max_keys:
            self._hits.popitem(last=False)


# --- head office's public doors ---------------------------------------------------------

MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)


@dataclass(frozen=True)
class PublicRules:
    signup_per_token: Rule
    signup_per_ip: Rule
    wrong_codes_per_ip: Rule

    @classmethod
    def of(cls, limits: Limits) -> "PublicRules":
        busy = "提交太频繁，请 {wait} 秒后再试。"  # the member reads it on their phone
        return cls(
            signup_per_token=Rule(limits.signup_per_token_per_minute, MINUTE, busy),
            signup_per_ip=Rule(limits.signup_per_ip_per_minute, MINUTE, busy),
            wrong_codes_per_ip=Rule(
                limits.wrong_codes_per_ip_per_hour,
                HOUR,
                "too many wrong enrolment codes from this address; try again in {wait} s",
            ),
        )
