"""Faults between the terminals and head office: requests dropped, answers lost after head
office committed, requests sent twice, 500s, a terminal stopped mid-push and restarted.
Afterwards every event is applied exactly once and head office's ledgers equal the sum of
the terminals' own."""

import contextlib
import random
import time

from terminal.domain.checkout import SaleLine, TenderRequest
from terminal.domain.errors import PosError
from terminal.services.facade import Services
from terminal.services.sales import SaleRequest
from terminal.sync.client import HeadOfficeError
from terminal.sync.runner import SyncRunner
from tests.helpers.ledgers import head_office_sums, outbox_ids, processed, terminal_sums
from tests.helpers.services_kit import assert_books_ok


def settle(terminals, rounds=3):
    for _ in range(rounds):
        for t in terminals:
            t.sync()


def check_exactly_once(live, terminals):
    done = processed(live.ho)
    for t in terminals:
        local = outbox_ids(t)
        assert set(local.values()) == {"sent"}, "every event left the queue"
        assert all(done.get(event_id) == "applied" for event_id in local)
    # (Terminals made from one template share its first events' ids: a set, not a sum.)
    assert set().union(*(outbox_ids(t) for t in terminals)) == set(done)
    own = sum((terminal_sums(t) for t in terminals), start=type(terminal_sums(terminals[0]))())
    assert head_office_sums(live.ho) == own


def test_every_event_applied_exactly_once_through_a_faulty_network(chain, live):
    terminals = [chain(n, f"t{n}") for n in (1, 2, 3)]
    rng = random.Random(5)
    for t in terminals:
        t.net.drop, t.net.lose_answer, t.net.duplicate, t.net.error500 = 0.15, 0.15, 0.1, 0.1
    cards: list[str] = []
    refused = 0
    for step in range(120):
        t = rng.choice(terminals)
        try:
            if not cards or rng.random() < 0.15:
                cards.append(t.shop.sign_up(phone=f"139{step:08d}").card_no)
            elif rng.random() < 0.3:
                t.svc.wallet.top_up(
                    rng.choice(cards), rng.randint(1, 50) * 1_000, "cash", t.shop.cashier
                )
            else:
                amount = rng.randint(1, 30) * 100
                tenders = (
                    TenderRequest(wallet_fen=amount)
                    if rng.random() < 0.5
                    else TenderRequest(cash_fen=amount)
                )
                t.svc.sales.checkout(
                    SaleRequest(rng.choice(cards), (SaleLine("food", amount),), tenders),
                    t.shop.cashier,
                )
        except PosError:
            refused += 1  # not found here yet, not enough balance, refused offline: fine
        if rng.random() < 0.5:
            with contextlib.suppress(HeadOfficeError):
                t.sync()
    faults = sum(sum(t.net.counts.values()) for t in terminals)
    assert faults > 20
    for t in terminals:
        t.net.drop = t.net.lose_answer = t.net.duplicate = t.net.error500 = 0.0
    settle(terminals)
    check_exactly_once(live, terminals)
    for t in terminals:
        assert_books_ok(t.shop)


def test_a_terminal_stopped_after_head_office_committed_resends_and_is_not_booked_twice(
    chain, live
):
    a = chain(1, "a")
    for i in range(450):
        member = a.shop.sign_up(phone=f"1390000{i:04d}")
        a.svc.wallet.top_up(member.card_no, 1_000, "cash", a.shop.cashier)
    a.net.lose_answer = 1.0  # head office commits the first batch, the answer never arrives
    with contextlib.suppress(HeadOfficeError):
        a.engine.push_batch()
    assert len(processed(live.ho)) == 200
    # The terminal dies here; a new process opens the same database and carries on.
    a.runner.stop()
    path = a.shop.path
    a.shop.svc.close()
    a.net.lose_answer = 0.0
    svc = Services.open(path, a.shop.clock)
    a.shop.svc = svc
    a.runner = SyncRunner.for_terminal(svc, transport=a.net)
    pushed, _ = a.sync()
    assert pushed.sent >= 900 and pushed.duplicate == 200
    assert pushed.applied == pushed.sent - 200
    check_exactly_once(live, [a])


def test_the_background_runner_drains_the_queue_through_faults(chain, live):
    a = chain(1, "a")
    a.net.drop, a.net.error500, a.net.lose_answer = 0.3, 0.2, 0.2
    a.runner.start()
    for i in range(60):
        member = a.shop.sign_up(phone=f"1370000{i:04d}")
        a.svc.wallet.top_up(member.card_no, 1_000, "cash", a.shop.cashier)
        a.runner.poke()
    deadline = time.monotonic() + 60
    while a.runner.status().queue_depth and time.monotonic() < deadline:
        time.sleep(0.05)
    status = a.runner.status()
    assert status.queue_depth == 0, status
    assert status.last_push_at is not None
    a.runner.stop()
    check_exactly_once(live, [a])
