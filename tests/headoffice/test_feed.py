"""The change feed: pages and cursors, what it carries, and no sequence number ever
visible before every smaller one, with many writers at once."""

import threading

from headoffice import rules
from headoffice.models import Member
from terminal.sync import protocol as p
from tests.helpers.headoffice import Events


def test_pages_follow_the_cursor_to_the_end(ho, till, events):
    ups = [events.signed_up(phone=f"+86138000{i:05d}") for i in range(7)]
    till.push(*ups)
    first = till.changes(0, limit=4)
    assert first["more"] is True and len(first["changes"]) == 4
    rest = till.all_changes(first["next"])
    seqs = [c["seq"] for c in first["changes"] + rest]
    assert seqs == list(range(1, len(seqs) + 1))
    members = [c["data"]["member_id"] for c in first["changes"] + rest if c["kind"] == "member"]
    assert members == [u["payload"]["member_id"] for u in ups]
    end = till.changes(seqs[-1])
    assert (end["changes"], end["next"], end["more"]) == ([], seqs[-1], False)


def test_the_feed_carries_rules_members_balances_and_catalogue(ho, till, events):
    up = events.signed_up(phone="+8613912345678", name="韩梅梅")
    member = up["payload"]["member_id"]
    till.push(up, events.topped_up(member, 50_000, 4_000))
    ho.unit(lambda w: rules.set_rules(w, {"offline_sale_cap_fen": 20_000}))
    ho.unit(lambda w: rules.set_item(w, "mug", "马克杯", 3_000, 10))
    by_kind = {}
    for change in till.all_changes():
        by_kind.setdefault(change["kind"], []).append(p.change_data(p.Change(**change)))
    assert [r.version for r in by_kind["rules"]] == [1, 2]
    assert by_kind["rules"][1].body["offline_sale_cap_fen"] == 20_000
    record = by_kind["member"][0]
    assert (record.phone, record.name, record.card_nos) == (
        "+8613912345678",
        "韩梅梅",
        [up["payload"]["card_no"]],
    )
    assert record.origin_terminal == till.terminal_id
    assert by_kind["balance"][-1].wallet_principal_fen == 50_000
    assert by_kind["balance"][-1].wallet_bonus_fen == 4_000
    assert by_kind["catalogue"] == [
        p.CatalogueData(sku="MUG", name="马克杯", points_price=3_000, stock=10)
    ]


def test_many_writers_never_let_a_reader_see_a_gap(ho, till, clock):
    """Writers push concurrently while a reader follows the feed: every page it gets
    starts right after its cursor and has no holes, so nothing can be skipped."""
    writers, batches, per_batch = 4, 6, 5
    stop = threading.Event()
    problems: list[str] = []
    seen: list[int] = []

    def read() -> None:
        cursor = 0
        while True:
            done = stop.is_set()
            page = ho.changes(cursor, 50)
            seqs = [c.seq for c in page.changes]
            if seqs and seqs != list(range(cursor + 1, cursor + 1 + len(seqs))):
                problems.append(f"after {cursor} got {seqs[:5]}...")
            seen.extend(seqs)
            cursor = page.next
            if done and not page.more:
                return

    def write(n: int) -> None:
        events = Events(till.terminal_id, clock, first_card=1 + n * 1000)
        try:
            for b in range(batches):
                ups = [
                    events.signed_up(phone=f"+86139{n:02d}{b:02d}{i:04d}") for i in range(per_batch)
                ]
                tops = [events.topped_up(u["payload"]["member_id"], 100) for u in ups]
                request = p.PushRequest.model_validate({"events": ups + tops})
                results = ho.push(till.terminal_id, request).results
                assert {r.status for r in results} == {"applied"}
        except Exception as exc:  # reported below, from the main thread
            problems.append(repr(exc))

    reader = threading.Thread(target=read)
    reader.start()
    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stop.set()
    reader.join()
    assert problems == []
    assert seen == list(range(1, len(seen) + 1))
    members = ho.read(lambda s: s.query(Member).count())
    assert members == writers * batches * per_batch
    kinds = [c.kind for c in ho.changes(0, 5000).changes]
    assert kinds.count("member") == members
