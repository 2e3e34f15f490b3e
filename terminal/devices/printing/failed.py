"""The failed prints as the counter's window shows them, without Qt: the receipts that did
not come out (number, time, why), Retry and its result, Discard. A receipt stays in the
list until it has printed or someone discarded it, so a retry on an unplugged printer
loses nothing: the job fails again, with its reason, and waits for the next retry.
"""

from dataclasses import dataclass
from datetime import date, datetime

from terminal.devices.printing.queue import FAILED, PRINTED, PrintJob, PrintQueue
from terminal.domain.errors import NotFound

# Why a print failed, as the window words it (translated by the view, by this code).
REASONS = ("offline", "paper_out", "cover_open", "interrupted", "error")
RETRYING = "retrying"  # the reason shown while a retried receipt is printing


@dataclass(frozen=True)
class FailedPrint:
    job_id: str
    receipt_no: str
    kind: str  # sale | topup | refund | signup | test
    reprint: bool
    time: str  # when it was first sent to the printer: HH:MM:SS today, else with the date
    reason: str  # one of REASONS, or RETRYING
    detail: str  # the printer's own words, for support staff


@dataclass(frozen=True)
class RetryResult:
    job_id: str
    receipt_no: str
    printed: bool
    reason: str = ""  # why not, when it failed again
    detail: str = ""


class FailedPrints:
    def __init__(self, queue: PrintQueue) -> None:
        self.queue = queue
        self.retrying: set[str] = set()  # sent again from here, not printed yet

    def rows(self) -> list[FailedPrint]:
        """The failed receipts, oldest first, with those retried (reason "retrying") until
        their `result` has been read: a retried receipt stays listed until it is out."""
        jobs = [job for job in self.queue.jobs if job.status == FAILED or job.id in self.retrying]
        jobs.sort(key=lambda j: j.created_at)  # stable: the order they were sent in
        today = self.queue.now().date()
        return [_row(job, today, job.id in self.retrying) for job in jobs]

    def retry(self, job_id: str) -> str:
        """Send the receipt to the printer again (the drawer stays shut); its number.
        NotFound when the job is gone (printed or discarded meanwhile)."""
        receipt_no = self.queue.job(job_id).receipt.receipt_no
        self.queue.retry(job_id)
        self.retrying.add(job_id)
        return receipt_no

    def result(self, job_id: str) -> RetryResult | None:
        """How a retried receipt went; None while it is still waiting or printing."""
        try:
            job = self.queue.job(job_id)
        except NotFound:  # discarded meanwhile
            self.retrying.discard(job_id)
            return None
        if job.status == PRINTED:
            self.retrying.discard(job_id)
            return RetryResult(job.id, job.receipt.receipt_no, True)
        if job.status == FAILED:
            self.retrying.discard(job_id)
            return RetryResult(job.id, job.receipt.receipt_no, False, _reason(job), job.error)
        return None

    def discard(self, job_id: str) -> str:
        """Forget the receipt (it will not be printed); its number."""
        receipt_no = self.queue.job(job_id).receipt.receipt_no
        self.queue.discard(job_id)
        self.retrying.discard(job_id)
        return receipt_no


def _row(job: PrintJob, today: date, retrying: bool = False) -> FailedPrint:
    return FailedPrint(
        job_id=job.id,
        receipt_no=job.receipt.receipt_no,
        kind=job.receipt.kind,
        reprint=job.receipt.reprint,
        time=_time(job.created_at, today),
        reason=RETRYING if retrying else _reason(job),
        detail=job.error,
    )


def _reason(job: PrintJob) -> str:
    return job.reason if job.reason in REASONS else "error"


def _time(stamp: str, today: date) -> str:
    try:
        at = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    return at.strftime("%H:%M:%S") if at.date() == today else at.strftime("%Y-%m-%d %H:%M")
