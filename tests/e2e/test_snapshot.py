"""A new terminal catches up from head office's member snapshot, then the feed from the
snapshot's sequence: every member, card, balance, rule, catalogue item and hotlist entry
arrives once, a catch-up stopped between pages goes on from there, and what changes
while it runs comes with the feed."""

import pytest
from sqlalchemy import func, select

from headoffice import rules as ho_rules
from terminal.store.models import LedgerEntry, Member, SyncState
from tests.e2e.test_chain import ho_balance, sell
from tests.helpers.services_kit import assert_books_ok, top_up


def _chain_of(a, n: int, prefix: str = "1350013"):
    members = [a.shop.sign_up(phone=f"{prefix}{i:04d}") for i in range(n)]
    for i, m in enumerate(members):
        top_up(a.shop, m, 1_000 * (i + 1))
    a.sync()
    return members


def _state(t) -> SyncState:
    with t.svc.db.read() as s:
        state = s.get(SyncState, 1)
        s.expunge(state)
        return state


def _assert_same_as_head_office(t, live, members) -> None:
    for m in members:
        view = t.svc.members.find(m.card_no)
        assert view.id == m.id
        assert (view.points, view.wallet_fen) == ho_balance(live, m.card_no)
    assert_books_ok(t.shop)


def test_a_new_terminal_loads_the_snapshot_then_follows_the_feed(chain, live):
    a = chain(1, "a")
    members = _chain_of(a, 9)
    live.ho.unit(lambda work: ho_rules.set_rules(work, {"offline_sale_cap_fen": 2_500}))
    live.ho.unit(lambda work: ho_rules.set_item(work, "MUG", "马克杯", 500, 7))
    feed_end = live.ho.changes(0, 5_000).changes[-1].seq

    b = chain(2, "b")
    b.engine.snapshot_page = 4  # several pages
    _, pulled = b.sync()
    state = _state(b)
    assert state.snapshot_as_of == feed_end and state.snapshot_after is None
    assert state.cursor >= feed_end
    assert pulled.changes["member"] == len(members)  # each live member once, no history
    _assert_same_as_head_office(b, live, members)
    assert b.svc.setup.rules()[1].offline_sale_cap_fen == 2_500
    assert [(i.sku, i.stock) for i in b.svc.points.catalogue()] == [("MUG", 7)]
    # Another store's member arrives without personal data: the card serves.
    view = b.svc.members.find(members[0].card_no)
    assert (view.details_held, view.phone_masked) == (False, "")
    # After the snapshot the feed goes on from where it was read.
    top_up(a.shop, members[0], 500)
    a.sync()
    b.sync()
    _assert_same_as_head_office(b, live, members)
    with b.svc.db.read() as s:  # one entry per member and bucket: no churn to and fro
        entries = s.execute(
            select(LedgerEntry.member_id, LedgerEntry.bucket, func.count())
            .where(LedgerEntry.kind == "sync")
            .group_by(LedgerEntry.member_id, LedgerEntry.bucket)
        ).all()
    assert all(n <= 2 for *_, n in entries)  # the snapshot's, and the later top-up's


def test_a_catch_up_stopped_between_pages_goes_on_from_there(chain, live):
    a = chain(1, "a")
    members = _chain_of(a, 10)
    b = chain(2, "b")
    b.engine.snapshot_page = 3
    report = b.engine.pull_all(max_pages=2)  # killed after the second page
    assert report.pages == 2
    state = _state(b)
    assert state.cursor == 0 and state.snapshot_after  # where it stopped
    with b.svc.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Member)) == 6
    # Meanwhile the chain moves on: a member already loaded and one still to come.
    top_up(a.shop, members[0], 700)
    top_up(a.shop, members[-1], 900)
    late = a.shop.sign_up(phone="13500139999")
    a.sync()
    b.sync()
    with b.svc.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Member)) == len(members) + 1
    _assert_same_as_head_office(b, live, [*members, late])


def test_a_terminal_s_own_offline_sign_up_merged_at_head_office_comes_right(chain, live):
    a = chain(1, "a")
    first = a.shop.sign_up(phone="13500131111")
    top_up(a.shop, first, 10_000)
    a.sync()
    b = chain(2, "b")  # enrolled, never pulled, signs the same phone up offline
    b.net.offline = True
    second = b.shop.sign_up(phone="13500131111")
    top_up(b.shop, second, 20_000)
    sell(b, second.card_no, 3_000, cash_fen=3_000)
    b.net.offline = False
    b.sync()
    b.sync()
    view = b.svc.members.find(second.card_no)
    assert view.id == first.id
    assert (view.points, view.wallet_fen) == ho_balance(live, first.card_no)
    assert_books_ok(b.shop)


@pytest.mark.parametrize("store_no", [1, 2])
def test_personal_data_in_the_snapshot_only_for_the_terminal_s_store(chain, live, store_no):
    a = chain(1, "a")
    member = a.shop.sign_up(phone="13500132222", name="李雷")
    a.sync()
    t = chain(store_no, "t")
    page = t.engine.client.snapshot("", 100)
    (record,) = [c.data for c in page.changes if c.kind == "member"]
    assert record["member_id"] == member.id and record["card_nos"] == [member.card_no]
    if store_no == 1:
        assert (record["phone"], record["name"]) == ("+8613500132222", "李雷")
    else:
        assert (record["phone"], record["name"], record["birthday"]) == (None, None, None)
