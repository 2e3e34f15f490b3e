"""A terminal reads members' personal data only where it needs it: its own store's
members and those it looked up; the rest of the feed reaches it without them."""

from headoffice import visibility
from headoffice.models import Lookup
from terminal.sync import protocol as p
from tests.helpers.headoffice import Events, enrol

PERSONAL = ("phone", "name", "birthday")


def _records(client, member_id, after=0):
    return [
        c["data"]
        for c in client.all_changes(after)
        if c["kind"] == "member" and c["data"]["member_id"] == member_id
    ]


def _personal(record):
    return tuple(record[f] for f in PERSONAL)


def test_another_stores_terminal_gets_members_without_personal_data(ho, http, till, events, clock):
    up = events.signed_up(phone="+8613800000051", name="韩梅梅")
    member = up["payload"]["member_id"]
    till.push(up, events.topped_up(member, 10_000))
    other_store = enrol(ho, http, clock, store_no=2, name="二号店")
    same_store = enrol(ho, http, clock)
    [theirs] = _records(other_store, member)
    assert _personal(theirs) == (None, None, None)
    # what serves the member at that counter is all there
    assert theirs["card_nos"] == [up["payload"]["card_no"]]
    assert (theirs["tier"], theirs["store_no"], theirs["status"]) == ("normal", 1, "active")
    balances = [c["data"] for c in other_store.all_changes() if c["kind"] == "balance"]
    assert balances[-1]["wallet_principal_fen"] == 10_000
    assert _personal(_records(same_store, member)[0]) == ("+8613800000051", "韩梅梅", "1990-05-01")
    assert _personal(_records(till, member)[0]) == ("+8613800000051", "韩梅梅", "1990-05-01")
    # head-office staff read the whole feed
    staff = [c.data for c in ho.changes(0, 100).changes if c.kind == "member"]
    assert _personal(staff[0]) == ("+8613800000051", "韩梅梅", "1990-05-01")


def test_a_member_looked_up_by_card_or_phone_is_read_in_full(ho, http, till, events, clock):
    up = events.signed_up(phone="+8613800000052", name="李雷")
    other_up = events.signed_up(phone="+8613800000053", name="王芳")
    member, other = up["payload"]["member_id"], other_up["payload"]["member_id"]
    till.push(up, other_up)
    thief = enrol(ho, http, clock, store_no=2, name="二号店")
    nobody = thief.request("GET", f"{p.PATH_MEMBER_LOOKUP}?phone=13800000059").json()
    assert nobody["member"] is None
    found = thief.request("GET", f"{p.PATH_MEMBER_LOOKUP}?card={up['payload']['card_no']}")
    assert found.json()["member"]["name"] == "李雷"
    assert _personal(_records(thief, member)[0]) == ("+8613800000052", "李雷", "1990-05-01")
    assert _personal(_records(thief, other)[0]) == (None, None, None)
    by_phone = thief.request("GET", f"{p.PATH_MEMBER_LOOKUP}?phone=13800000053").json()
    assert by_phone["member"]["member_id"] == other
    assert _personal(_records(thief, other)[0])[1] == "王芳"
    looked = ho.read(
        lambda s: [(r.terminal_id, r.by, r.member_id) for r in s.query(Lookup).order_by(Lookup.id)]
    )
    assert looked == [
        (thief.terminal_id, "phone", None),
        (thief.terminal_id, "card", member),
        (thief.terminal_id, "phone", other),
    ]


def test_a_member_merged_from_the_stores_own_keeps_its_personal_data(ho, http, till, clock):
    a = Events(till.terminal_id, clock)
    store2 = enrol(ho, http, clock, store_no=2, name="二号店")
    b = Events(store2.terminal_id, clock)
    early = a.signed_up(phone="+8613800000054", name="张三")
    clock.advance(minutes=5)
    late = b.signed_up(phone="+8613800000054", name="张三")
    store2.push(late)
    till.push(early)
    keeper = early["payload"]["member_id"]
    assert _personal(_records(store2, keeper)[-1])[0] == "+8613800000054"
    store3 = enrol(ho, http, clock, store_no=3, name="三号店")
    assert _personal(_records(store3, keeper)[-1]) == (None, None, None)


def test_the_rule_is_one_function_over_member_records(ho, till, events):
    """What a bulk snapshot calls: the records it would send, as the terminal may read."""
    up = events.signed_up(phone="+8613800000055")
    till.push(up)
    record = p.MemberData(
        member_id="m-elsewhere", card_nos=["1"], tier="normal", signed_up_at="x", store_no=2
    ).model_dump() | {"phone": "+8613800000056", "name": "某人", "birthday": "1990-01-01"}
    own = dict(_records(till, up["payload"]["member_id"])[0])
    shown = ho.read(lambda s: visibility.as_read_by(s, till.terminal_id, [record, own]))
    assert _personal(shown[0]) == (None, None, None) and shown[0]["card_nos"] == ["1"]
    assert shown[1] == own
    assert record["phone"] == "+8613800000056"  # the input is left as it was
