"""Apply the Alembic migrations in `migrations/` to a database when it is opened."""

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to `revision`; a no-op on an up-to-date database.

    Two processes may open a new or older database at once (the app and a scheduled
    `posctl`): the upgrade runs under the write lock and looks again once it holds it.
    """
    head = head_revision()
    if revision == "head" and current_revision(engine) == head:
        return
    cfg = alembic_config()
    with engine.execution_options(sqlite_begin="IMMEDIATE").begin() as conn:
        if revision == "head" and MigrationContext.configure(conn).get_current_revision() == head:
            return
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
