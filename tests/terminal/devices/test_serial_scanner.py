"""Serial scanners read through real pseudo-terminal ports (no hardware needed)."""

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from terminal.devices.config import TERMINATORS, ScannerConfig
from terminal.devices.ports import PortBusy, open_serial
from terminal.devices.scanners import ScannerManager, ScannerState, SerialScanner
from terminal.devices.simulators.virtual_scanner import VirtualScanner
from tests.helpers.devices import FAST, WAIT_S, Lister, Recorder, quiet_for

CONNECTED, DISCONNECTED = ScannerState.CONNECTED, ScannerState.DISCONNECTED


@pytest.fixture
def sim():
    with VirtualScanner() as sim:
        yield sim


@pytest.fixture
def readers():
    started: list[SerialScanner | ScannerManager] = []
    yield started.append
    for reader in started:
        assert reader.stop(timeout_s=WAIT_S)


def start(readers, config, recorder, lister=None) -> SerialScanner:
    reader = SerialScanner(
        config, recorder.on_code, recorder.on_state, lister=lister or Lister(), timing=FAST
    )
    readers(reader)
    reader.start()
    recorder.wait_state(config.name, CONNECTED)
    return reader


@pytest.mark.parametrize("terminator", sorted(TERMINATORS))
def test_codes_arrive_with_each_terminator(readers, terminator):
    with VirtualScanner(terminator=terminator) as sim:
        rec = Recorder()
        start(readers, ScannerConfig(name="hand", port=sim.port, terminator=terminator), rec)
        sim.scan("6901234567892")
        sim.scan("001203000013")
        assert rec.wait_codes(2) == [("hand", "6901234567892"), ("hand", "001203000013")]


def test_a_code_sent_in_pieces_arrives_whole(readers, sim):
    rec = Recorder()
    start(readers, ScannerConfig(port=sim.port), rec)
    for piece in (b"690", b"1234", b"5678", b"92"):
        sim.send_raw(piece)
        time.sleep(0.03)  # separate reads on the port
    quiet_for(rec, 0.1)
    assert rec.values() == []
    sim.send_raw(b"\r")
    assert rec.wait_codes(1) == [("scanner", "6901234567892")]


def test_noise_binary_and_over_long_lines_never_reach_the_app(readers, sim):
    rec = Recorder()
    reader = start(readers, ScannerConfig(port=sim.port, max_length=20), rec)
    sim.send_raw(b"\x00\x01\xfe\xff\r")  # binary bytes
    sim.send_raw(b"\x1b[2J12345\r")  # an escape sequence before digits
    sim.send_raw(b"9" * 3000 + b"\r")  # a runaway line
    sim.send_raw(b"\r\r\n\r")  # lone terminators
    sim.scan("GOOD-1")
    assert rec.wait_codes(1) == [("scanner", "GOOD-1")]
    quiet_for(rec, 0.1)
    assert rec.values() == ["GOOD-1"]
    status = reader.status()
    assert status.state is CONNECTED
    assert status.rejected == 3 and status.codes == 1  # lone terminators are not counted


def test_unplug_is_reported_and_a_half_code_is_discarded(readers, sim):
    rec = Recorder()
    start(readers, ScannerConfig(port=sim.port), rec)
    sim.send_raw(b"690123")  # half a code, then the cable is pulled
    time.sleep(0.05)
    mark = len(rec.states)
    sim.unplug()
    gone = rec.wait_state("scanner", DISCONNECTED, after=mark)
    assert "disconnected" in gone.detail or "not found" in gone.detail
    assert gone.port is None


def test_replug_under_another_name_is_found_by_usb_ids(readers, sim):
    lister = Lister(sim)
    rec = Recorder()
    config = ScannerConfig(
        name="counter", usb_vid=sim.vid, usb_pid=sim.pid, usb_serial=sim.serial_number
    )
    reader = start(readers, config, rec, lister)
    first_port = sim.port
    sim.scan("BEFORE")
    rec.wait_codes(1)
    sim.send_raw(b"4567")  # a partial code in flight when unplugged
    time.sleep(0.05)

    mark = len(rec.states)
    sim.unplug()
    rec.wait_state("counter", DISCONNECTED, after=mark)
    squatters = take_port_name(first_port)  # so that the scanner comes back elsewhere
    try:
        mark = len(rec.states)
        sim.replug()
        for _ in range(3):  # other tests open ptys too: the old name may come free again
            if sim.port != first_port:
                break
            sim.unplug()
            rec.wait_state("counter", DISCONNECTED, after=mark)
            squatters += take_port_name(first_port)
            mark = len(rec.states)
            sim.replug()
        assert sim.port != first_port
        back = rec.wait_state("counter", CONNECTED, after=mark)
        assert back.port == sim.port
        sim.scan("AFTER")
        assert rec.wait_codes(2) == [("counter", "BEFORE"), ("counter", "AFTER")]
    finally:
        for squatter in squatters:
            squatter.close()
    assert reader.status().rejected == 1  # the partial code was thrown away, not joined


def take_port_name(name: str) -> list[VirtualScanner]:
    """Open pseudo-terminals until one holds `name` (new ones take the lowest free
    number; another process may hold it already, which does as well)."""
    squatters: list[VirtualScanner] = []
    while len(squatters) < 64:
        squatters.append(VirtualScanner())
        if squatters[-1].port == name:
            break
    return squatters


def test_another_usb_scanner_with_other_ids_is_not_taken(readers, sim):
    with VirtualScanner(serial_number="OTHER") as other:
        rec = Recorder()
        config = ScannerConfig(
            name="counter", usb_vid=sim.vid, usb_pid=sim.pid, usb_serial="SIM0001"
        )
        start(readers, config, rec, Lister(other, sim))
        other.scan("NOT-MINE")
        sim.scan("MINE")
        assert rec.wait_codes(1) == [("counter", "MINE")]
        quiet_for(rec, 0.1)
        assert rec.values() == ["MINE"]


def test_a_missing_port_is_reported_and_retried(readers, tmp_path):
    rec = Recorder()
    config = ScannerConfig(port=str(tmp_path / "ttyACM9"))
    reader = SerialScanner(config, rec.on_code, rec.on_state, lister=Lister(), timing=FAST)
    readers(reader)
    reader.start()
    status = rec.wait_state("scanner", DISCONNECTED)
    assert "not found" in status.detail
    time.sleep(0.1)  # several retries, reported once
    assert [s.state for s in rec.states].count(DISCONNECTED) == 1


def test_the_port_is_opened_exclusively(readers, sim):
    rec = Recorder()
    start(readers, ScannerConfig(port=sim.port), rec)
    with pytest.raises(PortBusy, match="busy"):
        open_serial(sim.port)


def test_two_scanners_at_once(sim):
    with VirtualScanner(serial_number="SIM0002") as counter_top:
        rec = Recorder()
        manager = ScannerManager(
            rec.on_code, rec.on_state, lister=Lister(sim, counter_top), timing=FAST
        )
        try:
            manager.configure(
                [
                    ScannerConfig(name="hand", port=sim.port),
                    ScannerConfig(name="counter", port=counter_top.port, terminator="cr"),
                    ScannerConfig(name="spare", port="/dev/nonexistent", enabled=False),
                ]
            )
            rec.wait_state("hand", CONNECTED)
            rec.wait_state("counter", CONNECTED)
            sim.scan("H1")
            counter_top.scan("C1")
            sim.scan("H2")
            got = rec.wait_codes(3)
            assert sorted(got) == [("counter", "C1"), ("hand", "H1"), ("hand", "H2")]
            assert {s.name for s in manager.statuses()} == {"hand", "counter"}
            assert sorted(manager.connected()) == ["counter", "hand"]
            # reconfiguring restarts only what changed
            hand_before = manager.status("hand")
            manager.configure([ScannerConfig(name="hand", port=sim.port)])
            assert manager.status("counter") is None
            assert manager.status("hand").codes == hand_before.codes
        finally:
            started = time.monotonic()
            assert manager.stop(timeout_s=WAIT_S)
            assert time.monotonic() - started < 1.0


def test_stop_joins_the_thread_promptly_and_closes_the_port(sim):
    rec = Recorder()
    reader = SerialScanner(ScannerConfig(port=sim.port), rec.on_code, rec.on_state, timing=FAST)
    reader.start()
    rec.wait_state("scanner", CONNECTED)
    started = time.monotonic()
    assert reader.stop(timeout_s=WAIT_S)
    assert time.monotonic() - started < 0.5
    assert reader.status().state is ScannerState.STOPPED
    open_serial(sim.port).close()  # free again


def test_a_failing_listener_does_not_stop_the_scanner(readers, sim):
    rec = Recorder()

    def grumpy(scanner, code):
        rec.on_code(scanner, code)
        raise RuntimeError("the counter screen is busy")

    reader = SerialScanner(ScannerConfig(port=sim.port), grumpy, rec.on_state, timing=FAST)
    readers(reader)
    reader.start()
    rec.wait_state("scanner", CONNECTED)
    sim.scan("ONE")
    sim.scan("TWO")
    assert rec.wait_codes(2) == [("scanner", "ONE"), ("scanner", "TWO")]


# --- fuzzing through the port -------------------------------------------------------------

UNPRINTABLE = [b for b in range(256) if not 0x20 <= b <= 0x7E and b not in (0x0D, 0x0A)]


@pytest.fixture(scope="module")
def fuzz_line():
    """One reader on one virtual port for all fuzz examples (starting one per example
    would make the test slow, and a long-lived reader is what a shop runs)."""
    with VirtualScanner() as sim:
        rec = Recorder()
        reader = SerialScanner(
            ScannerConfig(port=sim.port, max_length=48), rec.on_code, rec.on_state, timing=FAST
        )
        reader.start()
        rec.wait_state("scanner", CONNECTED)
        yield sim, rec, reader
        assert reader.stop(timeout_s=WAIT_S)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=400), st.sampled_from(UNPRINTABLE), st.integers(0, 10**6))
def test_random_bytes_on_the_wire_never_crash_the_reader_nor_yield_false_codes(
    fuzz_line, noise, spoiler, marker
):
    sim, rec, reader = fuzz_line
    before = len(rec.codes)
    # Random bytes, spoiled so that their last line can never pass for a code, then a
    # terminator, then a marker code: the marker must be the only code that arrives.
    sim.send_raw(noise + bytes([spoiler]) + b"\r")
    sim.scan(f"MARK{marker}")
    rec.wait_codes(before + 1)
    time.sleep(0.02)
    new = rec.values()[before:]
    lines = noise.split(b"\r")[:-1]  # whole lines inside the noise may be codes...
    legit = [
        line.strip(b"\n").decode()
        for line in lines
        if len(line) <= 48 and _printable(line.strip(b"\n"))
    ]
    assert new == legit + [f"MARK{marker}"]  # ...but nothing else may arrive
    assert reader.status().state is CONNECTED


def _printable(line: bytes) -> bool:
    return bool(line) and all(0x20 <= b <= 0x7E for b in line)


def test_a_usb_scanner_that_vanishes_from_the_port_list_is_reported(readers, sim):
    """Some drivers keep a vanished port quiet: the port list tells instead."""
    lister = Lister(sim)
    rec = Recorder()
    config = ScannerConfig(usb_vid=sim.vid, usb_pid=sim.pid, usb_serial=sim.serial_number)
    start(readers, config, rec, lister)
    mark = len(rec.states)
    lister.sims = []  # gone from the list, though the port itself stays quiet and open
    gone = rec.wait_state("scanner", DISCONNECTED, after=mark)
    assert "not found" in gone.detail or "disconnected" in gone.detail
    lister.sims = [sim]  # back: reconnected on the same port
    rec.wait_state("scanner", CONNECTED, after=mark)
    sim.scan("BACK")
    assert rec.wait_codes(1) == [("scanner", "BACK")]


def test_a_port_list_that_fails_does_not_drop_the_scanner(readers, sim):
    calls = []

    def flaky():
        calls.append(1)
        if len(calls) > 1:
            raise OSError("sysfs busy")
        return [sim.port_info()]

    rec = Recorder()
    config = ScannerConfig(usb_vid=sim.vid, usb_pid=sim.pid)
    reader = start(readers, config, rec, flaky)
    time.sleep(0.35)  # several presence checks, all failing
    assert len(calls) > 2
    assert reader.status().state is CONNECTED
    sim.scan("STILL")
    assert rec.wait_codes(1) == [("scanner", "STILL")]
