"""Field encryption (AES-GCM bound to the field name), the blind index, and the key file."""

import os
import stat
from pathlib import Path

import pytest

from terminal.store.crypto import (
    KEY_BYTES,
    FieldCipher,
    KeyFileError,
    key_path_for,
    load_or_create_key,
)
from terminal.store.database import Database, DatabaseError

KEY_A = bytes(range(32))
KEY_B = bytes(range(1, 33))


@pytest.fixture
def cipher() -> FieldCipher:
    return FieldCipher(KEY_A)


# --- encryption -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "field"),
    [
        ("+8613812345678", "phone"),
        ("王小明", "name"),
        ("欧阳·娜娜 Nana", "name"),
        ("1990-03-07", "birthday"),
        ("110101199003074477", "id_number"),
        ("", "name"),
        ('{"phone": "+8613812345678", "name": "王小明"}', "outbox"),
    ],
)
def test_round_trip(cipher, value, field):
    blob = cipher.encrypt(value, field)
    assert isinstance(blob, bytes)
    assert value.encode("utf-8") not in blob or value == ""
    assert cipher.decrypt(blob, field) == value


def test_same_value_encrypts_differently_each_time(cipher):
    a = cipher.encrypt("王小明", "name")
    b = cipher.encrypt("王小明", "name")
    assert a != b  # a fresh nonce every time: equal names are not visible as equal blobs
    assert cipher.decrypt(a, "name") == cipher.decrypt(b, "name") == "王小明"


def test_ciphertext_moved_to_another_field_does_not_decrypt(cipher):
    blob = cipher.encrypt("+8613812345678", "phone")
    with pytest.raises(KeyFileError, match="could not be decrypted"):
        cipher.decrypt(blob, "name")
    with pytest.raises(KeyFileError):
        cipher.decrypt(blob, "birthday")
    assert cipher.decrypt(blob, "phone") == "+8613812345678"


def test_other_key_cannot_decrypt(cipher):
    blob = cipher.encrypt("王小明", "name")
    with pytest.raises(KeyFileError):
        FieldCipher(KEY_B).decrypt(blob, "name")


def test_tampered_or_truncated_ciphertext_is_refused(cipher):
    blob = bytearray(cipher.encrypt("王小明", "name"))
    blob[-1] ^= 0x01
    with pytest.raises(KeyFileError):
        cipher.decrypt(bytes(blob), "name")
    with pytest.raises(KeyFileError):
        cipher.decrypt(b"\x00" * 5, "name")


# --- blind index ----------------------------------------------------------------------


def test_blind_index_is_deterministic_for_one_key(cipher):
    first = cipher.blind_index("+8613812345678", "phone")
    assert first == cipher.blind_index("+8613812345678", "phone")
    assert first == FieldCipher(KEY_A).blind_index("+8613812345678", "phone")
    assert len(first) == 16
    assert b"13812345678" not in first


def test_blind_index_differs_across_keys_values_and_fields(cipher):
    other = FieldCipher(KEY_B)
    value = "+8613812345678"
    assert cipher.blind_index(value, "phone") != other.blind_index(value, "phone")
    assert cipher.blind_index(value, "phone") != cipher.blind_index("+8613812345679", "phone")
    assert cipher.blind_index(value, "phone") != cipher.blind_index(value, "id_number")
    assert cipher.fingerprint != other.fingerprint


# --- the key file ---------------------------------------------------------------------


def test_key_file_is_created_with_mode_0600(tmp_path):
    path = tmp_path / "keys" / "terminal.db.key"
    key = load_or_create_key(path, create=True)
    assert len(key) == KEY_BYTES
    assert path.read_bytes() == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # Loading again returns the same key and does not rewrite the file.
    assert load_or_create_key(path, create=True) == key
    assert load_or_create_key(path, create=False) == key


def test_missing_key_file_is_an_error_only_when_not_creating(tmp_path):
    path = tmp_path / "terminal.db.key"
    with pytest.raises(KeyFileError) as info:
        load_or_create_key(path, create=False)
    assert str(path) in str(info.value)
    assert "missing" in str(info.value)
    assert not path.exists()
    assert len(load_or_create_key(path, create=True)) == KEY_BYTES
    assert path.exists()


@pytest.mark.parametrize("size", [0, 16, 31, 33, 64])
def test_damaged_key_file_is_refused(tmp_path, size):
    path = tmp_path / "terminal.db.key"
    path.write_bytes(os.urandom(size))
    for create in (True, False):
        with pytest.raises(KeyFileError, match="damaged"):
            load_or_create_key(path, create=create)
    assert path.stat().st_size == size  # never silently replaced


def test_key_path_is_beside_the_database_unless_configured(tmp_path, monkeypatch):
    db_path = tmp_path / "terminal.db"
    monkeypatch.delenv("POS_KEY_FILE", raising=False)
    assert key_path_for(db_path) == Path(str(db_path) + ".key")
    elsewhere = tmp_path / "vault" / "pos.key"
    monkeypatch.setenv("POS_KEY_FILE", str(elsewhere))
    assert key_path_for(db_path) == elsewhere


def test_new_database_gets_a_private_key_file(tmp_path):
    path = tmp_path / "terminal.db"
    db = Database(path)
    db.close()
    key_file = Path(str(path) + ".key")
    assert key_file.stat().st_size == KEY_BYTES
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert key_file.read_bytes() not in path.read_bytes()


def test_database_uses_the_configured_key_file(tmp_path, monkeypatch):
    key_file = tmp_path / "vault" / "pos.key"
    monkeypatch.setenv("POS_KEY_FILE", str(key_file))
    db = Database(tmp_path / "terminal.db")
    db.close()
    assert key_file.exists()
    assert not Path(str(tmp_path / "terminal.db") + ".key").exists()


def test_existing_database_with_missing_key_is_refused_when_not_creating(tmp_path):
    path = tmp_path / "terminal.db"
    Database(path).close()
    key_file = Path(str(path) + ".key")
    key_file.unlink()
    with pytest.raises((KeyFileError, DatabaseError)) as info:
        Database(path, create=False)
    assert "key" in str(info.value).lower()
    # No fresh key may be made up: data encrypted with the lost key would become unreadable
    # and new members would be encrypted with a different key than the old ones.
    assert not key_file.exists()


def test_database_with_damaged_key_is_refused(tmp_path):
    path = tmp_path / "terminal.db"
    Database(path).close()
    key_file = Path(str(path) + ".key")
    key_file.write_bytes(key_file.read_bytes()[:20])
    with pytest.raises(KeyFileError, match="damaged"):
        Database(path)
    assert key_file.stat().st_size == 20


def test_key_file_of_another_terminal_is_refused(tmp_path):
    from terminal.services.facade import Services
    from tests.helpers.clock import FakeClock

    path = tmp_path / "terminal.db"
    svc = Services.open(path, FakeClock())
    svc.setup.init(12, 3)
    svc.close()
    key_file = Path(str(path) + ".key")
    key_file.write_bytes(KEY_B)  # a well-formed key, but not this database's
    with pytest.raises((KeyFileError, DatabaseError)) as info:
        Database(path)
    assert "key" in str(info.value)
    assert key_file.read_bytes() == KEY_B
