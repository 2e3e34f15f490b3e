"""A terminal holding a poison event (one head office cannot apply: written by an older
version, or hostile) keeps syncing everything after it. Each kind of poison sits in the
middle of one batch, between good events."""

import json

import pytest

from terminal.store import journal
from terminal.store.ids import new_id
from tests.e2e.test_chain import PHONE, sell
from tests.helpers.services_kit import assert_books_ok, top_up


def _signed_up(card_no: str, **pii) -> tuple[str, dict, dict]:
    member_id = new_id()
    payload = {"member_id": member_id, "card_no": card_no, "tier": "normal", "store_no": 1}
    return "member.signed_up", payload, {"phone": "13900139999", "name": "李四", **pii}


POISONS = {
    "a card number another member holds": lambda t, m: _signed_up(m.card_no),
    "a number of 2^63": lambda t, m: (
        "points.adjusted",
        {"member_id": m.id, "points": 2**63},
        None,
    ),
    "personal data of the wrong type": lambda t, m: _signed_up("88000000000001", name=12345),
    "a name of a million characters": lambda t, m: _signed_up(
        "88000000000002", name="名" * 1_000_000
    ),
    "an unknown member": lambda t, m: (
        "points.adjusted",
        {"member_id": "nobody", "points": 5},
        None,
    ),
    "an unknown kind": lambda t, m: ("voucher.printed", {"member_id": m.id}, None),
}


@pytest.mark.parametrize("poison", sorted(POISONS))
def test_a_poison_event_never_blocks_what_follows_it(chain, live, poison):
    a = chain(1, "a")
    member = a.shop.sign_up(phone=PHONE)
    top_up(a.shop, member, 10_000)
    kind, payload, pii = POISONS[poison](a, member)
    with a.svc.db.write() as s:  # written raw: the terminal's own check would refuse it
        journal.append_outbox(
            s,
            at=a.svc.ctx.now_utc(),
            kind=kind,
            aggregate_id=payload.get("member_id"),
            payload={"terminal": "000101", **payload},
            sealed=a.svc.db.cipher.encrypt(json.dumps(pii, ensure_ascii=False), "outbox")
            if pii
            else None,
        )
    sell(a, member.card_no, 3_000)  # cash: no reservation flushes the queue early
    top_up(a.shop, member, 5_000)

    pushed, _ = a.sync()
    assert pushed.batches == 1, "the poison was not in the middle of one batch"
    assert pushed.rejected == 1 and pushed.applied == pushed.sent - 1
    status = a.runner.status()
    assert status.queue_depth == 0 and status.rejected_count == 1
    assert status.rejected[0].kind == kind and status.rejected[0].reason
    live_balance = live.ho.lookup(PHONE).balance
    assert live_balance.wallet_principal_fen + live_balance.wallet_bonus_fen == (
        a.svc.members.find(PHONE).wallet_fen
    )
    # and the queue goes on moving after it
    sell(a, member.card_no, 1_000)
    assert a.engine.push_all().applied == 1
    assert_books_ok(a.shop)
