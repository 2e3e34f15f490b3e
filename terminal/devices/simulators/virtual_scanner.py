"""A virtual serial scanner: a pseudo-terminal pair whose far end the terminal opens as a
real serial port (/dev/pts/N), while this end "scans" codes into it.

    with VirtualScanner() as sim:
        config = ScannerConfig(port=sim.port)
        sim.scan("6901234567892")      # the reader gets it as if a scanner sent it
        sim.unplug(); sim.replug()     # the port vanishes, then comes back (a new name)

It can also pose as a USB device (vendor, product, serial number) for a port lister, so
reconnection by USB ids is tested without hardware. POSIX only (Linux, macOS).
"""

import os
import select
import threading
import tty

from terminal.devices.config import TERMINATORS
from terminal.devices.ports import PortInfo

SIM_VID, SIM_PID = 0x1D6B, 0x5CA7  # made-up ids for a simulated USB-serial scanner


class VirtualScanner:
    def __init__(
        self,
        terminator: str = "cr",
        vid: int = SIM_VID,
        pid: int = SIM_PID,
        serial_number: str = "SIM0001",
    ) -> None:
        if terminator not in TERMINATORS:
            raise ValueError(f"terminator must be one of {', '.join(TERMINATORS)}")
        self.terminator = TERMINATORS[terminator]
        self.vid, self.pid, self.serial_number = vid, pid, serial_number
        self._lock = threading.Lock()
        self._master: int | None = None
        self._slave: int | None = None
        self.port: str | None = None
        self.replug()

    @property
    def plugged(self) -> bool:
        return self._master is not None

    def replug(self) -> str:
        """Plug (back) in: a new pseudo-terminal, usually under a new name."""
        with self._lock:
            if self._master is not None:
                return self.port
            master, slave = os.openpty()
            tty.setraw(slave)  # no echo, no CR/LF translation: bytes pass as sent
            os.set_blocking(master, False)
            self._master, self._slave, self.port = master, slave, os.ttyname(slave)
            return self.port

    def unplug(self) -> None:
        """Pull the cable: whoever has the port open gets a read error."""
        with self._lock:
            for fd in (self._master, self._slave):
                if fd is not None:
                    os.close(fd)
            self._master = self._slave = None
            self.port = None

    close = unplug

    def scan(self, code: str, terminator: bytes | None = None) -> int:
        """Send one code as a scanner does: its characters, then the terminator."""
        return self.send_raw(
            code.encode("ascii") + (self.terminator if terminator is None else terminator)
        )

    def send_raw(self, data: bytes, wait_s: float = 2.0) -> int:
        """Anything at all on the line: pieces of codes, noise, binary bytes. Returns the
        bytes sent: when nobody reads the port and its buffer is full, the rest is lost
        after `wait_s`, as a real scanner's would be (it never blocks for long)."""
        with self._lock:
            if self._master is None:
                raise OSError("the virtual scanner is unplugged")
            view, sent = memoryview(data), 0
            while sent < len(data):
                try:
                    sent += os.write(self._master, view[sent:])
                except BlockingIOError:
                    _, writable, _ = select.select([], [self._master], [], wait_s)
                    if not writable:
                        break
            return sent

    def port_info(self) -> PortInfo | None:
        """How a port lister would report it while plugged in."""
        if self.port is None:
            return None
        return PortInfo(
            device=self.port,
            description="Virtual barcode scanner",
            manufacturer="member-terminal",
            product="Virtual scanner",
            vid=self.vid,
            pid=self.pid,
            serial_number=self.serial_number,
        )

    def __enter__(self) -> "VirtualScanner":
        return self

    def __exit__(self, *exc: object) -> None:
        self.unplug()
