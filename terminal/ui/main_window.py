"""The counter window: login / lock screen, counter screen, status bar, function keys,
scans from the wedge filter, the dialogs, the customer display, the idle checkpoint."""

import logging
from collections.abc import Callable
from time import monotonic

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QMainWindow, QStackedWidget, QWidget

from terminal.devices.wedge import WedgeSettings
from terminal.domain.errors import PosError
from terminal.services.clock import Clock
from terminal.services.facade import Services
from terminal.services.members import MemberView
from terminal.services.operators import OperatorView
from terminal.ui import customer_display as display_module
from terminal.ui.actions import BY_NAME, DialogMissing, accepted_extras, dialog_class
from terminal.ui.auto_lock import AutoLock
from terminal.ui.config import DEFAULT_AUTO_LOCK_S
from terminal.ui.counter import CounterScreen
from terminal.ui.customer_display import CustomerDisplay
from terminal.ui.device_status import DeviceStatusBoard
from terminal.ui.error_text import Message, describe
from terminal.ui.i18n import Translations
from terminal.ui.login import LoginScreen
from terminal.ui.messages import fill
from terminal.ui.receipt_port import ReceiptPort
from terminal.ui.status_bar import CounterStatusBar
from terminal.ui.wedge_filter import WedgeFilter
from terminal.ui.worker import busy, run_in_background

log = logging.getLogger(__name__)
IDLE_CHECK_MS = 60_000
IDLE_AFTER_S = 30.0


class MainWindow(QMainWindow):
    # Codes from other scanners (a serial scanner's reader thread): emit from any thread;
    # they are handled in the GUI thread exactly like a keyboard-wedge scan.
    external_scan = Signal(str)

    def __init__(
        self,
        services: Services,
        *,
        translations: Translations | None = None,
        save_language: Callable[[str], None] | None = None,
        wedge: WedgeSettings | None = None,
        ticker: Callable[[], float] = monotonic,
        clock: Clock | None = None,
        auto_lock_s: float = DEFAULT_AUTO_LOCK_S,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.services = services
        self.translations = translations or Translations()
        self.save_language = save_language
        self.ticker = ticker
        self.operator: OperatorView | None = None
        self.active_dialog: QDialog | None = None
        # Set by terminal.app once the window is up; each has stop().
        self.printing = None  # terminal.ui.printing.runtime.PrinterRuntime
        self.scanners = None  # terminal.ui.devices.runtime.ScannerRuntime
        self.sync = None  # terminal.sync.runner.SyncRunner
        self.running = False
        terminal = services.setup.terminal()
        self.store_name = terminal.store_name

        self.devices = DeviceStatusBoard(self)
        self.receipts = ReceiptPort(self)
        self.login = LoginScreen(services)
        self.counter = CounterScreen(services)
        self.counter.panel.set_tier_names({t.code: t.name for t in services.setup.rules()[1].tiers})
        self.stack = QStackedWidget()
        self.stack.addWidget(self.login)
        self.stack.addWidget(self.counter)
        self.setCentralWidget(self.stack)
        self.status = CounterStatusBar(
            services, self.devices, clock or services.ctx.clock, terminal.timezone
        )
        self.setStatusBar(self.status)
        self.counter.panel.tz = self.status.tz
        self.status.link_changed.connect(
            lambda state: self.counter.panel.set_offline(state == "offline")
        )
        self.customer_display = CustomerDisplay(self.store_name)
        display_module.install(self.customer_display)

        self.wedge = WedgeFilter(wedge, ticker, self)
        self.wedge.scanned.connect(self.on_scan, Qt.ConnectionType.QueuedConnection)
        self.external_scan.connect(self.on_scan, Qt.ConnectionType.QueuedConnection)
        self.login.logged_in.connect(self.on_logged_in)
        self.counter.action_requested.connect(self.run_action)
        self.counter.member_shown.connect(self.customer_display.show_member)
        self.receipts.notice.connect(lambda text: self.status.showMessage(text, 8_000))
        self.shortcuts = []
        for action in BY_NAME.values():
            shortcut = QShortcut(QKeySequence(action.key), self)
            shortcut.activated.connect(lambda name=action.name: self.on_key(name))
            self.shortcuts.append(shortcut)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.activated.connect(self.on_escape)
        self.shortcuts.append(escape)

        self.auto_lock = AutoLock(auto_lock_s, ticker, self)
        self.auto_lock.idle.connect(self.on_idle)
        self._idle = QTimer(self, interval=IDLE_CHECK_MS)
        self._idle.timeout.connect(self.idle_checkpoint)
        self.retranslate()
        self.show_login()

    # --- start and stop ------------------------------------------------------------------

    def start(self) -> None:
        """Begin listening for scans and refreshing the status bar (after show())."""
        self.running = True
        self.wedge.install()
        self.auto_lock.start()  # after the wedge: it sees every key, held ones too
        self.status.start()
        self._idle.start()
        self.customer_display.place(till=self.screen())

    def stop(self) -> None:
        self.running = False
        for name in ("sync", "scanners", "printing"):
            stop = getattr(getattr(self, name), "stop", None)
            setattr(self, name, None)
            if callable(stop):
                stop()
        self._idle.stop()
        self.auto_lock.stop()
        self.status.stop()
        self.wedge.uninstall()
        self.customer_display.close()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.stop()
        super().closeEvent(event)

    # --- language ------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(fill(self.tr("Member terminal · %1"), self.store_name))
        self.login.retranslate()
        self.counter.retranslate()
        self.status.retranslate()
        if self.counter.member is None:
            self.customer_display.welcome()

    def toggle_language(self) -> None:
        self.set_language("en" if self.translations.language != "en" else "zh_CN")

    def set_language(self, language: str) -> None:
        self.translations.apply(language)  # Qt sends LanguageChange to every widget
        self.retranslate()
        self.counter.language_changed()
        self.login.language_changed()
        self.status.clearMessage()  # a passing message in the old language goes
        if self.save_language is not None:
            try:
                self.save_language(language)
            except OSError as exc:
                self.status.showMessage(
                    fill(self.tr("The language could not be saved: %1"), exc), 8_000
                )

    # --- operators -----------------------------------------------------------------------

    def show_login(self) -> None:
        self.stack.setCurrentWidget(self.login)
        self.login.lock(self.operator)
        self.operator = None
        self.status.set_operator(None)

    def on_logged_in(self, operator: OperatorView) -> None:
        self.operator = operator
        self.auto_lock.touched()
        self.status.set_operator(operator)
        self.stack.setCurrentWidget(self.counter)
        self.counter.input.setFocus()

    def lock(self) -> None:
        """Lock the counter: the member is cleared; the same or another operator logs in."""
        if self.active_dialog is not None:
            self.active_dialog.reject()
        self.counter.clear()
        self.customer_display.welcome()
        self.show_login()

    def on_idle(self) -> None:
        """Nobody at the till for a while: lock, unless work is still being booked."""
        if self.operator is not None and not busy():
            self.lock()

    # --- scans and keys ------------------------------------------------------------------

    def on_scan(self, code: str) -> None:
        dialog = self.active_dialog
        if dialog is not None and hasattr(dialog, "handle_scan"):
            try:
                if dialog.handle_scan(code):
                    return
            except PosError as exc:
                self.status.showMessage(describe(exc), 8_000)
                return
        if self.operator is None:
            self.login.message.setText(self.tr("Log in first, then scan"))
            return
        if dialog is not None:
            self.status.showMessage(self.tr("Close the open window before scanning"), 8_000)
            return
        self.counter.handle_scan(code)

    def on_key(self, name: str) -> None:
        if name == "language":  # also on the login screen, before anyone logs in
            self.toggle_language()
        elif self.operator is not None and self.stack.currentWidget() is self.counter:
            self.run_action(name, {})

    def on_escape(self) -> None:
        if self.operator is not None:
            self.counter.clear()
            self.customer_display.welcome()
            self.counter.input.setFocus()

    def run_action(self, name: str, extra: dict) -> None:
        if self.operator is None or self.active_dialog is not None:
            return
        action = BY_NAME[name]
        member = self.counter.member
        if action.needs_member and member is None:
            self.counter.say(Message("ui.member_needed"), error=True)
            return
        if name == "lock":
            self.lock()
        elif name == "language":
            self.toggle_language()
        elif name == "checkin":
            self.check_in(member)
        else:
            self.open_dialog(name, extra)

    def check_in(self, member: MemberView) -> None:
        try:
            result = self.services.points.check_in(member.card_no, self.operator)
        except PosError as exc:
            self.counter.say(exc, error=True)
            return
        self.counter.say(
            fill(
                self.tr("Checked in: +%1 points (day %2 in a row)"),
                result.points,
                result.streak,
            )
        )
        self.refresh_member(member.id)

    # --- dialogs -------------------------------------------------------------------------

    def open_dialog(self, name: str, extra: dict | None = None) -> QDialog | None:
        action = BY_NAME[name]
        try:
            cls = dialog_class(action)
        except DialogMissing:
            self.status.showMessage(
                fill(self.tr("“%1” is not available in this version yet"), self.action_label(name)),
                8_000,
            )
            return None
        extra = {"print_receipt": self.receipts, **(extra or {})}
        if name == "settings":
            extra.setdefault("language", self.translations.language)
        if name == "signup" and getattr(self, "sync", None) is not None:
            extra.setdefault("self_signup_link", self.sync.client.signup_link)
        kwargs = accepted_extras(cls, extra)
        try:
            dialog = cls(
                self.services, self.operator, member=self.counter.member, parent=self, **kwargs
            )
        except PosError as exc:
            self.counter.say(exc, error=True)
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if hasattr(dialog, "member_changed"):
            dialog.member_changed.connect(self.refresh_member)
        dialog.finished.connect(lambda _result: self.dialog_closed(dialog))
        self.active_dialog = dialog
        dialog.open()
        return dialog

    def dialog_closed(self, dialog: QDialog) -> None:
        if self.active_dialog is dialog:
            self.active_dialog = None
        self.customer_display.show_member(self.counter.member)
        if self.counter.member is None:
            self.customer_display.welcome()
        self.counter.input.setFocus()

    def action_label(self, name: str) -> str:
        text = self.counter.buttons[name].text()
        return text.split("  ", 1)[-1]

    def refresh_member(self, ref: str) -> None:
        """A dialog changed a member (by id or card): show them as they are now."""
        ref = str(ref).strip()
        try:
            if ref.isdigit() or ref.startswith("+"):
                view = self.services.members.find(ref)
            else:
                view = self.services.members.get(ref)
        except PosError as exc:
            self.counter.say(exc, error=True)
            return
        self.counter.show_member(view)

    # --- upkeep --------------------------------------------------------------------------

    def idle_checkpoint(self) -> None:
        """Copy WAL pages into the database file while nobody is at the keys."""
        idle = self.ticker() - self.wedge.last_key_at >= IDLE_AFTER_S
        if idle and self.active_dialog is None and not busy():
            run_in_background(self.services.upkeep.checkpoint, owner=self)
