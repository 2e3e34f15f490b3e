"""Real connections through python-escpos: a network printer on a local port, a device
path, a serial port (pseudo-terminal); status read with DLE EOT; clear errors."""

import os
import select
import socket
import threading
import time

import pytest

from terminal.devices.printing import (
    CoverOpen,
    PaperOut,
    PrinterConfig,
    PrinterOffline,
    PrintQueue,
    open_printer,
)
from terminal.devices.printing.escpos_backend import drawer_pulse, render
from terminal.devices.printing.printers import EscposPrinter, parse_status
from tests.helpers.escpos_server import COVER_OPEN, PAPER_OUT, FakeNetworkPrinter
from tests.helpers.receipts import AT, sale_receipt


def net_config(port: int, **kw) -> PrinterConfig:
    return PrinterConfig(kind="network", host="127.0.0.1", port=port, timeout_s=1.0, **kw)


@pytest.fixture
def net():
    server = FakeNetworkPrinter()
    yield server
    server.close()


def wait_for(predicate, timeout: float = 3.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return predicate()


def test_a_network_printer_gets_exactly_the_rendered_bytes(net):
    config = net_config(net.port)
    printer = open_printer(config, now=lambda: AT)
    assert isinstance(printer, EscposPrinter)
    printer.print_receipt(sale_receipt(), open_drawer=True)
    expected = render(sale_receipt(), config, open_drawer=True)
    assert wait_for(lambda: net.printed == expected)
    assert printer.status().text == "ready"


def test_status_paper_out_and_cover_open_stop_the_print(net):
    printer = open_printer(net_config(net.port))
    net.answers = PAPER_OUT
    with pytest.raises(PaperOut):
        printer.print_receipt(sale_receipt())
    net.answers = COVER_OPEN
    with pytest.raises(CoverOpen):
        printer.print_receipt(sale_receipt())
    assert net.printed == b""  # only status queries went out


def test_a_printer_that_does_not_answer_status_still_prints(net):
    """Without waiting the whole 30 s print timeout for each of the three status answers,
    and without asking again next time."""
    net.silent = True
    config = PrinterConfig(kind="network", host="127.0.0.1", port=net.port, timeout_s=30)
    printer = open_printer(config)
    started = time.monotonic()
    printer.print_receipt(sale_receipt())
    assert time.monotonic() - started < 10
    assert wait_for(lambda: len(net.printed) > 500)
    before = len(net.received)
    printer.print_receipt(sale_receipt())
    assert wait_for(lambda: len(net.received) > before + 500)
    assert b"\x10\x04" not in bytes(net.received[before:])


def test_nobody_listening_is_offline():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    printer = open_printer(net_config(port))
    with pytest.raises(PrinterOffline) as err:
        printer.print_receipt(sale_receipt())
    assert "cannot reach the printer" in str(err.value)


def test_the_queue_reports_paper_out_then_prints_after_refill(net, tmp_path):
    net.answers = PAPER_OUT
    queue = PrintQueue(open_printer(net_config(net.port)), tmp_path / "spool.jsonl")
    try:
        job = queue.submit(sale_receipt())
        queue.wait_idle()
        assert queue.job(job).reason == "paper_out"
        net.answers = {1: 0x12, 2: 0x12, 4: 0x12}
        queue.retry(job)
        queue.wait_idle()
        assert queue.job(job).status == "printed"
        assert wait_for(lambda: b"0012-03-000001" in net.printed)
    finally:
        queue.stop()


def test_a_device_path_printer(tmp_path):
    path = tmp_path / "lp0"
    config = PrinterConfig(kind="file", path=str(path))
    printer = open_printer(config)
    printer.print_receipt(sale_receipt(cash=False))
    printer.close()
    assert path.read_bytes() == render(sale_receipt(cash=False), config)


def test_a_missing_device_path_is_offline(tmp_path):
    printer = open_printer(PrinterConfig(kind="file", path=str(tmp_path / "no" / "lp0")))
    with pytest.raises(PrinterOffline):
        printer.kick_drawer()


class PtyPrinter:
    """The far end of a pseudo-terminal acting as a serial printer."""

    def __init__(self) -> None:
        self.master, slave = os.openpty()
        self.path = os.ttyname(slave)
        self._slave = slave
        self.received = bytearray()
        self.answer = 0x12
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            self.received += chunk
            for _ in range(chunk.count(b"\x10\x04")):
                os.write(self.master, bytes((self.answer,)))

    def close(self) -> None:
        self._stop.set()
        self._thread.join(1)
        os.close(self.master)
        os.close(self._slave)


def test_a_serial_printer_on_a_pseudo_terminal():
    pty = PtyPrinter()
    config = PrinterConfig(kind="serial", path=pty.path, baudrate=19200, timeout_s=0.5)
    printer = open_printer(config)
    try:
        assert printer.status().text == "ready"
        printer.print_receipt(sale_receipt(cash=False))
        printer.kick_drawer()
        assert wait_for(lambda: bytes(pty.received).endswith(drawer_pulse(config)))
        assert render(sale_receipt(cash=False), config) in bytes(pty.received)
        pty.answer = 0x1A  # offline
        with pytest.raises(PrinterOffline):
            printer.print_receipt(sale_receipt())
    finally:
        printer.close()
        pty.close()


def test_a_serial_port_that_does_not_exist():
    printer = open_printer(PrinterConfig(kind="serial", path="/dev/ttyNOPE0"))
    with pytest.raises(PrinterOffline) as err:
        printer.status()
    assert "/dev/ttyNOPE0" in str(err.value)


@pytest.mark.parametrize(
    ("answers", "text"),
    [
        ((0x12, 0x12, 0x12), "ready"),
        ((0x12, 0x12, 0x1E), "paper running low"),
        ((0x1A, 0x32, 0x72), "the printer is out of paper"),
        ((0x1A, 0x16, 0x12), "the printer cover is open"),
        ((0x1A, 0x12, 0x12), "the printer is offline"),
        ((None, None, None), "no status (one-way connection)"),
    ],
)
def test_status_bytes(answers, text):
    assert parse_status(*answers).text == text


def test_usb_without_the_device_is_offline():
    printer = open_printer(PrinterConfig(kind="usb", usb_vendor=0x0416, usb_product=0x5011))
    with pytest.raises(PrinterOffline):
        printer.print_receipt(sale_receipt())


def test_a_network_printer_is_released_after_a_status_look(net):
    printer = open_printer(net_config(net.port))
    assert printer.probe().text == "ready"
    assert printer.probe().text == "ready"
    assert wait_for(lambda: net.connections == 2)
