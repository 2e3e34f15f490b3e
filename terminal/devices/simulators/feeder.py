"""`posctl scan-sim`: a virtual scanner that "scans" codes at an interval, so the counter,
`posctl scan-test` or the settings dialog can be tried without hardware."""

import itertools
import time
from collections.abc import Callable, Iterable, Iterator

from terminal.devices.simulators.virtual_scanner import VirtualScanner

DEMO_CODES = ("6901234567892", "4006381333931", "001203000013")


def feed(
    sim: VirtualScanner,
    codes: Iterable[str],
    every_s: float,
    count: int | None,
    on_sent: Callable[[str], None] = lambda code: None,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Scan `codes` (cycled when `count` is larger) one every `every_s` seconds; returns
    how many were sent. `count=None` runs until interrupted."""
    sent = 0
    source: Iterator[str] = itertools.cycle(codes)
    while count is None or sent < count:
        sleep(every_s)
        code = next(source)
        sim.scan(code)
        sent += 1
        on_sent(code)
    return sent


def check_codes(codes: Iterable[str]) -> list[str]:
    """Codes a scanner can send: printable ASCII, no terminators."""
    good = []
    for code in codes:
        if not code or not code.isascii() or not code.isprintable():
            raise ValueError(f"'{code}' cannot be scanned: use printable ASCII characters")
        good.append(code)
    return good
