"""Serial ports: which are present (with their USB ids), and opening one exclusively with
errors a store can act on ("busy", "not found", "no permission") instead of tracebacks.

A USB scanner in serial (CDC/COM) mode shows up as /dev/ttyACM0 or COM5 today and under
another name after it is replugged into another socket; its USB vendor id, product id and
serial number stay the same, so the reader finds it again by those.
"""

import errno
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

import serial
from serial.tools import list_ports as _pyserial_list_ports

from terminal.domain.errors import PosError

BAUD_RATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)
BYTESIZES = {5: serial.FIVEBITS, 6: serial.SIXBITS, 7: serial.SEVENBITS, 8: serial.EIGHTBITS}
PARITIES = {
    "N": serial.PARITY_NONE,
    "E": serial.PARITY_EVEN,
    "O": serial.PARITY_ODD,
    "M": serial.PARITY_MARK,
    "S": serial.PARITY_SPACE,
}
# Kept as text so that no float ever enters a stored setting.
STOPBITS = {
    "1": serial.STOPBITS_ONE,
    "1.5": serial.STOPBITS_ONE_POINT_FIVE,
    "2": serial.STOPBITS_TWO,
}


class PortError(PosError):
    """A serial port could not be used; the message says what to do."""


class PortMissing(PortError):
    pass


class PortBusy(PortError):
    pass


class PortDenied(PortError):
    pass


@dataclass(frozen=True)
class PortInfo:
    """A serial port present on this machine."""

    device: str  # /dev/ttyACM0, COM5
    description: str = ""
    manufacturer: str | None = None
    product: str | None = None
    vid: int | None = None  # USB vendor id
    pid: int | None = None  # USB product id
    serial_number: str | None = None
    location: str | None = None  # USB bus path: stays the same for the same socket
    hwid: str = ""

    @property
    def usb_ids(self) -> str:
        if self.vid is None or self.pid is None:
            return ""
        ids = f"{self.vid:04X}:{self.pid:04X}"
        return f"{ids} SN={self.serial_number}" if self.serial_number else ids

    def matches(self, vid: int | None, pid: int | None, serial_number: str | None) -> bool:
        """Same USB device: vendor and product id, and the serial number when one is set."""
        if vid is None or pid is None or (self.vid, self.pid) != (vid, pid):
            return False
        return not serial_number or self.serial_number == serial_number

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "usb_ids": self.usb_ids}


PortLister = Callable[[], list[PortInfo]]


def list_ports() -> list[PortInfo]:
    """The serial ports the operating system reports now, sorted by name."""
    ports = []
    for p in _pyserial_list_ports.comports():
        ports.append(
            PortInfo(
                device=p.device,
                description=_clean(p.description),
                manufacturer=p.manufacturer,
                product=p.product,
                vid=p.vid,
                pid=p.pid,
                serial_number=p.serial_number,
                location=p.location,
                hwid=_clean(p.hwid),
            )
        )
    return sorted(ports, key=lambda p: p.device)


def find_usb_port(
    lister: PortLister, vid: int | None, pid: int | None, serial_number: str | None
) -> PortInfo | None:
    for port in lister():
        if port.matches(vid, pid, serial_number):
            return port
    return None


def open_serial(
    device: str,
    baudrate: int = 9600,
    bytesize: int = 8,
    parity: str = "N",
    stopbits: str = "1",
    timeout_s: float = 0.1,
) -> serial.Serial:
    """Open `device` for this process alone (a second reader would steal half the codes)."""
    try:
        return serial.Serial(
            port=device,
            baudrate=baudrate,
            bytesize=BYTESIZES[bytesize],
            parity=PARITIES[parity],
            stopbits=STOPBITS[stopbits],
            timeout=timeout_s,
            exclusive=True,
        )
    except (serial.SerialException, OSError) as exc:
        raise port_error(device, exc) from None
    except (ValueError, KeyError) as exc:
        raise PortError(f"cannot use these settings on {device}: {exc}") from None


def port_error(device: str, exc: BaseException) -> PortError:
    """Turn what pyserial or the OS raised into one sentence a store can act on."""
    code = getattr(exc, "errno", None)
    text = str(exc)
    if code in (errno.ENOENT, errno.ENODEV, errno.ENXIO) or "FileNotFoundError" in text:
        return PortMissing(f"serial port {device} not found: is the scanner plugged in?")
    if code in (errno.EBUSY, errno.EAGAIN, errno.EWOULDBLOCK) or "exclusively lock" in text:
        return PortBusy(f"serial port {device} is busy: another program is using it")
    if code in (errno.EACCES, errno.EPERM) or "PermissionError" in text:
        if sys.platform == "win32":  # Windows says "access denied" for a port in use
            return PortBusy(f"serial port {device} is busy: another program is using it")
        return PortDenied(
            f"no permission to open {device}: add this user to the 'dialout' group and log in again"
        )
    return PortError(f"cannot open serial port {device}: {_clean(text)}")


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())
