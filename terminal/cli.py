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

from terminal.devices.printing.config import ENCODINGS
from terminal.domain.checkout import SaleLine, TenderRequest
from terminal.domain.errors import InvalidInput, PosError
from terminal.domain.money import format_fen, parse_yuan
from terminal.services.facade import Services
from terminal.services.members import MemberView, SignUp, parse_birthday
from terminal.services.sales import SaleRequest

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


RECOVERY_NOTE = (
    "Write the recovery code down and keep it away from the till: it is shown only now. "
    "A manager locked out with no other manager sets a new PIN with "
    "'posctl operator recover --name NAME --code CODE --pin PIN' or on the lock screen."
)


def cmd_init(svc: Services, a: argparse.Namespace) -> dict[str, Any]:
    result = _plain(svc.setup.init(a.store, a.terminal, a.store_name, a.timezone))
    if not svc.operators.has_recovery_code():  # the first init only: a code is shown once
        result["recovery_code"] = svc.operators.issue_recovery_code()
        result["recovery_note"] = RECOVERY_NOTE
    return result


def cmd_status(svc: Services, a: argparse.Namespace) -> dict[str, Any]:
    return _plain(svc.setup.status())


def cmd_operator_add(svc: Services, a: argparse.Namespace) -> dict[str, Any]:
    approver = _approver(svc, a) if a.approver else None
    return _plain(svc.operators.add(a.name, a.role, a.pin, approver))


def cmd_operator_set_pin(svc: Services, a: argparse.Namespace) -> dict[str, Any]:
    return _plain(svc.operators.set_pin(a.name, a.pin, _approver(svc, a)))


def cmd_operator_recover(svc: Services, a: argparse.Namespace) -> dict[str, Any]:
    operator, code = svc.operators.recover(a.name, a.code, a.pin)
    return {**_plain(operator), "recovery_code": code, "recovery_note": RECOVERY_NOTE}


def cmd_operator_recovery_code(svc: Services, a: argparse.Namespace) -> dict[str, Any]:
    code = svc.operators.issue_recovery_code(_approver(svc, a))
    return {"recovery_code": code, "recovery_note": RECOVERY_NOTE}


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
    problems = list(report.problems)
    result: dict[str, Any] = {"ok": report.ok, "rows": report.rows}
    if a.head_office is not None:
        from terminal.sync.anchor import check_against_anchor
        from terminal.sync.client import HeadOfficeError

        try:
            anchored = check_against_anchor(svc, a.head_office.client)
        except HeadOfficeError as exc:
            result["anchor"] = f"not checked: head office not reached ({exc})"
        else:
            result["anchor"] = (
                f"row {anchored.anchored_seq}" if anchored.anchored_seq else "none yet"
            )
            problems += anchored.problems
    result.update(ok=not problems, problems=problems[:100])
    if problems:
        raise VerifyFailed(
            result,
            f"audit check FAILED: {len(problems)} problem(s); first: {problems[0]}",
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


def cmd_receipt(svc: Services, a: argparse.Namespace) -> dict[str, Any]:
    from terminal.devices.printing import PrinterConfig
    from terminal.devices.printing.export import export_receipt, receipt_text

    config = PrinterConfig(
        kind="file",
        path="-",
        width_mm=a.width,
        encoding=a.encoding,
        image_fallback=a.image_fallback,
        language=a.language or "",
    )
    if a.key == "reprint":  # posctl receipt reprint NUMBER --approver ...
        if not a.number:
            raise InvalidInput("give the receipt number to reprint: receipt reprint NUMBER")
        a.key, a.reprint = a.number, True
    elif a.number:
        raise InvalidInput(f"unexpected '{a.number}': give one receipt number or id")
    approved_by = None
    if a.signup:
        receipt = svc.receipts.sign_up(a.key)
    elif a.reprint:
        if not a.approver or not a.approver_pin:
            raise InvalidInput(
                "a reprint needs a manager's approval: add --approver NAME --approver-pin PIN"
            )
        approver = _approver(svc, a)
        operator = _operator(svc, a) if a.operator else approver
        reprint = svc.reprints.reprint(a.key, operator, approver)
        receipt, approved_by = reprint.receipt, reprint.approver
    else:
        receipt = svc.receipts.build(a.key)
    written = export_receipt(receipt, config, a.pdf, a.escpos, a.png)
    result: dict[str, Any] = {
        "kind": receipt.kind,
        "receipt_no": receipt.receipt_no,
        "reprint": receipt.reprint,
        "written": written,
    }
    if approved_by is not None:
        result["approver"] = approved_by
        result["reprinted_at"] = receipt.reprinted_at.isoformat()
    if a.json:
        result["receipt"] = receipt.to_dict()
    elif not written:
        result["text"] = "\n" + "\n".join(receipt_text(receipt, config))
    return result


def cmd_statement(svc: Services, a: argparse.Namespace) -> dict[str, Any]:
    from terminal.devices.printing.export import export_statement

    statement = svc.receipts.statement(a.card, a.start, a.end)
    written = export_statement(statement, a.pdf, a.language or "zh")
    return {
        "card_no": statement.member.card_no,
        "lines": len(statement.lines),
        "opening_points": statement.opening.points,
        "closing_points": statement.closing.points,
        "opening_wallet_fen": statement.opening.wallet_fen,
        "closing_wallet_fen": statement.closing.wallet_fen,
        "written": {"pdf": written},
    }


def cmd_devices_list(svc: Services | None, a: argparse.Namespace) -> dict[str, Any]:
    from terminal.devices.diagnostics import check_all
    from terminal.devices.ports import list_ports

    result: dict[str, Any] = {"ports": [_port_json(p) for p in list_ports()]}
    if svc is None:
        result["configured"] = []
        result["note"] = f"no database at {a.db_path}: showing the ports only"
    else:
        saved = svc.devices.current()
        result["settings_version"] = saved.version
        result["configured"] = _plain(check_all(saved.settings))
    if a.json:
        return result
    return {"devices": "\n" + "\n".join(_devices_table(result))}


def _devices_table(result: dict[str, Any]) -> list[str]:
    lines = ["serial ports present:"]
    for p in result["ports"]:
        about = " ".join(
            x for x in (p.get("manufacturer"), p.get("product") or p["description"]) if x
        )
        usb = f"  USB {p['usb_ids']}" if p["usb_ids"] else ""
        lines.append(f"  {p['device']:<16} {about}{usb}")
    if not result["ports"]:
        lines.append("  (none)")
    if "note" in result:
        return [*lines, result["note"]]
    lines.append(f"configured devices (settings version {result['settings_version']}):")
    for d in result["configured"]:
        lines.append(f"  {d['kind']:<8} {d['name']:<12} {d['address']:<28} {d['state']}")
        lines.append(f"  {'':<8} {'':<12} {d['detail']}")
    if not result["configured"]:
        lines.append("  (none: set them up in the device settings)")
    return lines


def _port_json(port) -> dict[str, Any]:
    data = {
        "device": port.device,
        "description": port.description,
        "usb_ids": port.usb_ids,
        "manufacturer": port.manufacturer,
        "product": port.product,
    }
    return {k: v for k, v in data.items() if v is not None}


def cmd_scan_test(svc: Services | None, a: argparse.Namespace) -> dict[str, Any]:
    from terminal.devices.config import ScannerConfig
    from terminal.devices.scanners import read_one_code

    if a.scanner:
        if svc is None:
            raise InvalidInput(f"no database at {a.db_path} to find scanner '{a.scanner}' in")
        config = svc.devices.load().scanner(a.scanner)
    elif a.port:
        config = ScannerConfig(
            name="scan-test",
            port=a.port,
            baudrate=a.baud,
            bytesize=a.bytesize,
            parity=a.parity,
            stopbits=a.stopbits,
            terminator=a.terminator,
        )
    else:
        raise InvalidInput("give --port PORT (or --scanner NAME of a configured scanner)")
    if not a.json and sys.stderr.isatty():
        print(f"scan a code within {a.timeout:g} s...", file=sys.stderr, flush=True)
    port, code = read_one_code(config, a.timeout)
    return {"port": port, "code": code}


def cmd_scan_sim(svc: Services | None, a: argparse.Namespace) -> dict[str, Any]:
    from terminal.devices.simulators.feeder import DEMO_CODES, check_codes, feed

    try:
        from terminal.devices.simulators.virtual_scanner import VirtualScanner
    except ImportError:  # no pseudo-terminals (Windows)
        raise InvalidInput("the virtual scanner needs Linux or macOS (pseudo-terminals)") from None

    try:
        codes = check_codes(a.codes or DEMO_CODES)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None
    if a.every < 0.05:
        raise InvalidInput("--every must be at least 0.05 seconds")
    try:
        sim = VirtualScanner(terminator=a.terminator)
    except OSError as exc:
        raise InvalidInput(f"cannot make a virtual serial port here: {exc}") from None
    with sim:
        info = sim.port_info()
        print(
            f"virtual scanner on {sim.port} (USB {info.usb_ids}, {a.terminator.upper()}); "
            f"try: posctl scan-test --port {sim.port}",
            file=sys.stderr if a.json else sys.stdout,
            flush=True,
        )

        def sent(code: str) -> None:
            if not a.json:
                print(f"scanned {code}", flush=True)

        try:
            count = feed(sim, codes, a.every, a.count, sent)
        except KeyboardInterrupt:
            count = None
    return {"port": info.device, "usb_ids": info.usb_ids, "sent": count}


def _saved_devices(saved, as_json: bool) -> dict[str, Any]:
    if as_json:
        return _plain(saved)
    return {
        "version": saved.version,
        "changed": saved.changed,
        "scanners": [f"{x.name} ({x.port or x.usb_ids})" for x in saved.settings.scanners],
        "printers": [f"{x.name} ({x.kind})" for x in saved.settings.printers],
    }


def cmd_devices_set_scanner(svc: Services, a: argparse.Namespace) -> dict[str, Any]:
    from terminal.devices.config import ScannerConfig, parse_usb_id
    from terminal.devices.ports import list_ports

    vid = pid = serial_no = None
    if a.usb:
        parts = a.usb.split(":")
        if len(parts) not in (2, 3):
            raise InvalidInput(f"'{a.usb}' is not VID:PID or VID:PID:SERIAL (e.g. 0C2E:0B61)")
        vid, pid = parse_usb_id(parts[0]), parse_usb_id(parts[1])
        serial_no = parts[2] if len(parts) == 3 else None
    elif a.usb_from_port:
        port = next((p for p in list_ports() if p.device == a.port), None)
        if port is None or port.vid is None:
            raise InvalidInput(f"{a.port} is not a USB serial port present now")
        vid, pid, serial_no = port.vid, port.pid, port.serial_number
    config = ScannerConfig(
        name=a.name,
        port=a.port or "",
        baudrate=a.baud,
        bytesize=a.bytesize,
        parity=a.parity,
        stopbits=a.stopbits,
        terminator=a.terminator,
        max_length=a.max_length,
        usb_vid=vid,
        usb_pid=pid,
        usb_serial=serial_no,
        enabled=not a.disabled,
    )
    settings = svc.devices.load().with_scanner(config)
    return _saved_devices(svc.devices.save(settings, _approver(svc, a)), a.json)


def cmd_devices_set_printer(svc: Services, a: argparse.Namespace) -> dict[str, Any]:
    from terminal.devices.config import printer_from_dict

    current = svc.devices.load()
    fields = {"name": a.name}
    if any(p.name == a.name for p in current.printers):
        fields = current.printer(a.name).to_dict()
    for item in a.settings:
        key, sep, raw = item.partition("=")
        if not sep:
            raise InvalidInput(f"'{item}' is not KEY=VALUE")
        try:
            fields[key.strip()] = json.loads(raw)
        except json.JSONDecodeError:
            fields[key.strip()] = raw
    settings = current.with_printer(printer_from_dict(fields))
    return _saved_devices(svc.devices.save(settings, _approver(svc, a)), a.json)


def cmd_devices_remove(svc: Services, a: argparse.Namespace) -> dict[str, Any]:
    settings = svc.devices.load().without(a.name)
    return _saved_devices(svc.devices.save(settings, _approver(svc, a)), a.json)


class VerifyFailed(PosError):
    def __init__(self, result: dict[str, Any], message: str) -> None:
        super().__init__(message)
        self.result = result


# --- parser ---------------------------------------------------------------------------


# The sync package (HTTP client, wire models) is imported only by the commands that need
# it: every other posctl command starts that much faster.


def cmd_sync_enrol(svc: Services, a: argparse.Namespace) -> dict[str, Any]:
    from terminal.sync import commands as sync_commands

    return sync_commands.sync_enrol(svc, a.url, a.code)


def cmd_sync_now(svc: Services, a: argparse.Namespace) -> dict[str, Any]:
    from terminal.sync import commands as sync_commands

    return sync_commands.sync_now(svc, a.head_office)


def cmd_sync_status(svc: Services, a: argparse.Namespace) -> dict[str, Any]:
    from terminal.sync import commands as sync_commands

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
    p = cmd(
        ops,
        "recover",
        cmd_operator_recover,
        "a locked-out manager sets a new PIN with the recovery code (a new code is shown)",
    )
    p.add_argument("--name", required=True, help="the manager's name")
    p.add_argument("--code", required=True, help="the recovery code shown at set-up")
    p.add_argument("--pin", required=True, help="the new PIN, 4 to 8 digits")
    p = cmd(ops, "recovery-code", cmd_operator_recovery_code, "replace the recovery code")
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
        "change a member's details (a manager, a second person, approves)",
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
    p = cmd(
        audit, "verify", cmd_audit_verify, "check the audit log's chain (and head office's anchor)"
    )
    p.set_defaults(uses_head_office=True)

    p = cmd(sub, "backup", cmd_backup, "write a verified backup of the database to FILE")
    p.add_argument("file", type=Path, metavar="FILE")

    p = cmd(sub, "receipt", cmd_receipt, "a receipt as text, PDF, ESC/POS bytes or a PNG")
    p.add_argument("key", metavar="SALE_ID|TOPUP_ID|REFUND_ID|RECEIPT_NO|reprint")
    p.add_argument("number", nargs="?", metavar="RECEIPT_NO", help="after 'reprint'")
    p.add_argument("--pdf", type=Path, metavar="FILE", help="write a PDF receipt")
    p.add_argument("--escpos", type=Path, metavar="FILE", help="write the ESC/POS bytes")
    p.add_argument("--png", type=Path, metavar="FILE", help="write a picture of the paper")
    p.add_argument("--width", type=int, choices=[58, 80], default=80, help="paper width, mm")
    p.add_argument(
        "--encoding",
        default="gb18030",
        type=str.lower,
        choices=sorted(ENCODINGS),
        help="the printer's character set (default gb18030)",
    )
    p.add_argument("--image-fallback", action="store_true", help="print Chinese text as images")
    p.add_argument("--language", choices=["zh", "en"], help="receipt wording")
    p.add_argument(
        "--reprint", action="store_true", help="mark as a reprint (manager approval, audited)"
    )
    p.add_argument("--signup", action="store_true", help="KEY is a card: the sign-up slip")
    p.add_argument("--operator", help="who reprints (default: the approving manager)")
    p.add_argument("--approver", help="approving manager's name (a reprint)")
    p.add_argument("--approver-pin", help="approving manager's PIN (a reprint)")

    p = cmd(sub, "statement", cmd_statement, "a member's A4 statement over a period, as PDF")
    p.add_argument("card", metavar="CARD|PHONE")
    p.add_argument("--from", dest="start", type=day, required=True, metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="end", type=day, required=True, metavar="YYYY-MM-DD")
    p.add_argument("--pdf", type=Path, required=True, metavar="FILE")
    p.add_argument("--language", choices=["zh", "en"])

    devices = group("devices", "scanners and printers")
    p = cmd(devices, "list", cmd_devices_list, "serial ports present, configured devices and state")
    p.set_defaults(needs_db="if-present")
    p = cmd(devices, "set-scanner", cmd_devices_set_scanner, "add or change a serial scanner")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--port", help="serial port: /dev/ttyACM0, COM3...")
    p.add_argument("--baud", type=int, default=9600)
    p.add_argument("--bytesize", type=int, default=8, choices=[5, 6, 7, 8])
    p.add_argument("--parity", default="N", choices=["N", "E", "O", "M", "S"])
    p.add_argument("--stopbits", default="1", choices=["1", "1.5", "2"])
    p.add_argument("--terminator", default="cr", choices=["cr", "lf", "crlf"])
    p.add_argument("--max-length", type=int, default=128, help="longest code accepted")
    usb = p.add_mutually_exclusive_group()
    usb.add_argument("--usb", metavar="VID:PID[:SERIAL]", help="find it by its USB ids")
    usb.add_argument(
        "--usb-from-port", action="store_true", help="take the USB ids of --port as it is now"
    )
    p.add_argument("--disabled", action="store_true", help="keep it configured but unused")
    needs_approver(p)
    p = cmd(devices, "set-printer", cmd_devices_set_printer, "add or change a receipt printer")
    p.add_argument("name", metavar="NAME")
    p.add_argument(
        "settings", nargs="*", metavar="KEY=VALUE", help="e.g. kind=network host=192.168.1.50"
    )
    needs_approver(p)
    p = cmd(devices, "remove", cmd_devices_remove, "remove a scanner or printer")
    p.add_argument("name", metavar="NAME")
    needs_approver(p)
    p = cmd(sub, "scan-test", cmd_scan_test, "print the next code read from a serial scanner")
    p.add_argument("--port", help="serial port: /dev/ttyACM0, /dev/ttyUSB0, COM3...")
    p.add_argument("--scanner", help="or: the name of a configured scanner")
    p.add_argument("--baud", type=int, default=9600)
    p.add_argument("--bytesize", type=int, default=8, choices=[5, 6, 7, 8])
    p.add_argument("--parity", default="N", choices=["N", "E", "O", "M", "S"])
    p.add_argument("--stopbits", default="1", choices=["1", "1.5", "2"])
    p.add_argument("--terminator", default="cr", choices=["cr", "lf", "crlf"])
    p.add_argument("--timeout", type=float, default=30.0, help="seconds to wait (default 30)")
    p.set_defaults(needs_db="if-present")
    p = cmd(sub, "scan-sim", cmd_scan_sim, "a virtual serial scanner that scans codes")
    p.add_argument("codes", nargs="*", metavar="CODE", help="codes to scan (default: demo codes)")
    p.add_argument("--every", type=float, default=2.0, help="seconds between scans (default 2)")
    p.add_argument("--count", type=int, help="stop after N scans (default: until Ctrl-C)")
    p.add_argument("--terminator", default="cr", choices=["cr", "lf", "crlf"])
    p.set_defaults(needs_db="no")

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
    args.db_path = db_path
    needs_db = getattr(args, "needs_db", "yes")  # device checks work without a database
    svc = None
    args.head_office = None
    try:
        if needs_db == "yes" or (needs_db == "if-present" and Path(db_path).exists()):
            svc = Services.open(db_path)
        if svc is not None and getattr(args, "uses_head_office", False):
            from terminal.sync import commands as sync_commands

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
