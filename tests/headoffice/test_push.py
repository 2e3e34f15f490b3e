"""Push: per-event results, exactly once, central ledgers built from terminals' events."""

from headoffice import ledger
from headoffice.models import Member


def balances(ho, member_id):
    def read(s):
        m = s.get(Member, member_id)
        return m.points, m.wallet_principal_fen, m.wallet_bonus_fen

    return ho.read(read)


def test_events_are_applied_once_and_build_the_ledgers(ho, till, events):
    up = events.signed_up()
    member = up["payload"]["member_id"]
    top = events.topped_up(member, 100_000, 10_000)
    sale = events.sale(member, principal_fen=20_000, bonus_fen=2_000, points_earned=220)
    assert till.push(up, top, sale) == {e["id"]: "applied" for e in (up, top, sale)}
    assert balances(ho, member) == (220, 80_000, 8_000)
    # The same events again (a lost response, a retry): nothing is booked twice.
    assert till.push(up, top, sale) == {e["id"]: "duplicate" for e in (up, top, sale)}
    assert balances(ho, member) == (220, 80_000, 8_000)
    count, bad = ho.read(ledger.verify)
    assert (count, bad) == (1, [])


def test_a_rejected_event_never_blocks_the_batch(ho, till, events):
    up = events.signed_up()
    member = up["payload"]["member_id"]
    orphan = events.topped_up("no-such-member", 5_000)
    garbled = events.topped_up(member, 5_000)
    garbled["payload"]["amount_fen"] = 12.5  # money is integer fen, never a float
    unknown = {**events.topped_up(member, 1), "kind": "teleport.done"}
    good = events.topped_up(member, 3_000)
    answer = till.request("POST", "/v1/sync/push", {"events": [up, orphan, garbled, unknown, good]})
    results = answer.json()["results"]
    assert [r["status"] for r in results] == [
        "applied",
        "rejected",
        "rejected",
        "rejected",
        "applied",
    ]
    assert "unknown member" in results[1]["reason"]
    assert "amount_fen" in results[2]["reason"]
    assert "unknown event kind" in results[3]["reason"]
    assert balances(ho, member) == (0, 3_000, 0)
    # A retry of a rejected event is rejected again with its reason, still not applied.
    again = till.request("POST", "/v1/sync/push", {"events": [orphan]}).json()["results"][0]
    assert again == {"id": orphan["id"], "status": "rejected", "reason": results[1]["reason"]}


def test_same_id_twice_in_one_batch_is_applied_once(ho, till, events):
    up = events.signed_up()
    top = events.topped_up(up["payload"]["member_id"], 1_000)
    answer = till.request("POST", "/v1/sync/push", {"events": [up, top, top]}).json()
    assert [r["status"] for r in answer["results"]] == ["applied", "applied", "duplicate"]
    assert balances(ho, up["payload"]["member_id"]) == (0, 1_000, 0)


def test_refunds_adjustments_and_points_events(ho, till, events):
    up = events.signed_up()
    member = up["payload"]["member_id"]
    sale = events.sale(member, points_earned=500)
    refund = events._event(
        "sale.refunded",
        "r1",
        {
            "refund_id": "r1",
            "sale_id": sale["payload"]["sale_id"],
            "member_id": member,
            "wallet_principal_fen": 0,
            "wallet_bonus_fen": 0,
            "points_back": 0,
            "points_clawback": 100,
        },
    )
    adjust = events.adjusted(member, -50)
    checkin = events._event("points.checked_in", member, {"member_id": member, "points": 5})
    redeem = events._event(
        "points.redeemed", "x", {"redemption_id": "x", "member_id": member, "points": 200}
    )
    expired = events._event("points.expired", member, {"member_id": member, "points": 5})
    statuses = till.push(up, sale, refund, adjust, checkin, redeem, expired)
    assert set(statuses.values()) == {"applied"}
    assert balances(ho, member)[0] == 500 - 100 - 50 + 5 - 200 - 5


def test_malformed_push_is_a_clear_400(till):
    answer = till.request("POST", "/v1/sync/push", {"events": [{"id": "x"}]})
    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid"
    assert "malformed request" in answer.json()["message"]
