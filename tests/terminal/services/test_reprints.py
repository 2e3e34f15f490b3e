"""Reprints of past receipts: a manager approves, the copy is marked with its time, and an
audit row is written in the same transaction (nothing goes to head office)."""

from datetime import datetime

import pytest

from terminal.devices.printing import PrinterConfig
from terminal.devices.printing.export import receipt_text
from terminal.domain.errors import AuthError, InvalidInput, NotFound
from tests.helpers.services_kit import audit_rows, buy, tally, top_up
from tests.helpers.shop import MANAGER_PIN


def test_an_approved_reprint_is_marked_with_its_time_and_audited(shop):
    member = shop.sign_up()
    sale = buy(shop, member, 3_000)
    before = tally(shop)
    shop.clock.advance(hours=2)
    approver = shop.svc.operators.approve("manager", MANAGER_PIN, by=shop.cashier)
    copy = shop.svc.reprints.reprint(sale.receipt_no, shop.cashier, approver)
    assert copy.approver == "manager"
    assert copy.receipt.reprint and copy.receipt.reprinted_at == datetime(2026, 3, 10, 12, 0)
    assert copy.receipt.at == datetime(2026, 3, 10, 10, 0)  # the sale's own time stays
    original = shop.svc.receipts.build(sale.receipt_no)
    assert copy.receipt == original.as_reprint(copy.receipt.reprinted_at)
    assert tally(shop) - before == (0, 1)  # one audit row, no outbox event
    row = audit_rows(shop, "receipt.reprint")[-1]
    assert row["entity_id"] == sale.receipt_no
    assert row["operator_id"] == shop.cashier.id and row["approver_id"] == shop.manager.id
    assert row["details"] == {
        "receipt_no": sale.receipt_no,
        "kind": "sale",
        "reprinted_at": "2026-03-10T12:00:00",
    }


def test_a_reprint_prints_marked_in_either_language(shop):
    member = shop.sign_up()
    sale = buy(shop, member, 3_000)
    copy = shop.svc.reprints.reprint(sale.receipt_no, shop.cashier, shop.manager).receipt
    for lang, mark, when in (("zh", "重打小票", "重打时间"), ("en", "REPRINT", "Reprinted")):
        paper = PrinterConfig(kind="file", path="-", language=lang)
        text = "\n".join(receipt_text(copy, paper))
        assert mark in text and f"{when}: {copy.reprinted_at:%Y-%m-%d %H:%M:%S}" in text
    paper = PrinterConfig(kind="file", path="-")
    first = "\n".join(receipt_text(shop.svc.receipts.build(sale.receipt_no), paper))
    assert "重打" not in first


def test_a_wrong_pin_or_a_cashier_cannot_approve_and_nothing_is_written(shop):
    member = shop.sign_up()
    sale = buy(shop, member, 3_000)
    before = tally(shop)
    with pytest.raises(AuthError):
        shop.svc.operators.approve("manager", "0001", by=shop.cashier)
    with pytest.raises(AuthError, match="manager's approval"):
        shop.svc.reprints.reprint(sale.receipt_no, shop.cashier, shop.cashier)
    assert tally(shop).outbox == before.outbox  # the wrong PIN itself is audited, no reprint
    assert audit_rows(shop, "receipt.reprint") == []


@pytest.mark.parametrize("key", ["", "nope", "0012-03-999999", "x" * 100])
def test_an_unknown_receipt_is_a_clear_message_and_nothing_is_written(shop, key):
    before = tally(shop)
    with pytest.raises((NotFound, InvalidInput)) as err:
        shop.svc.reprints.reprint(key, shop.cashier, shop.manager)
    assert "receipt" in str(err.value)
    with pytest.raises((NotFound, InvalidInput)):
        shop.svc.reprints.find(key)
    assert tally(shop) == before


def test_the_members_history_lists_sales_top_ups_and_refunds_newest_first(shop):
    member = shop.sign_up()
    other = shop.sign_up(phone="13900139000", name="李四")
    sale = buy(shop, member, 3_000)
    shop.clock.advance(minutes=5)
    topup = top_up(shop, member, 10_000)
    shop.clock.advance(minutes=5)
    refund = shop.svc.refunds.refund(sale.sale_id, shop.cashier, shop.manager, 1_000)
    buy(shop, other, 2_000)  # someone else's
    history = shop.svc.reprints.history(member.card_no)
    assert [(h.receipt_no, h.kind, h.amount_fen) for h in history] == [
        (refund.receipt_no, "refund", 1_000),
        (topup.receipt_no, "topup", 10_000),
        (sale.receipt_no, "sale", 3_000),
    ]
    assert history[-1].at == datetime(2026, 3, 10, 10, 0)  # store time
    assert shop.svc.reprints.history(member.id, limit=1) == history[:1]
    assert shop.svc.reprints.find(topup.receipt_no) == history[1]
    with pytest.raises(InvalidInput):
        shop.svc.reprints.history(member.card_no, limit=0)
