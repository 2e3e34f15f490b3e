"""Backups are consistent copies that a restore can open and verify."""

import sqlite3

import pytest

from terminal.domain.checkout import SaleLine, TenderRequest
from terminal.services.facade import Services
from terminal.services.sales import SaleRequest
from terminal.store.backup import verify_backup
from terminal.store.database import DatabaseError


def _sell(shop, card: str) -> None:
    shop.svc.sales.checkout(
        SaleRequest(card, (SaleLine("food", 2000),), TenderRequest(cash_fen=2000)), shop.cashier
    )


def test_a_backup_restores_with_the_same_key_and_verifies(shop, tmp_path):
    card = shop.sign_up().card_no
    _sell(shop, card)
    report = shop.svc.setup.back_up(tmp_path / "backups" / "monday.db")
    assert report.members == 1 and report.ledger_entries == 1 and report.audit_rows > 0
    assert not (tmp_path / "backups" / "monday.db.key").exists()  # the key stays apart
    # A restore: the backup file in place of the database, beside the original key file.
    restored_path = tmp_path / "restored.db"
    (tmp_path / "backups" / "monday.db").rename(restored_path)
    (tmp_path / "restored.db.key").write_bytes((shop.path.parent / "shop.db.key").read_bytes())
    restored = Services.open(restored_path)
    try:
        assert restored.members.find(card).points == 20
    finally:
        restored.close()


def test_a_tampered_backup_does_not_verify(shop, tmp_path):
    _sell(shop, shop.sign_up().card_no)
    target = tmp_path / "b.db"
    shop.svc.setup.back_up(target)
    with sqlite3.connect(target) as conn:
        conn.execute("UPDATE members SET points_balance = points_balance + 1000")
    with pytest.raises(DatabaseError, match="does not verify"):
        verify_backup(target, shop.svc.db.key_path)


def test_a_backup_never_overwrites_a_file(shop, tmp_path):
    target = tmp_path / "b.db"
    target.write_bytes(b"yesterday")
    with pytest.raises(DatabaseError, match="already exists"):
        shop.svc.setup.back_up(target)
    assert target.read_bytes() == b"yesterday"


def test_an_unwritable_backup_place_is_one_clear_error(shop, tmp_path):
    (tmp_path / "b.db.partial").mkdir()  # a leftover that blocks the temporary file
    with pytest.raises(DatabaseError, match="cannot write the backup"):
        shop.svc.setup.back_up(tmp_path / "b.db")
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(DatabaseError, match="cannot write the backup"):
        shop.svc.setup.back_up(tmp_path / "notes.txt" / "b.db")
