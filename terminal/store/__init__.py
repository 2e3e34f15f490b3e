"""The only layer that talks to SQLite: models, engine, migrations, encryption, ledgers."""
