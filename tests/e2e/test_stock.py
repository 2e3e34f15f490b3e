"""Catalogue stock held at head office, across terminals: the last item goes once online,
offline redemptions stay within the policy's allowance and are booked later (past zero
with a flag), and a pull never puts a stale figure over a redemption made here."""

import threading

import pytest

from headoffice import flags
from headoffice import rules as ho_rules
from headoffice import stock as ho_stock
from headoffice.models import CatalogueItem
from terminal.domain.errors import LimitExceeded
from terminal.domain.offline_policy import SpendRefused
from tests.helpers.services_kit import assert_books_ok, outbox_events

PRICE = 500


def with_points(t, phone, points=5_000):
    member = t.shop.sign_up(phone=phone)
    t.svc.points.adjust(member.card_no, points, "gift", t.shop.cashier, t.shop.manager)
    return member


def stocked(live, *terminals, count=1):
    live.ho.unit(lambda w: ho_rules.set_item(w, "MUG", "马克杯", PRICE, count))
    for t in terminals:
        t.sync()


def ho_stock_of(live):
    return live.ho.read(lambda s: s.get(CatalogueItem, "MUG").stock)


def shown(t):
    return {i.sku: i.stock for i in t.svc.points.catalogue()}["MUG"]


def redeem(t, member):
    return t.svc.points.redeem(member.card_no, "MUG", t.shop.cashier)


def mode(t):
    return outbox_events(t.shop, "points.redeemed")[-1]["payload"]["spend_mode"]


def test_two_stores_race_for_the_last_item_and_one_gets_it(chain, live):
    a, b = chain(1, "a"), chain(2, "b")
    members = {a.name: with_points(a, "13800000001"), b.name: with_points(b, "13800000002")}
    stocked(live, a, b, count=1)
    assert shown(a) == shown(b) == 1
    start = threading.Barrier(2)
    won, refused = [], []

    def attempt(t):
        start.wait()
        try:
            won.append((t, redeem(t, members[t.name])))
        except SpendRefused as exc:
            refused.append((t, exc))

    threads = [threading.Thread(target=attempt, args=(t,)) for t in (a, b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(won) == 1 and len(refused) == 1
    winner, loser = won[0][0], refused[0][0]
    exc = refused[0][1]
    assert exc.code == "headoffice.out_of_stock"
    assert exc.params == {"item": "马克杯", "left": 0}
    assert "only 0 of '马克杯' are left at head office" in str(exc)
    assert mode(winner) == "online"
    assert outbox_events(loser.shop, "points.redeemed") == []
    # Nothing of the refused redemption was booked at the losing counter.
    assert loser.svc.members.find(members[loser.name].card_no).points == 5_000
    for t in (a, b, a):
        t.sync()
    assert ho_stock_of(live) == 0
    assert shown(a) == shown(b) == 0
    assert live.ho.read(flags.listing) == []
    for t in (a, b):
        assert_books_ok(t.shop)


def test_offline_redemption_within_the_allowance_is_booked_when_back(chain, live):
    a = chain(1, "a")
    member = with_points(a, "13800000001")
    live.ho.unit(lambda w: ho_rules.set_rules(w, {"offline_item_allowance": 1}))
    stocked(live, a, count=5)
    a.net.offline = True
    redeem(a, member)
    assert mode(a) == "offline"
    assert shown(a) == 4
    with pytest.raises(SpendRefused) as refused:
        redeem(a, member)
    assert refused.value.code == "offline.item_allowance"
    assert refused.value.params == {"item": "马克杯", "allowance": 1, "left": 0}
    a.net.offline = False
    a.sync()
    assert ho_stock_of(live) == 4
    assert shown(a) == 4
    # Synced, the allowance starts again (and online, head office decides).
    redeem(a, member)
    assert mode(a) == "online"
    a.sync()
    assert ho_stock_of(live) == 3 and shown(a) == 3
    assert a.svc.members.find(member.card_no).points == 5_000 - 2 * PRICE
    assert_books_ok(a.shop)


def test_offline_redemptions_of_the_last_item_at_two_stores_are_both_booked_and_flagged(
    chain, live
):
    a, b = chain(1, "a"), chain(2, "b")
    ma, mb = with_points(a, "13800000001"), with_points(b, "13800000002")
    stocked(live, a, b, count=1)
    a.net.offline = b.net.offline = True
    redeem(a, ma)
    redeem(b, mb)
    # Offline, a counter redeems only what it knows is there.
    with pytest.raises(LimitExceeded, match="only 0 of '马克杯' left"):
        redeem(a, ma)
    a.net.offline = b.net.offline = False
    for t in (a, b, a):
        t.sync()
    assert ho_stock_of(live) == -1
    assert shown(a) == shown(b) == 0
    [flag] = live.ho.read(flags.listing)
    assert (flag["kind"], flag["subject"], flag["figure"]) == ("stock_oversold", "MUG", 1)
    assert flag["terminal_id"] == b.runner.engine.client.terminal_id
    # Both members paid their points: the sales happened.
    assert a.svc.members.find(ma.card_no).points == 5_000 - PRICE
    assert b.svc.members.find(mb.card_no).points == 5_000 - PRICE


def test_a_stale_figure_from_the_feed_does_not_undo_a_redemption_made_here(chain, live):
    a, b = chain(1, "a"), chain(2, "b")
    member = with_points(a, "13800000001")
    stocked(live, a, b, count=5)
    a.net.offline = True
    redeem(a, member)
    a.net.offline = False
    assert shown(a) == 4
    # Head office changes the item before it hears of the redemption: its figure is 5.
    live.ho.unit(lambda w: ho_rules.set_item(w, "MUG", "马克杯 大", PRICE, 5))
    a.engine.pull_all()
    assert shown(a) == 4
    # Pushed: the redemption is in head office's feed further on than the pull has got.
    # Pulling a page at a time, the stale change comes first and must not be shown.
    b.sync()  # another change of the item first, then ours
    live.ho.unit(lambda w: ho_stock.restock(w, "MUG", 10))
    a.engine.push_all()
    a.engine.page = 1
    a.engine.pull_page()
    assert shown(a) == 14  # head office's 15 less ours, still on its way in the feed
    a.engine.pull_all()
    assert ho_stock_of(live) == 14 and shown(a) == 14
    # A redemption at another store comes with head office's figure.
    mb = with_points(b, "13800000002")
    redeem(b, mb)
    b.sync()
    a.sync()
    assert shown(a) == 13
    assert_books_ok(a.shop)


def test_an_enrolled_terminal_takes_its_catalogue_from_head_office(chain):
    from terminal.domain.errors import PosError

    a = chain(1, "a")
    with pytest.raises(PosError, match="catalogue from head office"):
        a.svc.points.add_item("CUP", "杯子", 100, 5, a.shop.manager)
