"""A morning with a printer out of paper: the sales go through, the receipts wait, the
terminal restarts, paper is loaded, the receipts come out right, the drawer opened once."""

from terminal.devices.printing import (
    PrinterConfig,
    PrinterStatus,
    PrintQueue,
    VirtualPrinter,
)
from terminal.devices.printing.escpos_backend import drawer_pulse
from terminal.devices.printing.escpos_png import render_png
from tests.helpers.services_kit import buy, top_up


def test_sales_go_through_while_the_printer_is_out_of_paper(shop, tmp_path):
    spool = tmp_path / "print-spool.jsonl"
    config = PrinterConfig(kind="virtual", path=str(tmp_path / "paper"), width_mm=58)
    printer = VirtualPrinter(config)
    printer.simulate(PrinterStatus(online=False, paper="out"))
    queue = PrintQueue(printer, spool)

    member = shop.sign_up()
    topup = top_up(shop, member, 50_000, tender="cash")
    sale = buy(shop, member, 12_000, wallet_fen=2_000, cash_fen=20_000)
    for key in (topup.receipt_no, sale.receipt_no):
        queue.submit(shop.svc.receipts.build(key))
    assert queue.wait_idle()
    assert [j.reason for j in queue.failed] == ["paper_out", "paper_out"]
    assert queue.state.printer == "paper_out"
    # The books are complete and consistent without any receipt printed.
    assert shop.svc.setup.verify_ledger().ok
    assert shop.svc.members.find(member.card_no).wallet_fen == 50_000 + 4_000 - 2_000
    queue.stop()

    # The terminal is restarted; paper goes in.
    printer = VirtualPrinter(config)
    again = PrintQueue(printer, spool)
    try:
        assert sorted(j.receipt.receipt_no for j in again.failed) == [
            topup.receipt_no,
            sale.receipt_no,
        ]
        again.retry_failed()
        assert again.wait_idle()
        assert again.failed == []
        data = [path.read_bytes() for path in printer.jobs]
        assert len(data) == 2
        # Retried receipts do not open the drawer again (it did not open the first time
        # either: the printer was out of paper, and the cashier opened it by key).
        assert not any(drawer_pulse(config) in d for d in data)
        assert any(sale.receipt_no.encode() in d for d in data)
        assert all(render_png(d, config).height > 600 for d in data)
    finally:
        again.stop()


def test_the_first_print_of_a_cash_sale_opens_the_drawer_once(shop, tmp_path):
    config = PrinterConfig(kind="virtual", path=str(tmp_path / "paper"))
    printer = VirtualPrinter(config)
    queue = PrintQueue(printer, tmp_path / "spool.jsonl")
    try:
        member = shop.sign_up()
        sale = buy(shop, member, 3_000, cash_fen=5_000)
        job = queue.submit(shop.svc.receipts.build(sale.sale_id))
        queue.wait_idle()
        queue.submit(shop.svc.reprints.reprint(sale.receipt_no, shop.manager, shop.manager).receipt)
        queue.retry(job)
        queue.wait_idle()
        kicks = [drawer_pulse(config) in path.read_bytes() for path in printer.jobs]
        assert kicks == [True, False, False]
        assert printer.jobs[1].name.endswith("-reprint.bin")
    finally:
        queue.stop()
