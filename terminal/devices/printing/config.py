"""A receipt printer's settings: how to reach it, its paper, its characters, its drawer.

Saved as a plain dict (`to_dict` / `from_dict`) in the terminal's device settings."""

from dataclasses import asdict, dataclass, fields
from typing import Any

from terminal.domain.errors import InvalidInput

KINDS = ("serial", "usb", "network", "file", "virtual", "pdf")
# Two-way connections can answer a status query (DLE EOT); a file or device path cannot.
TWO_WAY = ("serial", "usb", "network")
CJK_ENCODINGS = ("gb18030", "gbk", "gb2312", "big5")
# ESC t numbers of the Latin code pages most ESC/POS printers carry (Epson numbering).
CODE_PAGES = {
    "cp437": 0,
    "cp850": 2,
    "cp860": 3,
    "cp863": 4,
    "cp865": 5,
    "cp1252": 16,
    "cp866": 17,
    "cp852": 18,
    "cp858": 19,
}
ENCODINGS = CJK_ENCODINGS + tuple(CODE_PAGES)
# Paper width -> (characters per line in font A, printable dots).
PAPER = {58: (32, 384), 80: (48, 576)}
LANGUAGES = ("zh", "en")


@dataclass(frozen=True)
class PrinterConfig:
    kind: str = "virtual"
    name: str = "receipt"
    # serial port (COM3, /dev/ttyUSB0), file or device path (/dev/usb/lp0), or the folder
    # a virtual or PDF printer writes into
    path: str = ""
    baudrate: int = 9600
    host: str = ""  # network printers listen on port 9100
    port: int = 9100
    usb_vendor: int = 0
    usb_product: int = 0
    timeout_s: float = 5.0
    encoding: str = "gb18030"
    width_mm: int = 80
    # Print text with characters beyond ASCII as images, for printers without Chinese fonts.
    image_fallback: bool = False
    language: str = ""  # receipt wording; empty = Chinese on CJK encodings, else English
    native_qr: bool = True  # GS ( k; False sends the QR code as an image
    cut: bool = True
    drawer_pin: int = 2  # 2 or 5
    drawer_pulse_ms: int = 100
    drawer_on_cash: bool = True  # open the drawer when a cash receipt prints

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise InvalidInput(f"printer kind must be one of {', '.join(KINDS)}")
        if self.width_mm not in PAPER:
            raise InvalidInput("paper width must be 58 or 80 mm")
        if self.encoding.lower() not in ENCODINGS:
            raise InvalidInput(f"printer encoding must be one of {', '.join(ENCODINGS)}")
        if self.language and self.language not in LANGUAGES:
            raise InvalidInput("receipt language must be zh or en")
        if self.drawer_pin not in (2, 5):
            raise InvalidInput("the cash drawer is on pin 2 or pin 5")
        if not 2 <= self.drawer_pulse_ms <= 510:
            raise InvalidInput("the drawer pulse is 2 to 510 ms")
        if self.kind == "network" and not self.host:
            raise InvalidInput("a network printer needs a host name or IP address")
        if not 1 <= self.port <= 65535:
            raise InvalidInput("the network port must be 1 to 65535")
        if self.kind in ("serial", "file") and not self.path:
            raise InvalidInput(f"a {self.kind} printer needs a port or path")
        if self.kind == "usb" and not (self.usb_vendor and self.usb_product):
            raise InvalidInput("a USB printer needs its vendor and product id")
        if self.baudrate not in (2400, 4800, 9600, 19200, 38400, 57600, 115200):
            raise InvalidInput("baud rate must be a standard rate (9600, 19200, 115200...)")

    @property
    def columns(self) -> int:
        return PAPER[self.width_mm][0]

    @property
    def dots(self) -> int:
        return PAPER[self.width_mm][1]

    @property
    def cjk(self) -> bool:
        return self.encoding.lower() in CJK_ENCODINGS

    @property
    def wording(self) -> str:
        return self.language or ("zh" if self.cjk or self.image_fallback else "en")

    @property
    def two_way(self) -> bool:
        return self.kind in TWO_WAY

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "PrinterConfig":
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise InvalidInput(f"unknown printer setting(s): {', '.join(sorted(unknown))}")
        try:
            return cls(**data)
        except TypeError as exc:
            raise InvalidInput(f"bad printer settings: {exc}") from None
