"""Sales and redemptions ask the spend authoriser before spending stored value or points."""

import pytest

from terminal.domain.errors import InsufficientFunds
from terminal.domain.offline_policy import SpendRefused
from terminal.services.spend import SpendGrant, SpendRequest
from tests.helpers.services_kit import buy, give_points, outbox_events, tally, top_up


class Recorder:
    def __init__(self, refuse: str | None = None) -> None:
        self.refuse = refuse
        self.asked: list[SpendRequest] = []
        self.released: list[SpendGrant] = []

    def authorise(self, request: SpendRequest) -> SpendGrant:
        self.asked.append(request)
        if self.refuse:
            raise SpendRefused(self.refuse)
        return SpendGrant("online", f"res-{len(self.asked)}")

    def release(self, grant: SpendGrant) -> None:
        self.released.append(grant)


def test_standalone_sales_record_their_mode(shop):
    member = shop.sign_up()
    top_up(shop, member, 10_000)
    buy(shop, member, 5_000, wallet_fen=5_000)
    event = outbox_events(shop, "sale.completed")[-1]["payload"]
    assert event["spend_mode"] == "standalone" and event["reservation_id"] is None


def test_a_cash_sale_never_asks(shop):
    auth = Recorder(refuse="no")
    shop.svc.use_spend_authoriser(auth)
    buy(shop, shop.sign_up(), 1_000)
    assert auth.asked == []


def test_a_granted_spend_carries_its_reservation_in_the_sale_event(shop):
    member = shop.sign_up()
    top_up(shop, member, 10_000)
    give_points(shop, member, 1_000)
    auth = Recorder()
    shop.svc.use_spend_authoriser(auth)
    buy(shop, member, 5_000, wallet_fen=3_000, points=500, cash_fen=1_995)
    assert auth.asked == [SpendRequest(member.id, 500, 3_000)]
    event = outbox_events(shop, "sale.completed")[-1]["payload"]
    assert event["reservation_id"] == "res-1" and event["spend_mode"] == "online"
    assert auth.released == []


def test_a_refused_spend_writes_nothing_and_says_why(shop):
    member = shop.sign_up()
    top_up(shop, member, 10_000)
    shop.svc.use_spend_authoriser(Recorder(refuse="member is on the hotlist"))
    before = tally(shop)
    with pytest.raises(SpendRefused, match="hotlist"):
        buy(shop, member, 5_000, wallet_fen=5_000)
    assert tally(shop) - before == (0, 0)
    assert shop.svc.members.find(member.card_no).wallet_fen == 10_000


def test_a_sale_that_fails_after_the_grant_releases_the_hold(shop):
    member = shop.sign_up()
    top_up(shop, member, 1_000)
    auth = Recorder()
    shop.svc.use_spend_authoriser(auth)
    with pytest.raises(InsufficientFunds):
        buy(shop, member, 5_000, wallet_fen=5_000)
    assert [g.reservation_id for g in auth.released] == ["res-1"]


def test_redemptions_ask_for_their_points_and_item(shop):
    member = shop.sign_up()
    give_points(shop, member, 1_000)
    shop.svc.points.add_item("MUG", "马克杯", 300, 5, shop.manager)
    auth = Recorder()
    shop.svc.use_spend_authoriser(auth)
    shop.svc.points.redeem(member.card_no, "mug", shop.cashier, quantity=2)
    assert auth.asked == [SpendRequest(member.id, 600, 0, "redemption", "MUG", 2)]
    event = outbox_events(shop, "points.redeemed")[-1]["payload"]
    assert event["reservation_id"] == "res-1"
    shop.svc.use_spend_authoriser(Recorder(refuse="offline too long"))
    with pytest.raises(SpendRefused):
        shop.svc.points.redeem(member.card_no, "MUG", shop.cashier)
