"""Telling a keyboard-wedge scanner from a person typing.

A wedge scanner "types" its code as a burst of key presses a few milliseconds apart and
ends it with Enter; a person leaves tens to hundreds of milliseconds between keys. The
decoder holds printable keys back while they arrive fast; a burst of at least
`min_length` keys, each within `max_gap` seconds of the previous one, that ends in Enter
is a scan. Anything else is handed back, in order, to go where it was typed.

Plain Python, no Qt: the caller passes each key with the time it arrived (from an
injectable clock) and gets back what to release. Each key carries an opaque `payload`
(the UI keeps a copy of its key event there) that is returned untouched.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from time import monotonic
from typing import Any

DEFAULT_MAX_GAP_S = 0.05  # scanners send a key every 1-20 ms; people rarely under 60 ms
DEFAULT_MIN_LENGTH = 6


@dataclass(frozen=True)
class WedgeSettings:
    max_gap_s: float = DEFAULT_MAX_GAP_S
    min_length: int = DEFAULT_MIN_LENGTH

    def __post_init__(self) -> None:
        if not 0 < self.max_gap_s <= 1:
            raise ValueError("the scanner key gap must be between 0 and 1 second")
        if not 1 <= self.min_length <= 256:
            raise ValueError("the shortest scan must be 1 to 256 characters")


@dataclass
class EnterResult:
    """What to do when Enter arrives: a scanned `code`, or keys to release (then Enter)."""

    code: str | None
    release: list[Any] = field(default_factory=list)


class WedgeDecoder:
    def __init__(
        self, settings: WedgeSettings | None = None, clock: Callable[[], float] = monotonic
    ) -> None:
        self.settings = settings or WedgeSettings()
        self.clock = clock
        self._chars: list[str] = []
        self._payloads: list[Any] = []
        self._last_at = 0.0

    @property
    def holding(self) -> bool:
        return bool(self._chars)

    @property
    def held(self) -> list[Any]:
        """The payloads of the keys held now, oldest first."""
        return list(self._payloads)

    def deadline(self) -> float | None:
        """When held keys stop being a possible scan (the caller then calls `expire`)."""
        return self._last_at + self.settings.max_gap_s if self._chars else None

    def press(self, char: str, payload: Any = None, at: float | None = None) -> list[Any]:
        """A printable key. Returns the payloads of held keys that are no longer a scan."""
        at = self.clock() if at is None else at
        released = self._release_if_stale(at)
        self._chars.append(char)
        self._payloads.append(payload)
        self._last_at = at
        return released

    def enter(self, at: float | None = None) -> EnterResult:
        at = self.clock() if at is None else at
        released = self._release_if_stale(at)
        if released:
            return EnterResult(None, released)
        if len(self._chars) >= self.settings.min_length:
            code = "".join(self._chars)
            self._reset()
            return EnterResult(code)
        return EnterResult(None, self.release_all())

    def expire(self, at: float | None = None) -> list[Any]:
        """Called when the deadline has passed: held keys were typed by a person."""
        at = self.clock() if at is None else at
        return self._release_if_stale(at)

    def release_all(self) -> list[Any]:
        """Another key (an arrow, Backspace, a function key) came: let the held keys go."""
        payloads = self._payloads
        self._reset()
        return payloads

    def _release_if_stale(self, at: float) -> list[Any]:
        if self._chars and at - self._last_at > self.settings.max_gap_s:
            return self.release_all()
        return []

    def _reset(self) -> None:
        self._chars, self._payloads = [], []
