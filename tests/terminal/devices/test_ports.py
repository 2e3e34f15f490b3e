"""Finding serial ports and opening them, with errors a store can act on."""

import errno
import os
import threading

import pytest
import serial

from terminal.devices.config import ScannerConfig
from terminal.devices.ports import (
    PortBusy,
    PortDenied,
    PortError,
    PortInfo,
    PortMissing,
    find_usb_port,
    list_ports,
    open_serial,
    port_error,
)
from terminal.devices.scanners import ScanTimeout, probe, read_one_code
from terminal.devices.simulators.virtual_scanner import VirtualScanner
from tests.helpers.devices import Lister


def test_the_ports_of_this_machine_are_listed():
    ports = list_ports()
    assert all(isinstance(p, PortInfo) and p.device for p in ports)
    assert [p.device for p in ports] == sorted(p.device for p in ports)


def test_usb_ids_match_vendor_product_and_serial_number():
    port = PortInfo("/dev/ttyACM0", vid=0x0C2E, pid=0x0B61, serial_number="A1")
    assert port.usb_ids == "0C2E:0B61 SN=A1"
    assert port.matches(0x0C2E, 0x0B61, "A1")
    assert port.matches(0x0C2E, 0x0B61, None)  # no serial number configured: any unit
    assert not port.matches(0x0C2E, 0x0B61, "B2")
    assert not port.matches(0x0C2E, 0x0B62, None)
    assert not PortInfo("/dev/ttyS0").matches(None, None, None)
    lister = Lister(extra=(PortInfo("/dev/ttyS0"), port))
    assert find_usb_port(lister, 0x0C2E, 0x0B61, "A1") == port
    assert find_usb_port(lister, 0x0C2E, 0x0B61, "B2") is None


def test_a_missing_port_says_so(tmp_path):
    with pytest.raises(PortMissing, match="not found: is the scanner plugged in"):
        open_serial(str(tmp_path / "ttyUSB7"))


def test_a_port_in_use_is_busy():
    with VirtualScanner() as sim:
        first = open_serial(sim.port)
        try:
            with pytest.raises(PortBusy, match="busy: another program is using it"):
                open_serial(sim.port)
        finally:
            first.close()


def test_os_errors_become_one_clear_sentence():
    denied = serial.SerialException(errno.EACCES, "could not open port /dev/ttyS4: denied")
    assert isinstance(port_error("/dev/ttyS4", denied), PortDenied | PortBusy)
    assert "dialout" in str(port_error("/dev/ttyS4", denied)) or os.name == "nt"
    windows_missing = serial.SerialException("could not open port 'COM3': FileNotFoundError(2)")
    assert isinstance(port_error("COM3", windows_missing), PortMissing)
    odd = port_error("COM3", serial.SerialException("something\nodd"))
    assert type(odd) is PortError and "\n" not in str(odd)


def test_scan_test_reads_the_next_code():
    with VirtualScanner(terminator="lf") as sim:
        config = ScannerConfig(port=sim.port, terminator="lf")
        timer = threading.Timer(0.2, lambda: sim.send_raw(b"\x00noise\nCODE-42\n"))
        timer.start()
        try:
            assert read_one_code(config, timeout_s=3) == (sim.port, "CODE-42")
        finally:
            timer.cancel()


def test_scan_test_gives_up_after_the_timeout_and_mentions_garbage():
    with VirtualScanner() as sim:
        sim.send_raw(b"stale\r")  # read before the test started: not the next code
        timer = threading.Timer(0.05, lambda: sim.send_raw(b"\xff\xfe\r"))
        timer.start()
        with pytest.raises(ScanTimeout, match=r"no code read .* garbled line"):
            read_one_code(ScannerConfig(port=sim.port), timeout_s=0.3)
        timer.join()


def test_scan_test_hints_at_a_wrong_terminator():
    with VirtualScanner(terminator="cr") as sim:
        timer = threading.Timer(0.05, lambda: sim.scan("6901234567892"))
        timer.start()
        with pytest.raises(ScanTimeout, match=r"14 byte\(s\) arrived without the terminator"):
            read_one_code(ScannerConfig(port=sim.port, terminator="crlf"), timeout_s=0.3)
        timer.join()


def test_scan_test_on_a_missing_usb_scanner():
    with pytest.raises(PortMissing, match="0C2E:0B61 not found"):
        read_one_code(ScannerConfig(usb_vid=0x0C2E, usb_pid=0x0B61), 0.1, lister=Lister())


def test_probe_tells_present_busy_and_missing(tmp_path):
    with VirtualScanner() as sim:
        config = ScannerConfig(port=sim.port)
        assert probe(config).state == "present"
        held = open_serial(sim.port)
        try:
            assert probe(config).state == "busy"
        finally:
            held.close()
        by_usb = ScannerConfig(usb_vid=sim.vid, usb_pid=sim.pid)
        found = probe(by_usb, Lister(sim))
        assert (found.state, found.port) == ("present", sim.port)
    assert probe(ScannerConfig(port=str(tmp_path / "ttyACM3"))).state == "missing"
