"""Receipt printers: ESC/POS over serial, USB, network or a device path (through
python-escpos), a virtual printer that keeps the bytes and a picture of them, and a PDF
"printer" for stores without one. All share one small interface used by the queue."""

import contextlib
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from escpos import printer as ep

from terminal.devices.printing import escpos_backend
from terminal.devices.printing.config import PrinterConfig
from terminal.devices.printing.errors import CoverOpen, PaperOut, PrinterError, PrinterOffline
from terminal.domain import receipt as r
from terminal.domain.receipt import Receipt

DLE_EOT = b"\x10\x04"
STATUS_WAIT_S = 0.5


@dataclass(frozen=True)
class PrinterStatus:
    """What a two-way printer said about itself; None where it could not say."""

    online: bool | None = None
    cover_open: bool | None = None
    paper: str = "unknown"  # ok | low | out | unknown
    message: str = ""

    @property
    def problem(self) -> PrinterError | None:
        if self.online is False and not (self.cover_open or self.paper == "out"):
            return PrinterOffline(self.message or "the printer is offline")
        if self.cover_open:
            return CoverOpen("the printer cover is open")
        if self.paper == "out":
            return PaperOut("the printer is out of paper")
        return None

    @property
    def text(self) -> str:
        problem = self.problem
        if problem:
            return str(problem)
        if self.paper == "low":
            return "paper running low"
        return "ready" if self.online else "no status (one-way connection)"


def parse_status(printer: int | None, offline_cause: int | None, paper: int | None):
    """Decode the answers to DLE EOT 1, 2 and 4 (a byte each, or None if none came)."""
    online = None if printer is None else not printer & 0x08
    cover = None if offline_cause is None else bool(offline_cause & 0x04)
    paper_state = "unknown"
    if paper is not None:
        paper_state = "out" if paper & 0x60 else "low" if paper & 0x0C else "ok"
    if offline_cause is not None and offline_cause & 0x20:
        paper_state = "out"
    return PrinterStatus(online, cover, paper_state)


def local_now() -> datetime:
    return datetime.now(UTC).astimezone().replace(tzinfo=None)


class Printer:
    """Print receipts, kick the drawer, print a test page, report status."""

    def __init__(self, config: PrinterConfig, now: Callable[[], datetime] = local_now) -> None:
        self.config = config
        self.now = now
        self._lock = threading.RLock()

    # what each kind of printer does
    def render(self, receipt: Receipt, open_drawer: bool = False) -> bytes:
        return escpos_backend.render(receipt, self.config, open_drawer)

    def send(self, data: bytes, receipt: Receipt | None = None) -> None:
        raise NotImplementedError

    def status(self) -> PrinterStatus:
        return PrinterStatus()

    def close(self) -> None:
        pass

    # what every printer does the same way
    def print_receipt(self, receipt: Receipt, open_drawer: bool = False) -> bytes:
        """Print `receipt` (raises PrinterError, leaving nothing half-known)."""
        with self._lock:
            problem = self.status().problem
            if problem:
                raise problem
            data = self.render(receipt, open_drawer)
            self.send(data, receipt)
            return data

    def kick_drawer(self) -> None:
        with self._lock:
            self.send(escpos_backend.INIT + escpos_backend.drawer_pulse(self.config))

    def probe(self) -> PrinterStatus:
        """The printer's state now, for the status bar (raises PrinterOffline)."""
        return self.status()

    def test_page(self, store_name: str = "") -> bytes:
        return self.print_receipt(test_receipt(self.config, store_name, self.now()))


def test_receipt(config: PrinterConfig, store_name: str, at: datetime) -> Receipt:
    return Receipt(
        kind=r.TEST,
        receipt_no="TEST",
        store_name=store_name or config.name,
        store_no=0,
        terminal="",
        operator="",
        at=at,
        codes=(r.Code(r.CODE128, "0000-00-000000"), r.Code(r.QR, "POS TEST")),
        notes=(f"{config.kind} {config.encoding} {config.width_mm}mm",),
    )


# --- ESC/POS through python-escpos --------------------------------------------------------


def connect_escpos(config: PrinterConfig) -> Any:
    """Open the python-escpos connection for `config` (raises on failure)."""
    if config.kind == "serial":
        return ep.Serial(config.path, baudrate=config.baudrate, timeout=config.timeout_s)
    if config.kind == "network":
        return ClosingNetwork(config.host, port=config.port, timeout=config.timeout_s)
    if config.kind == "usb":
        return ep.Usb(config.usb_vendor, config.usb_product, timeout=int(config.timeout_s * 1000))
    if config.kind == "file":
        return ep.File(config.path)
    raise PrinterError(f"not an ESC/POS connection: {config.kind}")


class ClosingNetwork(ep.Network):
    """python-escpos's Network leaves the socket of a failed connect unclosed."""

    def open(self, raise_not_found: bool = True) -> None:
        if self._device:
            self.close()
        self.device = socket.create_connection((self.host, self.port), self.timeout)


class EscposPrinter(Printer):
    def __init__(
        self,
        config: PrinterConfig,
        connect: Callable[[PrinterConfig], Any] = connect_escpos,
        now: Callable[[], datetime] = local_now,
    ) -> None:
        super().__init__(config, now)
        self._connect = connect
        self._conn: Any = None
        self._silent = False  # the printer never answered a status query

    def _connection(self) -> Any:
        if self._conn is None:
            try:
                conn = self._connect(self.config)
                conn.open()
            except Exception as exc:  # every driver has its own errors: all mean "offline"
                raise PrinterOffline(f"cannot reach the printer: {_short(exc)}") from None
            self._conn = conn
        return self._conn

    @property
    def keep_open(self) -> bool:
        """Serial and USB stay open between jobs; a network printer often serves one
        connection at a time and drops idle ones, so it is connected per job."""
        return self.config.kind in ("serial", "usb")

    def print_receipt(self, receipt: Receipt, open_drawer: bool = False) -> bytes:
        try:
            return super().print_receipt(receipt, open_drawer)
        finally:
            if not self.keep_open:
                self.close()

    def kick_drawer(self) -> None:
        try:
            super().kick_drawer()
        finally:
            if not self.keep_open:
                self.close()

    def probe(self) -> PrinterStatus:
        try:
            return super().probe()
        finally:
            if not self.keep_open:
                self.close()

    def send(self, data: bytes, receipt: Receipt | None = None) -> None:
        with self._lock:
            # A connection kept from an earlier job may have gone stale: one fresh try then.
            attempts = 2 if self._conn is not None else 1
            for attempt in range(attempts):
                try:
                    self._connection()._raw(data)
                    return
                except PrinterOffline:
                    raise
                except Exception as exc:
                    self.close()
                    if attempt == attempts - 1:
                        message = f"the printer stopped answering: {_short(exc)}"
                        raise PrinterOffline(message) from None

    def status(self) -> PrinterStatus:
        if not self.config.two_way or self._silent:
            return PrinterStatus()
        with self._lock:
            conn = self._connection()
            try:
                answers = [self._ask(conn, n) for n in (1, 2, 4)]
            except Exception as exc:
                self.close()
                raise PrinterOffline(f"the printer stopped answering: {_short(exc)}") from None
            if answers == [None, None, None]:
                # Some printers (or their interface boards) never answer DLE EOT: stop
                # asking, so later prints do not wait for the timeout each time.
                self._silent = True
            return parse_status(*answers)

    @staticmethod
    def _ask(conn: Any, n: int) -> int | None:
        conn._raw(DLE_EOT + bytes((n,)))
        with _short_wait(conn.device):
            try:
                answer = conn._read()
            except Exception as exc:
                if isinstance(exc, TimeoutError) or "timeout" in type(exc).__name__.lower():
                    return None  # no answer is "no status", not a fault
                raise
        return answer[0] if answer else None

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                # Closing a dead connection may fail; it is gone anyway.
                with contextlib.suppress(Exception):
                    self._conn.close()
                self._conn = None


@contextlib.contextmanager
def _short_wait(device: Any) -> Iterator[None]:
    """A printer answers DLE EOT within milliseconds or not at all: wait STATUS_WAIT_S
    for it, not the whole print timeout (serial ports and sockets; USB keeps its own)."""
    if isinstance(device, socket.socket):
        before = device.gettimeout()
        device.settimeout(STATUS_WAIT_S)
        try:
            yield
        finally:
            device.settimeout(before)
    elif hasattr(device, "timeout") and hasattr(device, "read"):  # a pyserial port
        before = device.timeout
        device.timeout = STATUS_WAIT_S
        try:
            yield
        finally:
            device.timeout = before
    else:
        yield


def _short(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:160]


# --- virtual and PDF printers -----------------------------------------------------------


class VirtualPrinter(Printer):
    """Writes the exact ESC/POS bytes of each job to a file in `config.path` and a PNG of
    what a real printer would put on paper next to it. Its status can be set by hand to
    rehearse failures (offline, paper out, cover open)."""

    def __init__(self, config: PrinterConfig, now: Callable[[], datetime] = local_now) -> None:
        super().__init__(config, now)
        self.folder = _folder(config)
        self.simulated = PrinterStatus(online=True, cover_open=False, paper="ok")
        self.jobs: list[Path] = []

    def simulate(self, status: PrinterStatus) -> None:
        self.simulated = status

    def status(self) -> PrinterStatus:
        return self.simulated

    def send(self, data: bytes, receipt: Receipt | None = None) -> None:
        from terminal.devices.printing.escpos_png import render_png

        with self._lock:
            problem = self.simulated.problem
            if problem:
                raise problem
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                stem = self.folder / f"{len(self.jobs) + 1:04d}-{_stem(receipt)}"
                stem.with_suffix(".bin").write_bytes(data)
                render_png(data, self.config).save(stem.with_suffix(".png"))
            except OSError as exc:
                raise PrinterError(f"cannot write the virtual printer's file: {exc}") from None
            self.jobs.append(stem.with_suffix(".bin"))


class PdfPrinter(Printer):
    """Saves each receipt as a PDF in `config.path` (to e-mail, or without a printer)."""

    def __init__(self, config: PrinterConfig, now: Callable[[], datetime] = local_now) -> None:
        super().__init__(config, now)
        self.folder = _folder(config)
        self.files: list[Path] = []

    def render(self, receipt: Receipt, open_drawer: bool = False) -> bytes:
        from terminal.devices.printing.pdf import receipt_pdf

        return receipt_pdf(receipt, self.config)

    def send(self, data: bytes, receipt: Receipt | None = None) -> None:
        with self._lock:
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                path = self.folder / f"{_stem(receipt)}.pdf"
                path.write_bytes(data)
            except OSError as exc:
                raise PrinterError(f"cannot save the PDF receipt: {exc}") from None
            self.files.append(path)

    def kick_drawer(self) -> None:
        raise PrinterError("no cash drawer: receipts are saved as PDF files")


def _folder(config: PrinterConfig) -> Path:
    if not config.path:
        raise PrinterError(f"a {config.kind} printer needs the folder to write its receipts in")
    return Path(config.path)


def _stem(receipt: Receipt | None) -> str:
    if receipt is None:
        return "raw"
    name = receipt.receipt_no + ("-reprint" if receipt.reprint else "")
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in name)


def open_printer(config: PrinterConfig, now: Callable[[], datetime] = local_now) -> Printer:
    """The printer `config` describes. Nothing is opened until the first print."""
    if config.kind == "virtual":
        return VirtualPrinter(config, now)
    if config.kind == "pdf":
        return PdfPrinter(config, now)
    return EscposPrinter(config, now=now)
