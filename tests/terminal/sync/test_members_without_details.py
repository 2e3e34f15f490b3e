"""Head office sends other stores' members without phone, name and birthday: the
terminal keeps them (cards, tier, balances) and fills the rest in after a look-up."""

import pytest

from terminal.domain.errors import Conflict, NotFound
from terminal.sync import protocol as p
from terminal.sync.apply import apply_changes, settle_confirmed
from tests.helpers.services_kit import assert_books_ok


def _record(member_id, card_no, **details):
    return p.MemberData(
        member_id=member_id,
        card_nos=[card_no],
        tier="silver",
        store_no=2,
        signed_up_at="2026-01-02T03:04:05.000000Z",
        origin_terminal="000201",
        **details,
    ).model_dump()


def _pull(shop, *changes):
    page = [p.Change(seq=i, kind=k, at="", data=d) for i, (k, d) in enumerate(changes, 1)]
    with shop.svc.ctx.transaction(business=False) as txn:
        moved = apply_changes(txn, page, after=0)
        settle_confirmed(txn)
    return moved


def _balance(member_id, wallet_fen):
    return p.BalanceData(
        member_id=member_id,
        points=120,
        wallet_principal_fen=wallet_fen,
        wallet_bonus_fen=0,
        confirmed_at="2026-01-02T03:04:05.000000Z",
    ).model_dump()


def test_members_without_personal_data_are_kept_and_served_by_card(shop):
    moved = _pull(
        shop,
        ("member", _record("m-1", "000201000016")),
        ("member", _record("m-2", "000201000027")),
        ("balance", _balance("m-1", 8_800)),
    )
    assert moved["member"] == 2
    view = shop.svc.members.find("000201000016")
    assert (view.id, view.tier, view.wallet_fen, view.points) == ("m-1", "silver", 8_800, 120)
    assert (view.details_held, view.name_masked, view.phone_masked) == (False, "", "")
    assert shop.svc.members.find("000201000027").id == "m-2"  # two without a phone
    assert shop.svc.members.reveal("000201000016", shop.manager)["phone"] is None
    with pytest.raises(Conflict, match="does not hold this member's details"):
        shop.svc.members.update("000201000016", shop.cashier, name="王芳", approver=shop.manager)
    # An own member signs up as before; nobody is found by an empty phone tail.
    own = shop.sign_up()
    assert shop.svc.members.find("13800138000").id == own.id
    assert shop.svc.members.search("0000") == []
    assert_books_ok(shop)


def test_a_look_up_fills_in_the_personal_data(shop):
    _pull(shop, ("member", _record("m-1", "000201000016")))
    with pytest.raises(NotFound):
        shop.svc.members.find("13900139001")
    details = {"phone": "+8613900139001", "name": "王芳", "birthday": "1991-06-01"}
    _pull(shop, ("member", _record("m-1", "000201000016", **details)))
    view = shop.svc.members.find("13900139001")
    assert (view.id, view.details_held, view.name_masked) == ("m-1", True, "王*")
    assert view.phone_masked == "139****9001"
    assert [m.id for m in shop.svc.members.search("9001")] == ["m-1"]
    assert shop.svc.members.reveal("000201000016", shop.manager)["birthday"] == "1991-06-01"


def test_filled_in_details_of_a_phone_held_here_wait_for_the_merge(shop):
    own = shop.sign_up(phone="13900139002")
    _pull(shop, ("member", _record("m-1", "000201000016")))
    details = {"phone": "+8613900139002", "name": "王芳"}
    _pull(shop, ("member", _record("m-1", "000201000016", **details)))
    assert shop.svc.members.find("13900139002").id == own.id
    assert shop.svc.members.get("m-1").status == "duplicate"
