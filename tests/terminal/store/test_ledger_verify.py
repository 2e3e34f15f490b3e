"""`ledger verify`: every cached balance equals the sum of its entries, every lot's
remaining equals what was earned plus its movements, and nothing is negative."""

from contextlib import closing

import pytest

from terminal.domain.checkout import SaleLine, TenderRequest
from terminal.services.sales import SaleRequest
from terminal.store.ids import new_id


@pytest.fixture
def booked(shop):
    """Two members with points lots, stored value, a sale, a refund and an adjustment."""
    a = shop.sign_up(phone="13812345678", name="王小明")
    b = shop.sign_up(phone="13900139000", name="李四")
    shop.svc.wallet.top_up(a.card_no, 50_000, "cash", shop.cashier)  # + 40.00 bonus
    shop.svc.points.adjust(a.card_no, 500, "welcome", shop.cashier, shop.manager)
    sale = shop.svc.sales.checkout(
        SaleRequest(
            a.card_no,
            (SaleLine("food", 20_000),),
            TenderRequest(points=300, wallet_fen=10_000, cash_fen=10_000),
        ),
        shop.cashier,
    )
    shop.svc.refunds.refund(sale.sale_id, shop.cashier, shop.manager, 5_000)
    shop.svc.points.check_in(b.card_no, shop.cashier)
    shop.a, shop.b = a, b
    return shop


def _one(shop, sql: str, *params):
    with closing(shop.svc.db.raw_connection()) as conn:
        return conn.execute(sql, params).fetchone()


def _execute(shop, sql: str, *params) -> int:
    with closing(shop.svc.db.raw_connection()) as conn:
        return conn.execute(sql, params).rowcount


def test_verify_ok_after_operations(booked):
    report = booked.svc.setup.verify_ledger()
    assert report.ok, report.problems
    assert report.members == 2
    entries = _one(booked, "SELECT count(*) FROM ledger_entries")[0]
    assert report.entries == entries > 0
    # The cached balances really are the sums (checked here independently of verify()).
    for member_id, points, principal, bonus in _members(booked):
        sums = dict(
            _all(
                booked,
                "SELECT bucket, sum(amount) FROM ledger_entries WHERE member_id = ?"
                " GROUP BY bucket",
                member_id,
            )
        )
        assert (sums.get("points", 0), sums.get("principal", 0), sums.get("bonus", 0)) == (
            points,
            principal,
            bonus,
        )


def _all(shop, sql: str, *params) -> list[tuple]:
    with closing(shop.svc.db.raw_connection()) as conn:
        return conn.execute(sql, params).fetchall()


def _members(shop) -> list[tuple]:
    return _all(
        shop,
        "SELECT id, points_balance, wallet_principal_fen, wallet_bonus_fen FROM members"
        " ORDER BY id",
    )


@pytest.mark.parametrize(
    ("column", "bucket"),
    [
        ("points_balance", "points"),
        ("wallet_principal_fen", "principal"),
        ("wallet_bonus_fen", "bonus"),
    ],
)
def test_tampered_cached_balance_fails(booked, column, bucket):
    member_id = booked.a.id
    cached = _one(booked, f"SELECT {column} FROM members WHERE id = ?", member_id)[0]
    _execute(booked, f"UPDATE members SET {column} = {column} + 100 WHERE id = ?", member_id)
    report = booked.svc.setup.verify_ledger()
    assert not report.ok
    expected = (
        f"member {member_id}: {bucket} balance is {cached + 100} but its entries sum to {cached}"
    )
    assert expected in report.problems


def test_entry_inserted_directly_fails(booked):
    member_id = booked.b.id
    _execute(
        booked,
        "INSERT INTO ledger_entries (id, member_id, account, bucket, amount, kind, terminal,"
        " created_at) VALUES (?, ?, 'wallet', 'principal', 100000, 'topup', '001203',"
        " '2026-03-10 02:00:00')",
        new_id(),
        member_id,
    )
    report = booked.svc.setup.verify_ledger()
    assert not report.ok
    assert report.problems == [
        f"member {member_id}: principal balance is 0 but its entries sum to 100000"
    ]


def test_points_entry_inserted_directly_fails(booked):
    member_id = booked.a.id
    points = _one(booked, "SELECT points_balance FROM members WHERE id = ?", member_id)[0]
    _execute(
        booked,
        "INSERT INTO ledger_entries (id, member_id, account, bucket, amount, kind, terminal,"
        " created_at) VALUES (?, ?, 'points', 'points', 77, 'earn', '001203',"
        " '2026-03-10 02:00:00')",
        new_id(),
        member_id,
    )
    report = booked.svc.setup.verify_ledger()
    assert not report.ok
    assert (
        f"member {member_id}: points balance is {points} but its entries sum to {points + 77}"
        in report.problems
    )


def test_altered_lot_remaining_fails(booked):
    member_id = booked.a.id
    lot_id, amount, remaining = _one(
        booked,
        "SELECT id, amount, remaining FROM points_lots WHERE member_id = ? AND remaining > 0"
        " ORDER BY expires_on LIMIT 1",
        member_id,
    )
    _execute(booked, "UPDATE points_lots SET remaining = remaining + 10 WHERE id = ?", lot_id)
    report = booked.svc.setup.verify_ledger()
    assert not report.ok
    assert any(p.startswith(f"points lot {lot_id}:") for p in report.problems), report.problems
    assert any(p.startswith(f"member {member_id}: points lots hold") for p in report.problems), (
        report.problems
    )


def test_lots_rebalanced_between_themselves_still_fail(booked):
    """Moving points from one lot to another keeps the totals but breaks each lot's sum."""
    lots = _all(
        booked,
        "SELECT id FROM points_lots WHERE member_id = ? AND remaining > 0 ORDER BY id",
        booked.a.id,
    )
    assert len(lots) >= 2
    (first,), (second,) = lots[:2]
    _execute(booked, "UPDATE points_lots SET remaining = remaining - 1 WHERE id = ?", first)
    _execute(booked, "UPDATE points_lots SET remaining = remaining + 1 WHERE id = ?", second)
    report = booked.svc.setup.verify_ledger()
    assert not report.ok
    flagged = {p.split(":")[0] for p in report.problems}
    assert flagged == {f"points lot {first}", f"points lot {second}"}


def test_negative_balance_is_reported_even_when_cache_matches(booked):
    member_id = booked.b.id
    _execute(
        booked,
        "INSERT INTO ledger_entries (id, member_id, account, bucket, amount, kind, terminal,"
        " created_at) VALUES (?, ?, 'wallet', 'bonus', -250, 'spend', '001203',"
        " '2026-03-10 02:00:00')",
        new_id(),
        member_id,
    )
    _execute(booked, "UPDATE members SET wallet_bonus_fen = -250 WHERE id = ?", member_id)
    report = booked.svc.setup.verify_ledger()
    assert report.problems == [f"member {member_id}: bonus balance is negative (-250)"]
