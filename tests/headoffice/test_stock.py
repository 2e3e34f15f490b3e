"""Catalogue stock at head office: online redemptions reserve it, a pushed redemption takes
it once, offline ones are booked past zero with a flag, staff restock and count it."""

import uuid

import pytest

from headoffice import flags, rules, stock
from headoffice.errors import Invalid, NotFound
from headoffice.models import CatalogueItem, StockMove
from terminal.sync import protocol as p


def add_item(ho, sku="MUG", stock_count=1, price=500):
    ho.unit(lambda w: rules.set_item(w, sku, "马克杯", price, stock_count))


def member_with_points(till, events, points=10_000):
    up = events.signed_up()
    member = up["payload"]["member_id"]
    till.push(up, events.adjusted(member, points))
    return member


def reserve(till, member, sku="MUG", quantity=1, points=500, rid=None):
    body = {
        "reservation_id": rid or str(uuid.uuid4()),
        "member_id": member,
        "points": points,
        "sku": sku,
        "quantity": quantity,
    }
    answer = till.request("POST", p.PATH_RESERVE, body)
    assert answer.status_code == 200, answer.text
    return answer.json()


def redeemed(events, member, sku="MUG", quantity=1, points=500, reservation_id=None, rid=None):
    rid = rid or str(uuid.uuid4())
    payload = {
        "redemption_id": rid,
        "member_id": member,
        "sku": sku,
        "quantity": quantity,
        "points": points,
        "spend_mode": "online" if reservation_id else "offline",
        "reservation_id": reservation_id,
    }
    return events._event("points.redeemed", rid, payload)


def stock_of(ho, sku="MUG"):
    return ho.read(lambda s: s.get(CatalogueItem, sku).stock)


def test_the_last_item_is_reserved_once(ho, till, events):
    add_item(ho, stock_count=1)
    first, second = member_with_points(till, events), member_with_points(till, events)
    held = reserve(till, first)
    assert (held["status"], held["available_stock"]) == ("reserved", 0)
    refused = reserve(till, second)
    assert refused["status"] == "refused"
    assert refused["code"] == "out_of_stock"
    assert "only 0 of '马克杯' left" in refused["reason"]
    # A hold is idempotent by its id and not taken twice.
    assert reserve(till, first, rid=held["reservation_id"])["status"] == "reserved"
    # The stock itself moves only when the redemption is booked.
    assert stock_of(ho) == 1


def test_a_voided_hold_gives_the_item_back(ho, till, events):
    add_item(ho, stock_count=1)
    member = member_with_points(till, events)
    rid = reserve(till, member)["reservation_id"]
    assert reserve(till, member)["code"] == "out_of_stock"
    till.request("POST", p.PATH_VOID, {"reservation_id": rid})
    assert reserve(till, member)["status"] == "reserved"


def test_an_expired_hold_gives_the_item_back(ho, till, events, clock):
    add_item(ho, stock_count=1)
    member = member_with_points(till, events)
    reserve(till, member)
    clock.advance(seconds=p.RESERVATION_TIMEOUT_SECONDS + 1)
    assert reserve(till, member)["status"] == "reserved"


def test_unknown_item_and_reused_id_have_codes(ho, till, events):
    member = member_with_points(till, events)
    assert reserve(till, member, sku="NOPE")["code"] == "unknown_item"
    add_item(ho, stock_count=5)
    rid = reserve(till, member)["reservation_id"]
    assert reserve(till, member, quantity=2, rid=rid)["code"] == "id_reused"
    assert reserve(till, "nobody")["code"] == "unknown_member"


def test_the_redemption_takes_stock_and_settles_its_hold_once(ho, till, events):
    add_item(ho, stock_count=2)
    member = member_with_points(till, events)
    held = reserve(till, member)
    event = redeemed(events, member, reservation_id=held["reservation_id"])
    assert till.push(event) == {event["id"]: "applied"}
    assert till.push(event) == {event["id"]: "duplicate"}
    assert stock_of(ho) == 1
    # The booked redemption's hold no longer counts: the one left is available.
    assert reserve(till, member)["available_stock"] == 0
    moves = ho.read(lambda s: stock.moves(s, "MUG"))
    assert [(m["kind"], m["delta"], m["stock_after"]) for m in moves] == [
        ("redeem", -1, 1),
        ("set", 2, 2),
    ]
    assert moves[0]["reference"] == event["aggregate_id"]
    assert moves[0]["terminal_id"] == till.terminal_id
    # The feed carries the stock head office confirmed.
    feed = [c for c in till.all_changes() if c["kind"] == "catalogue"]
    assert feed[-1]["data"]["stock"] == 1


def test_points_come_off_with_the_stock(ho, till, events):
    add_item(ho, stock_count=3)
    member = member_with_points(till, events, 1_000)
    till.push(redeemed(events, member, quantity=2, points=1_000))
    assert reserve(till, member, points=1)["code"] == "not_enough_points"
    assert stock_of(ho) == 1


def test_offline_redemptions_past_zero_are_booked_and_flagged(ho, till, events):
    add_item(ho, stock_count=1)
    member = member_with_points(till, events)
    first, second = redeemed(events, member), redeemed(events, member, quantity=2)
    results = till.push(first, second)
    assert set(results.values()) == {"applied"}
    assert stock_of(ho) == -2
    open_flags = ho.read(flags.listing)
    assert len(open_flags) == 1
    flag = open_flags[0]
    assert (flag["kind"], flag["subject"], flag["figure"]) == ("stock_oversold", "MUG", 2)
    assert "redeemed MUG past head office's stock" in flag["message"]
    assert flag["terminal_id"] == till.terminal_id
    # Staff look into it; a further fall opens it again.
    ho.unit(lambda w: flags.ack(w, flag["id"]))
    assert ho.read(flags.listing) == []
    till.push(redeemed(events, member))
    assert ho.read(flags.listing)[0]["figure"] == 3
    # Nothing online can take an item that is not there.
    assert reserve(till, member)["code"] == "out_of_stock"


def test_an_item_head_office_does_not_know_books_the_points_only(ho, till, events):
    member = member_with_points(till, events, 1_000)
    event = redeemed(events, member, sku="LOCAL-ONLY")
    assert till.push(event) == {event["id"]: "applied"}
    assert ho.read(lambda s: s.query(StockMove).count()) == 0
    assert reserve(till, member, points=501, sku=None, quantity=0)["code"] == "not_enough_points"


def test_a_bad_redemption_is_rejected_alone(ho, till, events):
    add_item(ho, stock_count=5)
    member = member_with_points(till, events)
    bad = redeemed(events, member, quantity=10_000)
    good = redeemed(events, member)
    results = till.push(bad, good)
    assert (results[bad["id"]], results[good["id"]]) == ("rejected", "applied")
    assert stock_of(ho) == 4


def test_staff_restock_and_count_into_the_feed(ho, till):
    add_item(ho, stock_count=1)
    after = till.changes()["next"]
    assert ho.unit(lambda w: stock.restock(w, "mug", 5, "delivery 42")).stock == 6
    assert ho.unit(lambda w: stock.count(w, "MUG", 4, "two broken")).stock == 4
    feed = till.all_changes(after)
    assert [(c["kind"], c["data"]["stock"]) for c in feed] == [
        ("catalogue", 6),
        ("catalogue", 4),
    ]
    moves = ho.read(lambda s: stock.moves(s, "MUG"))
    assert [(m["kind"], m["delta"], m["note"]) for m in moves[:2]] == [
        ("count", -2, "two broken"),
        ("restock", 5, "delivery 42"),
    ]
    with pytest.raises(NotFound):
        ho.unit(lambda w: stock.restock(w, "NOPE", 1))
    with pytest.raises(Invalid):
        ho.unit(lambda w: stock.restock(w, "MUG", 0))
    with pytest.raises(Invalid):
        ho.unit(lambda w: stock.count(w, "MUG", 4))
