"""Counter start-up and scan-to-member time, through the real UI.

Start-up: a fresh process per start, timed from just before the process is spawned until
the counter screen is up with the wedge filter listening (window shown, operator logged
in, one round of the event loop). The PIN check is not part of it: the operator is logged
in by name, as the PIN is a person's step. Printers, serial scanners and sync start just
after, as in the app (phase "devices").

Scan to member shown: in the last started process, random members' cards are "scanned"
as fast key presses posted to the focused widget (the wedge filter's real clock sees a
burst), timed from the first key until the member panel shows that member and the window
has painted. The first scan (cold) is reported apart.

    python -m bench.startup --db COPY_OF_m1m.db --starts 5 --ops 2000
    python -m bench.startup --members 2000             # builds its own database
"""

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

from bench.common import emit, machine, open_seeded, parser, summary


def main(argv: list[str] | None = None) -> dict:
    p = parser(__doc__, members=1_000_000, ops=1000)
    p.add_argument("--starts", type=int, default=5, help="processes started and timed")
    p.add_argument("--child", action="store_true", help=argparse_hidden())
    p.add_argument("--spawned-at", type=float, default=0.0, help=argparse_hidden())
    p.add_argument("--seed", type=int, help="which members to scan (default: random)")
    args = p.parse_args(argv)
    if args.child:
        return child(args)
    svc = open_seeded(args.db, args.members)
    path = Path(svc.db.path)
    members = svc.setup.status().members
    svc.close()
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 30)
    runs = []
    for i in range(args.starts):
        ops = args.ops if i == args.starts - 1 else 0
        runs.append(spawn(path, ops, seed))
    last = runs[-1]
    result = {
        "benchmark": "startup",
        "members": members,
        "db": str(path),
        "starts": args.starts,
        "ready": summary([r["ready_ms"] for r in runs]),
        "ready_runs_ms": [round(r["ready_ms"], 1) for r in runs],
        "devices_ready": summary([r["devices_ready_ms"] for r in runs]),
        "phases_last_ms": last["phases_ms"],
        "first_scan_ms": last.get("first_scan_ms"),
        "scan_to_member": last.get("scan_to_member"),
        "seed": seed,
        "machine": machine(),
    }
    emit(result)
    return result


def argparse_hidden() -> str:
    import argparse

    return argparse.SUPPRESS


def spawn(path: Path, ops: int, seed: int) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    spawned_at = time.time()
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.startup",
            "--child",
            "--db",
            str(path),
            "--ops",
            str(ops),
            "--seed",
            str(seed),
            "--spawned-at",
            repr(spawned_at),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"the counter process failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def child(args) -> dict:
    """One counter process: start, then (with --ops) scan random members."""
    marks = {"interpreter": time.time()}
    from PySide6.QtWidgets import QApplication

    from terminal.app import make_app
    from terminal.services.facade import Services
    from terminal.store.database import Database
    from terminal.ui.i18n import Translations
    from terminal.ui.main_window import MainWindow
    from terminal.ui.peripherals import attach

    marks["imports"] = time.time()
    app = make_app([])
    translations = Translations()
    translations.apply("zh_CN")
    services = Services(Database(args.db))
    marks["database"] = time.time()
    window = MainWindow(services, translations=translations)
    window.resize(1280, 800)
    window.show()
    window.start()
    operator = services.operators.list()[0]
    window.on_logged_in(operator)
    QApplication.processEvents()
    marks["ready"] = time.time()
    attach(window, services)  # printer queue, serial scanners, sync: right after, as the app
    QApplication.processEvents()
    marks["devices"] = time.time()
    result = {
        "ready_ms": (marks["ready"] - args.spawned_at) * 1000,
        "devices_ready_ms": (marks["devices"] - args.spawned_at) * 1000,
        "phases_ms": _phases(args.spawned_at, marks),
    }
    if args.ops:
        cards = _random_cards(services, args.ops + 1, args.seed)
        result["first_scan_ms"] = round(_scan(app, window, cards[0]), 3)
        result["scan_to_member"] = summary([_scan(app, window, c) for c in cards[1:]])
    window.stop()
    services.close()
    print(json.dumps(result))
    return result


def _phases(start: float, marks: dict[str, float]) -> dict[str, float]:
    out, previous = {}, start
    for name, at in marks.items():
        out[name] = round((at - previous) * 1000, 1)
        previous = at
    return out


def _random_cards(services, n: int, seed: int) -> list[str]:
    from terminal.domain.cards import make_card_no

    with services.db.read() as s:
        number = services.ctx.terminal_info(s).number
    conn = services.db.raw_connection()
    try:
        (top,) = conn.execute("SELECT card_seq FROM terminal_config WHERE id = 1").fetchone()
    finally:
        conn.close()
    rng = random.Random(seed)
    return [make_card_no(number, rng.randrange(1, top + 1)) for _ in range(n)]


def _scan(app, window, card: str) -> float:
    """Post the card as a scanner burst to the focused widget; ms until it is on screen."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    window.counter.show_member(None)
    app.processEvents()
    target = app.focusWidget() or window.counter.input
    start = time.perf_counter()
    for ch in card:
        QTest.keyClick(target, ch)
    QTest.keyClick(target, Qt.Key.Key_Return)
    deadline = start + 5
    while not _shown(window, card):
        app.processEvents()
        if time.perf_counter() > deadline:
            raise SystemExit(f"card {card} was not shown: {window.counter.message.text()}")
    window.repaint()  # the panel painted, as the cashier sees it
    return (time.perf_counter() - start) * 1000


def _shown(window, card: str) -> bool:
    view = window.counter.member
    return view is not None and view.card_no == card


if __name__ == "__main__":
    main()
