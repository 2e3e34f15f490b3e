"""Failed prints: what did not come out of the printer and why, with Retry (the same
slip again) and Discard."""

from datetime import datetime

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from terminal.devices.printing import PrintJob
from terminal.ui.printing.bridge import PrintBridge


class FailedPrintsPanel(QWidget):
    def __init__(self, bridge: PrintBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.table = QTableWidget(0, 4, self)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        for col in (0, 1, 2):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.empty = QLabel(self)
        self.retry_button = QPushButton(self)
        self.discard_button = QPushButton(self)
        self._retranslate()
        self.retry_button.clicked.connect(lambda: self._act(self.bridge.retry))
        self.discard_button.clicked.connect(lambda: self._act(self.bridge.discard))
        buttons = QHBoxLayout()
        for button in (self.retry_button, self.discard_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.table.itemSelectionChanged.connect(self._enable)
        bridge.jobs_changed.connect(self.refresh)
        self.jobs: list[PrintJob] = []
        self.refresh()

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Failed prints"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Time"), self.tr("Receipt"), self.tr("Kind"), self.tr("Why")]
        )
        self.empty.setText(self.tr("Every receipt has printed."))
        self.retry_button.setText(self.tr("&Retry"))
        self.discard_button.setText(self.tr("&Discard"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self.refresh()
        super().changeEvent(event)

    def refresh(self) -> None:
        selected = self.selected_job_id()
        self.jobs = sorted(self.bridge.failed_jobs(), key=lambda j: j.created_at)
        self.table.setRowCount(len(self.jobs))
        for row, job in enumerate(self.jobs):
            when = _time(job.created_at)
            cells = (when, job.receipt.receipt_no, self._kind(job), self._why(job))
            for col, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, job.id)
                item.setToolTip(job.error)  # the printer's own words, for support staff
                self.table.setItem(row, col, item)
            if job.id == selected:
                self.table.selectRow(row)
        if self.jobs and self.selected_job_id() is None:
            self.table.selectRow(0)
        self.empty.setVisible(not self.jobs)
        self.table.setVisible(bool(self.jobs))
        self._enable()

    def selected_job_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _act(self, action) -> None:
        job_id = self.selected_job_id()
        if job_id is not None:
            action(job_id)
            self.refresh()

    def _kind(self, job: PrintJob) -> str:
        names = {
            "sale": self.tr("Sale"),
            "topup": self.tr("Top-up"),
            "refund": self.tr("Refund"),
            "signup": self.tr("Sign-up"),
            "test": self.tr("Test page"),
        }
        name = names.get(job.receipt.kind, job.receipt.kind)
        return name + (self.tr(" (reprint)") if job.receipt.reprint else "")

    def _why(self, job: PrintJob) -> str:
        reasons = {
            "offline": self.tr("Printer offline or unplugged"),
            "paper_out": self.tr("Out of paper"),
            "cover_open": self.tr("Printer cover open"),
            "interrupted": self.tr("The terminal stopped while printing"),
        }
        return reasons.get(job.reason, job.error or self.tr("Printer error"))

    def _enable(self) -> None:
        has = self.selected_job_id() is not None
        for button in (self.retry_button, self.discard_button):
            button.setEnabled(has)


def _time(stamp: str) -> str:
    try:
        return datetime.fromisoformat(stamp).strftime("%H:%M:%S")
    except ValueError:
        return stamp
