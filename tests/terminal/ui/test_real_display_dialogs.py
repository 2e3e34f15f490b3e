"""Every counter dialog, the failed prints and the reprint window on a real X display (Xvfb
at 1366x768, Qt's xcb platform, no window manager, as on a till): each opens centred on the
counter window and inside the screen, never at 0,0 as a window without a parent would."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.terminal.ui.test_real_display import display  # noqa: F401 - the Xvfb fixture

pytestmark = pytest.mark.slow
ROOT = Path(__file__).parents[3]

SCRIPT = r"""
import json, sys, tempfile
from pathlib import Path
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
from terminal.app import style_app
from terminal.devices.printing import PrintQueue
from terminal.ui.actions import ACTIONS, dialog_class
from terminal.ui.printing import FailedPrintsDialog, PrintBridge
from tests.helpers.receipts import FlakyPrinter
from tests.helpers.shop import build_template, open_shop

style_app(app)
here = Path(tempfile.mkdtemp())
build_template(here / "template.db")
shop = open_shop(here / "template.db", here / "shop.db")
member = shop.sign_up()
queue = PrintQueue(FlakyPrinter(), here / "spool.jsonl")
bridge = PrintBridge(queue, build=shop.svc.receipts.build)
window = QMainWindow()
window.resize(1366, 768)
window.show()
for _ in range(20):
    app.processEvents()


def settle():
    for _ in range(30):
        app.processEvents()


def place(name, dialog):
    dialog.open()
    settle()
    record(name, dialog)
    return dialog


def record(name, dialog):
    f = dialog.frameGeometry()
    c = dialog.parentWidget().window().frameGeometry().center()  # what it sits over
    out.append({"name": name, "frame": [f.x(), f.y(), f.width(), f.height()],
                "over": [c.x(), c.y()]})


out = []
for action in ACTIONS:
    if action.module:
        dialog = dialog_class(action)(shop.svc, shop.cashier, member=member, parent=window)
        place(action.name, dialog).reject()
failed = place(
    "failed_prints",
    FailedPrintsDialog(shop.svc, shop.cashier, member=member, parent=window, bridge=bridge),
)
reprint = failed.open_reprint()
settle()
record("reprint", reprint)  # over the failed prints
s = window.screen().availableGeometry()
print(json.dumps({"screen": [s.x(), s.y(), s.width(), s.height()], "dialogs": out}))
queue.stop()
"""


def test_dialogs_open_centred_on_the_counter_on_a_real_display(display, tmp_path):  # noqa: F811
    script = tmp_path / "place.py"
    script.write_text(SCRIPT, encoding="utf-8")
    env = {
        **os.environ,
        "DISPLAY": display,
        "QT_QPA_PLATFORM": "xcb",
        "PYTHONPATH": str(ROOT),
        "POS_CONFIG_DIR": str(tmp_path / "config"),
    }
    env.pop("POS_HEADOFFICE_URL", None)
    run = subprocess.run(
        [sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr[-2000:]
    found = json.loads(run.stdout.strip().splitlines()[-1])
    sx, sy, sw, sh = found["screen"]
    names = [d["name"] for d in found["dialogs"]]
    assert {"failed_prints", "reprint", "refund", "checkout"} <= set(names)
    off = {}
    for d in found["dialogs"]:
        x, y, w, h = d["frame"]
        cx, cy = d["over"]
        # Centred, then held inside the screen where it is larger than the room left.
        want_x = max(sx, min(cx - w // 2, sx + sw - w)) if w <= sw else sx
        want_y = max(sy, min(cy - h // 2, sy + sh - h)) if h <= sh else sy
        if abs(x - want_x) > 3 or abs(y - want_y) > 3:  # a few pixels of rounding as it grows
            off[d["name"]] = (d["frame"], (want_x, want_y))
    assert not off, off
