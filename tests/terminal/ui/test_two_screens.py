"""With a second screen the customer display opens on it (a separate process: the screens
of the offscreen platform are fixed when the application starts)."""

import json
import os
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import json
    from PySide6.QtWidgets import QApplication, QWidget
    from terminal.ui.customer_display import CustomerDisplay

    app = QApplication([])
    till = QWidget()
    till.show()
    display = CustomerDisplay("Demo")
    shown = display.place(till=till.screen())
    display.show_due(8800)
    app.processEvents()
    print(json.dumps({
        "screens": len(app.screens()),
        "shown": shown,
        "visible": display.isVisible(),
        "till": till.screen().name(),
        "display": display.screen().name(),
        "geometry": list(display.geometry().getRect()),
        "frameless": bool(display.windowFlags() & display.windowFlags().FramelessWindowHint),
    }))
    """
)


def test_customer_display_opens_on_the_other_screen(tmp_path):
    config = tmp_path / "screens.json"
    screens = [
        {"name": "Till", "x": 0, "y": 0, "width": 1280, "height": 800, "logicalDpi": 96},
        {"name": "Customer", "x": 1280, "y": 0, "width": 1024, "height": 600, "logicalDpi": 96},
    ]
    config.write_text(json.dumps({"screens": screens}), encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["screens"] == 2
    assert result["shown"] and result["visible"] and result["frameless"]
    assert result["display"] != result["till"]
    other = next(s for s in screens if s["name"] == result["display"])
    assert result["geometry"] == [other["x"], other["y"], other["width"], other["height"]]
