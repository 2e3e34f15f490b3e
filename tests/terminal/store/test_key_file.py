"""A database opens only with its own key file; a missing or foreign key is refused."""

import shutil

import pytest

from terminal.store.crypto import KeyFileError
from terminal.store.database import Database, DatabaseError


def test_a_database_without_its_key_file_is_refused_and_no_new_key_is_made(shop, tmp_path):
    shop.svc.close()
    copy = tmp_path / "copy.db"
    shutil.copy(shop.path, copy)
    with pytest.raises(KeyFileError, match="missing"):
        Database(copy)
    assert not (tmp_path / "copy.db.key").exists()


def test_a_database_with_another_terminals_key_is_refused(shop, tmp_path):
    shop.svc.close()
    other = Database(tmp_path / "other.db")  # a new database makes its own key
    other.close()
    copy = tmp_path / "copy.db"
    shutil.copy(shop.path, copy)
    shutil.copy(tmp_path / "other.db.key", tmp_path / "copy.db.key")
    with pytest.raises(DatabaseError, match="does not belong"):
        Database(copy)


def test_the_key_file_can_live_elsewhere(tmp_path, monkeypatch):
    key = tmp_path / "vault" / "terminal.key"
    monkeypatch.setenv("POS_KEY_FILE", str(key))
    Database(tmp_path / "data" / "t.db").close()
    assert key.stat().st_mode & 0o777 == 0o600
    assert not (tmp_path / "data" / "t.db.key").exists()
