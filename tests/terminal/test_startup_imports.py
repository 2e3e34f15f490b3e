"""What the counter loads before its first screen: a guard on start-up time that is not a
timed assertion. The listed modules load later (first sale, first QR code, sync, devices)."""

import json
import subprocess
import sys

from terminal.services.facade import Services

HEAVY = ["alembic", "httpx", "qrcode", "pydantic", "escpos", "PIL", "terminal.services.demo"]

SCRIPT = """
import json, sys
from terminal.app import make_app
from terminal.services.facade import Services
from terminal.store.database import Database
from terminal.ui.i18n import Translations
from terminal.ui.main_window import MainWindow

app = make_app([])
Translations().apply("zh_CN")
services = Services(Database(sys.argv[1]))
window = MainWindow(services, translations=Translations())
window.show()
window.start()
window.on_logged_in(services.operators.list()[0])
app.processEvents()
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in HEAVY or m in HEAVY)))
window.stop()
services.close()
"""


def test_the_first_screen_loads_none_of_the_heavy_modules(tmp_path):
    db = tmp_path / "t.db"
    svc = Services.open(db)
    svc.setup.init(1, 1, "shop")
    svc.operators.add("ann", "manager", "1234")
    svc.close()
    script = f"HEAVY = {HEAVY!r}\n" + SCRIPT
    out = subprocess.run(
        [sys.executable, "-c", script, str(db)],
        capture_output=True,
        text=True,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
        timeout=120,
        check=True,
    )
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
