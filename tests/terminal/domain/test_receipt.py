"""The receipt model: integers for money, known kinds, and a JSON round trip (the print
spool keeps receipts as JSON across restarts)."""

import json
from dataclasses import replace

import pytest

from terminal.domain import receipt as r
from tests.helpers.receipts import ALL_KINDS, AT


@pytest.mark.parametrize("kind", list(ALL_KINDS))
def test_json_round_trip(kind):
    receipt = ALL_KINDS[kind]()
    text = json.dumps(receipt.to_dict(), ensure_ascii=False)
    assert r.Receipt.from_dict(json.loads(text)) == receipt


def test_money_must_be_integer_fen():
    with pytest.raises(TypeError):
        replace(ALL_KINDS["sale"](), due_fen=95.0)


def test_unknown_kind():
    with pytest.raises(ValueError):
        r.Receipt(
            kind="invoice",
            receipt_no="1",
            store_name="",
            store_no=1,
            terminal="",
            operator="",
            at=AT,
        )


def test_reprint_is_marked_with_its_time():
    copy = ALL_KINDS["sale"]().as_reprint(AT)
    assert copy.reprint and copy.reprinted_at == AT
    assert replace(copy, reprint=False, reprinted_at=None) == ALL_KINDS["sale"]()


def test_cash_tendered():
    assert ALL_KINDS["sale"]().cash_tendered
    assert not ALL_KINDS["signup"]().cash_tendered
    assert ALL_KINDS["topup"]().cash_tendered
