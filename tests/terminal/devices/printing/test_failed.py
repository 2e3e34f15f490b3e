"""The failed prints as the counter's window sees them, without Qt: the list, a retry that
stays listed until its result is read, a retry on an unplugged printer that loses nothing
(also across a restart), and discard."""

import pytest

from terminal.devices.printing import PrintQueue
from terminal.devices.printing.failed import RETRYING, FailedPrints, RetryResult
from terminal.domain.errors import NotFound
from tests.helpers.receipts import FlakyPrinter, sale_receipt, topup_receipt


@pytest.fixture
def printer():
    return FlakyPrinter()


@pytest.fixture
def queue(printer, tmp_path):
    q = PrintQueue(printer, tmp_path / "spool.jsonl")
    yield q
    q.stop()


def failed(queue, printer, *receipts):
    printer.go_offline()
    ids = [queue.submit(receipt) for receipt in receipts]
    assert queue.wait_idle()
    return ids


def test_rows_say_which_receipt_when_and_why_oldest_first(queue, printer):
    sale_job, topup_job = failed(queue, printer, sale_receipt(), topup_receipt())
    queue.submit(sale_receipt())  # printed later: not a failure
    printer.recover()
    assert queue.wait_idle()
    rows = FailedPrints(queue).rows()
    assert [(r.job_id, r.receipt_no, r.kind) for r in rows] == [
        (sale_job, "0012-03-000001", "sale"),
        (topup_job, "0012-03-000002", "topup"),
    ]
    assert all(r.reason == "offline" and "connection refused" in r.detail for r in rows)
    assert all(len(r.time) == 8 and r.time.count(":") == 2 for r in rows)


def test_a_retry_on_an_unplugged_printer_fails_again_and_loses_nothing(queue, printer, tmp_path):
    (job,) = failed(queue, printer, sale_receipt())
    model = FailedPrints(queue)
    assert model.retry(job) == "0012-03-000001"
    assert [r.reason for r in model.rows()] == [RETRYING]  # still listed while it prints
    assert queue.wait_idle()
    result = model.result(job)
    assert result == RetryResult(
        job, "0012-03-000001", False, "offline", "cannot reach the printer: connection refused"
    )
    assert [r.reason for r in model.rows()] == ["offline"]
    assert printer.receipts == []
    again = PrintQueue(FlakyPrinter(), tmp_path / "spool.jsonl", start=False)  # a restart
    assert [j.id for j in again.failed] == [job]


def test_a_retry_that_prints_leaves_the_list_once_its_result_is_read(queue, printer):
    (job,) = failed(queue, printer, sale_receipt())
    model = FailedPrints(queue)
    printer.recover()
    model.retry(job)
    assert queue.wait_idle()
    assert [r.job_id for r in model.rows()] == [job]
    assert model.result(job) == RetryResult(job, "0012-03-000001", True)
    assert model.rows() == []
    assert [r.receipt_no for r in printer.receipts] == ["0012-03-000001"]


def test_discard_forgets_the_receipt(queue, printer):
    (job,) = failed(queue, printer, sale_receipt())
    model = FailedPrints(queue)
    assert model.discard(job) == "0012-03-000001"
    assert model.rows() == [] and model.result(job) is None
    with pytest.raises(NotFound):
        model.retry(job)


def test_a_receipt_left_from_an_earlier_day_shows_its_date(printer, tmp_path):
    from datetime import datetime

    clock = [datetime(2026, 3, 10, 21, 5, 0)]
    queue = PrintQueue(printer, tmp_path / "spool.jsonl", now=lambda: clock[0])
    try:
        failed(queue, printer, sale_receipt())
        assert FailedPrints(queue).rows()[0].time == "21:05:00"
        clock[0] = datetime(2026, 3, 11, 9, 0, 0)  # the next morning
        assert FailedPrints(queue).rows()[0].time == "2026-03-10 21:05"
    finally:
        queue.stop()
