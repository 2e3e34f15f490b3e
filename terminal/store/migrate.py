"""Apply the Alembic migrations in `migrations/` to a database when it is opened.

Opening an up-to-date database (every start of the counter) does not import Alembic: the
newest revision is read from the migration scripts' `revision` / `down_revision` lines and
compared with the database's `alembic_version` row. Alembic runs only when there is
something to upgrade, or when the scripts are not a plain line it can be sure of.
"""

import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"

_REVISION = re.compile(r"""^revision\s*(?::\s*str\s*)?=\s*['"]([^'"]+)['"]\s*$""", re.M)
_DOWN = re.compile(r"""^down_revision\s*(?::[^=]+)?=\s*(?:None|['"]([^'"]+)['"])\s*$""", re.M)


def alembic_config() -> "Config":
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    return _scanned_head() or _alembic_head()


def _alembic_head() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


@lru_cache(maxsize=1)
def _scanned_head() -> str | None:
    """The one head of the migration scripts read as text, or None if unsure (a merge, a
    branch, a line not in the usual form): then Alembic itself is asked."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in (MIGRATIONS_DIR / "versions").glob("*.py"):
        text = script.read_text(encoding="utf-8")
        revision, down = _REVISION.findall(text), _DOWN.findall(text)
        if len(revision) != 1 or len(down) != 1:
            return None
        revisions.add(revision[0])
        if down[0]:
            parents.add(down[0])
    heads = revisions - parents
    if len(heads) != 1 or not parents <= revisions:
        return None
    return heads.pop()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _stored_revision(engine: Engine) -> str | None:
    """The database's one revision, read without Alembic; None if there is none or many."""
    try:
        with engine.connect() as conn:
            rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    except OperationalError:  # no such table: a new database
        return None
    return rows[0][0] if len(rows) == 1 else None


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to `revision`; a no-op on an up-to-date database.

    Two processes may open a new or older database at once (the app and a scheduled
    `posctl`): the upgrade runs under the write lock and looks again once it holds it.
    """
    head = _scanned_head()
    if revision == "head" and head is not None and _stored_revision(engine) == head:
        return
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    head = head or _alembic_head()
    if revision == "head" and current_revision(engine) == head:
        return
    cfg = alembic_config()
    with engine.execution_options(sqlite_begin="IMMEDIATE").begin() as conn:
        if revision == "head" and MigrationContext.configure(conn).get_current_revision() == head:
            return
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
