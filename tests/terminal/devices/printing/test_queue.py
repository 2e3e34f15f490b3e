"""The print queue: failures are kept and reported, retried on request, never block the
caller, never open the drawer twice, and survive a restart."""

import threading

import pytest

from terminal.devices.printing import FAILED, PRINTED, PrintQueue, QueueEvent
from terminal.devices.printing.escpos_backend import drawer_pulse
from terminal.domain.errors import NotFound
from tests.helpers.receipts import FlakyPrinter, sale_receipt


@pytest.fixture
def printer():
    return FlakyPrinter()


@pytest.fixture
def events():
    return []


@pytest.fixture
def queue(printer, events, tmp_path):
    q = PrintQueue(printer, tmp_path / "spool.jsonl", listeners=(events.append,))
    yield q
    q.stop()


def kinds(events: list[QueueEvent]) -> list[str]:
    return [e.kind for e in events]


def test_a_receipt_prints_on_the_queue_thread(queue, printer, events):
    job_id = queue.submit(sale_receipt())
    assert queue.wait_idle()
    assert queue.job(job_id).status == PRINTED
    assert len(printer.printed) == 1
    assert kinds(events) == ["queued", "printing", "printed"]
    assert queue.state.printer == "ready"


def test_an_offline_printer_keeps_the_job_and_says_why(queue, printer, events):
    printer.go_offline()
    job_id = queue.submit(sale_receipt())
    assert queue.wait_idle()
    job = queue.job(job_id)
    assert job.status == FAILED and job.reason == "offline"
    assert "cannot reach the printer" in job.error
    assert events[-1].kind == "failed"
    assert events[-1].state.failed == 1 and events[-1].state.printer == "offline"
    assert printer.printed == []


def test_paper_out_then_retry_after_recovery(queue, printer):
    printer.run_out_of_paper()
    job_id = queue.submit(sale_receipt())
    queue.wait_idle()
    assert queue.job(job_id).reason == "paper_out"
    assert queue.state.printer == "paper_out"
    printer.recover()
    queue.retry(job_id)
    queue.wait_idle()
    job = queue.job(job_id)
    assert job.status == PRINTED and job.attempts == 2
    assert len(printer.printed) == 1
    assert queue.state.failed == 0


def test_the_drawer_opens_with_the_first_print_only(queue, printer):
    pulse = drawer_pulse(printer.config)
    job_id = queue.submit(sale_receipt(cash=True))
    queue.wait_idle()
    queue.retry(job_id)  # a reprint for the customer: the drawer stays shut
    queue.wait_idle()
    assert pulse in printer.printed[0]
    assert pulse not in printer.printed[1]


def test_a_card_sale_does_not_open_the_drawer(queue, printer):
    queue.submit(sale_receipt(cash=False))
    queue.wait_idle()
    assert drawer_pulse(printer.config) not in printer.printed[0]


def test_a_failed_cash_print_does_not_open_the_drawer_on_retry(queue, printer):
    printer.go_offline()
    job_id = queue.submit(sale_receipt(cash=True))
    queue.wait_idle()
    printer.recover()
    queue.retry(job_id)
    queue.wait_idle()
    assert drawer_pulse(printer.config) not in printer.printed[0]


def test_submit_returns_while_the_printer_hangs(tmp_path):
    release = threading.Event()

    class Hanging(FlakyPrinter):
        def send(self, data, receipt=None):
            release.wait(5)
            super().send(data, receipt)

    printer = Hanging()
    queue = PrintQueue(printer, tmp_path / "spool.jsonl")
    try:
        job_id = queue.submit(sale_receipt())
        assert queue.job(job_id).status in ("queued", "printing")
        release.set()
        assert queue.wait_idle()
        assert queue.job(job_id).status == PRINTED
    finally:
        release.set()
        queue.stop()


def test_failed_jobs_survive_a_restart(printer, tmp_path):
    spool = tmp_path / "spool.jsonl"
    printer.go_offline()
    first = PrintQueue(printer, spool)
    job_id = first.submit(sale_receipt("0012-03-000007"))
    first.wait_idle()
    first.stop()

    printer.recover()
    again = PrintQueue(printer, spool)
    try:
        job = again.job(job_id)
        assert job.status == FAILED
        assert job.receipt == sale_receipt("0012-03-000007")
        assert again.state.failed == 1
        again.retry(job_id)
        again.wait_idle()
        assert again.job(job_id).status == PRINTED
        assert printer.receipts == [sale_receipt("0012-03-000007")]
    finally:
        again.stop()


def test_a_job_interrupted_by_a_crash_is_not_printed_again_by_itself(printer, tmp_path):
    spool = tmp_path / "spool.jsonl"
    stopped = PrintQueue(printer, spool, start=False)  # the worker never runs: a "crash"
    job_id = stopped.submit(sale_receipt())
    again = PrintQueue(printer, spool)
    try:
        again.wait_idle()
        job = again.job(job_id)
        assert job.status == FAILED and job.reason == "interrupted"
        assert printer.printed == []
    finally:
        again.stop()


def test_a_torn_spool_line_loses_only_itself(printer, tmp_path):
    spool = tmp_path / "spool.jsonl"
    printer.go_offline()
    q = PrintQueue(printer, spool)
    q.submit(sale_receipt("0012-03-000001"))
    q.submit(sale_receipt("0012-03-000002"))
    q.wait_idle()
    q.stop()
    with spool.open("a", encoding="utf-8") as f:
        f.write('{"id": "half a line')
    again = PrintQueue(printer, spool)
    try:
        assert sorted(j.receipt.receipt_no for j in again.failed) == [
            "0012-03-000001",
            "0012-03-000002",
        ]
    finally:
        again.stop()


def test_discard_and_unknown_jobs(queue, printer):
    printer.go_offline()
    job_id = queue.submit(sale_receipt())
    queue.wait_idle()
    queue.discard(job_id)
    assert queue.failed == []
    with pytest.raises(NotFound):
        queue.retry(job_id)


def test_a_broken_listener_does_not_stop_printing(printer, tmp_path):
    def broken(event):
        raise RuntimeError("listener bug")

    q = PrintQueue(printer, tmp_path / "spool.jsonl", listeners=(broken,))
    try:
        job_id = q.submit(sale_receipt())
        q.wait_idle()
        assert q.job(job_id).status == PRINTED
    finally:
        q.stop()


def test_an_unexpected_driver_error_is_a_failed_job(queue, printer):
    printer.fail_with = ValueError("usb.core.USBError: [Errno 19] No such device")
    job_id = queue.submit(sale_receipt())
    queue.wait_idle()
    job = queue.job(job_id)
    assert job.status == FAILED and job.reason == "error"
    assert "No such device" in job.error


def test_drawer_kick_and_test_page(queue, printer):
    assert queue.kick_drawer().wait(5)
    assert printer.printed[-1].endswith(drawer_pulse(printer.config))
    job_id = queue.test_page("测试门店")
    queue.wait_idle()
    assert queue.job(job_id).status == PRINTED
    assert "测试门店".encode("gb18030") in printer.printed[-1]


def test_a_reprint_never_opens_the_drawer(queue, printer):
    queue.submit(sale_receipt(cash=True).as_reprint(sale_receipt().at))
    queue.wait_idle()
    assert drawer_pulse(printer.config) not in printer.printed[0]


def test_the_drawer_can_be_left_to_the_key(printer, tmp_path):
    from dataclasses import replace

    printer.config = replace(printer.config, drawer_on_cash=False)
    q = PrintQueue(printer, tmp_path / "spool.jsonl")
    try:
        q.submit(sale_receipt(cash=True))
        q.wait_idle()
        assert drawer_pulse(printer.config) not in printer.printed[0]
    finally:
        q.stop()


def test_check_reports_the_printer_state_to_the_listeners(queue, printer, events):
    from terminal.devices.printing import PrinterStatus

    printer.status = lambda: PrinterStatus(online=False, cover_open=True, paper="ok")
    assert queue.check().wait(5)
    assert events[-1].kind == "state"
    assert events[-1].state.printer == "cover_open"
    assert events[-1].state.message == "the printer cover is open"
    printer.status = lambda: PrinterStatus(online=True, cover_open=False, paper="low")
    queue.check().wait(5)
    assert (queue.state.printer, queue.state.message) == ("ready", "paper running low")
    printer.go_offline()

    def unreachable():
        raise printer.fail_with

    printer.status = unreachable
    queue.check().wait(5)
    assert queue.state.printer == "offline"


def test_an_unreadable_spool_does_not_stop_the_counter(printer, tmp_path):
    spool = tmp_path / "spool.jsonl"
    spool.mkdir()  # not a file at all
    q = PrintQueue(printer, spool)
    try:
        assert "cannot read the print spool" in q.state.message
        job_id = q.submit(sale_receipt())
        q.wait_idle()
        assert q.job(job_id).status == PRINTED
    finally:
        q.stop()
