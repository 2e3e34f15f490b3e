"""Fast bulk loading (demo data, imports, benchmarks) through a plain sqlite3 connection.

Rows are tuples in the column order given; values are converted the way SQLAlchemy stores
them in SQLite, so the ORM reads bulk-loaded rows exactly like its own.
"""

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from terminal.store.models import Base


def sql_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def insert_rows(
    conn: sqlite3.Connection, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    known = Base.metadata.tables[table].columns
    missing = [c for c in columns if c not in known]
    if missing:
        raise ValueError(f"{table} has no column(s) {missing}")
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    cur = conn.executemany(sql, ([sql_value(v) for v in row] for row in rows))
    return cur.rowcount
