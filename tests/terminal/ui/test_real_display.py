"""The real counter process on a real X display: Xvfb at 1366x768, Qt's xcb platform (not
offscreen), keys typed through the X server as a keyboard and a wedge scanner type them.

The cashier logs in with the PIN, scans a member's card and presses F7 (check-in): the
check-in booked for that member under that cashier proves the login, the scan and the
member found. SIGTERM then closes the counter cleanly (exit 0, "counter closed" logged)."""

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from terminal.services.facade import Services
from terminal.services.members import SignUp

pytestmark = pytest.mark.slow
MISSING = [tool for tool in ("Xvfb", "xdotool") if shutil.which(tool) is None]
if MISSING:
    pytest.skip(
        f"{' and '.join(MISSING)} not installed (requirements-apt.txt lists them)",
        allow_module_level=True,
    )


@pytest.fixture
def display(tmp_path):
    """A private X display (Xvfb picks a free number and writes it to a pipe)."""
    read, write = os.pipe()
    with (tmp_path / "xvfb.log").open("wb") as log:
        server = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
            pass_fds=(write,),
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
    os.close(write)
    try:
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        assert number, f"Xvfb did not start: {(tmp_path / 'xvfb.log').read_text()}"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(10)


@pytest.fixture
def store(tmp_path):
    """A store with a manager, a cashier and one member; returns (db path, card)."""
    path = tmp_path / "terminal.db"
    svc = Services.open(path)
    try:
        svc.setup.init(1, 1, "测试门店")
        manager = svc.operators.add("manager", "manager", "1234")
        svc.operators.add("cashier", "cashier", "0000", by=manager)
        member = svc.members.sign_up(SignUp(phone="13912345678", name="王芳", consent=True), None)
    finally:
        svc.close()
    return path, member.card_no


def xdotool(display: str, *args: str) -> str:
    out = subprocess.run(
        ["xdotool", *args],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return out.stdout.strip()


def checkins_by(db: Path, card: str, operator: str) -> int:
    conn = sqlite3.connect(db)
    try:
        (n,) = conn.execute(
            "SELECT count(*) FROM audit_log a JOIN cards c ON c.member_id = a.entity_id "
            "JOIN operators o ON o.id = a.operator_id "
            "WHERE a.action = 'points.checkin' AND c.card_no = ? AND o.name = ?",
            (card, operator),
        ).fetchone()
    finally:
        conn.close()
    return n


def wait_for(predicate, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def test_the_counter_logs_in_and_scans_on_a_real_x_display(display, store, tmp_path):
    db, card = store
    home = tmp_path / "home"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("QT_", "POS_"))},
        "DISPLAY": display,
        "QT_QPA_PLATFORM": "xcb",
        "HOME": str(home),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "POS_DB": str(db),
        "POS_LANG": "en",
    }
    app = subprocess.Popen(
        [sys.executable, "-m", "terminal.app"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        window = xdotool(
            display, "search", "--sync", "--onlyvisible", "--pid", str(app.pid), "--name", "^Member"
        ).splitlines()[0]
        assert xdotool(display, "getwindowname", window).startswith("Member terminal")
        xdotool(display, "windowfocus", "--sync", window)
        time.sleep(0.5)  # the login screen takes keys once it has painted
        # Log in: ↓ chooses the first operator (cashier; nobody is chosen for you), the PIN.
        xdotool(display, "key", "--delay", "80", "Down")
        xdotool(display, "type", "--delay", "120", "0000")
        xdotool(display, "key", "Return")
        time.sleep(0.5)
        # The card as a wedge scanner sends it: a fast burst ending in Enter.
        xdotool(display, "type", "--delay", "8", card)
        xdotool(display, "key", "Return")
        time.sleep(0.5)
        assert checkins_by(db, card, "cashier") == 0
        xdotool(display, "key", "F7")  # check-in of the member on screen
        wait_for(lambda: checkins_by(db, card, "cashier") == 1, 10, "the check-in")
    finally:
        app.send_signal(signal.SIGTERM)
        try:
            output, _ = app.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            app.kill()
            output, _ = app.communicate()
    assert app.returncode == 0, output.decode(errors="replace")
    log = (home / "state" / "member-terminal" / "log" / "terminal.log").read_text("utf-8")
    assert "counter closed" in log
    assert "Traceback" not in log and " ERROR " not in log, log
