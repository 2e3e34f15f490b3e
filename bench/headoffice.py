"""Head office applying pushed events: N terminal events (sign-ups, top-ups, sales with
stored value and points, adjustments) sent in signed batches to the push endpoint
in-process (the FastAPI app through its test transport, no socket), each applied exactly
once into the central ledgers and the change feed. SQLite file or PostgreSQL.

    python -m bench.headoffice --events 100000
    python -m bench.headoffice --events 100000 --db postgresql+psycopg://postgres@127.0.0.1/test
"""

import argparse
import json
import random
import secrets
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.common import emit, machine, summary
from terminal.domain.cards import TerminalNumber, make_card_no
from terminal.domain.rules import Rules
from terminal.domain.wallet import bonus_for
from terminal.sync import protocol as p


def make_events(
    terminal_id: str, members: int, total: int, rng: random.Random
) -> Iterator[dict[str, Any]]:
    """`total` outbox-shaped events of one terminal: `members` sign-ups first, then a
    mix of top-ups (60%, within the card cap, else a sale), sales (35%) and points
    adjustments (5%)."""
    number = TerminalNumber(int(terminal_id[:4]), int(terminal_id[4:]))
    at = p.utc_text(datetime.now(UTC))
    ids: list[str] = []
    wallet: dict[str, int] = {}  # principal the sales spend from
    held: dict[str, int] = {}  # principal and bonus, kept within the card cap
    rules = Rules()

    def event(seq: int, kind: str, aggregate: str, payload: dict, pii=None) -> dict[str, Any]:
        return {
            "id": str(uuid.uuid4()),
            "seq": seq,
            "kind": kind,
            "aggregate_id": aggregate,
            "created_at": at,
            "payload": {"terminal": terminal_id, "at": at, **payload},
            "pii": pii,
        }

    for seq in range(1, total + 1):
        if seq <= members:
            member = str(uuid.uuid4())
            ids.append(member)
            wallet[member] = held[member] = 0
            phone = f"+86139{seq:08d}"
            yield event(
                seq,
                "member.signed_up",
                member,
                {
                    "member_id": member,
                    "card_no": make_card_no(number, seq),
                    "tier": "normal",
                    "channel": "counter",
                    "store_no": number.store_no,
                },
                {"phone": phone, "name": f"会员{seq}", "birthday": None, "id_number": None},
            )
            continue
        member = rng.choice(ids)
        roll = rng.random()
        amount = rng.randrange(1, 100) * 1000
        bonus = bonus_for(amount, rules)
        if roll < 0.60 and held[member] + amount + bonus <= rules.card_cap_fen:
            wallet[member] += amount
            held[member] += amount + bonus
            yield event(
                seq,
                "wallet.topped_up",
                str(uuid.uuid4()),
                {"member_id": member, "amount_fen": amount, "bonus_fen": bonus, "rule_version": 1},
            )
        elif roll < 0.95:
            spend = min(wallet[member], rng.randrange(100, 20_000))
            wallet[member] -= spend
            held[member] -= spend
            sale = str(uuid.uuid4())
            yield event(
                seq,
                "sale.completed",
                sale,
                {
                    "sale_id": sale,
                    "member_id": member,
                    "rule_version": 1,
                    "wallet_principal_fen": spend,
                    "wallet_bonus_fen": 0,
                    "points_spent": 0,
                    "points_earned": rng.randrange(0, 500),
                },
            )
        else:
            yield event(
                seq,
                "points.adjusted",
                str(uuid.uuid4()),
                {"member_id": member, "points": rng.randrange(1, 100), "reason": "bench"},
            )


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--members", type=int, default=5_000)
    ap.add_argument("--batch", type=int, default=200)
    ap.add_argument("--db", help="PostgreSQL URL (a fresh schema is made); default: SQLite file")
    args = ap.parse_args(argv)

    from fastapi.testclient import TestClient
    from sqlalchemy import create_engine, text

    from headoffice import auth, ledger
    from headoffice.app import create_app
    from headoffice.service import HeadOffice

    workdir = Path(tempfile.mkdtemp(prefix="ho-bench-"))
    schema = None
    if args.db:
        schema = f"bench_{secrets.token_hex(6)}"
        admin = create_engine(args.db)
        with admin.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
        url = args.db
    else:
        url = str(workdir / "headoffice.db")
    ho = HeadOffice(url, key_path=workdir / "ho.key", schema=schema)
    try:

        def enrol_code(work):
            auth.add_store(work, 1, "bench", "Asia/Shanghai")
            return auth.issue_code(work, 1)

        _tid, code = ho.unit(enrol_code)
        with TestClient(create_app(ho, sweep_stale=False)) as http:
            enrolled = http.post(p.PATH_ENROL, json={"code": code}).json()
            tid, secret = enrolled["terminal_id"], bytes.fromhex(enrolled["secret"])
            events = list(
                make_events(tid, min(args.members, args.events), args.events, random.Random(5))
            )
            latencies, statuses = [], {"applied": 0, "duplicate": 0, "rejected": 0}
            started = time.perf_counter()
            for i in range(0, len(events), args.batch):
                body = json.dumps({"events": events[i : i + args.batch]}).encode()
                headers = p.signed_headers(
                    tid,
                    secret,
                    "POST",
                    p.PATH_PUSH,
                    body,
                    datetime.now(UTC),
                    secrets.token_urlsafe(18),
                )
                t0 = time.perf_counter()
                answer = http.post(p.PATH_PUSH, content=body, headers=headers)
                latencies.append((time.perf_counter() - t0) * 1000)
                if answer.status_code != 200:
                    raise SystemExit(f"push failed: {answer.status_code} {answer.text[:200]}")
                for r in answer.json()["results"]:
                    statuses[r["status"]] += 1
            elapsed = time.perf_counter() - started
        members, bad = ho.read(ledger.verify)
        feed = ho.changes(0, 1).changes
        result = {
            "benchmark": "headoffice_push",
            "backend": "postgresql" if args.db else "sqlite",
            "events": len(events),
            "members": members,
            "batch": args.batch,
            "total_s": round(elapsed, 2),
            "events_per_s": round(len(events) / elapsed, 1),
            "batch_latency": summary(latencies),
            "results": statuses,
            "ledger_ok": not bad,
            "feed_starts_at": feed[0].seq if feed else None,
            "machine": machine(),
        }
    finally:
        ho.close()
        if schema:
            with admin.begin() as conn:
                conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
            admin.dispose()
        shutil.rmtree(workdir, ignore_errors=True)
    emit(result)
    return result


if __name__ == "__main__":
    main()
