"""`posctl`, driven in-process through `terminal.cli.main` (and a few real subprocesses).

Amounts on the command line are yuan; in JSON, money is integer fen in fields ending in
`_fen`. Success exits 0; a business error exits 1 and malformed arguments exit 2 (argparse),
each with a clear message on stderr and never a traceback.
"""

import io
import json
import os
import shutil
import sqlite3
import subprocess
from contextlib import closing, redirect_stdout
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from terminal.cli import main
from terminal.domain.cards import TerminalNumber, is_card_no, make_card_no
from terminal.services.facade import Services
from terminal.store.models import AuditRow
from tests.helpers.clock import FakeClock

POSCTL = Path(__file__).resolve().parents[2] / ".venv" / "bin" / "posctl"
PHONE = "13812345678"
MASKED = "138****5678"
MANAGER = ["--approver", "manager", "--approver-pin", "9999"]
CASHIER = ["--operator", "cashier"]


class Cli:
    """Runs `posctl --db DB ...` in-process and captures what it prints."""

    def __init__(self, db: Path, capsys) -> None:
        self.db = db
        self.capsys = capsys

    def run(self, *args: str, as_json: bool = True) -> tuple[int, str, str]:
        argv = ["--db", str(self.db), *args]
        if as_json:
            argv.append("--json")
        self.capsys.readouterr()  # drop anything printed before
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse refuses malformed arguments this way
            code = exc.code
        out, err = self.capsys.readouterr()
        return code, out, err

    def ok(self, *args: str) -> dict:
        code, out, err = self.run(*args)
        assert code == 0, f"posctl {' '.join(args)} failed: {err}"
        assert err == ""
        lines = out.strip().splitlines()
        assert len(lines) == 1, f"--json must print one object, got {out!r}"
        data = json.loads(lines[0])
        _assert_fen_are_integers(data)
        return data

    def fails(self, *args: str, code: int = 1) -> str:
        """Run a command that must fail; return its one-line error message."""
        got, out, err = self.run(*args)
        assert got == code, f"expected exit {code}, got {got}; stdout={out!r} stderr={err!r}"
        assert "Traceback" not in err
        lines = [line for line in err.strip().splitlines() if line.strip()]
        assert lines, "no message on stderr"
        if code == 1:
            assert len(lines) == 1, f"expected one line on stderr, got {err!r}"
            assert lines[0].startswith("posctl: ")
            assert out == ""
        return lines[-1]

    def member(self, query: str) -> dict:
        return self.ok("member", "show", query)


def _assert_fen_are_integers(data) -> None:
    if isinstance(data, dict):
        for key, value in data.items():
            if key.endswith("_fen"):
                assert type(value) is int, f"{key} = {value!r} is not integer fen"
            _assert_fen_are_integers(value)
    elif isinstance(data, list):
        for item in data:
            _assert_fen_are_integers(item)


def _quiet_main(argv: list[str]) -> int:
    with redirect_stdout(io.StringIO()):
        return main(argv)


@pytest.fixture(scope="session")
def cli_template(tmp_path_factory) -> Path:
    """A database set up through posctl once per session: store 12, terminal 3, operators
    'cashier' (PIN 1111) and 'manager' (PIN 9999)."""
    path = tmp_path_factory.mktemp("cli-template") / "terminal.db"
    for argv in (
        ["init", "--store", "12", "--terminal", "3", "--store-name", "测试门店"],
        ["operator", "add", "--name", "cashier", "--role", "cashier", "--pin", "1111"],
        ["operator", "add", "--name", "manager", "--role", "manager", "--pin", "9999"],
    ):
        assert _quiet_main(["--db", str(path), *argv]) == 0
    return path


@pytest.fixture
def cli(cli_template, tmp_path, capsys) -> Cli:
    target = tmp_path / "pos" / "terminal.db"
    target.parent.mkdir()
    for suffix in ("", ".key", "-wal"):
        source = Path(str(cli_template) + suffix)
        if source.exists():
            shutil.copy(source, str(target) + suffix)
    return Cli(target, capsys)


@pytest.fixture
def card(cli) -> str:
    data = cli.ok(
        "member",
        "add",
        "--phone",
        PHONE,
        "--name",
        "王小明",
        "--birthday",
        "1990-03-07",
        "--consent",
    )
    return data["card_no"]


def _sqlite(path: Path, sql: str, *params) -> None:
    with closing(sqlite3.connect(path)) as conn:
        conn.execute(sql, params)
        conn.commit()


# --- init and operators ---------------------------------------------------------------


def test_init_is_repeatable_but_identity_cannot_change(cli):
    again = cli.ok("init", "--store", "12", "--terminal", "3")
    assert (again["store_no"], again["terminal_no"], again["rule_version"]) == (12, 3, 1)
    message = cli.fails("init", "--store", "12", "--terminal", "4")
    assert "cannot change" in message
    assert cli.ok("status")["terminal_no"] == 3


def test_init_and_operators_on_a_fresh_database(tmp_path, capsys):
    c = Cli(tmp_path / "new" / "terminal.db", capsys)
    status = c.ok("init", "--store", "12", "--terminal", "3", "--store-name", "测试门店")
    assert (status["store_no"], status["terminal_no"], status["store_name"]) == (12, 3, "测试门店")
    assert (status["timezone"], status["rule_version"], status["members"]) == (
        "Asia/Shanghai",
        1,
        0,
    )
    assert Path(str(c.db) + ".key").exists()
    manager = c.ok("operator", "add", "--name", "manager", "--role", "manager", "--pin", "9999")
    assert manager["role"] == "manager"
    assert c.ok("status")["outbox_pending"] >= 1  # the operator.added event is queued


def test_init_shows_the_recovery_code_once_and_it_gets_a_locked_out_manager_back(tmp_path, capsys):
    c = Cli(tmp_path / "new" / "terminal.db", capsys)
    code = c.ok("init", "--store", "12", "--terminal", "3")["recovery_code"]
    assert "recovery_code" not in c.ok("init", "--store", "12", "--terminal", "3")
    c.ok("operator", "add", "--name", "boss", "--role", "manager", "--pin", "9999")
    boss = ["--approver", "boss", "--approver-pin"]
    for _ in range(5):
        assert "wrong PIN" in c.fails("operator", "recovery-code", *boss, "0000")
    assert "locked" in c.fails("operator", "recovery-code", *boss, "9999")
    assert "not right" in c.fails(
        "operator", "recover", "--name", "boss", "--code", "0000-0000-0000-0000", "--pin", "2468"
    )
    done = c.ok("operator", "recover", "--name", "boss", "--code", code, "--pin", "2468")
    assert done["name"] == "boss" and done["recovery_code"] != code
    assert "shown only now" in done["recovery_note"]
    replaced = c.ok("operator", "recovery-code", *boss, "2468")["recovery_code"]
    assert "not right" in c.fails(
        "operator", "recover", "--name", "boss", "--code", done["recovery_code"], "--pin", "1357"
    )
    c.ok("operator", "recover", "--name", "boss", "--code", replaced, "--pin", "1357")


def test_init_rejects_bad_terminal_number(tmp_path, capsys):
    c = Cli(tmp_path / "fresh.db", capsys)
    assert "terminal number" in c.fails("init", "--terminal", "100")


def test_operator_add_and_list(cli):
    assert "manager's approval" in cli.fails(
        "operator", "add", "--name", "小李", "--role", "cashier", "--pin", "2468"
    )
    added = cli.ok(
        "operator", "add", "--name", "小李", "--role", "cashier", "--pin", "2468", *MANAGER
    )
    assert added["name"] == "小李" and added["role"] == "cashier" and added["id"]
    names = [op["name"] for op in cli.ok("operator", "list")["operators"]]
    assert sorted(names) == sorted(["cashier", "manager", "小李"])
    assert "already exists" in cli.fails(
        "operator", "add", "--name", "小李", "--role", "manager", "--pin", "1357", *MANAGER
    )
    assert "4 to 8 digits" in cli.fails(
        "operator", "add", "--name", "x", "--role", "cashier", "--pin", "12ab"
    )
    assert "invalid choice" in cli.fails(
        "operator", "add", "--name", "y", "--role", "boss", "--pin", "1234", code=2
    )


# --- members --------------------------------------------------------------------------


def test_member_add_needs_consent(cli):
    message = cli.fails("member", "add", "--phone", PHONE, "--name", "王小明")
    assert "consent" in message
    assert "no member with phone" in cli.fails("member", "show", PHONE)
    assert cli.ok("status")["members"] == 0


def test_member_add_and_show(cli, card):
    assert is_card_no(card) and card.startswith("001203")
    shown = cli.member(card)
    assert set(shown) >= {
        "id",
        "card_no",
        "tier",
        "points",
        "wallet_fen",
        "wallet_principal_fen",
        "wallet_bonus_fen",
        "phone",
    }
    assert shown["card_no"] == card
    assert shown["tier"] == "normal"
    assert shown["points"] == 0
    assert (shown["wallet_fen"], shown["wallet_principal_fen"], shown["wallet_bonus_fen"]) == (
        0,
        0,
        0,
    )
    assert shown["phone"] == MASKED
    assert "王小明" not in json.dumps(shown, ensure_ascii=False)
    # By phone (typed in any common way) it is the same member.
    assert cli.member(PHONE)["id"] == shown["id"]
    assert cli.member("+86 138 1234 5678")["id"] == shown["id"]
    # --json works before the command too.
    code, out, _ = cli.run("member", "show", card, as_json=False)
    assert code == 0 and f"card_no: {card}" in out and "wallet: ¥0.00" in out
    code, out, _ = cli.run("--json", "member", "show", card, as_json=False)
    assert code == 0 and json.loads(out)["id"] == shown["id"]


def test_second_sign_up_with_same_phone_finds_the_first(cli, card):
    first = cli.member(card)
    again = cli.ok("member", "add", "--phone", PHONE, "--name", "别人", "--consent")
    assert again["existing"] is True
    assert again["id"] == first["id"] and again["card_no"] == card
    assert cli.ok("status")["members"] == 1


def test_member_add_rejects_bad_input(cli):
    assert "phone" in cli.fails("member", "add", "--phone", "12345", "--name", "A", "--consent")
    assert "mobile" in cli.fails(
        "member", "add", "--phone", "01088886666", "--name", "A", "--consent"
    )
    assert "date" in cli.fails(
        "member", "add", "--phone", PHONE, "--name", "A", "--birthday", "1990-13-01", "--consent"
    )
    assert "ID card" in cli.fails(
        "member", "add", "--phone", PHONE, "--name", "A", "--id-number", "123", "--consent"
    )
    assert cli.ok("status")["members"] == 0


# --- stored value and sales -----------------------------------------------------------


def test_topup_with_bonus(cli, card):
    r = cli.ok("topup", card, "500", "--tender", "cash", *CASHIER)
    assert (r["amount_fen"], r["bonus_fen"]) == (50_000, 4_000)
    assert (r["wallet_fen"], r["wallet_principal_fen"], r["wallet_bonus_fen"]) == (
        54_000,
        50_000,
        4_000,
    )
    small = cli.ok("topup", card, "¥12.50", "--tender", "mobile", *CASHIER)
    assert (small["amount_fen"], small["bonus_fen"]) == (1_250, 0)
    shown = cli.member(card)
    assert (shown["wallet_fen"], shown["wallet_principal_fen"], shown["wallet_bonus_fen"]) == (
        55_250,
        51_250,
        4_000,
    )
    assert r["receipt_no"] != small["receipt_no"]


def test_sale_with_points_wallet_cash_and_change(cli, card):
    cli.ok("topup", card, "500", "--tender", "cash", *CASHIER)
    cli.ok("adjust", card, "--points", "500", "--reason", "welcome", *CASHIER, *MANAGER)
    sale = cli.ok(
        "sale",
        card,
        "--amount",
        "100",
        "--points",
        "200",
        "--wallet",
        "50",
        "--cash",
        "50",
        *CASHIER,
    )
    assert sale["sale_id"] and sale["receipt_no"]
    assert sale["discount_fen"] == 0
    assert sale["due_fen"] == 10_000
    assert sale["points_spent"] == 200
    assert sale["wallet_spent_fen"] == 5_000
    assert sale["cash_fen"] == 4_800  # 100 - 2 (points) - 50 (wallet)
    assert sale["change_fen"] == 200
    assert sale["points_earned"] == 98  # 1 point per yuan paid other than by points
    assert sale["points_balance"] == 500 - 200 + 98
    # Stored value: 50.00 split by the shares of 500.00 principal / 40.00 bonus, principal
    # rounded down: 50.00 * 500 / 540 = 46.296 -> 46.29 principal, 3.71 bonus.
    assert sale["wallet_fen"] == 49_000
    assert (sale["wallet_principal_fen"], sale["wallet_bonus_fen"]) == (45_371, 3_629)
    shown = cli.member(card)
    assert (shown["points"], shown["wallet_fen"]) == (398, 49_000)
    assert cli.ok("ledger", "verify")["ok"] is True


def test_sale_with_several_lines_and_card_payment(cli, card):
    sale = cli.ok(
        "sale",
        card,
        "--line",
        "food:30.10",
        "--line",
        "drinks:9.90",
        "--card",
        "40",
        "--card-ref",
        "POS123",
        *CASHIER,
    )
    assert (sale["subtotal_fen"], sale["due_fen"], sale["card_fen"]) == (4_000, 4_000, 4_000)
    assert (sale["cash_fen"], sale["change_fen"], sale["points_earned"]) == (0, 0, 40)
    assert "still due" in cli.fails("sale", card, "--amount", "10", "--cash", "5", *CASHIER)
    assert "--amount" in cli.fails("sale", card, "--cash", "5", *CASHIER)


def test_refund_by_receipt_number_with_approver_pin(cli, card):
    cli.ok("topup", card, "500", "--tender", "cash", *CASHIER)
    cli.ok("adjust", card, "--points", "500", "--reason", "welcome", *CASHIER, *MANAGER)
    before = cli.member(card)
    sale = cli.ok(
        "sale",
        card,
        "--amount",
        "100",
        "--points",
        "200",
        "--wallet",
        "50",
        "--cash",
        "50",
        *CASHIER,
    )
    after_sale = cli.member(card)

    # A wrong PIN refunds nothing.
    message = cli.fails(
        "refund", sale["receipt_no"], *CASHIER, "--approver", "manager", "--approver-pin", "0000"
    )
    assert "wrong PIN" in message
    assert cli.member(card) == after_sale

    # A cashier cannot approve.
    assert "not a manager" in cli.fails(
        "refund", sale["receipt_no"], *CASHIER, "--approver", "cashier", "--approver-pin", "1111"
    )
    assert cli.member(card) == after_sale

    refund = cli.ok("refund", sale["receipt_no"], "--reason", "退货", *CASHIER, *MANAGER)
    assert refund["sale_id"] == sale["sale_id"]
    assert refund["amount_fen"] == refund["refunded_total_fen"] == refund["sale_due_fen"]
    assert refund["amount_fen"] == 10_000
    # Each tender's share of the refund is reported; together they make up the refund.
    assert refund["refunded_points_value_fen"] == 200
    assert refund["refunded_cash_fen"] == 4_800
    # The stored value returned is 46.29 principal + 3.71 bonus, exactly what the sale took.
    assert refund["refunded_wallet_principal_fen"] == 4_629
    assert refund["refunded_wallet_bonus_fen"] == 371
    tenders = ("points_value", "wallet_principal", "wallet_bonus", "cash", "card", "mobile")
    assert sum(refund[f"refunded_{t}_fen"] for t in tenders) == refund["amount_fen"]
    assert (refund["points_back"], refund["points_clawback"]) == (200, 98)
    # And the member's balances after it.
    assert (refund["wallet_fen"], refund["wallet_principal_fen"], refund["wallet_bonus_fen"]) == (
        54_000,
        50_000,
        4_000,
    )
    assert refund["points_balance"] == 500
    restored = cli.member(card)
    for key in ("points", "wallet_fen", "wallet_principal_fen", "wallet_bonus_fen"):
        assert restored[key] == before[key], key

    assert "already been refunded" in cli.fails("refund", sale["sale_id"], *CASHIER, *MANAGER)
    assert "no sale" in cli.fails("refund", "0012-03-999999", *CASHIER, *MANAGER)


def test_partial_refunds_by_sale_id(cli, card):
    sale = cli.ok("sale", card, "--amount", "80", "--cash", "100", *CASHIER)
    assert sale["change_fen"] == 2_000
    first = cli.ok("refund", sale["sale_id"], "--amount", "30", *CASHIER, *MANAGER)
    assert (first["amount_fen"], first["refunded_cash_fen"], first["refunded_total_fen"]) == (
        3_000,
        3_000,
        3_000,
    )
    assert "at most ¥50.00" in cli.fails(
        "refund", sale["sale_id"], "--amount", "50.01", *CASHIER, *MANAGER
    )
    rest = cli.ok("refund", sale["sale_id"], *CASHIER, *MANAGER)
    assert rest["amount_fen"] == 5_000 and rest["refunded_total_fen"] == 8_000
    assert cli.member(card)["points"] == 0


# --- points -----------------------------------------------------------------------------


def test_adjust(cli, card):
    up = cli.ok("adjust", card, "--points", "300", "--reason", "goodwill", *CASHIER, *MANAGER)
    assert (up["points"], up["points_balance"]) == (300, 300)
    down = cli.ok("adjust", card, "--points", "-120", "--reason", "typo", *CASHIER, *MANAGER)
    assert (down["points"], down["points_balance"]) == (-120, 180)
    assert "reason" in cli.fails(
        "adjust", card, "--points", "5", "--reason", " ", *CASHIER, *MANAGER
    )
    assert "adjust by" in cli.fails(
        "adjust", card, "--points", "0", "--reason", "x", *CASHIER, *MANAGER
    )
    assert "wrong PIN" in cli.fails(
        "adjust",
        card,
        "--points",
        "5",
        "--reason",
        "x",
        *CASHIER,
        "--approver",
        "manager",
        "--approver-pin",
        "1234",
    )
    assert "180" in cli.fails(
        "adjust", card, "--points", "-1000", "--reason", "x", *CASHIER, *MANAGER
    )
    assert cli.member(card)["points"] == 180


def test_checkin_once_a_day(cli, card):
    first = cli.ok("checkin", card, *CASHIER)
    assert (first["points"], first["streak"], first["points_balance"]) == (5, 1, 5)
    assert "already checked in" in cli.fails("checkin", card, *CASHIER)
    assert cli.member(card)["points"] == 5


def test_expire(cli, card):
    # Points earned two years ago (written with a clock set back) are past their date.
    old = Services.open(cli.db, FakeClock(datetime(2024, 5, 1, 4, 0, tzinfo=UTC)))
    try:
        old.points.adjust(
            card,
            70,
            "old points",
            old.operators.by_name("cashier"),
            old.operators.by_name("manager"),
        )
    finally:
        old.close()
    cli.ok("adjust", card, "--points", "30", "--reason", "new", *CASHIER, *MANAGER)
    before = cli.member(card)
    assert (before["points"], before["points_expired"]) == (30, 70)
    run = cli.ok("expire")
    assert (run["members"], run["points"]) == (1, 70)
    after = cli.member(card)
    assert (after["points"], after["points_expired"]) == (30, 0)
    again = cli.ok("expire")
    assert (again["members"], again["points"]) == (0, 0)
    assert "ahead of today" in cli.fails("expire", "--as-of", "2999-01-01")
    assert "not a date" in cli.fails("expire", "--as-of", "2024-02-30", code=2)
    assert cli.ok("ledger", "verify")["ok"] is True


def test_tiers_evaluate(cli, card):
    run = cli.ok("tiers", "evaluate", "--as-of", "2026-01-15")
    assert run["as_of"] == "2026-01-15"
    assert run["period_start"] == "2025-01-01"
    assert (run["members"], run["promoted"], run["demoted"]) == (1, 0, 0)
    assert cli.member(card)["tier"] == "normal"


def test_catalogue_and_redeem(cli, card):
    item = cli.ok(
        "catalogue",
        "add",
        "--sku",
        "mug",
        "--name",
        "马克杯",
        "--points",
        "200",
        "--stock",
        "2",
        *MANAGER,
    )
    assert (item["sku"], item["points_price"], item["stock"]) == ("MUG", 200, 2)
    items = cli.ok("catalogue", "list")["items"]
    assert [(i["sku"], i["name"], i["stock"]) for i in items] == [("MUG", "马克杯", 2)]
    assert "200" in cli.fails("redeem", card, "MUG", *CASHIER)  # no points yet
    cli.ok("adjust", card, "--points", "500", "--reason", "promo", *CASHIER, *MANAGER)
    redeemed = cli.ok("redeem", card, "mug", *CASHIER)
    assert (redeemed["points"], redeemed["points_balance"]) == (-200, 300)
    assert "left in stock" in cli.fails("redeem", card, "MUG", "--qty", "2", *CASHIER)
    assert "no catalogue item" in cli.fails("redeem", card, "NOPE", *CASHIER)
    assert cli.ok("catalogue", "list")["items"][0]["stock"] == 1
    assert cli.member(card)["points"] == 300
    assert "wrong PIN" in cli.fails(
        "catalogue",
        "add",
        "--sku",
        "X",
        "--name",
        "x",
        "--points",
        "1",
        "--stock",
        "1",
        "--approver",
        "manager",
        "--approver-pin",
        "1111",
    )


def test_coupon_issue_and_sale_with_coupon(cli, card):
    coupon = cli.ok("coupon", "issue", "--amount", "10", "--min-spend", "50", *MANAGER)
    code = coupon["code"]
    assert (coupon["kind"], coupon["value"], coupon["min_spend_fen"]) == ("amount", 1_000, 5_000)
    assert "needs a spend" in cli.fails(
        "sale", card, "--amount", "40", "--coupon", code, "--cash", "40", *CASHIER
    )
    sale = cli.ok("sale", card, "--amount", "100", "--coupon", code, "--cash", "100", *CASHIER)
    assert (sale["coupon_discount_fen"], sale["discount_fen"], sale["due_fen"]) == (
        1_000,
        1_000,
        9_000,
    )
    assert (sale["change_fen"], sale["points_earned"]) == (1_000, 90)
    assert "already been used" in cli.fails(
        "sale", card, "--amount", "100", "--coupon", code, "--cash", "100", *CASHIER
    )
    assert "no coupon" in cli.fails(
        "sale", card, "--amount", "100", "--coupon", "CPNOTREAL", "--cash", "100", *CASHIER
    )
    assert cli.member(card)["points"] == 90


def test_coupon_for_one_member_only(cli, card):
    other = cli.ok("member", "add", "--phone", "13900139000", "--name", "李四", "--consent")
    coupon = cli.ok("coupon", "issue", "--percent", "10", "--member", card, *MANAGER)
    assert (coupon["kind"], coupon["value"]) == ("percent", 1_000)
    assert "another member" in cli.fails(
        "sale",
        other["card_no"],
        "--amount",
        "50",
        "--coupon",
        coupon["code"],
        "--cash",
        "50",
        *CASHIER,
    )
    sale = cli.ok(
        "sale", card, "--amount", "50", "--coupon", coupon["code"], "--cash", "45", *CASHIER
    )
    assert (sale["coupon_discount_fen"], sale["due_fen"], sale["change_fen"]) == (500, 4_500, 0)


# --- rules ------------------------------------------------------------------------------


def test_rules_show_and_set(cli, card):
    shown = cli.ok("rules", "show")
    assert shown["version"] == 1
    assert shown["rules"]["card_cap_fen"] == 500_000
    cli.ok("topup", card, "4900", "--tender", "card", *CASHIER)  # 4,900 + 100 bonus = cap
    assert "may not exceed" in cli.fails("topup", card, "0.01", "--tender", "cash", *CASHIER)

    changed = cli.ok("rules", "set", "card_cap_fen=600000", "checkin_points=7", *MANAGER)
    assert changed["version"] == 2
    assert changed["rules"]["card_cap_fen"] == 600_000
    assert cli.ok("rules", "show")["rules"]["checkin_points"] == 7
    assert cli.ok("topup", card, "100", "--tender", "cash", *CASHIER)["wallet_fen"] == 510_000
    assert cli.ok("checkin", card, *CASHIER)["points"] == 7

    assert "unknown rule setting" in cli.fails("rules", "set", "free_money=1", *MANAGER)
    assert "whole number" in cli.fails("rules", "set", "card_cap_fen=-5", *MANAGER)
    assert "not a manager" in cli.fails(
        "rules", "set", "card_cap_fen=1", "--approver", "cashier", "--approver-pin", "1111"
    )
    assert "KEY=VALUE" in cli.fails("rules", "set", "card_cap_fen", *MANAGER)
    assert cli.ok("rules", "show")["version"] == 2


# --- integrity checks -------------------------------------------------------------------


def test_ledger_verify_and_tampering(cli, card):
    cli.ok("topup", card, "100", "--tender", "cash", *CASHIER)
    cli.ok("sale", card, "--amount", "30", "--wallet", "30", *CASHIER)
    report = cli.ok("ledger", "verify")
    assert report["ok"] is True and report["members"] == 1 and report["entries"] >= 3
    _sqlite(cli.db, "UPDATE members SET wallet_principal_fen = wallet_principal_fen + 1")
    code, out, err = cli.run("ledger", "verify")
    assert code == 1
    assert json.loads(out)["ok"] is False
    assert err.startswith("posctl: ledger check FAILED") and err.count("\n") == 1


def test_audit_verify_and_tampering(cli, card):
    cli.ok("topup", card, "100", "--tender", "cash", *CASHIER)
    report = cli.ok("audit", "verify")
    assert report["ok"] is True and report["rows"] >= 5
    _sqlite(cli.db, "UPDATE audit_log SET details = '{}' WHERE action = 'wallet.topup'")
    code, out, err = cli.run("audit", "verify")
    assert code != 0
    assert json.loads(out)["ok"] is False
    assert err.startswith("posctl: audit check FAILED") and "altered" in err
    assert err.count("\n") == 1


# --- bad input --------------------------------------------------------------------------


def test_unknown_and_mistyped_cards(cli, card):
    unknown = make_card_no(TerminalNumber(12, 3), 999)
    assert "no member with card" in cli.fails("member", "show", unknown)
    assert "no member with card" in cli.fails("topup", unknown, "10", "--tender", "cash", *CASHIER)
    mistyped = card[:-2] + str((int(card[-2]) + 1) % 10) + card[-1]
    assert not is_card_no(mistyped)
    assert "check digit" in cli.fails("member", "show", mistyped)
    assert "check digit" in cli.fails("sale", mistyped, "--amount", "10", "--cash", "10", *CASHIER)
    assert "neither a card number nor a mobile" in cli.fails("member", "show", "abc")
    assert "no member with phone" in cli.fails("member", "show", "13900139000")


@pytest.mark.parametrize("amount", ["12.345", "abc", "-5", "1e3", ""])
def test_malformed_amounts_exit_2_with_a_clear_message(cli, card, amount):
    for args in (
        ("topup", card, amount, "--tender", "cash", *CASHIER),
        ("sale", card, "--amount", amount, "--cash", "10", *CASHIER),
        ("sale", card, "--amount", "10", "--wallet", amount, *CASHIER),
    ):
        last = cli.fails(*args, code=2)
        assert "error:" in last
        assert "not an amount in yuan" in last or "expected one argument" in last
    assert cli.member(card)["points"] == 0


def test_missing_operator_is_an_argument_error(cli, card):
    assert "--operator" in cli.fails("checkin", card, code=2)
    assert "no operator named 'nobody'" in cli.fails("checkin", card, "--operator", "nobody")


def test_insufficient_balance_changes_nothing(cli, card):
    cli.ok("topup", card, "20", "--tender", "cash", *CASHIER)
    before = cli.member(card)
    assert "stored value is ¥20.00" in cli.fails(
        "sale", card, "--amount", "50", "--wallet", "20.01", "--cash", "30", *CASHIER
    )
    assert "points" in cli.fails(
        "sale", card, "--amount", "50", "--points", "100", "--cash", "50", *CASHIER
    )
    assert "exceed the amount due" in cli.fails(
        "sale", card, "--amount", "10", "--wallet", "15", *CASHIER
    )
    assert "nothing is left to pay in cash" in cli.fails(
        "sale", card, "--amount", "10", "--wallet", "10", "--cash", "5", *CASHIER
    )
    assert cli.member(card) == before
    assert cli.ok("ledger", "verify")["ok"] is True


def test_over_the_card_cap_changes_nothing(cli, card):
    message = cli.fails("topup", card, "5000", "--tender", "cash", *CASHIER)
    assert "may not exceed ¥5,000.00" in message
    assert cli.member(card)["wallet_fen"] == 0
    cli.ok("topup", card, "4800", "--tender", "cash", *CASHIER)  # + 100 bonus = 4,900
    assert "at most ¥100.00" in cli.fails("topup", card, "100.01", "--tender", "cash", *CASHIER)
    assert cli.member(card)["wallet_fen"] == 490_000
    assert "more than ¥0.00" in cli.fails("topup", card, "0", "--tender", "cash", *CASHIER)


@pytest.mark.parametrize("with_key", [False, True], ids=["no-key", "key-beside-it"])
def test_not_a_database_gives_one_line(tmp_path, capsys, with_key):
    junk = tmp_path / "junk.db"
    junk.write_bytes(os.urandom(4096))
    if with_key:
        Path(str(junk) + ".key").write_bytes(os.urandom(32))
    c = Cli(junk, capsys)
    message = c.fails("status")  # exit 1, one line, no traceback
    assert "not a database" in message


def test_member_add_from_posctl_is_audited_without_an_operator(tmp_path, capsys):
    c = Cli(tmp_path / "bare.db", capsys)
    c.ok("init")
    added = c.ok("member", "add", "--phone", PHONE, "--name", "王小明", "--consent")
    svc = Services.open(tmp_path / "bare.db")
    try:
        with svc.db.read() as s:
            row = s.scalars(select(AuditRow).where(AuditRow.action == "member.sign_up")).one()
    finally:
        svc.close()
    assert (row.entity_id, row.operator_id) == (added["id"], None)


def test_uninitialised_database_says_run_init(tmp_path, capsys):
    c = Cli(tmp_path / "new.db", capsys)
    assert "posctl init" in c.fails("status")


def test_default_database_from_pos_db(tmp_path, capsys, monkeypatch):
    path = tmp_path / "env.db"
    monkeypatch.setenv("POS_DB", str(path))
    assert main(["init", "--store", "5", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["store_no"] == 5
    assert path.exists()


# --- the installed entry point ----------------------------------------------------------


def _posctl(db: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("POS_DB", "POS_KEY_FILE")}
    return subprocess.run(
        [str(POSCTL), "--db", str(db), *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )


def test_entry_point_runs_and_sets_exit_codes(tmp_path):
    assert POSCTL.exists(), "the posctl script is not installed in .venv"
    db = tmp_path / "sub.db"
    done = _posctl(db, "init", "--store", "7", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["store_no"] == 7

    bad_amount = _posctl(
        db, "topup", "000000000000", "12.345", "--tender", "cash", "--operator", "x"
    )
    assert bad_amount.returncode == 2
    assert "Traceback" not in bad_amount.stderr
    assert "not an amount in yuan" in bad_amount.stderr.strip().splitlines()[-1]

    unknown = _posctl(db, "member", "show", "13900139000")
    assert unknown.returncode == 1
    assert unknown.stdout == ""
    assert unknown.stderr.strip().splitlines() == ["posctl: no member with phone 139****9000"]


def test_entry_point_reports_a_broken_database_in_one_line(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(os.urandom(4096))
    done = _posctl(junk, "status")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
