"""The migrations build exactly the schema the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from terminal.store.database import make_engine
from terminal.store.migrate import head_revision, upgrade
from terminal.store.models import Base


def test_migrations_match_the_models(tmp_path):
    engine = make_engine(tmp_path / "schema.db")
    upgrade(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == []


def test_an_older_database_keeps_its_data_when_upgraded(tmp_path):
    engine = make_engine(tmp_path / "old.db")
    upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO terminal_config (id, store_no, terminal_no, store_name, timezone, "
            "card_seq, receipt_seq, created_at) VALUES (1, 7, 2, 'old', 'Asia/Shanghai', 5, 9, "
            "'2025-01-01 00:00:00.000000')"
        )
    upgrade(engine)
    with engine.connect() as conn:
        version = MigrationContext.configure(conn).get_current_revision()
        row = conn.exec_driver_sql("SELECT store_no, card_seq FROM terminal_config").one()
        indexes = {r[1] for r in conn.exec_driver_sql("PRAGMA index_list(ledger_entries)")}
    engine.dispose()
    assert version == head_revision()
    assert tuple(row) == (7, 5)
    assert "ix_ledger_sale" in indexes


def test_the_stock_migration_goes_down_and_up(tmp_path):
    from alembic import command

    from terminal.store.migrate import alembic_config

    engine = make_engine(tmp_path / "down.db")
    upgrade(engine)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0008_snapshot")
    with engine.connect() as conn:
        columns = {r[1] for r in conn.exec_driver_sql("PRAGMA table_info(catalogue_items)")}
    assert "confirmed_stock" not in columns and "stock" in columns
    upgrade(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == []
