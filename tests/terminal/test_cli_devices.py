"""`posctl devices ...`, `scan-test` and `scan-sim` against virtual scanners."""

import json
import subprocess
import sys
import threading
import time

import pytest

from terminal.devices.ports import open_serial
from terminal.devices.simulators.virtual_scanner import VirtualScanner
from tests.terminal.test_cli import MANAGER, POSCTL, cli, cli_template  # noqa: F401


@pytest.fixture
def posctl(cli):  # noqa: F811 - the shared in-process posctl runner of test_cli
    return cli


@pytest.fixture
def sim():
    with VirtualScanner() as sim:
        yield sim


def later(seconds: float, action) -> threading.Timer:
    timer = threading.Timer(seconds, action)
    timer.start()
    return timer


def test_devices_list_shows_ports_and_configured_devices_with_their_state(posctl, sim, tmp_path):
    posctl.ok(
        "devices", "set-scanner", "hand", "--port", sim.port, "--terminator", "crlf", *MANAGER
    )
    posctl.ok("devices", "set-scanner", "gone", "--port", str(tmp_path / "ttyACM7"), *MANAGER)
    posctl.ok("devices", "set-printer", "receipt", "kind=virtual", f"path={tmp_path}", *MANAGER)
    data = posctl.ok("devices", "list")
    assert isinstance(data["ports"], list)  # whatever this machine has
    assert data["settings_version"] == 3
    states = {d["name"]: (d["kind"], d["state"]) for d in data["configured"]}
    assert states == {
        "hand": ("scanner", "present"),
        "gone": ("scanner", "missing"),
        "receipt": ("printer", "ready"),
    }
    held = open_serial(sim.port)
    try:
        busy = {d["name"]: d for d in posctl.ok("devices", "list")["configured"]}["hand"]
    finally:
        held.close()
    assert busy["state"] == "busy" and "another program" in busy["detail"]
    code, out, err = posctl.run("devices", "list", as_json=False)
    assert code == 0 and "serial ports present:" in out and "hand" in out and "missing" in out


def test_device_changes_need_a_manager_and_are_versioned(posctl, sim):
    message = posctl.fails(
        "devices", "set-scanner", "hand", "--port", sim.port,
        "--approver", "cashier", "--approver-pin", "1111",
    )  # fmt: skip
    assert "not a manager" in message
    first = posctl.ok("devices", "set-scanner", "hand", "--port", sim.port, *MANAGER)
    assert first["version"] == 1
    again = posctl.ok("devices", "set-scanner", "hand", "--port", sim.port, *MANAGER)
    assert (again["version"], again["changed"]) == (1, False)
    usb = posctl.ok(
        "devices", "set-scanner", "hand", "--port", sim.port, "--usb", "0c2e:0b61:A7", *MANAGER
    )
    scanner = usb["settings"]["scanners"][0]
    assert (scanner["usb_vid"], scanner["usb_pid"], scanner["usb_serial"]) == (0x0C2E, 0x0B61, "A7")
    removed = posctl.ok("devices", "remove", "hand", *MANAGER)
    assert removed["version"] == 3 and removed["settings"]["scanners"] == []
    assert "no scanner or printer named 'hand'" in posctl.fails(
        "devices", "remove", "hand", *MANAGER
    )
    assert "baud rate" in posctl.fails(
        "devices", "set-scanner", "x", "--port", sim.port, "--baud", "1234", *MANAGER
    )
    assert "USB id" in posctl.fails(
        "devices", "set-scanner", "x", "--port", sim.port, "--usb", "zz:1", *MANAGER
    )
    assert "printer kind" in posctl.fails("devices", "set-printer", "p", "kind=fax", *MANAGER)


def test_scan_test_prints_the_next_code(posctl, sim):
    timer = later(0.3, lambda: sim.send_raw(b"\x00\xffjunk\r6901234567892\r"))
    try:
        data = posctl.ok("scan-test", "--port", sim.port, "--timeout", "5")
    finally:
        timer.cancel()
    assert data == {"port": sim.port, "code": "6901234567892"}


def test_scan_test_of_a_configured_scanner(posctl):
    with VirtualScanner(terminator="lf") as sim:
        posctl.ok(
            "devices", "set-scanner", "hand", "--port", sim.port, "--terminator", "lf", *MANAGER
        )
        timer = later(0.3, lambda: sim.scan("A-1"))
        try:
            assert posctl.ok("scan-test", "--scanner", "hand", "--timeout", "5")["code"] == "A-1"
        finally:
            timer.cancel()
    assert "no scanner named 'nope'" in posctl.fails("scan-test", "--scanner", "nope")


def test_scan_test_errors_are_one_clear_line(posctl, sim, tmp_path):
    missing = posctl.fails("scan-test", "--port", str(tmp_path / "ttyUSB3"))
    assert missing.endswith("not found: is the scanner plugged in?")
    held = open_serial(sim.port)
    try:
        assert "is busy: another program is using it" in posctl.fails(
            "scan-test", "--port", sim.port
        )
    finally:
        held.close()
    assert "no code read" in posctl.fails("scan-test", "--port", sim.port, "--timeout", "0.2")
    assert "give --port" in posctl.fails("scan-test")
    posctl.fails("scan-test", "--port", sim.port, "--baud", "fast", code=2)


def test_devices_list_and_scan_test_work_without_a_database(tmp_path, sim, capsys):
    from terminal.cli import main

    db = tmp_path / "none.db"
    assert main(["--db", str(db), "devices", "list", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["configured"] == [] and "no database" in data["note"]
    assert not db.exists()  # a check never creates a database
    timer = later(0.3, lambda: sim.scan("XYZ"))
    try:
        assert main(["--db", str(db), "scan-test", "--port", sim.port, "--json"]) == 0
    finally:
        timer.cancel()
    assert json.loads(capsys.readouterr().out)["code"] == "XYZ"
    assert not db.exists()


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_scan_sim_feeds_scan_test_across_processes(tmp_path):
    command = [str(POSCTL), "--db", str(tmp_path / "x.db"), "scan-sim", "SIM-CODE-1"]
    with subprocess.Popen(
        [*command, "--every", "0.2"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    ) as sim:
        try:
            first = sim.stdout.readline()
            assert first.startswith("virtual scanner on /dev/")
            port = first.split()[3]
            test = subprocess.run(
                [str(POSCTL), "scan-test", "--port", port, "--timeout", "5", "--json"],
                capture_output=True,
                text=True,
                timeout=20,
            )
            assert test.returncode == 0, test.stderr
            assert json.loads(test.stdout) == {"port": port, "code": "SIM-CODE-1"}
        finally:
            sim.terminate()
            sim.wait(timeout=10)
    assert not (tmp_path / "x.db").exists()


def test_scan_sim_stops_after_count_and_refuses_unscannable_codes(posctl):
    started = time.monotonic()
    code, out, err = posctl.run("scan-sim", "A1", "B2", "--count", "3", "--every", "0.05")
    assert code == 0 and err.startswith("virtual scanner on /dev/")  # stdout: JSON only
    data = json.loads(out)
    assert data["sent"] == 3 and data["port"].startswith("/dev/")
    assert time.monotonic() - started < 3
    assert "cannot be scanned" in posctl.fails("scan-sim", "条码", "--count", "1")
