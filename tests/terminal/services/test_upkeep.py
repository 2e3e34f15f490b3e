"""Status figures for the counter and the idle checkpoint."""

from pathlib import Path

from sqlalchemy import update

from terminal.store.models import OutboxEvent


def test_outbox_summary_counts_pending_events_and_ages_the_oldest(shop):
    start = shop.svc.upkeep.outbox_summary()
    assert start.pending == 2  # the two operators of the test shop
    shop.clock.advance(minutes=10)
    shop.sign_up()
    shop.clock.advance(seconds=30)
    summary = shop.svc.upkeep.outbox_summary()
    assert summary.pending == 3
    assert summary.age_seconds == 10 * 60 + 30
    with shop.svc.db.write() as s:
        s.execute(update(OutboxEvent).values(status="sent"))
    assert shop.svc.upkeep.outbox_summary().pending == 0
    assert shop.svc.upkeep.outbox_summary().oldest_at is None


def test_terminal_identity_without_counting(shop):
    info = shop.svc.setup.terminal()
    assert (info.number.store_no, info.number.terminal_no) == (12, 3)
    assert info.store_name == "测试门店"


def test_idle_checkpoint_copies_the_wal_into_the_database_file(shop):
    main = Path(shop.path)
    for i in range(150):
        shop.sign_up(phone=f"1380013{i:04d}")
    before = main.read_bytes()
    assert shop.svc.upkeep.checkpoint() is True
    assert main.read_bytes() != before  # the committed pages reached the main file


def test_member_by_id(shop):
    member = shop.sign_up()
    assert shop.svc.members.get(member.id).card_no == member.card_no
