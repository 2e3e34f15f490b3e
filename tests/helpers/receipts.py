"""Receipts with fixed content and a printer that fails on demand, for the printing tests."""

from datetime import datetime

from terminal.devices.printing import PrinterConfig, PrinterStatus
from terminal.devices.printing.errors import PaperOut, PrinterOffline
from terminal.devices.printing.printers import Printer
from terminal.domain import receipt as r

AT = datetime(2026, 3, 10, 10, 0, 0)
MEMBER = r.MemberPart("001203000013", "张*", "138****8000", "银卡", "金卡", 123400, 45)


def sale_receipt(receipt_no: str = "0012-03-000001", cash: bool = True) -> r.Receipt:
    tenders = (r.Tender("points", 200, points=200),)
    if cash:
        tenders += (r.Tender("cash", 9300, tendered_fen=10000),)
    else:
        tenders += (r.Tender("card", 9300),)
    return r.Receipt(
        kind=r.SALE,
        receipt_no=receipt_no,
        store_name="测试门店",
        store_no=12,
        terminal="001203",
        operator="cashier",
        at=AT,
        member=MEMBER,
        lines=(r.ReceiptLine("食品", 8800), r.ReceiptLine("日用品", 1200)),
        subtotal_fen=10000,
        tier_discount_fen=500,
        due_fen=9500,
        tenders=tenders,
        change_fen=700 if cash else 0,
        points_earned=93,
        points_spent=200,
        balances=r.Balances(1234, 8000, 2000),
        codes=(r.Code(r.CODE128, receipt_no),),
    )


class FlakyPrinter(Printer):
    """Prints into a list; `fail_with` makes every print fail with that error."""

    def __init__(self, config: PrinterConfig | None = None) -> None:
        super().__init__(config or PrinterConfig(), now=lambda: AT)
        self.fail_with: Exception | None = None
        self.printed: list[bytes] = []
        self.receipts: list[r.Receipt] = []

    def status(self) -> PrinterStatus:
        return PrinterStatus(online=True, cover_open=False, paper="ok")

    def send(self, data: bytes, receipt: r.Receipt | None = None) -> None:
        if self.fail_with is not None:
            raise self.fail_with
        self.printed.append(data)
        if receipt is not None:
            self.receipts.append(receipt)

    def go_offline(self) -> None:
        self.fail_with = PrinterOffline("cannot reach the printer: connection refused")

    def run_out_of_paper(self) -> None:
        self.fail_with = PaperOut("the printer is out of paper")

    def recover(self) -> None:
        self.fail_with = None
