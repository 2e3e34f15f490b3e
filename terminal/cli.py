"""`posctl`, the admin command line of the member terminal.

Every command takes --db PATH (default: $POS_DB, else the app's data directory) and
--json (one JSON object on stdout; money in integer fen in fields ending in _fen).
Amounts typed on the command line are yuan ("123.45"). Bad input exits non-zero with
one clear line on stderr.
"""

import argparse
import json
import os
import sys
from collections.abc import Callable
from dataclasses import asdict, is_dataclass
from datetime import date
from pathlib import Path
from typing import Any

import platformdirs

from terminal.domain.checkout import SaleLine, TenderRequest
from terminal.domain.errors import InvalidInput, PosError
from terminal.domain.money import format_fen, parse_yuan
from terminal.services.facade import Services
from terminal.services.members import MemberView, SignUp, parse_birthday
from terminal.services.sales import SaleRequest
from terminal.sync import commands as sync_commands

APP_NAME = "member-terminal"
Handler = Callable[[Services, argparse.Namespace], dict[str, Any]]


def default_db() -> Path:
    env = os.environ.get("POS_DB")
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "terminal.db"


# --- argument types -------------------------------------------------------------------


def yuan(text: str) -> int:
    try:
        return parse_yuan(text)
    except InvalidInput as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def percent(text: str) -> int:
    """'12.5' -> 1250 basis points (parsed like money: two decimals, no floats)."""
    try:
        return parse_yuan(text.rstrip("%"))
    except InvalidInput:
        raise argparse.ArgumentTypeError(f"'{text}' is not a percentage (e.g. 12.5)") from None


def day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD)") from None


def line(text: str) -> SaleLine:
    category, sep, amount = text.rpartition(":")
    if not sep or not category:
        raise argparse.ArgumentTypeError(f"'{text}' is not CATEGORY:AMOUNT")
    return SaleLine(category.strip()[:40], yuan(amount))


# --- output ---------------------------------------------------------------------------


def member_json(m: MemberView) -> dict[str, Any]:
    return {
        "id": m.id,
        "card_no": m.card_no,
        "status": m.status,
        "name": m.name_masked,
        "phone": m.phone_masked,
        "tier": m.tier,
        "tier_name": m.tier_name,
        "next_tier": m.tier_progress.next_tier,
        "tier_period_spend_fen": m.tier_progress.spend_fen,
        "next_tier_remaining_fen": m.tier_progress.remaining_fen,
        "points": m.points,
        "points_expiring": m.points_expiring,
        "points_expired": m.points_expired,
        "wallet_fen": m.wallet_fen,
        "wallet_principal_fen": m.wallet_principal_fen,
        "wallet_bonus_fen": m.wallet_bonus_fen,
        "low_balance": m.low_balance,
        "birthday_this_month": m.birthday_this_month,
        "coupons": list(m.coupons),
        "existing": m.existing,
        "hotlisted": m.hotlisted,
        "balance_confirmed_at": (
            m.balance_confirmed_at.isoformat(timespec="seconds") + "Z"
            if m.balance_confirmed_at
            else None
        ),
    }


def _plain(value: Any) -> Any:
    if is_dataclass(value):
        return _plain(asdict(value))
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def render_text(data: dict[str, Any], indent: str = "") -> str:
    out = []
    for key, value in data.items():
        if isinstance(value, dict):
            out.append(f"{indent}{key}:")
            out.append(render_text(value, indent + "  "))
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            out.append(f"{indent}{key}:")
            for item in value:
                out.append(render_text(item, indent + "  - "))
        else:
            if key.endswith("_fen") and isinstance(value, int):
                key, value = key[:-4], format_fen(value)
            elif isinstance(value, list):
                value = ", ".join(map(str, value)) or "-"
            out.append(f"{indent}{key}: {value}")
    return "\n".join(out)


# --- commands -------------------------------------------------------------------------


def cmd_init(svc: Services, a: argparse.Namespace) -> dict[str, Any]:
    return _plain(svc.setup.init(a.store, a.terminal, a.store_name, a.timezone))


def cmd_status(svc: Services, a: argparse.Namespace) -> dict[str, Any]:
    return _plain(svc.setup.status())


def cmd_operator_add(svc: Services, a: argparse.Namespace) -> dict[str, Any]:
    approver = _approver(svc, a) if a.approver else None
    return _plain(svc.operators.add(a.name, a.role, a.pin, approver))


def cmd_operator_set_pin(svc: Services, a: argparse.Namespace) -> dict[str, Any]:
    return _plain(svc.operators.set_pin(a.name, a.pin, _approver(svc, a)))


def cmd_operator_list(svc: Services, a: argparse.Namespace) -> dict[str, Any]:
    return {"operators": _plain(svc.operators.list())}


def _operator(svc: Services, a: argparse.Namespace):
    return svc.operators.by_name(a.operator)


def _approver(svc: Services, a: argparse.Namespace, operator=None, second_person=False):
    return svc.operators.approve(a.approver, a.approver_pin, operator, second_person)


def cmd_member_add(svc: Services, a: argparse.Namespace) -> dict[str, Any]:
    operator = svc.operators.by_name(a.operator) if a.operator else None
    form = SignUp(
        phone=a.phone,
        name=a.name,
        consent=a.consent,
        birthday=parse_birthday(a.birthday),
        gender=a.gender,
        id_number=a.id_number,
        referrer=a.referrer,
    )
    return member_json(svc.members.sign_up(form, operator))


def cmd_member_show(svc: Services, a: argparse.Namespace) -> dict[str, Any]:
    # An enrolled terminal asks head office for a member it does not hold yet.
    finder = a.head_office.finder if a.head_office else svc.members
    return member_json(finder.find(a.query))


def cmd_member_search(svc: Services, a: argparse.Namespace) -> dict[str, Any]:
    return {"members": [member_json(m) for m in svc.members.search(a.last4, a.name or "")]}


def cmd_member_update(svc: Services, a: argparse.Namespace) -> dict[str, Any]:
    operator = _operator(svc, a)
    approver = _approver(svc, a, operator, second_person=True) if a.approver else None
    return member_json(
        svc.members.update(
            a.query,
            operator,
            name=a.name,
            birthday=parse_birthday(a.birthday),
            gender=a.gender,
            phone=a.phone,
            approver=approver,
        )
    )


def cmd_member_unmask(svc: Services, a: argparse.Namespace) -> dict[str, Any]:
    return svc.members.reveal(a.query, _approver(svc, a))


def cmd_topup(svc: Services, a: argparse.Namespace) -> dict[str, Any]:
    r = svc.wallet.top_up(a.card, a.amount, a.tender, _operator(svc, a), a.reference)
    return {
        "topup_id": r.topup_id,
        "receipt_no": r.receipt_no,
        "member_id": r.member_id,
        "amount_fen": r.amount_fen,
        "bonus_fen": r.bonus_fen,
        "wallet_fen": r.wallet_fen,
        "wallet_principal_fen": r.wallet_principal_fen,
        "wallet_bonus_fen": r.wallet_bonus_fen,
        "low_balance": r.low_balance,
    }


def cmd_sale(svc: Services, a: argparse.Namespace) -> dict[str, Any]:
    lines = list(a.line or [])
    if a.amount is not None:
        lines.insert(0, SaleLine(a.category, a.amount))
    if not lines:
        raise InvalidInput("give the sale's --amount (or one or more --line CATEGORY:AMOUNT)")
    tenders = TenderRequest(
        points=a.points,
        wallet_fen=a.wallet,
        cash_fen=a.cash,
        card_fen=a.card_amount,
        mobile_fen=a.mobile,
    )
    r = svc.sales.checkout(
        SaleRequest(a.card, tuple(lines), tenders, a.coupon, a.card_ref, a.mobile_ref),
        _operator(svc, a),
    )
    p = r.priced
    return {
        "sale_id": r.sale_id,
        "receipt_no": r.receipt_no,
        "card_no": r.card_no,
        "subtotal_fen": p.subtotal_fen,
        "discount_fen": p.discount_fen,
        "tier_discount_fen": p.tier_discount_fen,
        "coupon_discount_fen": p.coupon_discount_fen,
        "due_fen": p.due_fen,
        "points_spent": p.points_spent,
        "points_value_fen": p.points_value_fen,
        "wallet_spent_fen": p.wallet_fen,
        "cash_fen": p.cash_fen,
        "card_fen": p.card_fen,
        "mobile_fen": p.mobile_fen,
        "change_fen": p.change_fen,
        "points_earned": p.points_earned,
        "points_balance": r.points_balance,
        "wallet_fen": r.wallet_principal_fen + r.wallet_bonus_fen,
        "wallet_principal_fen": r.wallet_principal_fen,
        "wallet_bonus_fen": r.wallet_bonus_fen,
        "tier": r.tier,
        "promoted_to": r.promoted_to,
        "low_balance": r.low_balance,
        "rule_version": r.rule_version,
    }


def cmd_refund(svc: Services, a: argparse.Namespace) -> dict[str, Any]:
    operator = _operator(svc, a)
    r = svc.refunds.refund(a.sale, operator, _approver(svc, a, operator), a.amount, a.reason)
    return {
        "refund_id": r.refund_id,
        "receipt_no": r.receipt_no,
        "sale_id": r.sale_id,
        "amount_fen": r.amount_fen,
        **{f"refunded_{k}_fen": v for k, v in r.amounts.items()},
        "points_back": r.points_back,
        "points_clawback": r.points_clawback,
        "points_unrecovered": r.points_unrecovered,
        "refunded_total_fen": r.refunded_total_fen,
        "sale_due_fen": r.sale_due_fen,
        "points_balance": r.points_balance,
        "wallet_fen": r.wallet_principal_fen + r.wallet_bonus_fen,
        "wallet_principal_fen": r.wallet_principal_fen,
        "wallet_bonus_fen": r.wallet_bonus_fen,
    }


def cmd_adjust(svc: Services, a: argparse.Namespace) -> dict[str, Any]:
    operator = _operator(svc, a)
    return _plain(
        svc.points.adjust(a.card, a.points, a.reason, operator, _approver(svc, a, operator))
    )


def cmd_checkin(svc: Services, a: argparse.Namespace) -> dict[str, Any]:
    return _plain(svc.points.check_in(a.card, _operator(svc, a)))


def cmd_redeem(svc: Services, a: argparse.Namespace) -> dict[str, Any]:
    return _plain(svc.points.redeem(a.card, a.sku, _operator(svc, a), a.qty))


def cmd_catalogue_add(svc: Services, a: argparse.Namespace) -> dict[str, Any]:
    return _plain(svc.points.add_item(a.sku, a.name, a.points, a.stock, _approver(svc, a)))


def cmd_catalogue_list(svc: Services, a: argparse.Namespace) -> dict[str, Any]:
    return {"items": _plain(svc.points.catalogue())}


def cmd_coupon_issue(svc: Services, a: argparse.Namespace) -> dict[str, Any]:
    kind, value = ("amount", a.amount) if a.amount is not None else ("percent", a.percent)
    return _plain(
        svc.coupons.issue(
            kind, value, _approver(svc, a), min_spend_fen=a.min_spend, days=a.days, member=a.member
        )
    )


def cmd_coupon_birthday(svc: Services, a: argparse.Namespace) -> dict[str, Any]:
    return _plain(svc.coupons.issue_birthday(a.as_of))


def cmd_coupon_list(svc: Services, a: argparse.Namespace) -> dict[str, Any]:
    return {"coupons": _plain(svc.coupons.for_member(a.card))}


def cmd_expire(svc: Services, a: argparse.Namespace) -> dict[str, Any]:
    return _plain(svc.points.expire(a.as_of))


def cmd_tiers_evaluate(svc: Services, a: argparse.Namespace) -> dict[str, Any]:
    return _plain(svc.tiers.evaluate(a.as_of))


def cmd_tiers_set(svc: Services, a: argparse.Namespace) -> dict[str, Any]:
    operator = _operator(svc, a)
    tier = svc.tiers.set_tier(a.card, a.tier, a.reason, operator, _approver(svc, a, operator))
    return {"card": a.card, "tier": tier}


def cmd_rules_show(svc: Services, a: argparse.Namespace) -> dict[str, Any]:
    version, rules = svc.setup.rules()
    return {"version": version, "rules": rules.to_dict()}


def cmd_rules_set(svc: Services, a: argparse.Namespace) -> dict[str, Any]:
    changes = {}
    for item in a.settings:
        key, sep, raw = item.partition("=")
        if not sep:
            raise InvalidInput(f"'{item}' is not KEY=VALUE")
        try:
            changes[key.strip()] = json.loads(raw)
        except json.JSONDecodeError:
            changes[key.strip()] = raw
    version, rules = svc.setup.set_rules(changes, _approver(svc, a))
    return {"version": version, "rules": rules.to_dict()}


def cmd_ledger_verify(svc: Services, a: argparse.Namespace) -> dict[str, Any]:
    report = svc.setup.verify_ledger()
    result = {
        "ok": report.ok,
        "members": report.members,
        "entries": report.entries,
        "problems": report.problems[:100],
    }
    if not report.ok:
        raise VerifyFailed(
            result,
            f"ledger check FAILED: {len(report.problems)} problem(s); first: {report.problems[0]}",
        )
    return result


def cmd_audit_verify(svc: Services, a: argparse.Namespace) -> dict[str, Any]:
    report = svc.setup.verify_audit()
    result = {"ok": report.ok, "rows": report.rows, "problems": report.problems[:100]}
    if not report.ok:
        raise VerifyFailed(
            result,
            f"audit check FAILED: {len(report.problems)} problem(s); first: {report.problems[0]}",
        )
    return result


def cmd_backup(svc: Services, a: argparse.Namespace) -> dict[str, Any]:
    return _plain(svc.setup.back_up(a.file))


def cmd_demo_seed(svc: Services, a: argparse.Namespace) -> dict[str, Any]:
    from terminal.services.demo import seed

    def progress(done: int, total: int) -> None:
        if not a.json and sys.stderr.isatty():
            print(f"\r{done:,}/{total:,} members", end="", file=sys.stderr, flush=True)

    return _plain(seed(svc, a.members, a.seed, progress))


class VerifyFailed(PosError):
    def __init__(self, result: dict[str, Any], message: str) -> None:
        super().__init__(message)
        self.result = result


# --- parser ---------------------------------------------------------------------------


def cmd_sync_enrol(svc: Services, a: argparse.Namespace) -> dict[str, Any]:
    return sync_commands.sync_enrol(svc, a.url, a.code)


def cmd_sync_now(svc: Services, a: argparse.Namespace) -> dict[str, Any]:
    return sync_commands.sync_now(svc, a.head_office)


def cmd_sync_status(svc: Services, a: argparse.Namespace) -> dict[str, Any]:
    return sync_commands.sync_status(svc, a.head_office, probe=not a.no_probe)


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        type=Path,
        default=argparse.SUPPRESS,
        help="database file (default: $POS_DB or the app's data directory)",
    )
    common.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="print one JSON object"
    )
    parser = argparse.ArgumentParser(
        prog="posctl", parents=[common], description="Admin command line of the member terminal."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def cmd(subparsers, name: str, handler: Handler, help_: str) -> argparse.ArgumentParser:
        p = subparsers.add_parser(name, parents=[common], help=help_, description=help_)
        p.set_defaults(handler=handler)
        return p

    def group(name: str, help_: str):
        p = sub.add_parser(name, help=help_, description=help_)
        return p.add_subparsers(dest="action", required=True, metavar="ACTION")

    def needs_operator(p):
        p.add_argument("--operator", required=True, help="the operator's name")

    def needs_approver(p):
        p.add_argument("--approver", required=True, help="approving manager's name")
        p.add_argument("--approver-pin", required=True, help="approving manager's PIN")

    p = cmd(sub, "init", cmd_init, "set up a new terminal database")
    p.add_argument("--store", type=int, default=1, help="store number (1-9999)")
    p.add_argument("--terminal", type=int, default=1, help="terminal number (1-99)")
    p.add_argument("--store-name", default="")
    p.add_argument("--timezone", default="Asia/Shanghai")
    cmd(sub, "status", cmd_status, "terminal identity, rules version, members, queue")

    ops = group("operator", "cashiers and managers")
    p = cmd(ops, "add", cmd_operator_add, "add an operator")
    p.add_argument("--name", required=True)
    p.add_argument("--role", required=True, choices=["cashier", "manager"])
    p.add_argument("--pin", required=True, help="4 to 8 digits")
    p.add_argument("--approver", help="approving manager (needed once a manager exists)")
    p.add_argument("--approver-pin")
    p = cmd(ops, "set-pin", cmd_operator_set_pin, "set a new PIN (unlocks a locked operator)")
    p.add_argument("--name", required=True)
    p.add_argument("--pin", required=True, help="4 to 8 digits")
    needs_approver(p)
    cmd(ops, "list", cmd_operator_list, "list operators")

    members = group("member", "sign up, find and change members")
    p = cmd(members, "add", cmd_member_add, "sign a member up at the counter")
    p.add_argument("--phone", required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--birthday", help="YYYY-MM-DD")
    p.add_argument("--gender", choices=["F", "M"])
    p.add_argument("--id-number", help="resident ID card number (optional)")
    p.add_argument("--referrer", help="card number of the referring member")
    p.add_argument("--consent", action="store_true", help="the member accepted the privacy terms")
    p.add_argument("--operator", help="the operator's name (default: the first operator)")
    p = cmd(members, "show", cmd_member_show, "show a member by card or phone")
    p.set_defaults(uses_head_office=True)
    p.add_argument("query", metavar="CARD|PHONE")
    p = cmd(members, "search", cmd_member_search, "find members by last four phone digits")
    p.add_argument("--last4", required=True)
    p.add_argument("--name", help="part of the name")
    p = cmd(
        members,
        "update",
        cmd_member_update,
        "change a member's details (a phone change needs a second person's approval)",
    )
    p.add_argument("query", metavar="CARD|PHONE")
    p.add_argument("--name")
    p.add_argument("--birthday")
    p.add_argument("--gender", choices=["F", "M"])
    p.add_argument("--phone")
    needs_operator(p)
    p.add_argument("--approver")
    p.add_argument("--approver-pin")
    p = cmd(members, "unmask", cmd_member_unmask, "show unmasked details (manager, audited)")
    p.add_argument("query", metavar="CARD|PHONE")
    needs_approver(p)

    p = cmd(sub, "topup", cmd_topup, "add stored value to a member's card")
    p.add_argument("card", metavar="CARD")
    p.add_argument("amount", type=yuan, metavar="AMOUNT")
    p.add_argument("--tender", required=True, choices=["cash", "card", "mobile"])
    p.add_argument("--reference", help="card or mobile payment reference")
    needs_operator(p)

    p = cmd(sub, "sale", cmd_sale, "check out a sale for a member")
    p.set_defaults(uses_head_office=True)
    p.add_argument("card", metavar="CARD")
    p.add_argument("--amount", type=yuan, help="the bill before discounts")
    p.add_argument("--category", default="general")
    p.add_argument("--line", type=line, action="append", help="CATEGORY:AMOUNT (repeatable)")
    p.add_argument("--coupon")
    p.add_argument("--points", type=int, default=0, help="points to pay with")
    p.add_argument("--wallet", type=yuan, default=0, help="stored value to pay with")
    p.add_argument("--cash", type=yuan, default=0, help="cash handed over")
    p.add_argument("--card", dest="card_amount", type=yuan, default=0, help="bank card amount")
    p.add_argument("--card-ref")
    p.add_argument("--mobile", type=yuan, default=0, help="mobile payment amount")
    p.add_argument("--mobile-ref")
    needs_operator(p)

    p = cmd(sub, "refund", cmd_refund, "refund a sale, whole or in part (manager approval)")
    p.add_argument("sale", metavar="SALE_ID|RECEIPT_NO")
    p.add_argument("--amount", type=yuan, help="default: everything not yet refunded")
    p.add_argument("--reason", default="")
    needs_operator(p)
    needs_approver(p)

    p = cmd(sub, "adjust", cmd_adjust, "adjust points by hand (reason and manager approval)")
    p.add_argument("card", metavar="CARD")
    p.add_argument("--points", type=int, required=True)
    p.add_argument("--reason", required=True)
    needs_operator(p)
    needs_approver(p)

    p = cmd(sub, "checkin", cmd_checkin, "daily check-in points")
    p.add_argument("card", metavar="CARD")
    needs_operator(p)

    p = cmd(sub, "redeem", cmd_redeem, "exchange points for a catalogue item")
    p.set_defaults(uses_head_office=True)
    p.add_argument("card", metavar="CARD")
    p.add_argument("sku", metavar="SKU")
    p.add_argument("--qty", type=int, default=1)
    needs_operator(p)

    cat = group("catalogue", "the points catalogue")
    p = cmd(cat, "add", cmd_catalogue_add, "add or change a catalogue item")
    p.add_argument("--sku", required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--points", type=int, required=True)
    p.add_argument("--stock", type=int, required=True)
    needs_approver(p)
    cmd(cat, "list", cmd_catalogue_list, "list catalogue items")

    coupons = group("coupon", "coupons")
    p = cmd(coupons, "issue", cmd_coupon_issue, "issue a coupon (manager)")
    kind = p.add_mutually_exclusive_group(required=True)
    kind.add_argument("--amount", type=yuan, help="money off, in yuan")
    kind.add_argument("--percent", type=percent, help="percent off, e.g. 12.5")
    p.add_argument("--min-spend", type=yuan, default=0)
    p.add_argument("--days", type=int, default=30)
    p.add_argument("--member", help="card of the only member who may use it")
    needs_approver(p)
    p = cmd(coupons, "birthday", cmd_coupon_birthday, "issue this month's birthday coupons")
    p.add_argument("--as-of", type=day)
    p = cmd(coupons, "list", cmd_coupon_list, "a member's unused coupons")
    p.add_argument("card", metavar="CARD")

    p = cmd(sub, "expire", cmd_expire, "expire points past their date")
    p.add_argument("--as-of", type=day)

    tiers = group("tiers", "tier evaluation and overrides")
    p = cmd(tiers, "evaluate", cmd_tiers_evaluate, "re-tier members on the last period")
    p.add_argument("--as-of", type=day)
    p = cmd(tiers, "set", cmd_tiers_set, "set a member's tier by hand (manager)")
    p.add_argument("card", metavar="CARD")
    p.add_argument("tier", metavar="TIER")
    p.add_argument("--reason", required=True)
    needs_operator(p)
    needs_approver(p)

    rules = group("rules", "business rules")
    cmd(rules, "show", cmd_rules_show, "show the rules in force")
    p = cmd(rules, "set", cmd_rules_set, "change rules: KEY=JSON_VALUE ... (manager)")
    p.add_argument("settings", nargs="+", metavar="KEY=VALUE")
    needs_approver(p)

    ledger = group("ledger", "the points and stored-value ledgers")
    cmd(ledger, "verify", cmd_ledger_verify, "recompute every balance from its entries")
    audit = group("audit", "the audit log")
    cmd(audit, "verify", cmd_audit_verify, "check the audit log's hash chain")

    p = cmd(sub, "backup", cmd_backup, "write a verified backup of the database to FILE")
    p.add_argument("file", type=Path, metavar="FILE")

    demo = group("demo", "demo data")
    p = cmd(demo, "seed", cmd_demo_seed, "add N demo members with a year of activity")
    p.add_argument("--members", type=int, required=True)
    p.add_argument("--seed", type=int, default=1)

    sync = group("sync", "sync with head office")
    p = cmd(sync, "enrol", cmd_sync_enrol, "enrol this terminal with head office")
    p.add_argument("url", metavar="URL", help="head office's address, e.g. https://ho.example")
    p.add_argument("code", metavar="CODE", help="the one-time code 'hoctl terminal enrol' printed")
    p = cmd(sync, "now", cmd_sync_now, "one push and one pull; reports what moved")
    p.set_defaults(uses_head_office=True)
    p = cmd(sync, "status", cmd_sync_status, "online or not, queue, last push and pull")
    p.add_argument("--no-probe", action="store_true", help="do not ask head office")
    p.set_defaults(uses_head_office=True)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    args.json = as_json = getattr(args, "json", False)
    db_path = getattr(args, "db", None) or default_db()
    svc = None
    args.head_office = None
    try:
        svc = Services.open(db_path)
        if getattr(args, "uses_head_office", False):
            args.head_office = sync_commands.attach(svc)
        result = args.handler(svc, args)
    except VerifyFailed as exc:
        _emit(exc.result, as_json)
        print(f"posctl: {exc}", file=sys.stderr)
        return 1
    except PosError as exc:
        print(f"posctl: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(
            "posctl: interrupted; every finished step is saved, none half-written", file=sys.stderr
        )
        return 130
    finally:
        if args.head_office is not None:
            args.head_office.close()
        if svc is not None:
            svc.close()
    _emit(result, as_json)
    return 0


def _emit(result: dict[str, Any], as_json: bool) -> None:
    text = json.dumps(result, ensure_ascii=False, default=str) if as_json else render_text(result)
    try:
        print(text)
    except BrokenPipeError:  # `posctl ... | head`: the reader has all it wanted
        sys.stdout = None


if __name__ == "__main__":
    sys.exit(main())
