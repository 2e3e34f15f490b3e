"""One-off checks a store (or support staff on the phone) runs without the counter app:
read the next code from a port, and see whether a configured scanner is there."""

import time
from dataclasses import dataclass

import serial

from terminal.devices.config import ScannerConfig
from terminal.devices.ports import PortError, PortLister, list_ports
from terminal.devices.scanners.framing import LineFramer
from terminal.devices.scanners.reader import Opener, open_scanner_port, resolve_device
from terminal.domain.errors import PosError


class ScanTimeout(PosError):
    pass


def read_one_code(
    config: ScannerConfig,
    timeout_s: float = 30.0,
    opener: Opener = open_scanner_port,
    lister: PortLister = list_ports,
) -> tuple[str, str]:
    """(port, code): the next whole code read from the scanner, or an error that says
    why not (port missing or busy, nothing scanned in time)."""
    device = resolve_device(config, lister)
    port = opener(config, device, 0.1)
    framer = LineFramer(config.terminator, config.max_length)
    deadline = time.monotonic() + timeout_s
    try:
        port.reset_input_buffer()
        while time.monotonic() < deadline:
            try:
                data = port.read(max(1, port.in_waiting))
            except (serial.SerialException, OSError) as exc:
                raise PortError(f"serial port {device} stopped answering: is it unplugged?") from (
                    exc
                )
            codes = framer.feed(data) if data else []
            if codes:
                return device, codes[0]
    finally:
        port.close()
    hint = ""
    if framer.pending:
        hint = f"; {framer.pending} byte(s) arrived without the terminator: check that setting"
    elif framer.stats.rejected:
        hint = f"; {framer.stats.rejected} garbled line(s) ignored: {framer.stats.last_rejected}"
    raise ScanTimeout(f"no code read from {device} within {timeout_s:g} s{hint}")


@dataclass(frozen=True)
class Presence:
    state: str  # present | busy | missing | denied | error
    port: str | None
    detail: str


def probe(config: ScannerConfig, lister: PortLister = list_ports) -> Presence:
    """Is the configured scanner there and free? Opens and closes its port at once."""
    try:
        device = resolve_device(config, lister)
        port = open_scanner_port(config, device, 0.1)
    except PortError as exc:
        kind = type(exc).__name__.removeprefix("Port").lower()
        state = {"missing": "missing", "busy": "busy", "denied": "denied"}.get(kind, "error")
        return Presence(state, None, str(exc))
    port.close()
    return Presence("present", device, f"free to open on {device}")
