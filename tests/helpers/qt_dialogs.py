"""A stand-in dialog that keeps the counter's dialog contract, for shell tests."""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog


class ContractDialog(QDialog):
    """Records how it was opened and the scans it was given."""

    member_changed = Signal(str)
    opened: list["ContractDialog"] = []

    def __init__(self, services, operator, member=None, parent=None, print_receipt=None, **extra):
        super().__init__(parent)
        self.services, self.operator, self.member = services, operator, member
        self.print_receipt, self.extra = print_receipt, extra
        self.scans: list[str] = []
        ContractDialog.opened.append(self)

    def handle_scan(self, code: str) -> bool:
        self.scans.append(code)
        return True
