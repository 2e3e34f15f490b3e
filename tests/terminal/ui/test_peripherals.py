"""The counter's link to head office: standalone when not enrolled; online / offline read
in the status bar's background refresh."""

from datetime import datetime
from types import SimpleNamespace

from terminal.ui.peripherals import link_state, start_sync


def test_a_standalone_store_starts_no_sync(logged_in, shop):
    assert start_sync(logged_in, shop.svc) is None
    assert logged_in.sync is None
    assert logged_in.status.link.text() == "Standalone"


def test_the_link_to_head_office_is_read_in_the_background(logged_in, qtbot):
    pushed = datetime(2026, 3, 10, 2, 5)  # naive UTC, 10:05 in Shanghai
    answers = [
        SimpleNamespace(
            online=True,
            base_url="https://ho.example",
            last_error=None,
            last_push_at=pushed,
            last_pull_at=None,
            rejected_count=0,
            pull_stopped_seq=None,
        )
    ]
    runner = SimpleNamespace(status=lambda: answers[-1])
    status = logged_in.status
    qtbot.waitUntil(lambda: not status._reading, timeout=3000)
    status.link_reader = lambda: link_state(runner, status.tz)
    status.refresh()
    qtbot.waitUntil(lambda: status.link.text() == "Online", timeout=3000)
    assert status.link.toolTip() == "https://ho.example\nLast push 10:05 · last pull -"
    answers.append(
        SimpleNamespace(
            online=False,
            base_url="",
            last_error="connection refused",
            last_push_at=pushed,
            last_pull_at=pushed,
            rejected_count=2,
            pull_stopped_seq=41,
        )
    )
    qtbot.waitUntil(lambda: not status._reading, timeout=3000)
    status.refresh()
    qtbot.waitUntil(lambda: status.link.text() == "Offline", timeout=3000)
    assert status.link.toolTip().splitlines() == [
        "connection refused",
        "Last push 10:05 · last pull 10:05",
        "2 event(s) refused by head office: see posctl sync status",
        "Changes from head office stopped at 41: update this terminal",
    ]
