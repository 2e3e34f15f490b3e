"""Head office's database: SQLite (one file, the default) or PostgreSQL (production),
migrated with its own Alembic environment when opened.

Writers: on SQLite every write transaction starts with BEGIN IMMEDIATE, so writers queue
on the file lock instead of failing half way; on PostgreSQL rows a transaction changes
are locked with SELECT ... FOR UPDATE and a deadlock or serialisation failure re-runs
the whole unit of work (`Database.run`).
"""

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TypeVar

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from headoffice import sealed_feed
from headoffice.crypto import Vault, load_or_create_key
from headoffice.errors import DatabaseUnavailable, HeadOfficeError
from headoffice.models import Setting

T = TypeVar("T")
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 30_000
RETRIES = 8
_RETRY_CODES = {"40P01", "40001"}  # deadlock detected, serialization failure


def database_url(text: str) -> URL:
    """A database URL, or a plain file path for SQLite."""
    try:
        if "://" not in text:
            return URL.create("sqlite", database=str(Path(text).expanduser().resolve()))
        return make_url(text)
    except ArgumentError:
        raise HeadOfficeError(f"'{text}' is not a database URL or file path") from None


def default_key_path(url: URL) -> Path:
    if os.environ.get("POS_HO_KEY_FILE"):
        return Path(os.environ["POS_HO_KEY_FILE"])
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        return Path(url.database + ".key")
    return Path("headoffice.key")


def _create_private(path: Path) -> None:
    """A new database file readable by head office's user alone (members' data, even
    sealed, is nobody else's business); SQLite gives its -wal and -shm files the same
    mode. An empty file is an empty SQLite database."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _make_engine(url: URL, schema: str | None) -> Engine:
    if url.get_backend_name() == "sqlite":
        if url.database not in (None, "", ":memory:"):
            _create_private(Path(url.database))
        engine = create_engine(url, connect_args={"check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn, _record):  # noqa: ANN001
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = FULL")
            cur.execute("PRAGMA foreign_keys = ON")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn):  # noqa: ANN001
            mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
            conn.exec_driver_sql(f"BEGIN {mode}")

        return engine
    args = {"options": f"-csearch_path={schema}"} if schema else {}
    return create_engine(url, connect_args=args, pool_size=10, max_overflow=20)


def _reason(exc: Exception) -> str:
    return str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]


class Database:
    """An open head-office database with its key. `schema` (PostgreSQL only) keeps test
    runs apart inside one database."""

    def __init__(self, url: str, key_path: Path | None = None, schema: str | None = None) -> None:
        self.url = database_url(url)
        self.is_sqlite = self.url.get_backend_name() == "sqlite"
        self.key_path = Path(key_path) if key_path else default_key_path(self.url)
        try:
            self.engine = _make_engine(self.url, schema)
        except Exception as exc:  # a missing driver, a malformed URL
            raise HeadOfficeError(f"cannot use database {self.url!r}: {_reason(exc)}") from None
        try:
            self._migrate()
            self.vault = self._open_vault()
            sealed_feed.seal_stored(self.engine, self.vault)
        except HeadOfficeError:
            self.engine.dispose()
            raise
        except Exception as exc:
            self.engine.dispose()
            raise HeadOfficeError(f"cannot open database {self.url!r}: {_reason(exc)}") from None
        writer = self.engine.execution_options(sqlite_begin="IMMEDIATE")
        self._write = sessionmaker(bind=writer, expire_on_commit=False)
        self._read = sessionmaker(bind=self.engine, expire_on_commit=False)

    def _migrate(self) -> None:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")

    def _open_vault(self) -> Vault:
        with self.engine.begin() as conn:
            row = conn.execute(
                select(Setting.text).where(Setting.name == "key_fingerprint")
            ).first()
            vault = Vault(load_or_create_key(self.key_path, create=row is None))
            if row is None:
                conn.execute(
                    Setting.__table__.insert().values(
                        name="key_fingerprint", value=0, text=vault.fingerprint
                    )
                )
            elif row[0] != vault.fingerprint:
                raise HeadOfficeError(
                    f"the key file {self.key_path} does not belong to this database"
                )
        return vault

    @contextmanager
    def write(self) -> Iterator[Session]:
        with self._write() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._read() as session, session.begin():
            yield session

    def run(self, work: Callable[[Session], T]) -> T:
        """Run `work` in one write transaction; re-run it from the start when PostgreSQL
        picks it as a deadlock victim or SQLite stays busy past the timeout."""
        for attempt in range(RETRIES):
            try:
                with self.write() as session:
                    return work(session)
            except OperationalError as exc:
                if not self._retryable(exc) or attempt == RETRIES - 1:
                    raise DatabaseUnavailable(
                        f"the database is busy; nothing was saved, try again ({_reason(exc)})"
                    ) from None
            except DBAPIError as exc:
                if not self._retryable(exc) or attempt == RETRIES - 1:
                    raise
            time.sleep(0.01 * (attempt + 1))
        raise AssertionError("unreachable")

    def _retryable(self, exc: DBAPIError) -> bool:
        if self.is_sqlite:
            text = _reason(exc)
            return "locked" in text or "busy" in text
        return getattr(exc.orig, "sqlstate", None) in _RETRY_CODES

    def close(self) -> None:
        self.engine.dispose()
