"""Several terminals and the real head office over a real socket."""

import pytest

from headoffice import rules as ho_rules
from terminal.domain.checkout import SaleLine, TenderRequest
from terminal.domain.errors import PosError
from terminal.domain.offline_policy import SpendRefused
from terminal.services.sales import SaleRequest
from terminal.sync.client import HeadOfficeError
from terminal.sync.status import read_status
from tests.helpers.services_kit import assert_books_ok, outbox_events, top_up

PHONE = "13800138000"


def sell(t, member, amount_fen, **tenders):
    if not tenders:
        tenders = {"cash_fen": amount_fen}
    return t.svc.sales.checkout(
        SaleRequest(member, (SaleLine("food", amount_fen),), TenderRequest(**tenders)),
        t.shop.cashier,
    )


def ho_balance(live, query):
    answer = live.ho.lookup(query)
    b = answer.balance
    return b.points, b.wallet_principal_fen + b.wallet_bonus_fen


def test_sign_up_at_a_top_up_at_a_spend_at_b(chain, live):
    a, b = chain(1, "a"), chain(2, "b")
    member = a.shop.sign_up(phone=PHONE, name="韩梅梅")
    top_up(a.shop, member, 50_000)  # ¥500 + ¥40 bonus
    a.sync()
    b.sync()
    # B holds A's member without personal data: the card serves, a look-up brings them.
    at_b = b.svc.members.find(member.card_no)
    assert at_b.id == member.id and at_b.wallet_fen == 54_000
    assert (at_b.details_held, at_b.name_masked, at_b.phone_masked) == (False, "", "")
    with pytest.raises(PosError):
        b.svc.members.find(PHONE)
    looked_up = b.runner.finder.find(member.card_no)
    assert (looked_up.details_held, looked_up.name_masked) == (True, "韩**")
    assert b.svc.members.find(PHONE).id == member.id
    result = sell(b, member.card_no, 10_000, wallet_fen=10_000)
    assert result.wallet_principal_fen + result.wallet_bonus_fen == 44_000
    b.sync()
    a.sync()
    assert a.svc.members.find(PHONE).wallet_fen == 44_000
    assert ho_balance(live, PHONE)[1] == 44_000
    assert read_status(b.svc).queue_depth == 0
    for t in (a, b):
        assert_books_ok(t.shop)


def spend_mode(t):
    return outbox_events(t.shop, "sale.completed")[-1]["payload"]["spend_mode"]


def test_online_spend_is_reserved_at_head_office_and_refused_beyond_the_live_balance(chain):
    a, b = chain(1, "a"), chain(2, "b")
    member = a.shop.sign_up(phone=PHONE)
    top_up(a.shop, member, 10_000)
    a.sync()
    b.sync()
    sell(b, member.card_no, 6_000, wallet_fen=6_000)
    assert spend_mode(b) == "online"
    # A has not heard of B's sale yet; head office has not either (B has not pushed), but
    # the reservation and B's flush before it keep A from spending it twice.
    with pytest.raises(SpendRefused, match="refused"):
        sell(a, member.card_no, 6_000, wallet_fen=6_000)
    assert a.svc.members.find(PHONE).wallet_fen == 10_000  # nothing written at A


def test_a_member_from_another_store_is_found_at_head_office_and_kept(chain):
    a, b = chain(1, "a"), chain(2, "b")
    member = a.shop.sign_up(phone=PHONE, name="李雷")
    top_up(a.shop, member, 20_000)
    a.sync()
    # B has not pulled: the finder asks head office, stores the member, then works offline.
    found = b.runner.finder.find(PHONE)
    assert found.id == member.id and found.wallet_fen == 20_000
    b.net.offline = True
    assert b.runner.finder.find(member.card_no).id == member.id


def test_offline_spends_follow_the_policy_and_say_why(chain):
    a = chain(1, "a")
    member = a.shop.sign_up(phone=PHONE)
    top_up(a.shop, member, 100_000)
    a.sync()
    a.net.offline = True
    sell(a, member.card_no, 20_000, wallet_fen=20_000)
    assert spend_mode(a) == "offline"
    with pytest.raises(SpendRefused, match="on one sale"):
        sell(a, member.card_no, 60_000, wallet_fen=60_000)  # default cap ¥500 a sale
    sell(a, member.card_no, 50_000, wallet_fen=50_000)
    with pytest.raises(SpendRefused, match="is left"):
        sell(a, member.card_no, 40_000, wallet_fen=40_000)  # member cap ¥1,000 since sync
    sell(a, member.card_no, 100, cash_fen=100)  # money still works
    a.shop.clock.advance(hours=25)
    with pytest.raises(SpendRefused, match="last sync was 25 h ago"):
        sell(a, member.card_no, 100, wallet_fen=100)
    # Earning and top-ups go on offline; back online everything reaches head office.
    top_up(a.shop, member, 1_000)
    a.net.offline = False
    a.sync()
    assert read_status(a.svc).queue_depth == 0
    assert a.svc.members.find(PHONE).wallet_fen == 100_000 + 10_000 - 70_000 + 1_000


def test_two_stores_sign_up_the_same_phone_offline_and_converge(chain, live):
    a, b = chain(1, "a"), chain(2, "b")
    a.net.offline = b.net.offline = True
    first = a.shop.sign_up(phone=PHONE, name="王芳")
    top_up(a.shop, first, 10_000)
    a.shop.clock.advance(minutes=5)
    second = b.shop.sign_up(phone=PHONE, name="王芳")
    top_up(b.shop, second, 20_000)
    sell(b, second.card_no, 3_000, cash_fen=3_000)  # earns points at B
    assert first.id != second.id
    a.net.offline = b.net.offline = False
    for _ in range(2):
        a.sync()
        b.sync()
    views = [t.svc.members.find(PHONE) for t in (a, b)]
    assert {v.id for v in views} == {first.id}  # the earliest member is kept
    assert {v.wallet_fen for v in views} == {30_000}
    assert {v.points for v in views} == {views[0].points} and views[0].points > 0
    # The merged card still finds the member everywhere.
    assert a.svc.members.find(second.card_no).id == first.id
    assert b.svc.members.find(second.card_no).id == first.id
    points, wallet = ho_balance(live, PHONE)
    assert (points, wallet) == (views[0].points, 30_000)
    for t in (a, b):
        assert_books_ok(t.shop)


def test_a_terminal_offline_for_a_long_run_of_sales_catches_up(chain, live):
    a, b = chain(1, "a"), chain(2, "b")
    members = [a.shop.sign_up(phone=f"1380013{i:04d}") for i in range(20)]
    for m in members:
        top_up(a.shop, m, 10_000)
    a.sync()
    b.sync()
    b.net.offline = True
    for i in range(300):
        m = members[i % len(members)]
        if i % 3:
            sell(b, m.card_no, 1_000 + i, cash_fen=1_000 + i)
        else:
            sell(b, m.card_no, 500, wallet_fen=500)
    assert read_status(b.svc).queue_depth == 300
    b.net.offline = False
    pushed, _ = b.sync()
    assert pushed.applied == 300 and pushed.batches == 2
    a.sync()
    for m in members:
        local_a = a.svc.members.find(m.card_no)
        local_b = b.svc.members.find(m.card_no)
        assert (local_a.points, local_a.wallet_fen) == (local_b.points, local_b.wallet_fen)
        assert ho_balance(live, m.card_no) == (local_a.points, local_a.wallet_fen)
    for t in (a, b):
        assert_books_ok(t.shop)


def test_offline_spends_at_two_stores_overdraw_put_the_member_on_the_hotlist(chain, live):
    a, b = chain(1, "a"), chain(2, "b")
    member = a.shop.sign_up(phone=PHONE)
    top_up(a.shop, member, 30_000)
    a.sync()
    b.sync()
    confirmed = b.svc.members.find(member.card_no)
    assert confirmed.balance_confirmed_at is not None and not confirmed.hotlisted
    a.net.offline = b.net.offline = True
    sell(a, member.card_no, 25_000, wallet_fen=25_000)
    sell(b, member.card_no, 25_000, wallet_fen=25_000)  # both saw ¥300 offline
    a.net.offline = b.net.offline = False
    for _ in range(2):
        a.sync()
        b.sync()
    answer = live.ho.lookup(PHONE)
    assert answer.hotlisted
    assert answer.balance.wallet_principal_fen + answer.balance.wallet_bonus_fen == -20_000
    view = b.svc.members.find(member.card_no)
    assert view.hotlisted and view.wallet_fen == 0  # a debt shows as nothing to spend
    b.net.offline = True
    with pytest.raises(SpendRefused, match="hotlist"):
        sell(b, member.card_no, 100, points=0, wallet_fen=100)
    top_up(b.shop, member, 25_000)  # paying back works offline
    b.net.offline = False
    b.sync()
    b.sync()
    view = b.svc.members.find(member.card_no)
    assert not view.hotlisted
    assert view.wallet_fen == 25_000 - 20_000
    for t in (a, b):
        assert_books_ok(t.shop)


def test_rules_come_from_head_office_and_are_read_only_on_an_enrolled_terminal(chain, live):
    a = chain(1, "a")
    with pytest.raises(PosError, match="from head office"):
        a.svc.setup.set_rules({"offline_sale_cap_fen": 100}, a.shop.manager)
    live.ho.unit(lambda work: ho_rules.set_rules(work, {"offline_sale_cap_fen": 2_000}))
    live.ho.unit(lambda work: ho_rules.set_item(work, "MUG", "马克杯", 500, 7))
    a.sync()
    version, rules = a.svc.setup.rules()
    assert rules.offline_sale_cap_fen == 2_000
    assert version == live.ho.read(lambda s: ho_rules.current(s))[0]  # same number
    assert [(i.sku, i.points_price, i.stock) for i in a.svc.points.catalogue()] == [("MUG", 500, 7)]
    member = a.shop.sign_up(phone=PHONE)
    top_up(a.shop, member, 10_000)
    a.sync()
    a.net.offline = True
    with pytest.raises(SpendRefused, match="on one sale"):
        sell(a, member.card_no, 3_000, wallet_fen=3_000)


def test_a_rejected_event_is_kept_with_its_reason_and_never_blocks_the_queue(chain, live):
    from terminal.store import journal

    a = chain(1, "a")
    member = a.shop.sign_up(phone=PHONE)
    with a.svc.db.write() as s:  # an event head office cannot apply
        journal.append_outbox(
            s,
            at=a.svc.ctx.now_utc(),
            kind="points.adjusted",
            aggregate_id=None,
            payload={"terminal": "000101", "member_id": "no-such-member", "points": 5},
        )
    top_up(a.shop, member, 10_000)
    pushed, _ = a.sync()
    assert pushed.rejected == 1 and pushed.applied == pushed.sent - 1
    status = a.runner.status()
    assert status.queue_depth == 0 and status.rejected_count == 1
    assert status.rejected[0].kind == "points.adjusted" and status.rejected[0].reason
    assert a.svc.members.find(PHONE).wallet_fen == 10_000
    assert live.ho.lookup(PHONE).balance.wallet_principal_fen == 10_000


def test_status_shows_offline_the_queue_and_its_oldest_event(chain):
    a = chain(1, "a")
    a.sync()
    a.net.offline = True
    a.shop.sign_up(phone=PHONE)
    a.shop.clock.advance(minutes=10)
    with pytest.raises(HeadOfficeError):
        a.engine.push_batch()
    status = a.runner.status()
    assert status.online is False and "cannot be reached" in status.last_error
    assert status.queue_depth == 1 and status.oldest_pending_age_s == 600
    assert status.last_pull_at is not None
    a.net.offline = False
    a.sync()
    status = a.runner.status()
    assert status.online is True and status.queue_depth == 0
    assert status.to_json()["last_push_at"].endswith("Z")


def test_the_terminal_wide_offline_cap_counts_every_member(chain, live):
    live.ho.unit(lambda work: ho_rules.set_rules(work, {"offline_terminal_cap_fen": 15_000}))
    a = chain(1, "a")
    cards = []
    for i in range(3):
        member = a.shop.sign_up(phone=f"1380013800{i}")
        top_up(a.shop, member, 10_000)
        cards.append(member.card_no)
    a.sync()
    a.net.offline = True
    sell(a, cards[0], 8_000, wallet_fen=8_000)
    sell(a, cards[1], 7_000, wallet_fen=7_000)
    with pytest.raises(SpendRefused, match=r"this terminal may take ¥150\.00.*¥0\.00 is left"):
        sell(a, cards[2], 100, wallet_fen=100)
    a.net.offline = False
    a.shop.clock.advance(minutes=1)
    a.sync()  # a fresh sync opens a new window
    a.net.offline = True
    sell(a, cards[2], 100, wallet_fen=100)


def test_a_sale_that_fails_after_its_reservation_gives_the_hold_back(chain):
    from terminal.domain.errors import NotFound

    a = chain(1, "a")
    member = a.shop.sign_up(phone=PHONE)
    top_up(a.shop, member, 10_000)
    a.sync()
    request = SaleRequest(
        member.card_no,
        (SaleLine("food", 10_000),),
        TenderRequest(wallet_fen=10_000),
        coupon="NO-SUCH-COUPON",
    )
    with pytest.raises(NotFound, match="coupon"):
        a.svc.sales.checkout(request, a.shop.cashier)
    # Had the hold stayed, head office would refuse the whole balance now.
    sell(a, member.card_no, 10_000, wallet_fen=10_000)
    assert spend_mode(a) == "online"
