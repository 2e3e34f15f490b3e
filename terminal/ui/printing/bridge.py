"""Turn the print queue's callbacks (on its own thread) into Qt signals (delivered in the
GUI thread), and give the dialogs one call to print a receipt: `bridge(kind, id)`.

The bridge never waits for paper: it builds the receipt from the books, hands it to the
queue and returns. A failure arrives later as `job_failed` and in `state_changed`.
"""

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from terminal.devices.printing import PrintJob, PrintQueue, QueueEvent, QueueState
from terminal.domain.errors import PosError
from terminal.domain.receipt import SIGNUP, Receipt

# Printer states the status bar knows ("ready", "simulated", "offline", "error", "none").
_BOARD = {
    "idle": "ready",
    "ready": "ready",
    "printing": "ready",
    "offline": "offline",
    "paper_out": "error",
    "cover_open": "error",
    "error": "error",
    "interrupted": "error",
}


def board_state(state: QueueState, simulated: bool = False) -> tuple[str, str]:
    """(state, detail) for the status bar's printer field."""
    board = _BOARD.get(state.printer, "error")
    if board == "ready" and simulated:
        board = "simulated"
    detail = state.message
    if state.failed:
        detail = f"{detail} ({state.failed} failed)".strip() if detail else f"{state.failed} failed"
    return board, detail


class PrintBridge(QObject):
    state_changed = Signal(object)  # QueueState
    job_failed = Signal(str, str)  # job id, message
    job_printed = Signal(str)  # job id
    jobs_changed = Signal()
    notice = Signal(str)  # a line for the status bar

    def __init__(
        self,
        queue: PrintQueue,
        build: Callable[[str], Receipt],
        sign_up: Callable[[str], Receipt] | None = None,
        parent: QObject | None = None,
    ) -> None:
        """`build(id or receipt no)` and `sign_up(card)` read a receipt from the books."""
        super().__init__(parent)
        self.queue = queue
        self._build = build
        self._sign_up = sign_up
        # The queue calls this from its worker thread; emitting a signal of an object
        # that lives in the GUI thread queues the call there.
        queue.add_listener(self._on_event)
        self._timer = QTimer(self)
        self._timer.timeout.connect(queue.check)

    def connect_board(self, board, simulated: bool | None = None) -> None:
        """Keep a status board (`set_printer(state, detail)`) in step with the queue."""
        if simulated is None:
            simulated = self.queue.printer.config.kind == "virtual"
        self.state_changed.connect(lambda state: board.set_printer(*board_state(state, simulated)))
        board.set_printer(*board_state(self.queue.state, simulated))

    def watch(self, every_ms: int = 30_000) -> None:
        """Ask the printer how it is now and then every `every_ms` (status bar)."""
        self.queue.check()
        self._timer.start(every_ms)

    # --- what dialogs and buttons call --------------------------------------------------

    def __call__(self, kind: str, receipt_id: str) -> str | None:
        """Print the receipt of a sale, top-up, refund (by id or number) or a sign-up
        slip (by card). Returns the job id, or None with a notice if it cannot be built."""
        try:
            if kind == SIGNUP and self._sign_up is not None:
                receipt = self._sign_up(receipt_id)
            else:
                receipt = self._build(receipt_id)
        except PosError as exc:
            self.notice.emit(self.tr("The receipt was not printed: %1").replace("%1", str(exc)))
            return None
        return self.queue.submit(receipt)

    def retry(self, job_id: str) -> None:
        try:
            self.queue.retry(job_id)
        except PosError as exc:
            self.notice.emit(str(exc))

    def print_copy(self, receipt: Receipt) -> str:
        """Queue a receipt already built (a reprint, approved and audited by the service);
        a copy never opens the drawer."""
        return self.queue.submit(receipt, open_drawer=False)

    def discard(self, job_id: str) -> None:
        try:
            self.queue.discard(job_id)
        except PosError as exc:
            self.notice.emit(str(exc))

    def failed_jobs(self) -> list[PrintJob]:
        return self.queue.failed

    # --- queue events -------------------------------------------------------------------

    def _on_event(self, event: QueueEvent) -> None:
        self.state_changed.emit(event.state)
        if event.job is not None:
            if event.kind == "failed":
                self.job_failed.emit(event.job.id, event.job.error)
            elif event.kind == "printed":
                self.job_printed.emit(event.job.id)
            if event.kind in ("failed", "printed", "retried", "discarded"):
                self.jobs_changed.emit()
