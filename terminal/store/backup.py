"""Backups: a consistent copy of the live database, taken while the counter works, and
proven restorable by opening it and checking its ledgers and audit chain."""

import os
import sqlite3
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from terminal.store import journal, ledger
from terminal.store.database import Database, DatabaseError


@dataclass(frozen=True)
class BackupReport:
    path: Path
    bytes: int
    members: int
    ledger_entries: int
    audit_rows: int


def back_up(db: Database, target: Path) -> BackupReport:
    """Copy `db` to `target` with SQLite's online backup, then verify the copy.

    The copy is encrypted like the original and opens only with the same key file, which
    is not copied: keep the key apart from the backups.
    """
    target = Path(target)
    if target.exists():
        raise DatabaseError(f"{target} already exists; choose a new file for the backup")
    partial = target.with_name(target.name + ".partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        source = db.raw_connection()
        copy = sqlite3.connect(partial)
        try:
            # One step over one WAL snapshot: writers go on meanwhile. (A copy in small steps
            # restarts whenever another connection commits, and may never finish.)
            source.backup(copy, pages=-1)
            copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            copy.close()
            source.close()
        with partial.open("rb") as f:
            os.fsync(f.fileno())
        partial.rename(target)
    except (OSError, sqlite3.Error) as exc:
        with suppress(OSError):
            partial.unlink(missing_ok=True)
        reason = getattr(exc, "strerror", None) or str(exc)
        raise DatabaseError(f"cannot write the backup {target}: {reason}") from None
    return verify_backup(target, db.key_path)


def verify_backup(path: Path, key_path: Path) -> BackupReport:
    """Open a backup as a restore would and check every balance and the audit chain."""
    restored = Database(Path(path), create=False, key_path=key_path)
    try:
        with restored.read() as s:
            books = ledger.verify(s)
            audit = journal.verify_audit(s, restored.cipher.audit_mac)
    finally:
        restored.engine.dispose()
    problems = books.problems + audit.problems
    if problems:
        raise DatabaseError(f"the backup {path} does not verify: {problems[0]}")
    return BackupReport(
        Path(path), Path(path).stat().st_size, books.members, books.entries, audit.rows
    )
