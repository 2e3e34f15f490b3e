"""Device settings of one terminal: its serial scanners and its receipt printers.

Plain, validated dataclasses that round-trip through JSON (`to_dict` / `from_dict`); the
device service keeps them in the database, the settings dialog edits them, the readers and
printers are built from them. Unknown or out-of-range values raise `InvalidInput` with a
sentence a manager can act on.
"""

from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from terminal.devices.ports import BAUD_RATES, BYTESIZES, PARITIES, STOPBITS
from terminal.devices.printing.config import PrinterConfig
from terminal.domain.errors import InvalidInput

MAX_NAME = 40
TERMINATORS: dict[str, bytes] = {"cr": b"\r", "lf": b"\n", "crlf": b"\r\n"}
DEFAULT_MAX_LENGTH = 128  # EAN/Code 128 codes and our QR payloads stay well under this
MAX_MAX_LENGTH = 4096


@dataclass(frozen=True)
class ScannerConfig:
    """A serial (RS-232 or USB-CDC) barcode reader."""

    name: str = "scanner"
    port: str = ""  # /dev/ttyACM0, COM5; may be empty when the USB ids are given
    baudrate: int = 9600
    bytesize: int = 8
    parity: str = "N"
    stopbits: str = "1"
    terminator: str = "cr"
    max_length: int = DEFAULT_MAX_LENGTH
    # The USB device behind the port: found again by these after a replug, whatever
    # name the port gets then.
    usb_vid: int | None = None
    usb_pid: int | None = None
    usb_serial: str | None = None
    enabled: bool = True

    def __post_init__(self) -> None:
        name = self.name.strip() if isinstance(self.name, str) else ""
        if not 1 <= len(name) <= MAX_NAME:
            raise InvalidInput(f"a scanner needs a name of 1 to {MAX_NAME} characters")
        object.__setattr__(self, "name", name)
        if not isinstance(self.port or "", str) or not isinstance(self.usb_serial or "", str):
            raise InvalidInput(f"scanner '{name}': the port and USB serial number are text")
        object.__setattr__(self, "port", (self.port or "").strip())
        object.__setattr__(self, "parity", str(self.parity).upper())
        object.__setattr__(self, "stopbits", str(self.stopbits))
        object.__setattr__(self, "terminator", str(self.terminator).lower())
        if self.baudrate not in BAUD_RATES:
            rates = ", ".join(str(r) for r in BAUD_RATES)
            raise InvalidInput(f"scanner '{name}': baud rate must be one of {rates}")
        if self.bytesize not in BYTESIZES:
            raise InvalidInput(f"scanner '{name}': data bits must be 5, 6, 7 or 8")
        if self.parity not in PARITIES:
            raise InvalidInput(f"scanner '{name}': parity must be one of N, E, O, M, S")
        if self.stopbits not in STOPBITS:
            raise InvalidInput(f"scanner '{name}': stop bits must be 1, 1.5 or 2")
        if self.terminator not in TERMINATORS:
            raise InvalidInput(f"scanner '{name}': the terminator must be CR, LF or CRLF")
        if not isinstance(self.max_length, int) or not 4 <= self.max_length <= MAX_MAX_LENGTH:
            raise InvalidInput(
                f"scanner '{name}': the longest code must be 4 to {MAX_MAX_LENGTH} characters"
            )
        for label, value in (("vendor", self.usb_vid), ("product", self.usb_pid)):
            if value is not None and (not isinstance(value, int) or not 0 <= value <= 0xFFFF):
                raise InvalidInput(f"scanner '{name}': the USB {label} id must be 0000 to FFFF")
        if (self.usb_vid is None) != (self.usb_pid is None):
            raise InvalidInput(f"scanner '{name}': give both USB ids (vendor and product) or none")
        if self.usb_serial is not None:
            object.__setattr__(self, "usb_serial", self.usb_serial.strip() or None)
        if not self.port and not self.by_usb:
            raise InvalidInput(f"scanner '{name}' needs a serial port or its USB ids")

    @property
    def by_usb(self) -> bool:
        """Found by its USB ids rather than by the port's name."""
        return self.usb_vid is not None and self.usb_pid is not None

    @property
    def usb_ids(self) -> str:
        if not self.by_usb:
            return ""
        ids = f"{self.usb_vid:04X}:{self.usb_pid:04X}"
        return f"{ids} SN={self.usb_serial}" if self.usb_serial else ids

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any], strict: bool = True) -> "ScannerConfig":
        return cls(**_known_fields(cls, data, "scanner", strict))


def _known_fields(cls: type, data: Any, what: str, strict: bool) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise InvalidInput(f"{what} settings must be an object")
    known = {f.name for f in fields(cls)}
    unknown = sorted(set(data) - known)
    if unknown and strict:
        raise InvalidInput(f"unknown {what} setting(s): {', '.join(unknown)}")
    return {k: v for k, v in data.items() if k in known}


def parse_usb_id(text: str) -> int:
    """'0C2E' or '0x0c2e' -> 3118: USB ids are written in hex."""
    try:
        value = int(text.strip().removeprefix("0x").removeprefix("0X"), 16)
    except (ValueError, AttributeError):
        raise InvalidInput(f"'{text}' is not a USB id (four hex digits, e.g. 0C2E)") from None
    if not 0 <= value <= 0xFFFF:
        raise InvalidInput(f"'{text}' is not a USB id (four hex digits, e.g. 0C2E)")
    return value


def printer_from_dict(data: Any, strict: bool = True) -> PrinterConfig:
    body = _known_fields(PrinterConfig, data, "printer", strict)
    try:
        return PrinterConfig.from_dict(body)
    except TypeError as exc:
        raise InvalidInput(f"bad printer settings: {exc}") from None


@dataclass(frozen=True)
class DeviceSettings:
    """Everything a terminal knows about its devices. The printer fields are those of
    `terminal.devices.printing.PrinterConfig`."""

    scanners: tuple[ScannerConfig, ...] = field(default_factory=tuple)
    printers: tuple[PrinterConfig, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        for what, names in (
            ("scanners", [s.name for s in self.scanners]),
            ("printers", [p.name for p in self.printers]),
        ):
            dupes = sorted({n for n in names if names.count(n) > 1})
            if dupes:
                raise InvalidInput(f"two {what} are named '{dupes[0]}': give each its own name")

    def scanner(self, name: str) -> ScannerConfig:
        for s in self.scanners:
            if s.name == name:
                return s
        raise InvalidInput(f"no scanner named '{name}'")

    def printer(self, name: str | None = None) -> PrinterConfig:
        """The printer called `name`, or the first (receipt) printer."""
        for p in self.printers:
            if name is None or p.name == name:
                return p
        raise InvalidInput(f"no printer named '{name}'" if name else "no printer is set up")

    def with_scanner(self, config: ScannerConfig) -> "DeviceSettings":
        """These settings with `config` added, or in place of the scanner of that name."""
        return replace(self, scanners=_put(self.scanners, config))

    def with_printer(self, config: PrinterConfig) -> "DeviceSettings":
        return replace(self, printers=_put(self.printers, config))

    def without(self, name: str) -> "DeviceSettings":
        """These settings without the scanner or printer called `name`."""
        scanners = tuple(s for s in self.scanners if s.name != name)
        printers = tuple(p for p in self.printers if p.name != name)
        if len(scanners) == len(self.scanners) and len(printers) == len(self.printers):
            raise InvalidInput(f"no scanner or printer named '{name}'")
        return DeviceSettings(scanners, printers)

    def to_dict(self) -> dict[str, Any]:
        return {
            "scanners": [s.to_dict() for s in self.scanners],
            "printers": [p.to_dict() for p in self.printers],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], strict: bool = True) -> "DeviceSettings":
        """`strict=False` for settings read back from the database: a setting a newer
        version wrote is ignored rather than stopping the terminal."""
        body = _known_fields(cls, data, "device", strict)
        lists = {}
        for key in ("scanners", "printers"):
            items = body.get(key) or []
            if not isinstance(items, list):
                raise InvalidInput(f"device settings: '{key}' must be a list")
            lists[key] = items
        try:
            return cls(
                scanners=tuple(ScannerConfig.from_dict(s, strict) for s in lists["scanners"]),
                printers=tuple(printer_from_dict(p, strict) for p in lists["printers"]),
            )
        except TypeError as exc:
            raise InvalidInput(f"bad device settings: {exc}") from None


def _put(items: tuple, item: Any) -> tuple:
    if any(i.name == item.name for i in items):
        return tuple(item if i.name == item.name else i for i in items)
    return (*items, item)
