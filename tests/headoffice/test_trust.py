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


def _phone_of(ho, member_id):
    return ho.read(lambda s: ho.db.vault.open_json(s.get(Member, member_id).pii)["phone"])


def test_a_change_of_details_needs_the_operator_and_another_approver(ho, till, events):
    up = events.signed_up(phone="+8613800000041")
    member = up["payload"]["member_id"]
    new = {"phone": "+8613900000041"}
    unapproved = events.updated(member, new, approved_by=None)
    anonymous = events.updated(member, new, operator_id=None)
    alone = events.updated(member, new, operator_id="m-1", approved_by="m-1")
    approved = events.updated(member, {"name": "韩梅梅"}, operator_id="c-1", approved_by="m-1")
    results = _results(till, up, unapproved, anonymous, alone, approved)
    assert [s for s, _ in results] == ["applied", "rejected", "rejected", "rejected", "applied"]
    assert "manager who approved" in results[1][1]
    assert "operator who made it" in results[2][1]
    assert "second person" in results[3][1]
    assert _phone_of(ho, member) == "+8613800000041"
    name = ho.read(lambda s: ho.db.vault.open_json(s.get(Member, member).pii)["name"])
    assert name == "韩梅梅"


def test_once_a_stores_operators_are_known_only_they_change_details(ho, http, till, events, clock):
    up = events.signed_up(phone="+8613800000042")
    member = up["payload"]["member_id"]
    staff = [events.operator_added("c-1"), events.operator_added("m-1", role="manager")]
    assert set(till.push(up, *staff).values()) == {"applied"}
    new = {"phone": "+8613900000042"}
    strangers = events.updated(member, new, operator_id="x-1", approved_by="x-2")
    unknown_approver = events.updated(member, new, operator_id="c-1", approved_by="x-2")
    cashier_approves = events.updated(member, new, operator_id="m-1", approved_by="c-1")
    good = events.updated(member, new, operator_id="c-1", approved_by="m-1")
    results = _results(till, strangers, unknown_approver, cashier_approves, good)
    assert [s for s, _ in results] == ["rejected", "rejected", "rejected", "applied"]
    assert "operator x-1 is not an operator of store 1" in results[0][1]
    assert "approver x-2 is not an operator of store 1" in results[1][1]
    assert "approver c-1 is not a manager of store 1" in results[2][1]
    assert _phone_of(ho, member) == "+8613900000042"
    # Another store's terminal cannot use store 1's people, nor announce itself into it.
    other = enrol(ho, http, clock, store_no=2, name="二号店")
    theirs = Events(other.terminal_id, clock)
    own = theirs.operator_added("m-2", role="manager")
    borrowed = theirs.updated(member, {"phone": "+8613700000042"}, "c-1", "m-1")
    results = _results(other, own, borrowed)
    assert [s for s, _ in results] == ["applied", "rejected"]
    assert "not an operator of store 2" in results[1][1]
    assert _phone_of(ho, member) == "+8613900000042"
    # The first store's second terminal uses the store's operators.
    second = enrol(ho, http, clock)
    again = Events(second.terminal_id, clock).updated(member, {"name": "韩梅梅"}, "c-1", "m-1")
    assert _results(second, again) == [("applied", None)]


def test_operators_announced_before_the_upgrade_are_known(tmp_path, clock):
    """The migration takes the operators out of the event archive."""
    import json

    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine, text

    from headoffice.database import MIGRATIONS
    from headoffice.service import HeadOffice

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0002_audit_anchors")
        rows = [
            ("e1", "000101", "applied", {"operator_id": "m-1", "role": "manager"}),
            ("e2", "000102", "applied", {"operator_id": "m-1", "role": "manager"}),
            ("e3", "000201", "applied", {"operator_id": "c-9", "role": "cashier"}),
            ("e4", "000101", "rejected", {"operator_id": "x-1", "role": "manager"}),
        ]
        for event_id, terminal_id, status, payload in rows:
            conn.execute(
                text(
                    "INSERT INTO processed_events VALUES (:id, :t, 'operator.added', :s, NULL,"
                    " :p, '2026-01-01 00:00:00')"
                ),
                {"id": event_id, "t": terminal_id, "s": status, "p": json.dumps(payload)},
            )
    engine.dispose()
    office = HeadOffice(str(tmp_path / "old.db"), clock=clock, key_path=tmp_path / "k")
    try:
        known = office.read(
            lambda s: sorted(
                s.execute(text("SELECT store_no, id, role, terminal_id FROM operators")).all()
            )
        )
    finally:
        office.close()
    assert [tuple(r) for r in known] == [
        (1, "m-1", "manager", "000101"),
        (2, "c-9", "cashier", "000201"),
    ]
