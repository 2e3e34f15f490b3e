"""Members: sign-up, lookup, search, profile changes and audited unmasking."""

from datetime import date

import pytest
from sqlalchemy import select
from stdnum import damm

from terminal.domain.cards import TerminalNumber, make_card_no
from terminal.domain.errors import Conflict, InvalidInput, NotFound
from terminal.services.members import SignUp, parse_birthday
from terminal.store.models import Member, TerminalConfig
from tests.helpers.services_kit import (
    assert_books_ok,
    audit_rows,
    buy,
    outbox_events,
    tally,
)

PHONE = "13800138000"
ID_NUMBER = "11010519491231002X"
OTHER_ID_NUMBER = "110101199003074477"


def _form(**kw):
    data = {"phone": PHONE, "name": "张三", "consent": True}
    data.update(kw)
    return SignUp(**data)


def _card_seq(shop) -> int:
    with shop.svc.db.read() as s:
        return s.get(TerminalConfig, 1).card_seq


def _mistype(card_no: str, position: int) -> str:
    position %= len(card_no)
    digit = str((int(card_no[position]) + 1) % 10)
    return card_no[:position] + digit + card_no[position + 1 :]


# --- sign-up -----------------------------------------------------------------------------


def test_sign_up_creates_member_with_card_audit_and_one_event(shop):
    before = tally(shop)

    member = shop.svc.members.sign_up(
        _form(birthday=date(1990, 5, 17), gender="F", preferences={"types": ["tea"]}),
        shop.cashier,
    )

    assert tally(shop) - before == (1, 1)
    assert member.existing is False
    assert member.status == "active"
    assert member.tier == "normal"  # the tier is initialised at sign-up
    assert (member.points, member.wallet_fen) == (0, 0)
    assert member.phone_masked == "138****8000"
    assert member.name_masked == "张*"
    # the card: store 0012, terminal 03, a running sequence and a valid check digit
    assert member.card_no == "001203000013"
    assert member.card_no.startswith("001203")
    assert damm.is_valid(member.card_no)
    row = audit_rows(shop, "member.sign_up")[-1]
    assert row["entity_id"] == member.id
    assert row["operator_id"] == shop.cashier.id
    assert row["details"]["card_no"] == member.card_no
    assert row["details"]["phone"] == "138****8000"
    event = outbox_events(shop, "member.signed_up")[-1]
    assert event["payload"]["member_id"] == member.id
    assert event["payload"]["tier"] == "normal"
    assert event["sealed"] is not None
    # personal data is sealed in the event and masked in the audit log, never plain
    for raw in (row["raw"], event["raw"]):
        assert PHONE not in raw
        assert "张三" not in raw
        assert "1990-05-17" not in raw
    assert shop.svc.members.reveal(member.card_no, shop.manager) == {
        "phone": "+8613800138000",
        "name": "张三",
        "birthday": "1990-05-17",
    }
    assert_books_ok(shop)


def test_card_numbers_are_unique_sequential_and_valid(shop):
    cards = [shop.sign_up(phone=f"1390000{n:04d}", name=f"会员{n}").card_no for n in range(5)]
    assert len(set(cards)) == 5
    for seq, card in enumerate(cards, 1):
        assert card == make_card_no(TerminalNumber(12, 3), seq)
        assert card[:4] == "0012" and card[4:6] == "03"
        assert int(card[6:-1]) == seq
        assert damm.is_valid(card)
    assert _card_seq(shop) == 5


def test_sign_up_without_consent_is_refused(shop):
    before = tally(shop)
    with pytest.raises(InvalidInput, match="consent"):
        shop.svc.members.sign_up(_form(consent=False), shop.cashier)
    assert tally(shop) == before
    with pytest.raises(NotFound):
        shop.svc.members.find(PHONE)


@pytest.mark.parametrize(
    "phone",
    ["12345", "23800138000", "1380013800", "138001380001", "abcdefghijk", ""],
)
def test_sign_up_rejects_invalid_mobile_numbers(shop, phone):
    before = tally(shop)
    with pytest.raises(InvalidInput, match="phone"):
        shop.svc.members.sign_up(_form(phone=phone), shop.cashier)
    assert tally(shop) == before
    assert _card_seq(shop) == 0


@pytest.mark.parametrize("phone", ["010 6552 9988", "01065529988", "021-64370000"])
def test_sign_up_rejects_landlines(shop, phone):
    with pytest.raises(InvalidInput, match="not a mobile"):
        shop.svc.members.sign_up(_form(phone=phone), shop.cashier)
    assert _card_seq(shop) == 0


@pytest.mark.parametrize(
    "kw, match",
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 41}, "name"),
        ({"gender": "X"}, "gender"),
        ({"channel": "fax"}, "channel"),
        ({"birthday": date(2030, 1, 1)}, "birthday"),
        ({"birthday": date(1800, 1, 1)}, "birthday"),
        ({"id_number": "110105194912310021"}, "ID"),
    ],
)
def test_sign_up_rejects_bad_fields(shop, kw, match):
    before = tally(shop)
    with pytest.raises(InvalidInput, match=match):
        shop.svc.members.sign_up(_form(**kw), shop.cashier)
    assert tally(shop) == before


@pytest.mark.parametrize("again", [PHONE, "138 0013 8000", "+86 138-0013-8000"])
def test_duplicate_phone_returns_the_existing_member_and_writes_nothing(shop, again):
    first = shop.sign_up(phone=PHONE, name="张三")
    before = tally(shop)

    second = shop.svc.members.sign_up(_form(phone=again, name="李四"), shop.cashier)

    assert second.existing is True
    assert second.id == first.id
    assert second.card_no == first.card_no
    assert second.name_masked == "张*"  # the first member's data, not the new form's
    assert tally(shop) == before
    assert _card_seq(shop) == 1
    with shop.svc.db.read() as s:
        assert len(s.scalars(select(Member.id)).all()) == 1
    assert_books_ok(shop)


def test_duplicate_id_number_is_rejected(shop):
    shop.sign_up(phone=PHONE, id_number=ID_NUMBER)
    before = tally(shop)
    with pytest.raises(Conflict, match="ID number"):
        shop.sign_up(phone="13900139000", name="李四", id_number=ID_NUMBER.lower())
    assert tally(shop) == before
    with pytest.raises(NotFound):
        shop.svc.members.find("13900139000")
    # a different ID number is fine
    other = shop.sign_up(phone="13900139000", name="李四", id_number=OTHER_ID_NUMBER)
    assert other.existing is False


def test_sign_up_with_a_referrer_card(shop):
    referrer = shop.sign_up(phone=PHONE)
    referred = shop.sign_up(phone="13900139000", name="李四", referrer=referrer.card_no)
    row = audit_rows(shop, "member.sign_up")[-1]
    assert row["entity_id"] == referred.id
    assert row["details"]["referrer_id"] == referrer.id
    assert outbox_events(shop, "member.signed_up")[-1]["payload"]["referrer_id"] == referrer.id
    with shop.svc.db.read() as s:
        assert s.get(Member, referred.id).referrer_id == referrer.id


def test_sign_up_with_an_unknown_or_mistyped_referrer_is_refused(shop):
    referrer = shop.sign_up(phone=PHONE)
    unknown = make_card_no(TerminalNumber(12, 3), 77)
    with pytest.raises(NotFound):
        shop.sign_up(phone="13900139000", name="李四", referrer=unknown)
    with pytest.raises(InvalidInput, match="check digit"):
        shop.sign_up(phone="13900139000", name="李四", referrer=_mistype(referrer.card_no, -1))
    with pytest.raises(NotFound):
        shop.svc.members.find("13900139000")
    assert _card_seq(shop) == 1


# --- lookup ------------------------------------------------------------------------------


def test_find_by_card_number_with_spaces_and_dashes(shop):
    member = shop.sign_up()
    card = member.card_no
    for query in (card, f" {card} ", f"{card[:4]}-{card[4:8]}-{card[8:]}", " ".join(card)):
        assert shop.svc.members.find(query).id == member.id


@pytest.mark.parametrize(
    "query",
    [
        "13800138000",
        " 13800138000 ",
        "138 0013 8000",
        "138-0013-8000",
        "+8613800138000",
        "+86 138 0013 8000",
        "+86-138-0013-8000",
        "(+86) 138 0013 8000",
    ],
)
def test_find_by_phone_in_several_formats(shop, query):
    member = shop.sign_up(phone=PHONE)
    found = shop.svc.members.find(query)
    assert found.id == member.id
    assert found.card_no == member.card_no


@pytest.mark.parametrize("query", ["0086 138 0013 8000", "86 138 0013 8000", "008613800138000"])
def test_find_by_phone_with_the_country_code_but_no_plus(shop, query):
    # Sign-up accepts these spellings of the number (they normalise to +8613800138000),
    # so the lookup must find the member by them too.
    member = shop.svc.members.sign_up(_form(phone=query), shop.cashier)
    assert shop.svc.members.find(PHONE).id == member.id
    assert shop.svc.members.find(query).id == member.id


def test_find_unknown_card_is_not_found(shop):
    shop.sign_up()
    unknown = make_card_no(TerminalNumber(12, 3), 999)
    with pytest.raises(NotFound, match="no member with card"):
        shop.svc.members.find(unknown)
    with pytest.raises(NotFound):
        shop.svc.members.find(make_card_no(TerminalNumber(13, 1), 1))  # another store


def test_find_unknown_phone_is_not_found(shop):
    shop.sign_up()
    with pytest.raises(NotFound, match=r"139\*\*\*\*9000"):
        shop.svc.members.find("13900139000")


@pytest.mark.parametrize("position", [0, 5, 8, -1])
def test_find_mistyped_card_is_rejected_by_the_check_digit(shop, position):
    member = shop.sign_up()
    with pytest.raises(InvalidInput, match="check digit"):
        shop.svc.members.find(_mistype(member.card_no, position))


def test_find_swapped_adjacent_digits_is_rejected(shop):
    for n in range(12):
        shop.sign_up(phone=f"1390000{n:04d}", name="会员")
    card = shop.svc.members.find("13900000011").card_no  # sequence 12: ...00012x
    swapped = card[:-3] + card[-2] + card[-3] + card[-1]
    assert swapped != card
    with pytest.raises(InvalidInput, match="check digit"):
        shop.svc.members.find(swapped)


@pytest.mark.parametrize("query", ["hello", "12ab", "", "1234"])
def test_find_garbage_is_invalid_input(shop, query):
    with pytest.raises(InvalidInput):
        shop.svc.members.find(query)


def test_search_by_last_four_and_name_part(shop):
    zhang = shop.sign_up(phone="13800138000", name="张三丰")
    li = shop.sign_up(phone="13900138000", name="李四")
    shop.sign_up(phone="13700001234", name="张伟")

    assert {m.id for m in shop.svc.members.search("8000")} == {zhang.id, li.id}
    assert [m.id for m in shop.svc.members.search("8000", "张")] == [zhang.id]
    assert [m.id for m in shop.svc.members.search("8000", " 三丰 ")] == [zhang.id]
    assert [m.id for m in shop.svc.members.search("8000", "四")] == [li.id]
    assert shop.svc.members.search("8000", "王") == []
    assert shop.svc.members.search("5555") == []
    results = shop.svc.members.search("8000")
    assert all(m.phone_masked.endswith("8000") and "*" in m.phone_masked for m in results)


def test_search_name_part_ignores_case(shop):
    member = shop.sign_up(phone=PHONE, name="Wang Fang")
    assert [m.id for m in shop.svc.members.search("8000", "fang")] == [member.id]


@pytest.mark.parametrize("last4", ["800", "80000", "abcd", ""])
def test_search_needs_four_digits(shop, last4):
    with pytest.raises(InvalidInput, match="last four"):
        shop.svc.members.search(last4)


# --- profile changes ---------------------------------------------------------------------


def test_phone_change_needs_a_second_persons_approval(shop):
    member = shop.sign_up()
    before = tally(shop)
    with pytest.raises(InvalidInput, match="second person"):
        shop.svc.members.update(member.card_no, shop.cashier, phone="13900139000")
    with pytest.raises(InvalidInput, match="second person"):
        shop.svc.members.update(
            member.card_no, shop.manager, phone="13900139000", approver=shop.manager
        )
    assert tally(shop) == before
    assert shop.svc.members.find(PHONE).id == member.id


@pytest.mark.parametrize(
    "change", [{"name": "张三丰"}, {"birthday": date(1991, 6, 1)}, {"gender": "M"}]
)
def test_every_change_of_details_needs_a_manager_other_than_the_operator(shop, change):
    member = shop.sign_up()
    before = tally(shop)
    with pytest.raises(InvalidInput, match="second person"):
        shop.svc.members.update(member.card_no, shop.cashier, **change)
    with pytest.raises(InvalidInput, match="second person"):
        shop.svc.members.update(member.card_no, shop.manager, approver=shop.manager, **change)
    trainee = shop.svc.operators.add("trainee", "cashier", "2468", by=shop.manager)
    with pytest.raises(InvalidInput, match="approved by a manager"):
        shop.svc.members.update(member.card_no, shop.cashier, approver=trainee, **change)
    assert tally(shop) - before == (1, 1)  # the operator added, nothing of the member
    assert shop.svc.members.reveal(member.card_no, shop.manager)["name"] == "张三"
    shop.svc.members.update(member.card_no, shop.cashier, approver=shop.manager, **change)
    event = outbox_events(shop)[-1]
    assert event["kind"] == "member.updated"
    assert (event["payload"]["operator_id"], event["payload"]["approved_by"]) == (
        shop.cashier.id,
        shop.manager.id,
    )


def test_phone_change_with_approval_is_audited_masked(shop):
    member = shop.sign_up()
    before = tally(shop)

    updated = shop.svc.members.update(
        member.card_no, shop.cashier, phone="139 0013 9123", approver=shop.manager
    )

    assert tally(shop) - before == (1, 1)
    assert updated.phone_masked == "139****9123"
    row = audit_rows(shop)[-1]
    assert row["action"] == "member.update"
    assert row["entity_id"] == member.id
    assert (row["operator_id"], row["approver_id"]) == (shop.cashier.id, shop.manager.id)
    assert row["details"] == {"phone": {"old": "138****8000", "new": "139****9123"}}
    assert "13800138000" not in row["raw"] and "13900139123" not in row["raw"]
    event = outbox_events(shop)[-1]
    assert event["kind"] == "member.updated"
    assert event["payload"]["fields"] == ["phone"]
    assert event["payload"]["approved_by"] == shop.manager.id
    assert "13900139123" not in event["raw"]
    assert event["sealed"] is not None
    # the member is now found by the new phone (and its last four), not the old one
    assert shop.svc.members.find("13900139123").id == member.id
    with pytest.raises(NotFound):
        shop.svc.members.find(PHONE)
    assert [m.id for m in shop.svc.members.search("9123")] == [member.id]
    assert shop.svc.members.search("8000") == []
    # the old phone is free for a new member
    newcomer = shop.sign_up(phone=PHONE, name="王五")
    assert newcomer.existing is False and newcomer.id != member.id
    assert_books_ok(shop)


def test_phone_change_to_another_members_phone_is_a_conflict(shop):
    member = shop.sign_up()
    shop.sign_up(phone="13900139000", name="李四")
    with pytest.raises(Conflict):
        shop.svc.members.update(
            member.card_no, shop.cashier, phone="13900139000", approver=shop.manager
        )
    assert shop.svc.members.find(PHONE).id == member.id


def test_phone_change_to_a_landline_is_refused(shop):
    member = shop.sign_up()
    with pytest.raises(InvalidInput, match="mobile"):
        shop.svc.members.update(
            member.card_no, shop.cashier, phone="010 6552 9988", approver=shop.manager
        )


def test_name_birthday_gender_update_is_audited_with_masked_values(shop):
    member = shop.sign_up(birthday=date(1990, 5, 17))
    before = tally(shop)

    updated = shop.svc.members.update(
        PHONE,
        shop.cashier,
        name="张三丰",
        birthday=date(1991, 6, 1),
        gender="M",
        approver=shop.manager,
    )

    assert tally(shop) - before == (1, 1)
    assert updated.name_masked == "张**"
    row = audit_rows(shop)[-1]
    assert row["details"] == {
        "name": {"old": "张*", "new": "张**"},
        "birthday": {"old": "****-**-**", "new": "****-**-**"},
        "gender": {"old": None, "new": "M"},
    }
    assert (row["operator_id"], row["approver_id"]) == (shop.cashier.id, shop.manager.id)
    for secret in ("张三", "1990", "1991"):
        assert secret not in row["raw"]
    assert shop.svc.members.reveal(member.card_no, shop.manager)["birthday"] == "1991-06-01"
    assert shop.svc.members.reveal(member.card_no, shop.manager)["name"] == "张三丰"
    assert_books_ok(shop)


def test_update_with_nothing_to_change_is_refused(shop):
    member = shop.sign_up()
    before = tally(shop)
    with pytest.raises(InvalidInput, match="nothing to change"):
        shop.svc.members.update(member.card_no, shop.cashier, name="张三", phone=PHONE)
    assert tally(shop) == before


def test_update_rejects_bad_gender(shop):
    member = shop.sign_up()
    with pytest.raises(InvalidInput, match="gender"):
        shop.svc.members.update(member.card_no, shop.cashier, gender="X")


def test_update_rejects_a_birthday_in_the_future(shop):
    # Sign-up refuses a birthday that is not in the past; a profile change must too.
    member = shop.sign_up(birthday=date(1990, 5, 17))
    before = tally(shop)
    with pytest.raises(InvalidInput, match="birthday"):
        shop.svc.members.update(member.card_no, shop.cashier, birthday=date(2099, 1, 1))
    assert tally(shop) == before
    assert shop.svc.members.reveal(member.card_no, shop.manager)["birthday"] == "1990-05-17"


# --- unmasking ---------------------------------------------------------------------------


def test_reveal_is_for_managers_only(shop):
    member = shop.sign_up()
    before = tally(shop)
    with pytest.raises(InvalidInput, match="manager"):
        shop.svc.members.reveal(member.card_no, shop.cashier)
    assert tally(shop) == before


def test_reveal_is_audited(shop):
    member = shop.sign_up()
    before = tally(shop)

    plain = shop.svc.members.reveal(PHONE, shop.manager)

    assert plain == {"phone": "+8613800138000", "name": "张三", "birthday": None}
    assert tally(shop) - before == (0, 1)
    row = audit_rows(shop)[-1]
    assert row["action"] == "member.unmask"
    assert row["entity_id"] == member.id
    assert row["approver_id"] == shop.manager.id
    assert "13800138000" not in row["raw"]
    assert_books_ok(shop)


def test_member_view_shows_balances_and_progress(shop):
    member = shop.sign_up()
    buy(shop, member, 100_000)
    view = shop.svc.members.find(member.card_no)
    assert view.points == 1000
    assert view.tier_progress.tier == "normal"
    assert view.tier_progress.next_tier == "silver"
    assert view.tier_progress.spend_fen == 100_000
    assert view.tier_progress.remaining_fen == 400_000
    assert view.tier_progress.percent == 20


def test_parse_birthday():
    assert parse_birthday("1990-05-17") == date(1990, 5, 17)
    assert parse_birthday(" 2000-02-29 ") == date(2000, 2, 29)
    assert parse_birthday(None) is None
    assert parse_birthday("") is None
    for bad in ("17/05/1990", "1990-02-30", "yesterday"):
        with pytest.raises(InvalidInput, match="YYYY-MM-DD"):
            parse_birthday(bad)
