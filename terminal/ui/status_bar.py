"""The status bar: connection, queued events for head office, printer, scanner, operator,
clock. Figures are read off the GUI thread on a timer; a slow read never freezes it."""

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from terminal.services.clock import Clock
from terminal.services.facade import Services
from terminal.services.operators import OperatorView
from terminal.services.upkeep import OutboxSummary
from terminal.ui.device_status import DeviceStatusBoard
from terminal.ui.messages import fill
from terminal.ui.worker import run_in_background

REFRESH_MS = 5_000


class CounterStatusBar(QStatusBar):
    link_changed = Signal(str)  # "standalone", "online" or "offline"

    def __init__(
        self,
        services: Services,
        devices: DeviceStatusBoard,
        clock: Clock,
        timezone: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("counterStatus")
        self.setSizeGripEnabled(False)  # the counter fills the screen: nothing to drag
        self.services, self.devices, self.clock = services, devices, clock
        self.tz = ZoneInfo(timezone)
        self.link = QLabel(objectName="statusLink")
        self.queue = QLabel()
        self.printer = QLabel()
        self.scanner = QLabel()
        self.operator_label = QLabel()
        self.clock_label = QLabel(objectName="statusClock")
        # A message (showMessage) covers these for its few seconds, so it has the whole
        # bar on a narrow screen; only the clock stays.
        for label in (self.link, self.queue, self.printer, self.scanner, self.operator_label):
            self.addWidget(label)
        self.addPermanentWidget(self.clock_label)
        self.operator: OperatorView | None = None
        self.link_state = ("standalone", "")
        # Set by the sync wiring: returns (state, detail); runs in the background refresh.
        self.link_reader: Callable[[], tuple[str, str]] | None = None
        self.summary: OutboxSummary | None = None
        self._reading = False
        devices.changed.connect(self.show_devices)
        self._tick = QTimer(self, interval=1_000)
        self._tick.timeout.connect(self.show_clock)
        self._refresh = QTimer(self, interval=REFRESH_MS)
        self._refresh.timeout.connect(self.refresh)
        self.retranslate()

    def start(self) -> None:
        self._tick.start()
        self._refresh.start()
        self.refresh()

    def stop(self) -> None:
        self._tick.stop()
        self._refresh.stop()

    def set_link(self, state: str, detail: str = "") -> None:
        """The connection to head office: "standalone" (not enrolled), "online", "offline".
        The sync code calls it in the GUI thread (through a queued signal)."""
        if state not in ("standalone", "online", "offline"):
            raise ValueError(f"link state '{state}' is not standalone, online or offline")
        changed = state != self.link_state[0]
        self.link_state = (state, detail)
        self.show_link()
        if changed:
            self.link_changed.emit(state)

    def show_link(self) -> None:
        state, detail = self.link_state
        texts = {
            "standalone": self.tr("Standalone"),
            "online": self.tr("Online"),
            "offline": self.tr("Offline"),
        }
        self.link.setText(texts[state])
        self.link.setProperty("state", state)
        self.link.setToolTip(detail)

    def retranslate(self) -> None:
        self.show_link()
        self.show_queue()
        self.show_devices()
        self.set_operator(self.operator)
        self.show_clock()

    def set_operator(self, operator: OperatorView | None) -> None:
        self.operator = operator
        if operator is None:
            self.operator_label.setText(self.tr("Not logged in"))
        else:
            self.operator_label.setText(fill(self.tr("Operator: %1"), operator.name))

    def refresh(self) -> None:
        """Read the queue figures in the background (skipped while a read is running)."""
        if self._reading:
            return
        self._reading = True
        link_reader = self.link_reader

        def read() -> tuple[OutboxSummary, tuple[str, str] | None]:
            return self.services.upkeep.outbox_summary(), link_reader() if link_reader else None

        run_in_background(
            read, on_done=self._got_summary, on_error=self._summary_failed, owner=self
        )

    def _got_summary(self, figures: tuple[OutboxSummary, tuple[str, str] | None]) -> None:
        self._reading = False
        self.summary, link = figures
        self.show_queue()
        if link is not None:
            self.set_link(*link)

    def _summary_failed(self, _exc: BaseException) -> None:
        self._reading = False
        self.queue.setText(self.tr("Queue: unreadable"))

    def show_queue(self) -> None:
        s = self.summary
        if s is None:
            self.queue.setText(self.tr("Queue: …"))
        elif s.pending == 0:
            self.queue.setText(self.tr("Queue: empty"))
        else:
            self.queue.setText(
                fill(self.tr("Queue: %1 waiting, oldest %2"), s.pending, self.age(s.age_seconds))
            )

    def age(self, seconds: int) -> str:
        if seconds < 60:
            return fill(self.tr("%1 s"), seconds)
        if seconds < 3600:
            return fill(self.tr("%1 min"), seconds // 60)
        if seconds < 86400:
            return fill(self.tr("%1 h"), seconds // 3600)
        return fill(self.tr("%1 d"), seconds // 86400)

    def show_devices(self) -> None:
        states = {
            "ready": self.tr("ready"),
            "simulated": self.tr("simulated"),
            "offline": self.tr("offline"),
            "error": self.tr("error"),
            "none": self.tr("not configured"),
        }
        self.printer.setText(fill(self.tr("Printer: %1"), states[self.devices.printer[0]]))
        self.scanner.setText(fill(self.tr("Scanner: %1"), states[self.devices.scanner[0]]))
        self.printer.setToolTip(self.devices.printer[1])
        self.scanner.setToolTip(self.devices.scanner[1])

    def show_clock(self) -> None:
        now: datetime = self.clock.now().astimezone(self.tz)
        self.clock_label.setText(now.strftime("%Y-%m-%d %H:%M"))
