"""Opening the terminal's SQLite database: pragmas on every connection, migrations, and
write transactions that take the write lock up front.

Write transactions start with BEGIN IMMEDIATE: two processes (the counter app and
`posctl`) writing at once then queue on the lock instead of failing half-way, and the
audit chain's "previous hash" read inside the transaction cannot go stale.
"""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from terminal.domain.errors import PosError
from terminal.store import journal, migrate
from terminal.store.crypto import FieldCipher, key_path_for, load_or_create_key

BUSY_TIMEOUT_MS = 10_000
# SQLite's default checkpoints the WAL every 1,000 pages, inside whichever commit crosses
# the mark: every ~50th sale would pay for copying pages into the main file. A larger
# mark keeps that off the counter; `Database.checkpoint()` runs it at idle or close.
WAL_AUTOCHECKPOINT_PAGES = 10_000
SQLITE_HEADER = b"SQLite format 3\x00"


class DatabaseError(PosError):
    """The database file cannot be opened or is not a terminal database."""

    code = "database.error"


class DatabaseBusy(PosError):
    """Another process held the write lock for longer than the busy timeout."""

    code = "database.busy"


def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    # Let SQLAlchemy, not pysqlite, decide when transactions begin (see _on_begin).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = FULL")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.execute(f"PRAGMA wal_autocheckpoint = {WAL_AUTOCHECKPOINT_PAGES}")
    cur.close()


def connect_raw(path: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection in autocommit mode with the store's pragmas."""
    conn = sqlite3.connect(path, isolation_level=None)
    _on_connect(conn, None)
    return conn


def make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", future=True)
    event.listen(engine, "connect", _on_connect)

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # noqa: ANN001
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


class Database:
    """An open terminal database: engine, sessions, and the field cipher."""

    def __init__(self, path: Path, create: bool = True, key_path: Path | None = None) -> None:
        self.path = Path(path)
        self.key_path = key_path or key_path_for(self.path)
        if not create and not self.path.exists():
            raise DatabaseError(f"no database at {self.path}")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            new = not self.path.exists() or self.path.stat().st_size == 0
            if not new:
                with self.path.open("rb") as f:
                    if f.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                        raise DatabaseError(f"{self.path} is not a database (not an SQLite file)")
            # A key is made only with a new database: an existing one without its key
            # file must fail loudly, not start writing members under a different key.
            key = load_or_create_key(self.key_path, create=new)
        except OSError as exc:
            raise DatabaseError(
                f"cannot use {exc.filename or self.path}: {exc.strerror or exc}"
            ) from None
        self.cipher = FieldCipher(key)
        self.engine = make_engine(self.path)
        try:
            migrate.upgrade(self.engine)
            with self.engine.connect() as conn:
                row = conn.exec_driver_sql(
                    "SELECT key_fingerprint FROM terminal_config WHERE id = 1"
                ).first()
        except Exception as exc:  # a non-SQLite file, a newer schema, a locked file
            self.engine.dispose()
            reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
            raise DatabaseError(f"cannot open database {self.path}: {reason}") from None
        if row is not None and row[0] and row[0] != self.cipher.fingerprint:
            self.engine.dispose()
            raise DatabaseError(f"the key file {self.key_path} does not belong to {self.path}")
        self._write = sessionmaker(
            bind=self.engine.execution_options(sqlite_begin="IMMEDIATE"),
            expire_on_commit=False,
        )
        self._read = sessionmaker(bind=self.engine, expire_on_commit=False)
        if row is not None:
            with self.read() as session:
                legacy = journal.chain_is_legacy(session, self.cipher.audit_mac)
            if legacy:
                with self.write() as session:
                    journal.key_legacy_chain(session, self.cipher.audit_mac)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: committed when the block ends, rolled back on error."""
        try:
            with self._write() as session, session.begin():
                yield session
        except OperationalError as exc:
            if "locked" in str(exc.orig) or "busy" in str(exc.orig):
                raise DatabaseBusy(
                    "the database is busy with another task; this step was not saved, try again"
                ) from None
            raise

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._read() as session, session.begin():
            yield session

    def raw_connection(self) -> sqlite3.Connection:
        """A plain sqlite3 connection with the same pragmas (bulk loads, benchmarks)."""
        return connect_raw(self.path)

    def checkpoint(self) -> None:
        """Copy committed WAL pages into the database file (at idle, or before closing)."""
        with self.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")

    def close(self) -> None:
        # Another process may hold the database busy; the next close checkpoints instead.
        with suppress(OperationalError):
            self.checkpoint()
        self.engine.dispose()
