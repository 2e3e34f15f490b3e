"""Serial scanners: how long a code takes from the wire to the counter's callback, through
real pseudo-terminal ports (one scanner, then two scanning at once), and how fast the
line framer cuts a noisy stream, beside a bare `bytes.split` of the same stream.

    python -m bench.scanners --ops 2000
"""

import argparse
import random
import threading
import time

from bench.common import emit, machine, summary
from terminal.devices.config import ScannerConfig
from terminal.devices.scanners import ScannerManager, Timing
from terminal.devices.scanners.framing import LineFramer
from terminal.devices.simulators.virtual_scanner import VirtualScanner

TIMING = Timing(poll_s=0.1, retry_s=0.05, settle_s=0.01)
WAIT_S = 5.0


class Latency:
    def __init__(self) -> None:
        self.arrived: dict[str, float] = {}
        self.cv = threading.Condition()

    def on_code(self, scanner: str, code: str) -> None:
        now = time.perf_counter()
        with self.cv:
            self.arrived[code] = now
            self.cv.notify_all()

    def wait(self, codes: list[str]) -> None:
        with self.cv:
            if not self.cv.wait_for(lambda: all(c in self.arrived for c in codes), WAIT_S):
                raise SystemExit(f"codes lost: {[c for c in codes if c not in self.arrived]}")


def through_ports(scanners: int, ops: int) -> list[float]:
    """Latency of each code in ms; with several scanners, all scan at the same moment."""
    sims = [VirtualScanner(serial_number=f"BENCH{i}") for i in range(scanners)]
    latency = Latency()
    manager = ScannerManager(latency.on_code, timing=TIMING)
    try:
        manager.configure(
            [ScannerConfig(name=f"s{i}", port=sim.port) for i, sim in enumerate(sims)]
        )
        deadline = time.monotonic() + WAIT_S
        while len(manager.connected()) < scanners:
            if time.monotonic() > deadline:
                raise SystemExit("the virtual scanners did not connect")
            time.sleep(0.01)
        samples = []
        for n in range(ops):
            codes = [f"69{n:08d}{i}" for i in range(scanners)]
            sent = {}
            for sim, code in zip(sims, codes, strict=True):
                sent[code] = time.perf_counter()
                sim.scan(code)
            latency.wait(codes)
            samples += [(latency.arrived[c] - sent[c]) * 1000 for c in codes]
        return samples
    finally:
        manager.stop()
        for sim in sims:
            sim.close()


def noisy_stream(codes: int, rng: random.Random) -> bytes:
    """Codes ended by CR, one in ten after a line of binary noise (never a code itself)."""
    noise = [b for b in range(256) if b not in (0x0D, 0x0A)]
    parts = []
    for n in range(codes):
        if rng.random() < 0.1:
            parts.append(bytes(rng.choice(noise) for _ in range(20)) + b"\x00\r")
        parts.append(f"690{n:010d}\r".encode())
    return b"".join(parts)


def main(argv: list[str] | None = None) -> dict:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--ops", type=int, default=2000, help="codes scanned per measurement")
    p.add_argument("--stream-codes", type=int, default=200_000, help="codes in the framer run")
    args = p.parse_args(argv)

    one = through_ports(1, args.ops)
    two = through_ports(2, max(1, args.ops // 2))

    stream = noisy_stream(args.stream_codes, random.Random(7))
    chunks = [stream[i : i + 64] for i in range(0, len(stream), 64)]  # reads of 64 bytes
    start = time.perf_counter()
    framer = LineFramer("cr")
    found = sum(len(framer.feed(chunk)) for chunk in chunks)
    framer_s = time.perf_counter() - start
    start = time.perf_counter()
    bare = sum(1 for line in stream.split(b"\r") if line)
    bare_s = time.perf_counter() - start
    if found != args.stream_codes:
        raise SystemExit(f"the framer found {found} codes, expected {args.stream_codes}")

    result = {
        "benchmark": "scanners",
        "one_scanner": summary(one),
        "two_scanners_at_once": summary(two),
        "framer": {
            "codes": found,
            "noise_lines": framer.stats.rejected,
            "bytes": len(stream),
            "codes_per_s": round(found / framer_s),
            "mb_per_s": round(len(stream) / framer_s / 1e6, 1),
            "bare_split_lines_per_s": round(bare / bare_s),
        },
        "machine": machine(),
    }
    emit(result)
    return result


if __name__ == "__main__":
    main()
