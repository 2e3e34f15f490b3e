"""The background helper: results and errors come back in the GUI thread; progress too."""

import threading

from PySide6.QtWidgets import QWidget

from terminal.ui.worker import run_in_background


def test_result_error_and_progress_arrive_in_the_gui_thread(qtbot):
    main = threading.get_ident()
    seen = {}

    def work(n, progress):
        seen["worker"] = threading.get_ident()
        for i in range(n):
            progress(i + 1, n)
        return n * 2

    steps = []
    run_in_background(
        work,
        3,
        with_progress=True,
        on_progress=lambda done, total: steps.append((done, total, threading.get_ident())),
        on_done=lambda result: seen.setdefault("result", (result, threading.get_ident())),
    )
    qtbot.waitUntil(lambda: "result" in seen, timeout=3000)
    assert seen["worker"] != main
    assert seen["result"] == (6, main)
    assert [(d, t) for d, t, _ in steps] == [(1, 3), (2, 3), (3, 3)]
    assert {ident for *_, ident in steps} == {main}

    def broken():
        raise ValueError("no paper")

    errors = []
    run_in_background(broken, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=3000)
    assert str(errors[0]) == "no paper"


def test_results_for_a_closed_widget_are_dropped(qtbot):
    owner = QWidget()
    gate = threading.Event()
    got = []
    task = run_in_background(gate.wait, 5, on_done=got.append, owner=owner)
    finished = []
    task.destroyed.connect(lambda: finished.append(True))
    owner.deleteLater()
    qtbot.waitUntil(lambda: not owner_alive(owner), timeout=1000)
    gate.set()
    qtbot.waitUntil(lambda: bool(finished), timeout=3000)
    assert got == []


def owner_alive(widget) -> bool:
    import shiboken6

    return shiboken6.isValid(widget)


def test_idle_checkpoint_runs_only_when_nobody_types(logged_in, qtbot, ticker, monkeypatch):
    calls = []
    monkeypatch.setattr(logged_in.services.upkeep, "checkpoint", lambda: calls.append(1))
    logged_in.wedge.last_key_at = ticker()
    logged_in.idle_checkpoint()
    qtbot.wait(50)
    assert calls == []
    ticker.advance(31)
    logged_in.idle_checkpoint()
    qtbot.waitUntil(lambda: calls == [1], timeout=2000)
