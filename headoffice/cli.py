"""`hoctl`: head office's admin command line.

Every command takes `--db URL` (default: `$POS_HO_DB`, else `headoffice.db` here) and
`--json` (one JSON object on stdout). Bad input exits non-zero with one clear line on
stderr, never a traceback.
"""

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select

from headoffice import anchors, auth, flags, ledger, members, rules, spending, stock
from headoffice.errors import HeadOfficeError, Invalid
from headoffice.models import Store, Terminal
from headoffice.service import HeadOffice
from terminal.domain import identity
from terminal.domain.errors import PosError

DEFAULT_DB = "headoffice.db"
Handler = Callable[[HeadOffice, argparse.Namespace], tuple[dict[str, Any], str]]


def cmd_store_add(ho: HeadOffice, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    store = ho.unit(lambda w: auth.add_store(w, args.store_no, args.name, args.timezone))
    data = {"store_no": store.store_no, "name": store.name, "timezone": store.timezone}
    return data, f"store {store.store_no} {store.name} added"


def cmd_store_list(ho: HeadOffice, _args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    stores = ho.read(
        lambda s: [
            {"store_no": x.store_no, "name": x.name, "timezone": x.timezone}
            for x in s.scalars(select(Store).order_by(Store.store_no))
        ]
    )
    text = "\n".join(f"{x['store_no']:>4}  {x['name']}  {x['timezone']}" for x in stores)
    return {"stores": stores}, text or "no stores yet"


def cmd_terminal_enrol(ho: HeadOffice, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    tid, code = ho.unit(lambda w: auth.issue_code(w, args.store_no, args.terminal_no))
    text = (
        f"terminal {tid}: one-time code {code} (valid {auth.CODE_TTL.total_seconds() / 3600:.0f}"
        f" h)\non the terminal: posctl sync enrol URL {code}"
    )
    return {"terminal_id": tid, "code": code}, text


def cmd_terminal_revoke(ho: HeadOffice, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    terminal = ho.unit(lambda w: auth.revoke(w, args.terminal_id))
    return {
        "terminal_id": terminal.id,
        "status": terminal.status,
    }, f"terminal {terminal.id} revoked"


def cmd_terminal_list(ho: HeadOffice, _args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    rows = ho.read(
        lambda s: [
            {
                "terminal_id": t.id,
                "status": t.status,
                "device_name": t.device_name,
                "last_seen_at": t.last_seen_at.isoformat() + "Z" if t.last_seen_at else None,
            }
            for t in s.scalars(select(Terminal).order_by(Terminal.id))
        ]
    )
    text = "\n".join(
        f"{t['terminal_id']}  {t['status']:<8} {t['device_name']}  "
        f"last seen {t['last_seen_at'] or 'never'}"
        for t in rows
    )
    return {"terminals": rows}, text or "no terminals yet"


def cmd_rules_show(ho: HeadOffice, _args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    version, current = ho.read(rules.current)
    body = current.to_dict()
    text = f"rules version {version}\n" + "\n".join(
        f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in body.items()
    )
    return {"version": version, "rules": body}, text


def cmd_rules_set(ho: HeadOffice, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    changes: dict[str, Any] = {}
    if args.file:
        try:
            loaded = json.loads(Path(args.file).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise Invalid(f"cannot read rules from {args.file}: {exc}") from None
        if not isinstance(loaded, dict):
            raise Invalid(f"{args.file} must hold a JSON object of rule settings")
        changes.update(loaded)
    for setting in args.settings:
        name, value = rules.parse_setting(setting)
        changes[name] = value
    if not changes:
        raise Invalid("give settings as name=value (see 'hoctl rules show') or --file FILE")
    version, _new = ho.unit(lambda w: rules.set_rules(w, changes))
    return {"version": version, "changed": sorted(changes)}, (
        f"rules version {version} published: {', '.join(sorted(changes))}"
    )


def cmd_catalogue_add(ho: HeadOffice, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    item = ho.unit(lambda w: rules.set_item(w, args.sku, args.name, args.points, args.stock))
    return (
        item.model_dump(),
        f"{item.sku} {item.name}: {item.points_price} points, {item.stock} left",
    )


def cmd_catalogue_list(ho: HeadOffice, _args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    def listing(session: Any) -> list[dict[str, Any]]:
        items = []
        for item in rules.catalogue(session):
            held = spending.held_stock(session, item.sku)
            items.append({**item.model_dump(), "held": held, "available": item.stock - held})
        return items

    items = ho.read(listing)
    text = "\n".join(
        f"{i['sku']:<12} {i['points_price']:>9} pts {i['stock']:>6} in stock "
        f"{i['held']:>4} held  {i['name']}"
        for i in items
    )
    return {"items": items}, text or "the catalogue is empty"


def _stock_text(item: Any, done: str) -> str:
    return f"{item.sku} {item.name}: {done}, {item.stock} in stock"


def cmd_catalogue_restock(ho: HeadOffice, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    item = ho.unit(lambda w: stock.restock(w, args.sku, args.quantity, args.note))
    return item.model_dump(), _stock_text(item, f"{args.quantity} added")


def cmd_catalogue_count(ho: HeadOffice, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    item = ho.unit(lambda w: stock.count(w, args.sku, args.stock, args.note))
    return item.model_dump(), _stock_text(item, "counted")


def cmd_catalogue_moves(ho: HeadOffice, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    moves = ho.read(lambda s: stock.moves(s, args.sku, args.limit))
    text = "\n".join(
        f"{m['at']} {m['kind']:<8} {m['delta']:>+6} -> {m['stock_after']:>6}  "
        f"{m['terminal_id'] or ''} {m['reference'] or m['note'] or ''}".rstrip()
        for m in moves
    )
    return {"sku": args.sku.strip().upper(), "moves": moves}, text or "no stock moves"


def cmd_member_show(ho: HeadOffice, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    def show(session: Any) -> dict[str, Any]:
        member = members.find(session, ho.db.vault, args.query)
        record = members.record(session, ho.db.vault, member)
        return {
            "id": member.id,
            "card_nos": record.card_nos,
            "tier": member.tier,
            "phone": identity.mask_phone(record.phone) if record.phone else None,
            "points": member.points,
            "wallet_fen": member.wallet_principal_fen + member.wallet_bonus_fen,
            "wallet_principal_fen": member.wallet_principal_fen,
            "wallet_bonus_fen": member.wallet_bonus_fen,
            "hotlisted": member.hotlisted,
            "store_no": member.store_no,
        }

    data = ho.read(show)
    text = (
        f"member {data['id']}  cards {', '.join(data['card_nos'])}  tier {data['tier']}\n"
        f"phone {data['phone']}  points {data['points']}  stored value "
        f"¥{data['wallet_fen'] / 100:.2f} (principal ¥{data['wallet_principal_fen'] / 100:.2f},"
        f" bonus ¥{data['wallet_bonus_fen'] / 100:.2f})"
        + ("  HOTLISTED" if data["hotlisted"] else "")
    )
    return data, text


def cmd_ledger_verify(ho: HeadOffice, _args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    count, bad = ho.read(ledger.verify)
    data = {"members": count, "mismatches": [m.__dict__ for m in bad], "ok": not bad}
    if bad:
        first = bad[0]
        raise LedgerBroken(
            f"{len(bad)} balance(s) differ from their entries, e.g. member {first.member_id} "
            f"{first.account}: cached {first.cached}, entries {first.entries}",
            data,
        )
    return data, f"ledger OK: {count} members, every balance equals the sum of its entries"


class LedgerBroken(HeadOfficeError):
    code = "ledger"

    def __init__(self, message: str, data: dict[str, Any]) -> None:
        super().__init__(message)
        self.data = data


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"'{text}' must not be negative")
    return value


def cmd_audit_anchors(ho: HeadOffice, _args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    rows = ho.read(anchors.listing)
    text = "\n".join(
        f"{r['terminal_id']}  row {r['seq']}  anchored {r['anchored_at']}"
        + (f"  ALARM: {r['alarm']} ({r['alarm_at']})" if r["alarm"] else "")
        for r in rows
    )
    return {"anchors": rows}, text or "no audit anchors yet"


def cmd_audit_accept(ho: HeadOffice, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    ho.unit(lambda w: anchors.accept(w, args.terminal_id))
    return {"terminal_id": args.terminal_id}, (
        f"terminal {args.terminal_id}: its next audit anchor starts afresh"
    )


def cmd_flags_list(ho: HeadOffice, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    rows = ho.read(lambda s: flags.listing(s, every=args.all))
    text = "\n".join(
        f"{r['id']:>5}  {r['message']}"
        + (f"  (acknowledged {r['acked_at']})" if r["acked_at"] else "")
        for r in rows
    )
    return {"flags": rows}, text or ("no flags" if args.all else "no open flags")


def cmd_flags_ack(ho: HeadOffice, args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    flag = ho.unit(lambda w: flags.ack(w, args.flag_id))
    return {"id": flag.id, "acked_at": flag.acked_at.isoformat() + "Z"}, (
        f"flag {flag.id} acknowledged: {flags.describe(flag)}"
    )


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, help="database URL or SQLite file")
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS)
    parser = argparse.ArgumentParser(
        prog="hoctl", description=__doc__.splitlines()[0], parents=[common]
    )
    groups = parser.add_subparsers(dest="group", required=True)

    def command(group: Any, name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        sub = group.add_parser(name, help=help_text, parents=[common])
        sub.set_defaults(handler=handler)
        return sub

    store = groups.add_parser("store", help="stores").add_subparsers(dest="action", required=True)
    sub = command(store, "add", cmd_store_add, "add a store")
    sub.add_argument("store_no", type=_positive)
    sub.add_argument("name")
    sub.add_argument("--timezone", default="Asia/Shanghai")
    command(store, "list", cmd_store_list, "list the stores")

    terminal = groups.add_parser("terminal", help="terminals").add_subparsers(
        dest="action", required=True
    )
    sub = command(terminal, "enrol", cmd_terminal_enrol, "a one-time enrolment code")
    sub.add_argument("store_no", type=_positive)
    sub.add_argument("--terminal-no", type=_positive, help="keep a standalone terminal's number")
    sub = command(terminal, "revoke", cmd_terminal_revoke, "refuse a terminal from now on")
    sub.add_argument("terminal_id")
    command(terminal, "list", cmd_terminal_list, "list the terminals")

    rule = groups.add_parser("rules", help="rules for every terminal").add_subparsers(
        dest="action", required=True
    )
    command(rule, "show", cmd_rules_show, "the current rules")
    sub = command(rule, "set", cmd_rules_set, "publish a new version: name=value ...")
    sub.add_argument("settings", nargs="*", metavar="NAME=VALUE")
    sub.add_argument("--file", help="a JSON object of settings")

    cat = groups.add_parser("catalogue", help="the points catalogue").add_subparsers(
        dest="action", required=True
    )
    sub = command(cat, "add", cmd_catalogue_add, "add or change an item")
    sub.add_argument("sku")
    sub.add_argument("name")
    sub.add_argument("--points", type=_positive, required=True)
    sub.add_argument("--stock", type=_positive, required=True)
    command(cat, "list", cmd_catalogue_list, "list the items, their stock and open holds")
    sub = command(cat, "restock", cmd_catalogue_restock, "add received stock of an item")
    sub.add_argument("sku")
    sub.add_argument("quantity", type=_positive)
    sub.add_argument("--note", help="e.g. the delivery note")
    sub = command(cat, "count", cmd_catalogue_count, "set an item's stock to what was counted")
    sub.add_argument("sku")
    sub.add_argument("stock", type=_positive)
    sub.add_argument("--note", help="e.g. why it differs")
    sub = command(cat, "moves", cmd_catalogue_moves, "an item's latest stock changes")
    sub.add_argument("sku")
    sub.add_argument("--limit", type=_positive, default=50)

    member = groups.add_parser("member", help="members").add_subparsers(
        dest="action", required=True
    )
    sub = command(member, "show", cmd_member_show, "a member by phone or card")
    sub.add_argument("query", metavar="PHONE|CARD")

    book = groups.add_parser("ledger", help="the central ledgers").add_subparsers(
        dest="action", required=True
    )
    command(book, "verify", cmd_ledger_verify, "recompute every balance")

    audit = groups.add_parser("audit", help="the terminals' audit chains").add_subparsers(
        dest="action", required=True
    )
    command(audit, "anchors", cmd_audit_anchors, "each terminal's anchor, and any alarm")
    sub = command(audit, "accept", cmd_audit_accept, "accept a terminal's chain after an alarm")
    sub.add_argument("terminal_id")

    flag = groups.add_parser("flags", help="anomalies of the terminals").add_subparsers(
        dest="action", required=True
    )
    sub = command(flag, "list", cmd_flags_list, "open flags, newest first")
    sub.add_argument("--all", action="store_true", help="acknowledged ones too")
    sub = command(flag, "ack", cmd_flags_ack, "acknowledge a flag after looking into it")
    sub.add_argument("flag_id", type=_positive, metavar="ID")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    as_json = getattr(args, "json", False)
    url = getattr(args, "db", None) or os.environ.get("POS_HO_DB") or DEFAULT_DB
    ho = None
    try:
        ho = HeadOffice(url)
        data, text = args.handler(ho, args)
    except LedgerBroken as exc:
        if as_json:
            print(json.dumps(exc.data, ensure_ascii=False))
        print(f"hoctl: {exc.message}", file=sys.stderr)
        return 1
    except (HeadOfficeError, PosError) as exc:
        print(f"hoctl: {getattr(exc, 'message', None) or exc}", file=sys.stderr)
        return 2
    finally:
        if ho is not None:
            ho.close()
    print(json.dumps(data, ensure_ascii=False) if as_json else text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
