"""Head office's migrations build exactly the schema the models describe, on SQLite and
PostgreSQL, and every one of them goes down and up again."""

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text

from headoffice.database import MIGRATIONS
from headoffice.models import Base
from headoffice.service import HeadOffice
from tests.helpers.headoffice import database_url


def _engine(url, schema):
    args = {"options": f"-csearch_path={schema}"} if schema else {}
    return create_engine(url if "://" in url else f"sqlite:///{url}", connect_args=args)


def _migrate(engine, action, target):
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        action(config, target)


def _diff(engine):
    with engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn), Base.metadata)


def test_the_migrations_match_the_models(backend, tmp_path):
    with database_url(backend, tmp_path) as (url, schema):
        HeadOffice(url, key_path=tmp_path / "ho.key", schema=schema).close()
        engine = _engine(url, schema)
        assert _diff(engine) == []
        engine.dispose()


def test_every_migration_goes_down_and_up(backend, tmp_path):
    revisions = [
        r.revision for r in reversed(list(ScriptDirectory(str(MIGRATIONS)).walk_revisions()))
    ]
    with database_url(backend, tmp_path) as (url, schema):
        engine = _engine(url, schema)
        _migrate(engine, command.upgrade, "head")
        for previous in reversed(["base", *revisions[:-1]]):
            _migrate(engine, command.downgrade, previous)
        _migrate(engine, command.upgrade, "head")
        assert _diff(engine) == []
        engine.dispose()


def test_the_stock_migration_keeps_flags_and_reservations(backend, tmp_path):
    with database_url(backend, tmp_path) as (url, schema):
        engine = _engine(url, schema)
        _migrate(engine, command.upgrade, "0006_sealed_feed")
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO flags (id, terminal_id, kind, day, figure, threshold, raised_at)"
                    " VALUES (1, '000101', 'lookups', '2026-12-05', 90, 80, '2026-12-05 01:00')"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO reservations (id, member_id, terminal_id, points, wallet_fen,"
                    " status, settled, created_at, expires_at) VALUES ('r1', 'm1', '000101',"
                    " 5, 0, 'reserved', false, '2026-12-05 01:00', '2026-12-05 01:02')"
                )
            )
        _migrate(engine, command.upgrade, "head")
        with engine.connect() as conn:
            flag = conn.execute(text("SELECT kind, subject FROM flags")).one()
            held = conn.execute(text("SELECT points, sku, quantity FROM reservations")).one()
        assert tuple(flag) == ("lookups", "")
        assert tuple(held) == (5, None, 0)
        _migrate(engine, command.downgrade, "0006_sealed_feed")
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM flags")).scalar() == 1
        engine.dispose()


def test_the_migrations_form_one_line():
    """Two migrations written side by side on one parent leave two heads, and head office
    would refuse to open any database."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1
