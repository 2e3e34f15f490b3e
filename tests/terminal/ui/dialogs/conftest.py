"""Opening a counter dialog on a test shop, as the counter does, with receipts recorded."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest


class Receipts:
    def __init__(self) -> None:
        self.printed: list[tuple[str, str]] = []

    def __call__(self, kind: str, receipt_id: str) -> None:
        self.printed.append((kind, receipt_id))


@pytest.fixture(autouse=True)
def no_head_office(monkeypatch, tmp_path):
    """No head office unless a test configures one; no config file of the machine's."""
    monkeypatch.delenv("POS_HEADOFFICE_URL", raising=False)
    monkeypatch.setenv("POS_CONFIG_DIR", str(tmp_path / "config"))


@pytest.fixture
def receipts() -> Receipts:
    return Receipts()


@pytest.fixture
def open_dialog(qtbot, shop, receipts):
    """open_dialog(DialogClass, member=None, operator=None, **extra) -> the shown dialog."""

    def opener(cls, member=None, operator=None, **extra):
        dialog = cls(
            shop.svc,
            operator or shop.cashier,
            member=member,
            parent=None,
            print_receipt=receipts,
            **extra,
        )
        dialog.changes = []
        dialog.member_changed.connect(dialog.changes.append)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return opener


def press_enter(widget) -> None:
    QTest.keyClick(widget, Qt.Key.Key_Return)


def type_into(widget, text: str) -> None:
    """Keys for ASCII; Chinese arrives through the input method, as committed text."""
    widget.setFocus()
    widget.clear()
    if text.isascii():
        QTest.keyClicks(widget, text)
    else:
        widget.insert(text)
