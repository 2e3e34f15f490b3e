"""Sensitive member fields never reach the disk in plain text: not in the database file,
not in the write-ahead log, not in the outbox payload or the audit log."""

import json
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest

from terminal.domain.checkout import SaleLine, TenderRequest
from terminal.services.sales import SaleRequest

PHONE = "13812345678"
NAME = "王小明"
BIRTHDAY = date(1990, 3, 7)
ID_NUMBER = "110101199003074477"
MASKED = "138****5678"

SECRETS = {
    "phone digits": PHONE.encode(),
    "E.164 phone": b"+86" + PHONE.encode(),
    "name": NAME.encode("utf-8"),
    "ID number": ID_NUMBER.encode(),
    "birthday": BIRTHDAY.isoformat().encode(),
}


def _leaks(data: bytes) -> list[str]:
    return [label for label, needle in SECRETS.items() if needle in data]


@pytest.fixture
def busy_shop(shop):
    """A member with every sensitive field, a top-up, a sale, a profile change, an unmask."""
    member = shop.sign_up(
        phone=PHONE, name=NAME, birthday=BIRTHDAY, id_number=ID_NUMBER, gender="M"
    )
    assert member.phone_masked == MASKED
    shop.svc.wallet.top_up(member.card_no, 50_000, "cash", shop.cashier)
    shop.svc.sales.checkout(
        SaleRequest(
            PHONE, (SaleLine("food", 12_345),), TenderRequest(wallet_fen=2_345, cash_fen=10_000)
        ),
        shop.cashier,
    )
    shop.svc.members.update(PHONE, shop.cashier, gender="F", approver=shop.manager)
    revealed = shop.svc.members.reveal(member.card_no, shop.manager)
    assert revealed["name"] == NAME  # the data is there, only encrypted
    shop.member = member
    return shop


def _wal_path(db_path: Path) -> Path:
    return Path(str(db_path) + "-wal")


def test_wal_holds_no_plaintext_before_checkpoint(busy_shop):
    wal = _wal_path(busy_shop.path)
    data = wal.read_bytes()
    # The recent writes are in the WAL: the new member's card number is there.
    assert busy_shop.member.card_no.encode() in data
    assert _leaks(data) == []


def test_database_file_holds_no_plaintext_after_checkpoint(busy_shop):
    with closing(busy_shop.svc.db.raw_connection()) as conn:
        busy, _log, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    assert busy == 0
    data = busy_shop.path.read_bytes()
    # The checkpoint really moved the member into the main file: its card number is there.
    assert busy_shop.member.card_no.encode() in data
    assert _leaks(data) == []
    wal = _wal_path(busy_shop.path)
    assert not wal.exists() or _leaks(wal.read_bytes()) == []


def test_outbox_payloads_and_audit_details_hold_no_plaintext(busy_shop):
    with closing(busy_shop.svc.db.raw_connection()) as conn:
        payloads = [row[0] for row in conn.execute("SELECT payload FROM outbox")]
        sealed = [
            row[0]
            for row in conn.execute(
                "SELECT sealed FROM outbox WHERE kind = 'member.signed_up' AND sealed IS NOT NULL"
            )
        ]
        details = [row[0] for row in conn.execute("SELECT details FROM audit_log")]
    assert payloads and details
    for text in payloads + details:
        assert _leaks(text.encode("utf-8")) == [], text
        json.loads(text)  # well-formed JSON
    # Audit rows show the masked phone, which is allowed.
    assert any(MASKED in text for text in details)
    # The sign-up event carries the personal data for head office, sealed.
    assert len(sealed) == 1
    assert _leaks(sealed[0]) == []
    opened = json.loads(busy_shop.svc.db.cipher.decrypt(sealed[0], "outbox"))
    assert opened["phone"] == "+86" + PHONE
    assert opened["name"] == NAME
    assert opened["id_number"] == ID_NUMBER


def test_member_row_keeps_only_ciphertext_index_and_last_four(busy_shop):
    with closing(busy_shop.svc.db.raw_connection()) as conn:
        row = conn.execute(
            "SELECT phone_enc, phone_index, phone_last4, name_enc, birthday_enc,"
            " id_number_enc, id_number_index, birth_month FROM members"
        ).fetchone()
    phone_enc, phone_index, last4, name_enc, birthday_enc, id_enc, id_index, month = row
    assert last4 == "5678"
    assert month == 3
    for blob in (phone_enc, phone_index, name_enc, birthday_enc, id_enc, id_index):
        assert isinstance(blob, bytes) and blob
        assert _leaks(blob) == []
    cipher = busy_shop.svc.db.cipher
    assert cipher.decrypt(phone_enc, "phone") == "+86" + PHONE
    assert cipher.decrypt(name_enc, "name") == NAME
    assert cipher.decrypt(birthday_enc, "birthday") == BIRTHDAY.isoformat()
    assert cipher.decrypt(id_enc, "id_number") == ID_NUMBER
