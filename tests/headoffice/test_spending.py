"""Online spend authorisation: holds on the live balance, idempotent by id, captured by
the sale, voided by the terminal or by head office when they go stale."""

import uuid

from headoffice.models import Reservation
from terminal.sync import protocol as p


def reserve(till, member, rid=None, points=0, wallet_fen=0):
    body = {
        "reservation_id": rid or str(uuid.uuid4()),
        "member_id": member,
        "points": points,
        "wallet_fen": wallet_fen,
    }
    answer = till.request("POST", p.PATH_RESERVE, body)
    assert answer.status_code == 200, answer.text
    return answer.json()


def funded(till, events, wallet_fen=10_000, points=1_000):
    up = events.signed_up()
    member = up["payload"]["member_id"]
    till.push(up, events.topped_up(member, wallet_fen), events.adjusted(member, points))
    return member


def test_holds_count_against_the_live_balance(ho, till, events):
    member = funded(till, events)
    first = reserve(till, member, wallet_fen=6_000, points=400)
    assert first["status"] == "reserved"
    assert (first["available_wallet_fen"], first["available_points"]) == (4_000, 600)
    second = reserve(till, member, wallet_fen=5_000)
    assert second["status"] == "refused"
    assert "not enough stored value: 4000 fen" in second["reason"]
    assert reserve(till, member, points=700)["status"] == "refused"
    assert reserve(till, "nobody")["reason"] == "unknown member"


def test_reserving_again_with_the_same_id_answers_the_same(ho, till, events):
    member = funded(till, events)
    rid = str(uuid.uuid4())
    first = reserve(till, member, rid, wallet_fen=6_000)
    again = reserve(till, member, rid, wallet_fen=6_000)
    assert (again["status"], again["reservation_id"], again["expires_at"]) == (
        "reserved",
        rid,
        first["expires_at"],
    )
    # The retry did not hold the money twice.
    assert reserve(till, member, wallet_fen=4_000)["status"] == "reserved"
    other = reserve(till, member, rid, wallet_fen=1)
    assert other["status"] == "refused" and "different spend" in other["reason"]


def test_void_releases_the_hold_and_is_idempotent(ho, till, events):
    member = funded(till, events)
    rid = reserve(till, member, wallet_fen=9_000)["reservation_id"]
    assert reserve(till, member, wallet_fen=2_000)["status"] == "refused"
    for _ in range(2):
        answer = till.request("POST", p.PATH_VOID, {"reservation_id": rid}).json()
        assert answer["status"] == "voided"
    assert reserve(till, member, wallet_fen=2_000)["status"] == "reserved"


def test_capture_then_sale_event_books_the_spend_once(ho, till, events):
    member = funded(till, events)
    rid = reserve(till, member, wallet_fen=6_000)["reservation_id"]
    sale_id = str(uuid.uuid4())
    captured = till.request("POST", p.PATH_CAPTURE, {"reservation_id": rid, "sale_id": sale_id})
    assert captured.json()["status"] == "captured"
    # Captured but not yet booked: the hold still counts.
    assert reserve(till, member, wallet_fen=5_000)["status"] == "refused"
    till.push(events.sale(member, principal_fen=6_000, sale_id=sale_id))
    # Booked: the balance is 4,000 and no hold is left on top of it.
    assert reserve(till, member, wallet_fen=4_000)["status"] == "reserved"
    assert reserve(till, member, wallet_fen=1)["status"] == "refused"


def test_a_sale_event_naming_its_reservation_captures_it(ho, till, events):
    member = funded(till, events)
    rid = reserve(till, member, points=1_000)["reservation_id"]
    till.push(events.sale(member, points_spent=1_000, reservation_id=rid))
    assert till.request("POST", p.PATH_VOID, {"reservation_id": rid}).json()["status"] == "captured"


def test_stale_reservations_are_voided_by_head_office(ho, till, events, clock):
    member = funded(till, events)
    rid = reserve(till, member, wallet_fen=10_000)["reservation_id"]
    clock.advance(seconds=p.RESERVATION_TIMEOUT_SECONDS - 1)
    assert ho.void_stale() == 0
    clock.advance(seconds=2)
    assert ho.void_stale() == 1
    answer = till.request("POST", p.PATH_VOID, {"reservation_id": rid}).json()
    assert (answer["status"], answer["reason"]) == ("voided", "not captured in time")
    assert reserve(till, member, wallet_fen=10_000)["status"] == "reserved"


def test_a_reservation_past_its_time_stops_holding_even_before_the_sweep(ho, till, events, clock):
    member = funded(till, events)
    reserve(till, member, wallet_fen=10_000)
    clock.advance(seconds=p.RESERVATION_TIMEOUT_SECONDS + 1)
    assert reserve(till, member, wallet_fen=10_000)["status"] == "reserved"


def test_hotlisted_members_cannot_reserve(ho, till, events):
    member = funded(till, events, wallet_fen=1_000)
    till.push(events.sale(member, principal_fen=3_000))  # an offline spend: a fact
    answer = reserve(till, member, points=1)
    assert answer["status"] == "refused" and "hotlist" in answer["reason"]


def test_a_captured_hold_whose_sale_never_arrives_is_released_after_two_days(
    ho, till, events, clock
):
    member = funded(till, events)
    rid = reserve(till, member, wallet_fen=10_000)["reservation_id"]
    till.request("POST", p.PATH_CAPTURE, {"reservation_id": rid, "sale_id": "lost-sale"})
    clock.advance(days=1)
    assert reserve(till, member, wallet_fen=1)["status"] == "refused"
    clock.advance(days=1, seconds=1)
    assert reserve(till, member, wallet_fen=10_000)["status"] == "reserved"


def test_the_server_sweeps_stale_reservations_by_itself(ho, clock, monkeypatch, events):
    import time

    from fastapi.testclient import TestClient

    from headoffice import app as app_module
    from tests.helpers.headoffice import enrol

    monkeypatch.setattr(app_module, "STALE_SWEEP_SECONDS", 0.05)
    with TestClient(app_module.create_app(ho, sweep_stale=True)) as http:
        till = enrol(ho, http, clock, store_no=3)
        ev = type(events)(till.terminal_id, clock)
        member = funded(till, ev)
        rid = reserve(till, member, wallet_fen=5_000)["reservation_id"]
        clock.advance(seconds=p.RESERVATION_TIMEOUT_SECONDS + 1)
        deadline = time.monotonic() + 5
        while ho.read(lambda s: s.get(Reservation, rid).status) == "reserved":
            assert time.monotonic() < deadline, "the sweep did not void the reservation"
            time.sleep(0.05)
    assert ho.read(lambda s: s.get(Reservation, rid).reason) == "not captured in time"
