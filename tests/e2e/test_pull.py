"""Pulls of head office's change feed: a balance shown is always one head office confirmed
at the end of its feed (or the terminal's own, ahead of it), never an older page's; no
zero-net churn in the ledgers; a change that cannot be applied stops the pull, never is
skipped."""

import json

import pytest
from sqlalchemy import func, select

from headoffice import rules as ho_rules
from headoffice.models import Change
from terminal.store.models import LedgerEntry, SyncState
from terminal.sync import protocol as p
from terminal.sync.apply import PullStopped
from tests.e2e.test_chain import sell
from tests.helpers.services_kit import assert_books_ok, top_up


def sync_entries(t) -> list[tuple[str, str, int]]:
    with t.svc.db.read() as s:
        return list(
            s.execute(
                select(LedgerEntry.member_id, LedgerEntry.bucket, LedgerEntry.amount).where(
                    LedgerEntry.kind == "sync"
                )
            ).all()
        )


def balances(t, members) -> dict[str, tuple[int, int]]:
    out = {}
    for m in members:
        view = t.svc.members.find(m.card_no)
        out[m.card_no] = (view.points, view.wallet_fen)
    return out


def test_a_pull_never_shows_an_older_page_s_balance_and_writes_one_entry_per_change(chain, live):
    a, b = chain(1, "a"), chain(2, "b")
    members = [a.shop.sign_up(phone=f"1390013{i:04d}") for i in range(12)]
    for m in members:
        top_up(a.shop, m, 10_000)
    a.sync()
    b.sync()
    # b spends offline and pushes; a tops up meanwhile and pushes first, so the feed holds
    # a confirmation of every member that leaves out b's spend, then the one with it.
    b.net.offline = True
    for m in members:
        sell(b, m.card_no, 500, wallet_fen=500)
    for m in members:
        top_up(a.shop, m, 1_000)
    a.sync()
    b.net.offline = False
    b.engine.push_all()
    before = balances(b, members)
    assert all(wallet == 9_500 for _, wallet in before.values())
    churn_before = len(sync_entries(b))

    b.engine.page = 3  # many pages: a kill between any two leaves what each page committed
    pages = 0
    while True:
        page, _ = b.engine.pull_page()
        pages += 1
        if not page.more:
            break
        assert balances(b, members) == before, f"a balance moved after page {pages}"
        assert_books_ok(b.shop)
    assert pages > 5

    after = balances(b, members)
    for m in members:
        answer = live.ho.lookup(m.card_no).balance
        assert after[m.card_no] == (
            answer.points,
            answer.wallet_principal_fen + answer.wallet_bonus_fen,
        )
        assert after[m.card_no][1] == 10_500
    new = sync_entries(b)[churn_before:]
    # one entry per member and bucket that moved (the top-up's principal and bonus), and
    # none that a later one takes back
    assert len(new) == len({(member, bucket) for member, bucket, _ in new})
    assert all(amount > 0 for _, _, amount in new)
    assert_books_ok(b.shop)


def test_a_terminal_killed_mid_pull_resumes_and_converges(chain, live):
    a, b = chain(1, "a"), chain(2, "b")
    members = [a.shop.sign_up(phone=f"1370013{i:04d}") for i in range(8)]
    for m in members:
        top_up(a.shop, m, 5_000)
    a.sync()
    b.engine.page = 4
    b.engine.pull_page()
    b.engine.pull_page()  # killed here: the next start pulls on from the stored cursor
    with b.svc.db.read() as s:
        cursor = s.get(SyncState, 1).cursor
    assert cursor > 0
    b.sync()
    for m in members:
        assert b.svc.members.find(m.card_no).wallet_fen == 5_000
    assert_books_ok(b.shop)


def _last_change(work) -> Change:
    return work.session.scalars(select(Change).order_by(Change.seq.desc())).first()


def _bad_rules_change(live) -> int:
    """A rules change this terminal cannot read (a future head office's format)."""
    live.ho.unit(lambda work: ho_rules.set_rules(work, {"offline_sale_cap_fen": 900}))

    def spoil(work):
        row = _last_change(work)
        good = json.loads(row.data)
        row.data = json.dumps({"version": "not a number", "body": good["body"]})
        return row.seq, good

    return live.ho.unit(spoil)


def test_a_change_that_cannot_be_applied_stops_the_pull_and_skips_nothing(chain, live):
    a = chain(1, "a")
    a.sync()
    seq, good = _bad_rules_change(live)
    member = a.shop.sign_up(phone="13600136000")
    top_up(a.shop, member, 2_000)
    a.engine.push_all()
    with pytest.raises(PullStopped) as stopped:
        a.engine.pull_all()
    assert stopped.value.seq == seq
    status = a.runner.status()
    assert status.pull_stopped_seq == seq and "cannot be applied" in status.pull_stopped_reason
    assert status.cursor < seq  # the cursor waits before the change
    with pytest.raises(PullStopped):
        a.engine.pull_all()  # and stays there: tried again, never skipped
    # pushing is not held up by a stopped pull
    top_up(a.shop, member, 1_000)
    assert a.engine.push_all().applied == 1

    # head office's change is readable again (as after an upgrade of the terminal):
    def mend(work):
        work.session.get(Change, seq).data = json.dumps(good)

    live.ho.unit(mend)
    a.engine.pull_all()
    status = a.runner.status()
    assert status.pull_stopped_seq is None and status.cursor >= seq
    assert a.svc.setup.rules()[1].offline_sale_cap_fen == 900


def test_a_change_of_a_kind_this_version_does_not_know_stops_the_pull(chain, live):
    a = chain(1, "a")
    a.sync()

    live.ho.unit(lambda work: work.publish("voucher", "v1", {"x": 1}))
    seq = live.ho.read(lambda s: s.scalar(select(func.max(Change.seq))))
    assert p.CHANGE_MODELS.get("voucher") is None
    cursor = a.runner.status().cursor
    with pytest.raises(PullStopped, match="does not know"):
        a.engine.pull_all()
    status = a.runner.status()
    assert status.pull_stopped_seq == seq and status.cursor == cursor
