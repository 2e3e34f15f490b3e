"""One serial scanner read on its own thread.

The reader opens the port exclusively, cuts the byte stream into codes (`LineFramer`) and
hands each code to a callback with the scanner's name. When the scanner is unplugged (a
read error, or its USB device gone from the port list) it reports the state change,
throws away any half-read line and keeps trying to open it again, finding a USB scanner
by its vendor/product/serial number under whatever port name it comes back with.

Callbacks run on the reader's thread: a UI must hand them over to its own thread (the Qt
bridge in `terminal.ui.devices` does).
"""

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

import serial

from terminal.devices.config import ScannerConfig
from terminal.devices.ports import (
    PortError,
    PortLister,
    PortMissing,
    find_usb_port,
    list_ports,
    open_serial,
)
from terminal.devices.scanners.framing import LineFramer

log = logging.getLogger(__name__)


class ScannerState(StrEnum):
    STOPPED = "stopped"
    CONNECTING = "connecting"
    CONNECTED = "connected"
    DISCONNECTED = "disconnected"


@dataclass(frozen=True)
class ScannerStatus:
    name: str
    state: ScannerState
    detail: str  # the port in use, or why it is not connected
    port: str | None
    codes: int
    rejected: int
    last_rejected: str


CodeCallback = Callable[[str, str], None]  # (scanner name, code)
StateCallback = Callable[[ScannerStatus], None]
Opener = Callable[[ScannerConfig, str, float], serial.Serial]


def open_scanner_port(config: ScannerConfig, device: str, timeout_s: float) -> serial.Serial:
    return open_serial(
        device, config.baudrate, config.bytesize, config.parity, config.stopbits, timeout_s
    )


def resolve_device(config: ScannerConfig, lister: PortLister) -> str:
    """The port to open: where the scanner's USB ids are now, else the configured name."""
    if config.by_usb:
        found = find_usb_port(lister, config.usb_vid, config.usb_pid, config.usb_serial)
        if found is not None:
            return found.device
        if not config.port:
            raise PortMissing(f"scanner {config.usb_ids} not found: is it plugged in?")
    return config.port


@dataclass(frozen=True)
class Timing:
    """How often the reader looks at things; tests shorten these."""

    poll_s: float = 0.1  # longest a read blocks: bounds how long stop() waits
    retry_s: float = 1.0  # between attempts to reopen a missing port
    settle_s: float = 0.05  # after opening: drop a code that was half sent before
    presence_s: float = 2.0  # how often a USB scanner's presence is checked while idle


class SerialScanner:
    def __init__(
        self,
        config: ScannerConfig,
        on_code: CodeCallback,
        on_state: StateCallback | None = None,
        lister: PortLister = list_ports,
        opener: Opener = open_scanner_port,
        timing: Timing | None = None,
    ) -> None:
        self.config = config
        self._on_code = on_code
        self._on_state = on_state
        self._lister = lister
        self._opener = opener
        self._timing = timing or Timing()
        self._framer = LineFramer(config.terminator, config.max_length)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._serial: serial.Serial | None = None
        self._lock = threading.Lock()
        self._state = ScannerState.STOPPED
        self._detail = "not started"
        self._port: str | None = None

    @property
    def name(self) -> str:
        return self.config.name

    def status(self) -> ScannerStatus:
        with self._lock:
            stats = self._framer.stats
            return ScannerStatus(
                self.name,
                self._state,
                self._detail,
                self._port,
                stats.codes,
                stats.rejected,
                stats.last_rejected,
            )

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("a scanner reader is started once")
        self._thread = threading.Thread(target=self._run, name=f"scanner-{self.name}", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 2.0) -> bool:
        """Stop reading and close the port; True when the thread has ended."""
        self._stop.set()
        port = self._serial
        if port is not None:
            with contextlib.suppress(Exception):  # the port may be closing on its own
                port.cancel_read()  # wake a blocking read at once
        if self._thread is not None:
            self._thread.join(timeout_s)
            if self._thread.is_alive():
                return False
        self._set_state(ScannerState.STOPPED, "stopped")
        return True

    # --- the reader thread -------------------------------------------------------------

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._connect_and_read()
            except Exception as exc:  # never let the thread die: report and try again
                log.exception("scanner %s: unexpected error", self.name)
                self._set_state(ScannerState.DISCONNECTED, f"error: {exc}")
            if not self._stop.is_set():
                self._stop.wait(self._timing.retry_s)

    def _connect_and_read(self) -> None:
        if self._state is ScannerState.STOPPED:
            self._set_state(ScannerState.CONNECTING, "opening the port")
        try:
            device = resolve_device(self.config, self._lister)
            port = self._opener(self.config, device, self._timing.poll_s)
        except PortError as exc:
            self._set_state(ScannerState.DISCONNECTED, str(exc), port=None)
            return
        self._serial = port
        try:
            self._settle(port)
            self._set_state(ScannerState.CONNECTED, f"reading {device}", port=device)
            self._read(port)
        except (serial.SerialException, OSError, TypeError) as exc:
            # pyserial raises TypeError when the port is closed under a pending read
            if not self._stop.is_set():
                log.info("scanner %s: %s closed: %s", self.name, device, exc)
                self._set_state(
                    ScannerState.DISCONNECTED,
                    f"{device} disconnected; waiting for the scanner to come back",
                    port=None,
                )
        finally:
            self._serial = None
            with self._lock:
                self._framer.reset()
            with contextlib.suppress(Exception):  # closing a vanished port may fail too
                port.close()

    def _settle(self, port: serial.Serial) -> None:
        """Drop whatever was on the line before we listened, including the tail of a code
        the scanner was half-way through sending (it would read as a shorter code)."""
        port.reset_input_buffer()
        if self._timing.settle_s:
            self._stop.wait(self._timing.settle_s)
            port.reset_input_buffer()

    def _read(self, port: serial.Serial) -> None:
        next_check = time.monotonic() + self._timing.presence_s
        while not self._stop.is_set():
            data = port.read(max(1, port.in_waiting))
            if data:
                with self._lock:
                    codes = self._framer.feed(data)
                for code in codes:
                    self._deliver(code)
            elif self.config.by_usb and time.monotonic() >= next_check:
                # Some drivers (Windows COM ports) keep a vanished port quiet instead of
                # failing the read: look whether the device is still there.
                next_check = time.monotonic() + self._timing.presence_s
                if not self._still_present():
                    raise serial.SerialException("the USB device is gone")

    def _still_present(self) -> bool:
        try:
            found = find_usb_port(
                self._lister, self.config.usb_vid, self.config.usb_pid, self.config.usb_serial
            )
        except Exception:  # the port list could not be read this time: assume present
            log.warning("scanner %s: cannot list the serial ports", self.name, exc_info=True)
            return True
        return found is not None

    def _deliver(self, code: str) -> None:
        try:
            self._on_code(self.name, code)
        except Exception:  # a failing listener must not stop the scanner
            log.exception("scanner %s: the code listener failed", self.name)

    def _set_state(self, state: ScannerState, detail: str, port: str | None = None) -> None:
        with self._lock:
            if state == self._state and detail == self._detail:
                return
            self._state, self._detail, self._port = state, detail, port
        if self._on_state is not None:
            try:
                self._on_state(self.status())
            except Exception:
                log.exception("scanner %s: the state listener failed", self.name)
