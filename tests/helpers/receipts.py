"""Receipts with fixed content and a printer that fails on demand, for the printing tests."""

from dataclasses import replace
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
        config = config or PrinterConfig(kind="network", host="printer.local")
        super().__init__(config, now=lambda: AT)
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


def topup_receipt() -> r.Receipt:
    return r.Receipt(
        kind=r.TOPUP,
        receipt_no="0012-03-000002",
        store_name="测试门店",
        store_no=12,
        terminal="001203",
        operator="cashier",
        at=AT,
        member=MEMBER,
        topup_fen=100_000,
        bonus_fen=10_000,
        tenders=(r.Tender("cash", 100_000),),
        balances=r.Balances(1234, 108_000, 12_000),
        codes=(r.Code(r.CODE128, "0012-03-000002"),),
    )


def refund_receipt() -> r.Receipt:
    return r.Receipt(
        kind=r.REFUND,
        receipt_no="0012-03-000003",
        store_name="测试门店",
        store_no=12,
        terminal="001203",
        operator="manager",
        at=AT,
        member=MEMBER,
        original_receipt_no="0012-03-000001",
        refund_fen=4_000,
        tenders=(
            r.Tender("wallet", 1_000, principal_fen=800, bonus_fen=200),
            r.Tender("cash", 3_000),
        ),
        points_back=0,
        points_clawback=40,
        balances=r.Balances(1194, 8800, 2200),
        codes=(r.Code(r.CODE128, "0012-03-000003"),),
    )


def signup_receipt() -> r.Receipt:
    return r.Receipt(
        kind=r.SIGNUP,
        receipt_no="001203000013",
        store_name="测试门店",
        store_no=12,
        terminal="001203",
        operator="cashier",
        at=AT,
        member=MEMBER,
        codes=(r.Code(r.QR, r.member_qr("001203000013")),),
    )


def reprint_receipt() -> r.Receipt:
    return sale_receipt().as_reprint(datetime(2026, 3, 11, 9, 30, 0))


ALL_KINDS = {
    "sale": sale_receipt,
    "topup": topup_receipt,
    "refund": refund_receipt,
    "signup": signup_receipt,
    "reprint": reprint_receipt,
}


def latin(receipt: r.Receipt) -> r.Receipt:
    """The same receipt with Latin-only text, as a store with a Latin printer would set up."""
    member = receipt.member and replace(
        receipt.member, name_masked="Zhang*", tier_name="Silver", next_tier_name="Gold"
    )
    names = {"食品": "Food", "日用品": "Household"}
    lines = tuple(replace(x, description=names[x.description]) for x in receipt.lines)
    return replace(receipt, store_name="Demo Store", member=member, lines=lines)
