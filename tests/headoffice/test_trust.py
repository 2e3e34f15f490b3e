"""A terminal whose secret was stolen books only what its counter could have done."""

import uuid

from headoffice import rules
from headoffice.models import Member, Reservation
from terminal.sync import protocol as p
from tests.headoffice.test_push import balances
from tests.headoffice.test_spending import funded, reserve
from tests.helpers.headoffice import Events, enrol


def _results(till, *events):
    answer = till.request("POST", "/v1/sync/push", {"events": list(events)})
    assert answer.status_code == 200, answer.text
    return [(r["status"], r.get("reason")) for r in answer.json()["results"]]


def test_a_top_up_is_priced_by_the_rules_it_names(ho, till, events):
    up = events.signed_up()
    member = up["payload"]["member_id"]
    assert till.push(up) == {up["id"]: "applied"}
    free_money = events.topped_up(member, 1_000, bonus_fen=10**9)
    short_bonus = events.topped_up(member, 100_000, bonus_fen=4_000)  # the rule gives 10,000
    nothing = events.topped_up(member, 0)
    unknown = events.topped_up(member, 1_000)
    unknown["payload"]["rule_version"] = 99
    unnamed = events.topped_up(member, 1_000)
    del unnamed["payload"]["rule_version"]
    good = events.topped_up(member, 100_000)
    results = _results(till, free_money, short_bonus, nothing, unknown, unnamed, good)
    assert [s for s, _ in results] == ["rejected"] * 5 + ["applied"]
    assert "¥100.00" in results[1][1] and "is ¥100.00, not ¥40.00" in results[1][1]
    assert "more than ¥0.00" in results[2][1]
    assert "rule version 99" in results[3][1] and "rule version None" in results[4][1]
    assert balances(ho, member) == (0, 100_000, 10_000)


def test_a_top_up_keeps_within_the_card_cap_of_head_offices_balance(ho, till, events):
    up = events.signed_up()
    member = up["payload"]["member_id"]
    # ¥4,000 + ¥100 bonus, then ¥900 more would pass the ¥5,000 cap by its ¥40 bonus.
    results = _results(
        till, up, events.topped_up(member, 400_000), events.topped_up(member, 90_000)
    )
    assert [s for s, _ in results] == ["applied", "applied", "rejected"]
    assert "¥5,000.00" in results[2][1] and "at most ¥860.00" in results[2][1]
    assert balances(ho, member) == (0, 400_000, 10_000)
    # A spend elsewhere makes room; the same amount is then booked.
    spend = events.sale(member, principal_fen=50_000)
    assert till.push(spend) == {spend["id"]: "applied"}
    assert [s for s, _ in _results(till, events.topped_up(member, 90_000))] == ["applied"]
    assert balances(ho, member) == (0, 440_000, 14_000)


def test_an_older_rule_version_still_prices_its_top_ups(ho, till, events):
    ho.unit(lambda w: rules.set_rules(w, {"bonus_rules": [], "card_cap_fen": 1_000_000}))
    up = events.signed_up()
    member = up["payload"]["member_id"]
    old = events.topped_up(member, 100_000)  # version 1: bonus ¥100
    new = events.topped_up(member, 100_000, bonus_fen=0)
    new["payload"]["rule_version"] = 2
    greedy = events.topped_up(member, 100_000)  # ¥100 bonus under version 2: none
    greedy["payload"]["rule_version"] = 2
    assert [s for s, _ in _results(till, up, old, new, greedy)] == [
        "applied",
        "applied",
        "applied",
        "rejected",
    ]
    assert balances(ho, member) == (0, 200_000, 10_000)


def test_only_the_terminal_that_made_a_hold_voids_captures_or_settles_it(
    ho, http, till, events, clock
):
    member = funded(till, events)
    rid = reserve(till, member, wallet_fen=6_000)["reservation_id"]
    thief = enrol(ho, http, clock)
    unknown = {"reservation_id": rid, "status": "refused", "reason": "unknown reservation"}
    for path, body in (
        (p.PATH_VOID, {"reservation_id": rid}),
        (p.PATH_CAPTURE, {"reservation_id": rid, "sale_id": str(uuid.uuid4())}),
    ):
        answer = thief.request("POST", path, body).json()
        assert {k: answer[k] for k in unknown} == unknown and answer["member_id"] is None
    # Asking for the same id again tells the thief nothing about the hold.
    again = reserve(thief, member, rid, wallet_fen=6_000)
    assert again["status"] == "refused" and again.get("expires_at") is None
    # A sale sent by another terminal naming the hold does not settle it.
    theirs = Events(thief.terminal_id, clock)
    sale = theirs.sale(member, reservation_id=rid)
    assert thief.push(sale) == {sale["id"]: "applied"}
    assert ho.read(lambda s: s.get(Reservation, rid).status) == "reserved"
    assert reserve(till, member, wallet_fen=4_001)["status"] == "refused"  # still held
    own = till.request("POST", p.PATH_VOID, {"reservation_id": rid}).json()
    assert own["status"] == "voided"
    assert reserve(till, member, wallet_fen=10_000)["status"] == "reserved"


def test_a_terminal_signs_members_up_for_its_own_store_only(ho, till, events):
    elsewhere = events.signed_up(phone="+8613800000031")
    elsewhere["payload"]["store_no"] = 2
    unnamed = events.signed_up(phone="+8613800000032")
    del unnamed["payload"]["store_no"]
    own = events.signed_up(phone="+8613800000033")
    results = _results(till, elsewhere, unnamed, own)
    assert [s for s, _ in results] == ["rejected", "applied", "applied"]
    assert "store 1, not 2" in results[0][1]
    stores = ho.read(lambda s: {m.id: m.store_no for m in s.query(Member)})
    assert stores == {unnamed["payload"]["member_id"]: 1, own["payload"]["member_id"]: 1}
