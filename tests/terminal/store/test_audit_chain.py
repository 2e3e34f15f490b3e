"""The audit log's hash chain detects an edited, deleted or re-hashed row."""

import json
from contextlib import closing

import pytest

from terminal.domain.checkout import SaleLine, TenderRequest
from terminal.domain.errors import AuthError
from terminal.services.sales import SaleRequest
from terminal.store.hashchain import GENESIS


@pytest.fixture
def audited(shop):
    """A shop with a handful of audited operations (at least 8 audit rows)."""
    member = shop.sign_up(phone="13812345678", name="王小明")
    shop.svc.wallet.top_up(member.card_no, 10_000, "card", shop.cashier)
    shop.clock.advance(minutes=5)
    sale = shop.svc.sales.checkout(
        SaleRequest(
            member.card_no,
            (SaleLine("food", 8_000),),
            TenderRequest(wallet_fen=3_000, cash_fen=5_000),
        ),
        shop.cashier,
    )
    shop.svc.points.check_in(member.card_no, shop.cashier)
    shop.svc.refunds.refund(sale.receipt_no, shop.cashier, shop.manager, 1_000, "damaged")
    shop.svc.points.adjust(member.card_no, 50, "goodwill", shop.cashier, shop.manager)
    return shop


def _rows(shop) -> list[tuple]:
    with closing(shop.svc.db.raw_connection()) as conn:
        return conn.execute(
            "SELECT seq, action, details, prev_hash, hash FROM audit_log ORDER BY seq"
        ).fetchall()


def _execute(shop, sql: str, *params) -> int:
    with closing(shop.svc.db.raw_connection()) as conn:
        return conn.execute(sql, params).rowcount


def test_chain_verifies_after_operations(audited):
    rows = _rows(audited)
    assert len(rows) >= 8
    report = audited.svc.setup.verify_audit()
    assert report.ok, report.problems
    assert report.rows == len(rows)
    # The chain is linked: each row carries the hash of the row before it.
    assert rows[0][3] == GENESIS
    for before, after in zip(rows, rows[1:], strict=False):
        assert after[3] == before[4]
        assert after[0] == before[0] + 1
    actions = [row[1] for row in rows]
    for action in ("member.sign_up", "wallet.topup", "sale.complete", "sale.refund"):
        assert action in actions


def test_rejected_pin_is_audited_and_the_chain_still_holds(audited):
    before = len(_rows(audited))
    with pytest.raises(AuthError, match="wrong PIN"):
        audited.svc.operators.approve("manager", "0000")
    rows = _rows(audited)
    assert len(rows) == before + 1
    assert rows[-1][1] == "operator.pin_rejected"
    assert audited.svc.setup.verify_audit().ok


def test_edited_details_are_detected(audited):
    rows = _rows(audited)
    seq, action, details, _prev, _hash = next(r for r in rows if r[1] == "wallet.topup")
    forged = json.loads(details)
    forged["amount_fen"] = 1
    changed = _execute(
        audited,
        "UPDATE audit_log SET details = ? WHERE seq = ?",
        json.dumps(forged, sort_keys=True, ensure_ascii=False, separators=(",", ":")),
        seq,
    )
    assert changed == 1
    report = audited.svc.setup.verify_audit()
    assert not report.ok
    assert report.problems == [f"audit row {seq} ({action}) has been altered"]


def test_edited_action_or_operator_is_detected(audited):
    rows = _rows(audited)
    seq = rows[3][0]
    _execute(audited, "UPDATE audit_log SET operator_id = 'someone-else' WHERE seq = ?", seq)
    report = audited.svc.setup.verify_audit()
    assert not report.ok
    assert any(f"audit row {seq}" in p and "altered" in p for p in report.problems)


def test_deleted_middle_row_is_detected(audited):
    rows = _rows(audited)
    middle = rows[len(rows) // 2][0]
    assert _execute(audited, "DELETE FROM audit_log WHERE seq = ?", middle) == 1
    report = audited.svc.setup.verify_audit()
    assert not report.ok
    assert report.rows == len(rows) - 1
    assert f"audit rows {middle}..{middle} are missing" in report.problems
    assert f"audit row {middle + 1} does not follow the row before it" in report.problems


def test_changed_hash_is_detected(audited):
    rows = _rows(audited)
    seq = rows[2][0]
    _execute(audited, "UPDATE audit_log SET hash = ? WHERE seq = ?", "f" * 64, seq)
    report = audited.svc.setup.verify_audit()
    assert not report.ok
    assert any(p.startswith(f"audit row {seq} ") and "altered" in p for p in report.problems)
    assert f"audit row {seq + 1} does not follow the row before it" in report.problems


def test_edited_row_with_recomputed_hash_breaks_the_link_to_the_next_row(audited):
    """Even with the key, recomputing the edited row's own hash breaks the chain."""
    from terminal.store import journal
    from terminal.store.hashchain import row_hash
    from terminal.store.models import AuditRow

    rows = _rows(audited)
    seq = rows[1][0]
    with audited.svc.db.read() as s:
        row = s.get(AuditRow, seq)
        s.expunge(row)
    row.details = json.dumps({"forged": True})
    new_hash = row_hash(row.prev_hash, journal._hashed_fields(row), audited.svc.db.cipher.audit_mac)
    _execute(
        audited,
        "UPDATE audit_log SET details = ?, hash = ? WHERE seq = ?",
        row.details,
        new_hash,
        seq,
    )
    report = audited.svc.setup.verify_audit()
    assert not report.ok
    assert report.problems == [f"audit row {seq + 1} does not follow the row before it"]


def test_a_chain_recomputed_without_the_key_is_caught(audited):
    """Whoever has only the database file cannot edit a row and rehash the rest: the
    chain is keyed by the key file, which lives outside the database."""
    from terminal.store import journal
    from terminal.store.hashchain import GENESIS, plain_row_hash
    from terminal.store.models import AuditRow

    with audited.svc.db.write() as s:
        rows = s.query(AuditRow).order_by(AuditRow.seq).all()
        rows[1].details = json.dumps({"forged": True})
        prev = GENESIS
        for row in rows:
            row.prev_hash = prev
            row.hash = plain_row_hash(prev, journal._hashed_fields(row))
            prev = row.hash
    report = audited.svc.setup.verify_audit()
    assert not report.ok
    assert all("altered" in p for p in report.problems)
    assert len(report.problems) == len(rows)


def test_a_chain_written_before_it_was_keyed_is_keyed_once_when_it_verifies(audited):
    from terminal.services.facade import Services
    from terminal.store import journal
    from terminal.store.hashchain import GENESIS, plain_row_hash
    from terminal.store.models import AuditRow

    def unkey(forge: bool) -> None:
        with audited.svc.db.write() as s:
            prev = GENESIS
            for row in s.query(AuditRow).order_by(AuditRow.seq).all():
                row.prev_hash = prev
                row.hash = plain_row_hash(prev, journal._hashed_fields(row))
                prev = row.hash
            if forge:
                s.query(AuditRow).filter(AuditRow.seq == 2).one().details = "{}"

    path = audited.svc.db.path
    unkey(forge=False)
    assert not audited.svc.setup.verify_audit().ok
    audited.svc.close()
    reopened = Services.open(path)
    try:
        report = reopened.setup.verify_audit()
        assert report.ok and report.rows == len(_rows(audited))
    finally:
        reopened.close()
    # an unkeyed chain that does not verify is not blessed with the key
    audited.svc = Services.open(path)
    unkey(forge=True)
    audited.svc.close()
    audited.svc = Services.open(path)
    assert not audited.svc.setup.verify_audit().ok
