"""The print queue: receipts print on their own thread, so a sale never waits on paper.

A print that fails (printer offline, out of paper, cover open) stays in the queue as
failed, is reported to the listeners (the status bar) and is printed again only when
someone asks (`retry`), so a receipt never comes out twice by surprise. Jobs are kept in
a small JSON-lines spool file: after a restart, the failed ones are still there, and one
that was printing when the terminal stopped is shown as failed rather than printed again.
The cash drawer opens only with a job's first attempt, never on a retry.
"""

import contextlib
import json
import os
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from terminal.devices.printing.errors import PrinterError
from terminal.devices.printing.printers import Printer, local_now, test_receipt
from terminal.domain.errors import NotFound
from terminal.domain.receipt import Receipt

QUEUED, PRINTING, PRINTED, FAILED = "queued", "printing", "printed", "failed"
KEEP_PRINTED = 20  # the last receipts printed, for "print that again"


@dataclass(frozen=True)
class PrintJob:
    id: str
    receipt: Receipt
    status: str = QUEUED
    attempts: int = 0
    open_drawer: bool = False
    reason: str = ""  # offline | paper_out | cover_open | error | interrupted
    error: str = ""
    created_at: str = ""
    updated_at: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "receipt": self.receipt.to_dict(),
            "status": self.status,
            "attempts": self.attempts,
            "open_drawer": self.open_drawer,
            "reason": self.reason,
            "error": self.error,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "PrintJob":
        return cls(**{**data, "receipt": Receipt.from_dict(data["receipt"])})


@dataclass(frozen=True)
class QueueState:
    """What the status bar shows about printing."""

    printer: str = "idle"  # idle | printing | ready | offline | paper_out | cover_open | error
    queued: int = 0
    failed: int = 0
    message: str = ""


@dataclass(frozen=True)
class QueueEvent:
    kind: str  # queued | printing | printed | failed | retried | discarded | drawer | state
    state: QueueState
    job: PrintJob | None = None


Listener = Callable[[QueueEvent], None]


class Outcome(threading.Event):
    """Set when a drawer kick or status look is done; `error` says what went wrong."""

    def __init__(self) -> None:
        super().__init__()
        self.error: str | None = None


@dataclass
class _Task:
    job_id: str | None = None  # a receipt job, or
    action: Callable[[], None] | None = None  # a drawer kick or status look (not on disk)
    kind: str = "print"  # print | drawer | check
    done: Outcome = field(default_factory=Outcome)


class PrintQueue:
    def __init__(
        self,
        printer: Printer,
        spool: Path | str | None = None,
        listeners: tuple[Listener, ...] = (),
        now: Callable[[], datetime] = local_now,
        start: bool = True,
    ) -> None:
        self.printer = printer
        self.spool = Path(spool) if spool else None
        self.now = now
        self._listeners: list[Listener] = list(listeners)
        self._jobs: dict[str, PrintJob] = {}
        self._tasks: list[_Task] = []
        self._cv = threading.Condition()
        self._busy = False
        self._printer_state = "idle"
        self._message = ""
        self._stopping = False
        self._thread: threading.Thread | None = None
        self._load()
        if start:
            self.start()

    # --- the public face ------------------------------------------------------------------

    def add_listener(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def submit(self, receipt: Receipt, open_drawer: bool | None = None) -> str:
        """Queue `receipt`; returns the job id at once. The drawer opens with a cash
        receipt (not a reprint) unless the printer is set not to, or `open_drawer` says."""
        if open_drawer is None:
            open_drawer = (
                receipt.cash_tendered and not receipt.reprint and self.printer.config.drawer_on_cash
            )
        stamp = self.now().isoformat(timespec="seconds")
        job = PrintJob(
            str(uuid.uuid4()), receipt, QUEUED, 0, open_drawer, created_at=stamp, updated_at=stamp
        )
        with self._cv:
            self._jobs[job.id] = job
            self._save()
            self._tasks.append(_Task(job.id))
            self._cv.notify_all()
        self._tell("queued", job)
        return job.id

    def retry(self, job_id: str) -> str:
        """Print a failed (or printed) job again, without opening the drawer."""
        with self._cv:
            job = self._get(job_id)
            job = replace(job, status=QUEUED, open_drawer=False, reason="", error="")
            self._jobs[job.id] = job
            self._save()
            self._tasks.append(_Task(job.id))
            self._cv.notify_all()
        self._tell("retried", job)
        return job.id

    def retry_failed(self) -> list[str]:
        return [self.retry(job.id) for job in self.failed]

    def discard(self, job_id: str) -> None:
        """Forget a failed job (the cashier decided it need not be printed)."""
        with self._cv:
            job = self._jobs.pop(self._get(job_id).id)
            self._save()
        self._tell("discarded", job)

    def kick_drawer(self) -> Outcome:
        """Open the cash drawer after any print in progress; the event is set when done."""
        task = _Task(action=self.printer.kick_drawer, kind="drawer")
        with self._cv:
            self._tasks.append(task)
            self._cv.notify_all()
        return task.done

    def check(self) -> Outcome:
        """Ask the printer how it is (after any print in progress) and tell the listeners
        (a "state" event); for the status bar's periodic look. Set when done."""
        task = _Task(action=self._probe, kind="check")
        with self._cv:
            self._tasks.append(task)
            self._cv.notify_all()
        return task.done

    def test_page(self, store_name: str = "") -> str:
        receipt = test_receipt(self.printer.config, store_name, self.now())
        return self.submit(receipt, open_drawer=False)

    def job(self, job_id: str) -> PrintJob:
        with self._cv:
            return self._get(job_id)

    @property
    def jobs(self) -> list[PrintJob]:
        with self._cv:
            return list(self._jobs.values())

    @property
    def failed(self) -> list[PrintJob]:
        return [j for j in self.jobs if j.status == FAILED]

    @property
    def state(self) -> QueueState:
        with self._cv:
            return self._state()

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Wait until nothing is queued or printing (for tests and shutdown)."""
        with self._cv:
            return self._cv.wait_for(lambda: not self._tasks and not self._busy, timeout)

    def start(self) -> None:
        if self._thread is None:
            self._stopping = False
            self._thread = threading.Thread(target=self._run, name="print-queue", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        with self._cv:
            self._stopping = True
            self._cv.notify_all()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self.printer.close()

    # --- the worker -------------------------------------------------------------------------

    def _run(self) -> None:
        while True:
            with self._cv:
                self._cv.wait_for(lambda: self._tasks or self._stopping)
                if self._stopping:
                    return
                task = self._tasks.pop(0)
                self._busy = True
            try:
                if task.kind == "drawer" and task.action is not None:
                    task.done.error = self._drawer(task.action)
                elif task.kind == "check" and task.action is not None:
                    task.action()
                elif task.job_id is not None:
                    self._print(task.job_id)
            finally:
                with self._cv:
                    self._busy = False
                    self._cv.notify_all()
                task.done.set()

    def _print(self, job_id: str) -> None:
        with self._cv:
            job = self._jobs.get(job_id)
            if job is None or job.status != QUEUED:
                return
            # Not written to the spool: a job found QUEUED or PRINTING after a restart is
            # shown as interrupted either way, so this state costs no fsync.
            job = self._update(job, save=False, status=PRINTING, attempts=job.attempts + 1)
            self._printer_state = "printing"
        self._tell("printing", job)
        try:
            self.printer.print_receipt(job.receipt, open_drawer=job.open_drawer)
        except Exception as exc:  # a driver may raise anything: the job must survive it
            reason = exc.reason if isinstance(exc, PrinterError) else "error"
            message = str(exc) if isinstance(exc, PrinterError) else f"print failed: {exc}"
            with self._cv:
                # The drawer was not opened either: a retry must not open it later.
                job = self._update(
                    job, status=FAILED, reason=reason, error=message, open_drawer=False
                )
                self._printer_state, self._message = reason, message
            self._tell("failed", job)
            return
        with self._cv:
            job = self._update(job, status=PRINTED, reason="", error="", open_drawer=False)
            self._printer_state, self._message = "ready", ""
        self._tell("printed", job)

    def _probe(self) -> None:
        try:
            status = self.printer.probe()
        except Exception as exc:
            reason = getattr(exc, "reason", "offline")
            state, message = reason, str(exc)
        else:
            problem = status.problem
            state = problem.reason if problem else "ready"
            message = (
                str(problem) if problem else ("paper running low" if status.paper == "low" else "")
            )
        with self._cv:
            self._printer_state, self._message = state, message
        self._tell("state", None)

    def _drawer(self, action: Callable[[], None]) -> str | None:
        message = None
        try:
            action()
        except Exception as exc:
            message = str(exc) if isinstance(exc, PrinterError) else f"drawer failed: {exc}"
            with self._cv:
                self._printer_state = getattr(exc, "reason", "error")
                self._message = message
        self._tell("drawer", None)
        return message

    # --- bookkeeping (callers hold the lock) --------------------------------------------

    def _get(self, job_id: str) -> PrintJob:
        job = self._jobs.get(job_id)
        if job is None:
            raise NotFound(f"no print job {job_id}")
        return job

    def _update(self, job: PrintJob, save: bool = True, **changes: Any) -> PrintJob:
        stamp = self.now().isoformat(timespec="seconds")
        job = replace(job, updated_at=stamp, **changes)
        self._jobs[job.id] = job
        self._prune()
        if save:
            self._save()
        return job

    def _prune(self) -> None:
        printed = [j for j in self._jobs.values() if j.status == PRINTED]
        for old in printed[:-KEEP_PRINTED]:
            del self._jobs[old.id]

    def _state(self) -> QueueState:
        queued = sum(1 for j in self._jobs.values() if j.status in (QUEUED, PRINTING))
        failed = sum(1 for j in self._jobs.values() if j.status == FAILED)
        return QueueState(self._printer_state, queued, failed, self._message)

    def _tell(self, kind: str, job: PrintJob | None) -> None:
        event = QueueEvent(kind, self.state, job)
        for listener in list(self._listeners):
            with contextlib.suppress(Exception):  # a broken listener must not stop printing
                listener(event)

    def _save(self) -> None:
        """Rewrite the spool (a few dozen lines at most) atomically: write, flush, rename."""
        if self.spool is None:
            return
        tmp = self.spool.with_name(self.spool.name + ".tmp")
        try:
            self.spool.parent.mkdir(parents=True, exist_ok=True)
            with tmp.open("w", encoding="utf-8") as f:
                for job in self._jobs.values():
                    f.write(json.dumps(job.to_dict(), ensure_ascii=False) + "\n")
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.spool)
        except OSError as exc:
            self._message = f"cannot save the print spool: {exc}"

    def _load(self) -> None:
        if self.spool is None or not self.spool.exists():
            return
        try:
            text = self.spool.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:  # unreadable: start empty, say so, keep the file as it is
            self._message = f"cannot read the print spool {self.spool}: {exc.strerror or exc}"
            self.spool = None
            return
        for line in text.splitlines():
            try:
                job = PrintJob.from_dict(json.loads(line))
            except (ValueError, KeyError, TypeError):
                continue  # a torn or foreign line: skip it, keep the others
            if job.status in (QUEUED, PRINTING):
                job = replace(
                    job,
                    status=FAILED,
                    open_drawer=False,
                    reason="interrupted",
                    error="the terminal stopped before this receipt was printed",
                )
            self._jobs[job.id] = job
        if self._jobs:
            self._save()
