"""The Qt binding keeps None's reference count: a counter updates labels all day long.

PySide6 6.12.0 on Python 3.11 dropped a reference to None on every call of a method that
returns nothing (setText, resize ...), so the process died after a few thousand label
updates ("deallocating None"). Python 3.12+ makes None immortal and cannot see this.
"""

import sys

from PySide6.QtWidgets import QLabel, QLineEdit


def test_void_calls_do_not_eat_references_to_none(qtbot):
    label, line = QLabel(), QLineEdit()
    qtbot.addWidget(label)
    qtbot.addWidget(line)
    before = sys.getrefcount(None)
    for i in range(500):
        label.setText(str(i))
        line.setText(str(i))
        label.resize(100, 20)
    assert sys.getrefcount(None) >= before - 50  # a few for the interpreter, not 1,500
