"""The customer display: a frameless window on the register's second screen, facing the
customer (welcome, the member's masked name and balances, amount due, change, a QR code).

Contract for dialogs (stable; the counter window creates the display at start-up)::

    from terminal.ui.customer_display import customer_display

    display = customer_display()      # never None: a hidden stand-in before start-up
    display.show_member(view)         # a MemberView: masked name, tier, points, balance
                                      # (another member than shown: the rest is cleared)
    display.new_sale()                # the member stays; an earlier due or change goes
    display.show_due(fen)             # amount due, integer fen
    display.show_change(fen)          # change to give, integer fen
    display.show_qr(text, caption)    # a QR code for the customer to scan, with a caption
    display.welcome()                 # back to the welcome page (after a sale, on cancel)

It shows only the current transaction (`services.views.customer.CustomerScreen`).
    display.on_second_screen          # False with one screen: show the QR in the dialog

All calls are cheap and safe at any time: with one screen the window stays hidden and
the calls only update its (invisible) contents. The same object is reachable as
`main_window.customer_display`.
"""

import shiboken6
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from terminal.domain.money import format_fen
from terminal.services.members import MemberView
from terminal.services.views.customer import CustomerScreen
from terminal.ui.messages import fill, tier_label
from terminal.ui.qr import qr_pixmap

_current: "CustomerDisplay | None" = None


def customer_display() -> "CustomerDisplay":
    """The display of the running counter (a hidden one if none was created yet)."""
    global _current
    if _current is None or not shiboken6.isValid(_current):
        _current = CustomerDisplay(store_name="")
    return _current


class CustomerDisplay(QWidget):
    def __init__(self, store_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.FramelessWindowHint | Qt.WindowType.Window)
        self.setObjectName("customerDisplay")
        self.setWindowTitle(self.tr("Customer display"))
        self.store_name = store_name
        self.screen_state = CustomerScreen()
        self.title = QLabel(objectName="customerTitle", alignment=Qt.AlignmentFlag.AlignCenter)
        self.member = QLabel(objectName="customerMember", alignment=Qt.AlignmentFlag.AlignCenter)
        self.balances = QLabel(objectName="customerBalances")
        self.balances.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.amount = QLabel(objectName="customerAmount", alignment=Qt.AlignmentFlag.AlignCenter)
        self.qr = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.caption = QLabel(objectName="customerCaption", alignment=Qt.AlignmentFlag.AlignCenter)
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 48, 48, 48)
        for widget in (self.title, self.member, self.balances, self.amount, self.qr, self.caption):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.welcome()

    @property
    def on_second_screen(self) -> bool:
        return self.isVisible()

    # --- the contract ------------------------------------------------------------------

    def welcome(self) -> None:
        self._show(CustomerScreen())

    def show_member(self, view: MemberView | None) -> None:
        self._show(self.screen_state.with_member(view))

    def new_sale(self) -> None:
        self._show(self.screen_state.new_sale())

    def show_due(self, fen: int) -> None:
        self._show(self.screen_state.with_due(fen))

    def show_change(self, fen: int) -> None:
        self._show(self.screen_state.with_change(fen))

    def show_qr(self, text: str, caption: str = "") -> None:
        self._show(self.screen_state.with_qr(text, caption))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Say again what is shown, in the new language (the QR's caption stays)."""
        self._show(self.screen_state)

    def _show(self, state: CustomerScreen) -> None:
        """Show `state` and nothing else."""
        if self.store_name:
            self.title.setText(self.tr("Welcome to %1").replace("%1", self.store_name))
        else:
            self.title.setText(self.tr("Welcome"))
        view = state.member
        if view is None:
            self.member.clear()
            self.balances.clear()
        else:
            tier = tier_label(view.tier, view.tier_name)
            self.member.setText(fill(self.tr("Hello, %1 (%2)"), view.name_masked, tier))
            self.balances.setText(
                self.tr("Points %1 · Balance %2")
                .replace("%1", f"{view.points:,}")
                .replace("%2", format_fen(view.wallet_fen))
            )
        if state.due_fen is not None:
            self.amount.setText(self.tr("Amount due %1").replace("%1", format_fen(state.due_fen)))
        elif state.change_fen is not None:
            self.amount.setText(
                self.tr("Your change %1").replace("%1", format_fen(state.change_fen))
            )
        else:
            self.amount.clear()
        if state.qr is None:
            self.qr.clear()
            self.caption.clear()
        else:
            code, caption = state.qr
            if (
                self.screen_state.qr is None
                or self.screen_state.qr[0] != code
                or (self.qr.pixmap().isNull())
            ):
                self.qr.setPixmap(qr_pixmap(code, 320))
            self.caption.setText(caption)
        self.screen_state = state

    # --- placement ---------------------------------------------------------------------

    def place(self, till: QScreen | None = None, screens: list[QScreen] | None = None) -> bool:
        """Show full-screen on a screen other than the till's (the cashier's window), if
        there is one; else stay hidden."""
        screens = QGuiApplication.screens() if screens is None else screens
        till = till or QGuiApplication.primaryScreen()
        others = [s for s in screens if s is not till]
        if not others:
            self.hide()
            return False
        screen = others[0]
        self.setScreen(screen)
        self.setGeometry(screen.geometry())
        self.show()
        return True


def install(display: CustomerDisplay) -> None:
    """Make `display` the one `customer_display()` returns (the counter does this)."""
    global _current
    _current = display
