"""Serial barcode scanners (RS-232 or USB in serial/COM mode).

    manager = ScannerManager(on_code=lambda scanner, code: ..., on_state=...)
    manager.configure(settings.scanners)   # one reader thread per enabled scanner
    manager.statuses()                     # live state per scanner
    manager.stop()                         # joins every reader promptly

Keyboard-wedge (HID) scanners type into the counter instead; see `terminal.devices.wedge`.
"""

from terminal.devices.config import TERMINATORS
from terminal.devices.scanners.framing import LineFramer
from terminal.devices.scanners.manager import ScannerManager
from terminal.devices.scanners.probe import Presence, ScanTimeout, probe, read_one_code
from terminal.devices.scanners.reader import (
    ScannerState,
    ScannerStatus,
    SerialScanner,
    Timing,
    resolve_device,
)

__all__ = [
    "TERMINATORS",
    "LineFramer",
    "Presence",
    "ScanTimeout",
    "ScannerManager",
    "ScannerState",
    "ScannerStatus",
    "SerialScanner",
    "Timing",
    "probe",
    "read_one_code",
    "resolve_device",
]
