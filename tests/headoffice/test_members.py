"""Members across stores: lookup, the merge of two sign-ups of one phone, and the hotlist
that follows a negative balance."""

from headoffice import ledger
from headoffice.models import LedgerEntry, Member
from terminal.sync import protocol as p
from tests.helpers.headoffice import Events, enrol


def kinds(till, after=0):
    return [(c["kind"], c["data"]) for c in till.all_changes(after)]


def test_lookup_by_phone_or_card_with_balances(ho, till, events):
    up = events.signed_up(phone="+8613700001111", name="王芳")
    member = up["payload"]["member_id"]
    till.push(up, events.topped_up(member, 8_800))
    for query in ("phone=13700001111", f"card={up['payload']['card_no']}"):
        answer = till.request("GET", f"{p.PATH_MEMBER_LOOKUP}?{query}").json()
        found = p.MemberLookupResponse.model_validate(answer)
        assert found.member.member_id == member and found.member.name == "王芳"
        assert found.balance.wallet_principal_fen == 8_800 and not found.hotlisted
    none = till.request("GET", f"{p.PATH_MEMBER_LOOKUP}?phone=13700002222").json()
    assert none["member"] is None
    bad = till.request("GET", f"{p.PATH_MEMBER_LOOKUP}?phone=12345")
    assert bad.status_code == 400 and "mobile" in bad.json()["message"]
    neither = till.request("GET", p.PATH_MEMBER_LOOKUP)
    assert neither.status_code == 400


def test_two_stores_signing_up_one_phone_merge_into_the_earliest(ho, http, till, clock):
    a = Events(till.terminal_id, clock)
    other = enrol(ho, http, clock, store_no=2, name="二号店")
    b = Events(other.terminal_id, clock)
    early = a.signed_up(phone="+8613600000001", name="张三")
    clock.advance(minutes=5)
    late = b.signed_up(phone="+8613600000001", name="张三")
    keeper, loser = early["payload"]["member_id"], late["payload"]["member_id"]
    # Store B reconnects first: its member exists alone for a while and gets money.
    other.push(late, b.topped_up(loser, 50_000), b.adjusted(loser, 300))
    mark = other.changes(0)["next"]
    till.push(early, a.topped_up(keeper, 2_000))
    merges = [d for k, d in kinds(till, mark) if k == "merge"]
    assert merges == [
        {
            "from_member_id": loser,
            "into_member_id": keeper,
            "card_nos": [late["payload"]["card_no"]],
            "points_moved": 300,
            "wallet_principal_moved_fen": 50_000,
            "wallet_bonus_moved_fen": 4_000,
        }
    ]

    def state(s):
        k, lo = s.get(Member, keeper), s.get(Member, loser)
        entries = s.query(LedgerEntry).filter(LedgerEntry.member_id == loser).count()
        return (k.points, k.wallet_principal_fen, k.wallet_bonus_fen), lo, entries

    kept, tomb, loser_entries = ho.read(state)
    assert kept == (300, 52_000, 4_000)
    assert (tomb.status, tomb.merged_into) == ("merged", keeper)
    assert (tomb.points, tomb.wallet_principal_fen, tomb.wallet_bonus_fen) == (0, 0, 0)
    assert loser_entries == 6  # history kept: 3 entries booked, 3 transfers out
    # The loser's card finds the survivor; later events for the loser land on it.
    found = till.request("GET", f"{p.PATH_MEMBER_LOOKUP}?card={late['payload']['card_no']}")
    assert found.json()["member"]["member_id"] == keeper
    assert sorted(found.json()["member"]["card_nos"]) == sorted(
        [early["payload"]["card_no"], late["payload"]["card_no"]]
    )
    other.push(b.sale(loser, principal_fen=1_000))
    assert ho.read(state)[0] == (300, 51_000, 4_000)
    assert ho.read(ledger.verify)[1] == []


def test_a_negative_balance_hotlists_the_member_until_paid_back(ho, till, events):
    up = events.signed_up()
    member = up["payload"]["member_id"]
    till.push(up, events.topped_up(member, 1_000))
    mark = till.changes(0)["next"]
    # An offline spend beyond the balance is booked all the same.
    assert set(till.push(events.sale(member, principal_fen=1_500)).values()) == {"applied"}
    changes = kinds(till, mark)
    assert ("hotlist", {"member_id": member, "listed": True, "reason": "negative_balance"}) in (
        changes
    )
    balance = [d for k, d in changes if k == "balance"][-1]
    assert balance["wallet_principal_fen"] == -500
    mark = till.changes(0)["next"]
    till.push(events.topped_up(member, 500))
    assert ("hotlist", {"member_id": member, "listed": False, "reason": "paid_back"}) in kinds(
        till, mark
    )


def test_a_changed_phone_is_found_and_a_bad_one_rejected(ho, till, events):
    up = events.signed_up(phone="+8613700003333")
    member = up["payload"]["member_id"]
    change = events.updated(member, {"phone": "137 0000 4444"})
    bad = events.updated(member, {"phone": "12"})
    assert list(till.push(up, change, bad).values()) == ["applied", "applied", "rejected"]
    found = till.request("GET", f"{p.PATH_MEMBER_LOOKUP}?phone=13700004444").json()
    assert found["member"]["member_id"] == member
    assert found["member"]["name"] == "李雷"  # the other fields kept
    gone = till.request("GET", f"{p.PATH_MEMBER_LOOKUP}?phone=13700003333").json()
    assert gone["member"] is None
