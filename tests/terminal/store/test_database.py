"""Opening the terminal database: pragmas on every connection, write locking, errors for
files that are not terminal databases, and migrations brought to head on open."""

import os
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import closing
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy.exc
from sqlalchemy import inspect, text

from terminal.store import migrate
from terminal.store.crypto import key_path_for, load_or_create_key
from terminal.store.database import Database, DatabaseError, make_engine
from terminal.store.models import Base, LedgerEntry

EXPECTED_PRAGMAS = {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1}


def _pragmas_sqla(conn) -> dict:
    return {name: conn.exec_driver_sql(f"PRAGMA {name}").scalar() for name in EXPECTED_PRAGMAS}


def _pragmas_raw(conn: sqlite3.Connection) -> dict:
    return {name: conn.execute(f"PRAGMA {name}").fetchone()[0] for name in EXPECTED_PRAGMAS}


@pytest.fixture
def db(tmp_path) -> Iterator[Database]:
    database = Database(tmp_path / "terminal.db")
    yield database
    database.close()


# --- pragmas ---------------------------------------------------------------------------


def test_every_engine_connection_has_wal_full_sync_and_foreign_keys(db):
    # Several connections open at once: each one is a new DBAPI connection from the pool.
    with db.engine.connect() as c1, db.engine.connect() as c2, db.engine.connect() as c3:
        for conn in (c1, c2, c3):
            assert _pragmas_sqla(conn) == EXPECTED_PRAGMAS
    # After the pool has been emptied, brand-new connections get the pragmas too.
    db.engine.dispose()
    with db.engine.connect() as conn:
        assert _pragmas_sqla(conn) == EXPECTED_PRAGMAS


def test_read_and_write_sessions_have_the_pragmas(db):
    with db.read() as s:
        assert _pragmas_sqla(s.connection()) == EXPECTED_PRAGMAS
    with db.write() as s:
        assert _pragmas_sqla(s.connection()) == EXPECTED_PRAGMAS


def test_raw_connection_has_the_pragmas(db):
    with closing(db.raw_connection()) as conn:
        assert _pragmas_raw(conn) == EXPECTED_PRAGMAS


def test_the_template_database_also_opens_with_the_pragmas(shop):
    with shop.svc.db.engine.connect() as conn:
        assert _pragmas_sqla(conn) == EXPECTED_PRAGMAS
    with closing(shop.svc.db.raw_connection()) as conn:
        assert _pragmas_raw(conn) == EXPECTED_PRAGMAS


def test_foreign_keys_are_enforced_in_write_transactions(db):
    with pytest.raises(sqlalchemy.exc.IntegrityError), db.write() as s:
        s.add(
            LedgerEntry(
                id=str(uuid.uuid4()),
                member_id="no-such-member",
                account="points",
                bucket="points",
                amount=10,
                kind="adjust",
                terminal="001203",
                created_at=datetime(2026, 3, 10, 2, 0),
            )
        )
    with db.read() as s:
        assert s.scalar(text("SELECT count(*) FROM ledger_entries")) == 0


def test_write_transaction_holds_the_write_lock_from_its_first_statement(db):
    with db.write() as s:
        s.execute(text("SELECT 1"))  # BEGIN IMMEDIATE has been issued
        with (
            closing(sqlite3.connect(db.path, timeout=0, isolation_level=None)) as other,
            pytest.raises(sqlite3.OperationalError, match="locked"),
        ):
            other.execute("BEGIN IMMEDIATE")
    # Once the write transaction ended, the lock is free again.
    with closing(sqlite3.connect(db.path, timeout=0, isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")


def test_a_failed_write_transaction_is_rolled_back(db):
    with pytest.raises(RuntimeError), db.write() as s:
        s.execute(
            text(
                "INSERT INTO terminal_config (id, store_no, terminal_no, store_name, timezone,"
                " card_seq, receipt_seq, created_at) VALUES (1, 1, 1, '', 'UTC', 0, 0,"
                " '2026-01-01 00:00:00')"
            )
        )
        raise RuntimeError("boom")
    with db.read() as s:
        assert s.scalar(text("SELECT count(*) FROM terminal_config")) == 0


# --- files that are not terminal databases --------------------------------------------


def _unwritable_dir(tmp_path: Path) -> Path:
    """A directory in which no file can be created, whoever runs the tests."""
    if os.geteuid() == 0:
        return Path("/proc")  # not even root may create files here
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    return locked


def _junk(path: Path, with_key: bool) -> bytes:
    junk = os.urandom(8192)
    path.write_bytes(junk)
    if with_key:
        load_or_create_key(key_path_for(path), create=True)
    return junk


@pytest.mark.parametrize("with_key", [False, True], ids=["no-key", "key-beside-it"])
def test_random_bytes_are_not_a_database(tmp_path, with_key):
    path = tmp_path / "junk.db"
    junk = _junk(path, with_key)
    with pytest.raises(DatabaseError) as info:
        Database(path)
    message = str(info.value)
    assert str(path) in message
    assert "not a database" in message
    assert path.read_bytes() == junk  # the file was left alone


def test_missing_database_is_refused_when_not_creating(tmp_path):
    path = tmp_path / "absent.db"
    with pytest.raises(DatabaseError, match="no database at"):
        Database(path, create=False)
    assert not path.exists()


def test_path_below_a_regular_file_gives_database_error(tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("I am a file, not a directory")
    with pytest.raises(DatabaseError) as info:
        Database(blocker / "sub" / "terminal.db")
    assert "blocker" in str(info.value)


def test_unwritable_directory_gives_database_error(tmp_path):
    target = _unwritable_dir(tmp_path) / f"terminal-{uuid.uuid4().hex}.db"
    with pytest.raises(DatabaseError) as info:
        Database(target)
    assert str(target.parent) in str(info.value)
    assert not target.exists()


@pytest.mark.parametrize("case", ["random-bytes", "unwritable", "below-a-file"])
def test_open_errors_are_one_clear_line(tmp_path, case):
    if case == "random-bytes":
        path = tmp_path / "junk.db"
        _junk(path, with_key=True)
    elif case == "unwritable":
        path = _unwritable_dir(tmp_path) / f"terminal-{uuid.uuid4().hex}.db"
    else:
        (tmp_path / "blocker").write_text("x")
        path = tmp_path / "blocker" / "terminal.db"
    with pytest.raises(DatabaseError) as info:
        Database(path)
    message = str(info.value)
    assert message.strip()
    assert "\n" not in message, f"multi-line error: {message!r}"
    assert "Traceback" not in message


def test_database_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "future.db"
    Database(path).close()
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
        conn.commit()
    with pytest.raises(DatabaseError) as info:
        Database(path)
    assert str(path) in str(info.value)


# --- migrations -----------------------------------------------------------------------


def test_fresh_database_is_at_head_after_opening(db):
    head = migrate.head_revision()
    assert head
    assert migrate.current_revision(db.engine) == head
    tables = set(inspect(db.engine).get_table_names())
    assert {"members", "ledger_entries", "audit_log", "outbox", "points_lots"} <= tables


def test_database_at_revision_0001_is_brought_to_head_on_open(tmp_path):
    path = tmp_path / "old.db"
    load_or_create_key(key_path_for(path), create=True)  # an old terminal had its key too
    engine = make_engine(path)
    try:
        migrate.upgrade(engine, "0001")
        assert migrate.current_revision(engine) == "0001"
        with engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO terminal_config (id, store_no, terminal_no, store_name, timezone,"
                " card_seq, receipt_seq, created_at) VALUES (1, 7, 2, '老店', 'Asia/Shanghai',"
                " 41, 99, '2025-01-01 00:00:00')"
            )
    finally:
        engine.dispose()
    db = Database(path)
    try:
        assert migrate.current_revision(db.engine) == migrate.head_revision()
        # The data written under the old schema is still there after the upgrade.
        with db.read() as s:
            row = s.execute(
                text("SELECT store_no, card_seq, receipt_seq, store_name FROM terminal_config")
            ).one()
        assert tuple(row) == (7, 41, 99, "老店")
        # And the upgraded schema is the one the models describe.
        live = {
            t: {c["name"] for c in inspect(db.engine).get_columns(t)} for t in Base.metadata.tables
        }
        for table in Base.metadata.sorted_tables:
            assert {c.name for c in table.columns} <= live[table.name], table.name
    finally:
        db.close()


def test_empty_sqlite_file_is_migrated_to_head(tmp_path):
    path = tmp_path / "empty.db"
    sqlite3.connect(path).close()  # a valid, empty SQLite database
    db = Database(path)
    try:
        assert migrate.current_revision(db.engine) == migrate.head_revision()
    finally:
        db.close()


def test_reopening_an_up_to_date_database_keeps_its_data(tmp_path):
    path = tmp_path / "terminal.db"
    db = Database(path)
    with db.write() as s:
        s.execute(
            text(
                "INSERT INTO terminal_config (id, store_no, terminal_no, store_name, timezone,"
                " card_seq, receipt_seq, created_at) VALUES (1, 7, 2, '店', 'Asia/Shanghai',"
                " 3, 4, '2026-01-01 00:00:00')"
            )
        )
    db.close()
    again = Database(path)
    try:
        assert migrate.current_revision(again.engine) == migrate.head_revision()
        with again.read() as s:
            row = s.execute(text("SELECT store_no, card_seq, store_name FROM terminal_config"))
            assert row.one() == (7, 3, "店")
    finally:
        again.close()


def test_two_writers_queue_on_the_lock_instead_of_failing(shop):
    """The counter app and posctl write to one file at once: every write must land, each
    in one piece, and the audit chain must stay linked."""
    import threading

    from terminal.services.facade import Services
    from tests.helpers.clock import FakeClock

    member = shop.sign_up()
    other = Services.open(shop.path, FakeClock())
    cashier = other.operators.by_name("cashier")
    errors: list[Exception] = []

    def top_ups(svc, operator) -> None:
        try:
            for _ in range(15):
                svc.wallet.top_up(member.card_no, 100, "cash", operator)
        except Exception as exc:  # reported below
            errors.append(exc)

    threads = [
        threading.Thread(target=top_ups, args=(shop.svc, shop.cashier)),
        threading.Thread(target=top_ups, args=(other, cashier)),
    ]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
    finally:
        other.close()
    assert errors == []
    assert shop.svc.members.find(member.card_no).wallet_principal_fen == 30 * 100
    assert shop.svc.setup.verify_ledger().ok
    assert shop.svc.setup.verify_audit().ok
    with closing(shop.svc.db.raw_connection()) as conn:
        receipts = [r[0] for r in conn.execute("SELECT receipt_no FROM topups")]
    assert len(receipts) == len(set(receipts)) == 30
