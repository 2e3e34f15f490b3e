"""Exactly once when the same events arrive several times at once (a relay retrying
while its first request is still being applied, two relays after a restore)."""

import random
import threading

from headoffice import ledger
from headoffice.models import Member, ProcessedEvent
from terminal.sync import protocol as p
from tests.helpers.headoffice import Events


def test_concurrent_duplicate_pushes_apply_each_event_once(ho, till, clock):
    events = Events(till.terminal_id, clock)
    ups = [events.signed_up(phone=f"+8613711{i:06d}") for i in range(10)]
    ho.push(till.terminal_id, p.PushRequest.model_validate({"events": ups}))
    ids = [u["payload"]["member_id"] for u in ups]
    rng = random.Random(3)
    batch = [events.topped_up(rng.choice(ids), rng.randrange(1, 50) * 100) for _ in range(60)]
    expected: dict[str, int] = {}
    for e in batch:
        expected[e["payload"]["member_id"]] = (
            expected.get(e["payload"]["member_id"], 0) + e["payload"]["amount_fen"]
        )
    statuses: list[dict[str, str]] = []
    errors: list[str] = []

    def send(seed: int) -> None:
        order = batch[:]
        random.Random(seed).shuffle(order)  # different lock orders: deadlocks must retry
        try:
            for part in (order[:30], order[30:]):
                answer = ho.push(till.terminal_id, p.PushRequest.model_validate({"events": part}))
                statuses.append({r.id: r.status for r in answer.results})
        except Exception as exc:
            errors.append(repr(exc))

    threads = [threading.Thread(target=send, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    applied = [i for s in statuses for i, status in s.items() if status == "applied"]
    assert sorted(applied) == sorted(e["id"] for e in batch)  # each exactly once
    assert {status for s in statuses for status in s.values()} <= {"applied", "duplicate"}

    def state(s):
        wallets = {m.id: m.wallet_principal_fen for m in s.query(Member)}
        return wallets, s.query(ProcessedEvent).count()

    wallets, processed = ho.read(state)
    assert {m: wallets[m] for m in expected} == expected
    assert processed == len(ups) + len(batch)
    assert ho.read(ledger.verify)[1] == []


def test_the_same_phone_pushed_by_two_stores_at_once_ends_in_one_member(ho, http, till, clock):
    from tests.helpers.headoffice import enrol

    other = enrol(ho, http, clock, store_no=2)
    tills = [(till.terminal_id, Events(till.terminal_id, clock))]
    tills.append((other.terminal_id, Events(other.terminal_id, clock)))
    phones = [f"+8613622{i:06d}" for i in range(8)]
    batches = [(tid, [ev.signed_up(phone=ph) for ph in phones]) for tid, ev in tills]
    errors: list[str] = []

    def send(tid, batch):
        try:
            ho.push(tid, p.PushRequest.model_validate({"events": batch}))
        except Exception as exc:
            errors.append(repr(exc))

    threads = [threading.Thread(target=send, args=b) for b in batches]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []

    def live_per_phone(s):
        rows = s.query(Member.phone_index, Member.status).all()
        return sorted(
            sum(1 for i, st in rows if i == index and st == "active")
            for index in {i for i, _ in rows}
        )

    assert ho.read(live_per_phone) == [1] * len(phones)
    merges = [c for c in ho.changes(0, 5000).changes if c.kind == "merge"]
    assert len(merges) == len(phones)
