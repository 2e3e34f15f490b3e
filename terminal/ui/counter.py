"""The counter screen: one input for scans, card numbers and mobile numbers; the member
panel; the function keys."""

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from terminal.domain import barcodes
from terminal.domain.errors import PosError
from terminal.services.facade import Services
from terminal.services.members import MemberView
from terminal.ui.actions import ACTIONS
from terminal.ui.error_text import Message, shown
from terminal.ui.member_panel import MemberPanel
from terminal.ui.messages import fill

if TYPE_CHECKING:  # head office's client (httpx) is imported only when sync starts
    from terminal.sync.lookup import MemberFinder


class CounterScreen(QWidget):
    action_requested = Signal(str, dict)  # action name, extra dialog arguments
    member_shown = Signal(object)  # MemberView or None

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("counterScreen")
        self.services = services
        # An enrolled terminal finds members through head office too (SyncRunner.finder):
        # another store's member not pulled yet, or held here without personal data.
        self.finder: MemberFinder | None = None
        self.input = QLineEdit(objectName="counterInput")
        self.input.setMaxLength(barcodes.MAX_CODE_LENGTH)
        # Codes and numbers only: a Chinese input method left on would swallow the keys of
        # a scan into its composition window.
        self.input.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self.find_button = QPushButton(objectName="findButton")
        self.message = QLabel(objectName="counterMessage")
        self.said: Message | None = None
        self.message.setWordWrap(True)
        self.panel = MemberPanel()
        self.buttons: dict[str, QPushButton] = {}
        self.extra_keys: dict[str, str] = {}  # name -> its key's text, e.g. "Ctrl+P"
        keys = QGridLayout()
        keys.setSpacing(10)
        for slot, action in enumerate(ACTIONS):
            button = self._key_button(action.name)
            keys.addWidget(button, slot // 2, slot % 2)
            button.clicked.connect(lambda _=False, name=action.name: self.request(name))

        # The scan field spans the screen, so its hint is whole on a 1024-wide till too.
        search = self.search_row = QHBoxLayout()
        search.setSpacing(24)
        search.addWidget(self.input, 1)
        search.addWidget(self.find_button)
        right = QVBoxLayout()
        right.addLayout(keys)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.setSpacing(24)
        columns.addWidget(self.panel, 3)
        columns.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 12)
        layout.setSpacing(10)
        layout.addLayout(search)
        layout.addWidget(self.message)
        layout.addLayout(columns, 1)

        self.input.returnPressed.connect(self.lookup_typed)
        self.find_button.clicked.connect(self.lookup_typed)
        self.retranslate()

    def _key_button(self, name: str, object_name: str = "functionKey") -> QPushButton:
        button = QPushButton(objectName=object_name)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the input keeps the focus
        self.buttons[name] = button
        return button

    def add_key(self, name: str, key: str, handler: Callable[[], None]) -> QPushButton:
        """A key of the counter beyond the function keys (e.g. Ctrl+P, the failed prints),
        beside the scan field, so that a touch screen reaches it too."""
        button = self._key_button(name, "extraKey")
        self.search_row.addWidget(button)
        button.clicked.connect(lambda _=False: handler())
        self.extra_keys[name] = key
        self.retranslate()
        return button

    @property
    def member(self) -> MemberView | None:
        return self.panel.view

    def language_changed(self) -> None:
        if self.said is not None:
            self.message.setText(self.said.text())
        else:
            self.message.clear()

    def retranslate(self) -> None:
        self.input.setPlaceholderText(self.tr("Scan or type a card or mobile number"))
        self.find_button.setText(self.tr("Find"))
        labels = {
            "search": self.tr("Search"),
            "signup": self.tr("Sign up"),
            "checkout": self.tr("Checkout"),
            "topup": self.tr("Top up"),
            "redeem": self.tr("Redeem"),
            "refund": self.tr("Refund"),
            "checkin": self.tr("Check in"),
            "adjust": self.tr("Adjust points"),
            "settings": self.tr("Settings"),
            "devices": self.tr("Devices"),
            "language": self.tr("English / 中文"),
            "lock": self.tr("Lock"),
            "prints": self.tr("Failed prints"),
        }
        for action in ACTIONS:
            key = action.key.name.removeprefix("Key_")
            self.buttons[action.name].setText(f"{key}  {labels[action.name]}")
        for name, key in self.extra_keys.items():
            self.buttons[name].setText(f"{key}  {labels.get(name, name)}")
        self.panel.show_member(self.panel.view)

    def request(self, name: str, **extra: object) -> None:
        self.action_requested.emit(name, extra)

    def say(self, text: "str | Message | BaseException", error: bool = False) -> None:
        """Show a line to the cashier; an error or a `Message` is said again in the new
        language on F11, ready-made text is cleared then."""
        self.said = shown(text)
        self.message.setText(self.said.text() if self.said else str(text))
        self.message.setProperty("error", error)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)

    # --- finding members -----------------------------------------------------------------

    def lookup_typed(self) -> None:
        text = self.input.text().strip()
        if not text:
            return
        code = barcodes.classify(text)
        if len(text) == 4 and text.isascii() and text.isdigit():
            self.request("search", last4=text)  # the last four digits of a phone
        elif code.kind in (barcodes.COUPON, barcodes.RECEIPT):
            self.handle_code(code)
        elif code.kind in (barcodes.MEMBER_CARD, barcodes.MEMBER_QR):
            self.show_query(code.value)
        else:
            self.show_query(text)  # a mobile number, or a mistyped card: the service says
        self.input.selectAll()

    def handle_scan(self, raw: str) -> None:
        self.handle_code(barcodes.classify(raw))

    def handle_code(self, code: barcodes.ScannedCode) -> None:
        if code.kind in (barcodes.MEMBER_CARD, barcodes.MEMBER_QR):
            self.show_query(code.value)
        elif code.kind == barcodes.COUPON:
            self.say(fill(self.tr("Coupon %1: opening checkout"), code.value))
            self.request("checkout", coupon=code.value)
        elif code.kind == barcodes.RECEIPT:
            self.say(fill(self.tr("Receipt %1: opening refund"), code.value))
            self.request("refund", receipt=code.value)
        elif code.kind == barcodes.PRODUCT:
            self.say(
                fill(self.tr("%1 is a product code; scan it at the till"), code.value), error=True
            )
        else:
            shown = code.raw[:40]
            self.say(
                fill(self.tr("Code “%1” is not a member card, coupon or receipt"), shown)
                if shown
                else self.tr("The code could not be read; please scan again"),
                error=True,
            )

    def show_query(self, query: str) -> bool:
        try:
            view = (self.finder or self.services.members).find(query)
        except PosError as exc:
            self.say(exc, error=True)
            return False
        self.show_member(view)
        self.say("")
        return True

    def show_member(self, view: MemberView | None) -> None:
        self.panel.show_member(view)
        self.member_shown.emit(view)

    def clear(self) -> None:
        self.input.clear()
        self.say("")
        self.show_member(None)
