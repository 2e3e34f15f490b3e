"""What head office lets a terminal do, end to end: the counter's own records pass, what
a stolen secret would try is refused."""

import json

import pytest

from terminal.store import journal
from tests.e2e.test_chain import PHONE
from tests.helpers.services_kit import assert_books_ok


def test_an_approved_change_of_phone_reaches_head_office_and_a_forged_one_does_not(chain, live):
    a = chain(1, "a")
    member = a.shop.sign_up(phone=PHONE, name="韩梅梅")
    a.shop.svc.members.update(
        member.card_no, a.shop.cashier, phone="13900139000", approver=a.shop.manager
    )
    pushed, _ = a.sync()
    assert pushed.rejected == 0 and pushed.applied == pushed.sent
    assert live.ho.lookup("13900139000").member.member_id == member.id
    # The same change written without the approval the counter records is refused alone.
    forged = {"member_id": member.id, "fields": ["phone"], "operator_id": a.shop.cashier.id}
    with a.svc.db.write() as s:
        journal.append_outbox(
            s,
            at=a.svc.ctx.now_utc(),
            kind="member.updated",
            aggregate_id=member.id,
            payload={"terminal": "000101", **forged},
            sealed=a.svc.db.cipher.encrypt(json.dumps({"phone": "13700137000"}), "outbox"),
        )
    pushed, _ = a.sync()
    assert pushed.rejected == 1
    rejected = a.runner.status().rejected[0]
    assert rejected.kind == "member.updated" and "approved" in rejected.reason
    assert live.ho.lookup("13700137000").member is None
    assert live.ho.lookup("13900139000").member.member_id == member.id
    assert_books_ok(a.shop)


def test_lookups_past_head_offices_limit_say_so_and_a_held_card_still_serves(chain, live, clock):
    from headoffice.config import Config, Trust
    from terminal.sync.lookup import TooManyLookups

    a, b = chain(1, "a"), chain(2, "b")
    phones = ["13800138001", "13800138002", "13800138003"]
    members = [a.shop.sign_up(phone=phone, name="王芳") for phone in phones]
    a.sync()
    b.sync()  # B holds A's members without their personal data
    live.ho.config = Config(trust=Trust(lookups_per_minute=2))
    assert b.runner.finder.find(phones[0]).id == members[0].id
    assert b.runner.finder.find(phones[1]).id == members[1].id
    with pytest.raises(TooManyLookups, match="try again in 60 s") as refused:
        b.runner.finder.find(phones[2])
    assert refused.value.code == "too_many_lookups" and refused.value.params == {"seconds": 60}
    assert b.runner.connectivity.state.online is True  # head office did answer
    # A card held here serves even when head office will not give its details now.
    held = b.runner.finder.find(members[2].card_no)
    assert (held.id, held.details_held) == (members[2].id, False)
    clock.advance(seconds=61)
    found = b.runner.finder.find(members[2].card_no)
    assert (found.details_held, found.phone_masked) == (True, "138****8003")
