"""The counter's function keys and the dialogs they open.

Each dialog lives in `terminal/ui/dialogs/<module>.py` as a QDialog subclass constructed as
`Dialog(services, operator, member=None, parent=None, print_receipt=..., **extra)`, with a
`member_changed = Signal(str)` (member id or card). A dialog that wants scans while it is
open (a coupon at checkout, a receipt at refund) defines `handle_scan(code) -> bool`.
"""

import importlib
import inspect
from dataclasses import dataclass

from PySide6.QtCore import Qt


@dataclass(frozen=True)
class Action:
    name: str
    key: Qt.Key
    module: str | None  # None: done on the counter itself
    class_name: str | None
    needs_member: bool = False
    manager_only: bool = False


ACTIONS: tuple[Action, ...] = (
    Action("search", Qt.Key.Key_F1, "search", "MemberSearchDialog"),
    Action("signup", Qt.Key.Key_F2, "signup", "SignUpDialog"),
    Action("checkout", Qt.Key.Key_F3, "checkout", "CheckoutDialog", needs_member=True),
    Action("topup", Qt.Key.Key_F4, "topup", "TopUpDialog", needs_member=True),
    Action("redeem", Qt.Key.Key_F5, "catalogue", "CatalogueDialog", needs_member=True),
    Action("refund", Qt.Key.Key_F6, "refund", "RefundDialog"),
    Action("checkin", Qt.Key.Key_F7, None, None, needs_member=True),
    Action("adjust", Qt.Key.Key_F8, "adjustment", "AdjustmentDialog", needs_member=True),
    Action("settings", Qt.Key.Key_F9, "settings", "SettingsDialog"),
    Action("devices", Qt.Key.Key_F10, "terminal.ui.devices.counter_dialog", "DevicesDialog"),
    Action("language", Qt.Key.Key_F11, None, None),
    Action("lock", Qt.Key.Key_F12, None, None),
)
BY_NAME = {a.name: a for a in ACTIONS}


class DialogMissing(Exception):
    """The dialog for this key is not part of this build yet."""


def dialog_class(action: Action) -> type:
    """The dialog's class: `module` is a module of `terminal/ui/dialogs/` or a dotted path."""
    path = action.module or ""
    if "." not in path:
        path = f"terminal.ui.dialogs.{path}"
    try:
        module = importlib.import_module(path)
    except ModuleNotFoundError as exc:
        if exc.name and path.startswith(exc.name):
            raise DialogMissing(action.name) from None
        raise
    cls = getattr(module, action.class_name or "", None)
    if cls is None:
        raise DialogMissing(action.name)
    return cls


def accepted_extras(cls: type, extras: dict) -> dict:
    """The keyword arguments the dialog's constructor takes (others are dropped)."""
    params = inspect.signature(cls.__init__).parameters.values()
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params):
        return extras
    names = {p.name for p in params}
    return {k: v for k, v in extras.items() if k in names}
