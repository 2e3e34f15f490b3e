"""Sync throughput against the real head office over a real socket.

push:     a terminal with a queue of `--events` outbox events (sign-ups and top-ups of
          `--members` members made through the services, the rest sale events of those
          members written straight into the outbox in the shape the sale service writes)
          is pushed to head office in batches of `--batch`; events per second, total time
          and per-batch latencies. Head office applies every event (ledgers, feed).
catch-up: head office holds `--chain-members` members, their cards and the change log
          of their sign-ups and confirmed balances (written in bulk); a new terminal of
          store 1 enrols and catches up: the snapshot, then the feed from its sequence
          (`--feed-only`: the whole feed).

    python -m bench.sync --events 100000 --chain-members 1000000
    python -m bench.sync --pg-url postgresql+psycopg://postgres@127.0.0.1/test ...
"""

import argparse
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text

from bench.common import emit, machine, summary
from headoffice import auth, sealed_feed
from headoffice.models import Card, Change, Member
from headoffice.service import HeadOffice
from terminal.domain.cards import TerminalNumber, make_card_no
from terminal.services.facade import Services
from terminal.services.members import SignUp
from terminal.store.ids import new_id
from terminal.sync import protocol as p
from terminal.sync.enrol import enrol
from terminal.sync.runner import SyncRunner


class Server:
    """Head office in a process of its own (`pos-headoffice`), as in production: it does
    not share this process's interpreter lock with the terminal being measured."""

    def __init__(self, url: str, key_path: Path, log: Path, profile: Path | None = None) -> None:
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        sock.close()
        self.url = f"http://127.0.0.1:{port}"
        env = {**os.environ, "POS_HO_KEY_FILE": str(key_path)}
        self._profiled = profile is not None
        self._log = open(log, "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [
                sys.executable,
                *(("-m", "cProfile", "-o", str(profile)) if profile else ()),
                "-m",
                "headoffice.server",
                "--db",
                url,
                "--port",
                str(port),
                "--log-level",
                "warning",
            ],
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + p.PATH_HEALTH, timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"pos-headoffice did not start; see {log}")

    def stop(self) -> None:
        # uvicorn raises the signal again once it has shut down: an interrupt lets the
        # profiler write its file, a SIGTERM would end the process first.
        if self._profiled:
            self.proc.send_signal(signal.SIGINT)
        else:
            self.proc.terminate()
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self._log.close()


def open_head_office(args, work: Path, name: str) -> tuple[HeadOffice, Server, str | None, str]:
    """Head office's database, opened here for set-up and counting, and served by a
    `pos-headoffice` process on the same database."""
    key = work / f"{name}.key"
    if args.pg_url:
        schema = f"bench_{uuid.uuid4().hex[:10]}"
        with create_engine(args.pg_url).begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
        ho = HeadOffice(args.pg_url, key_path=key, schema=schema)
        sep = "&" if "?" in args.pg_url else "?"
        served = f"{args.pg_url}{sep}options=-csearch_path%3D{schema}"
        server = Server(served, key, work / f"{name}.log", _profile(args, name))
        return ho, server, schema, "postgresql"
    path = str(work / f"{name}.db")
    ho = HeadOffice(path, key_path=key)
    return ho, Server(path, key, work / f"{name}.log", _profile(args, name)), None, "sqlite"


def _profile(args, name: str) -> Path | None:
    """Where head office's process writes its profile (--profile-head-office DIR)."""
    if not args.profile_head_office:
        return None
    folder = Path(args.profile_head_office)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{name}.prof"


def drop_schema(args, schema: str | None) -> None:
    if schema:
        with create_engine(args.pg_url).begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))


def new_terminal(ho: HeadOffice, url: str, path: Path, store_no: int) -> Services:
    svc = Services.open(path)
    svc.setup.init(store_no, 1, f"{store_no}号店")
    svc.operators.add("bench", "manager", "1234")

    def issue(work):
        if (
            work.session.execute(
                text("SELECT 1 FROM stores WHERE store_no = :n"), {"n": store_no}
            ).first()
            is None
        ):
            auth.add_store(work, store_no, f"{store_no}号店", "Asia/Shanghai")
        return auth.issue_code(work, store_no)

    enrol(svc, url, ho.unit(issue)[1], "bench")
    return svc


# --- push ---------------------------------------------------------------------------------


def fill_queue(svc: Services, members: int, events: int, rng: random.Random) -> dict:
    cashier = svc.operators.by_name("bench")
    ids = []
    for i in range(members):
        view = svc.members.sign_up(SignUp(phone=f"139{i:08d}", name="会员", consent=True), cashier)
        svc.wallet.top_up(view.card_no, 100_000, "cash", cashier)
        ids.append(view.id)
    made = 2 * members + 1  # + the operator
    bulk = max(0, events - made)
    code = svc.ctx.terminal_info
    with svc.db.read() as s:
        terminal = code(s).code
    conn = svc.db.raw_connection()
    now = datetime.now(UTC).replace(tzinfo=None)
    rows = []
    for n in range(bulk):
        sale_id = new_id()
        amount = rng.randint(1, 500) * 100
        payload = {
            "terminal": terminal,
            "at": now.isoformat() + "Z",
            "sale_id": sale_id,
            "receipt_no": f"{terminal[:4]}-{terminal[4:]}-{n + 1:06d}",
            "member_id": rng.choice(ids),
            "rule_version": 1,
            "tier": "normal",
            "lines": [{"category": "food", "amount_fen": amount}],
            "subtotal_fen": amount,
            "tier_discount_fen": 0,
            "coupon": None,
            "coupon_discount_fen": 0,
            "due_fen": amount,
            "points_spent": 0,
            "points_value_fen": 0,
            "wallet_principal_fen": 0,
            "wallet_bonus_fen": 0,
            "cash_fen": amount,
            "card_fen": 0,
            "mobile_fen": 0,
            "points_earned": amount // 100,
            "promoted_to": None,
            "referrer_rewarded": None,
            "low_balance": False,
            "operator_id": cashier.id,
            "spend_mode": None,
            "reservation_id": None,
        }
        rows.append((sale_id, "sale.completed", sale_id, json.dumps(payload), now.isoformat(" ")))
    with conn:
        conn.executemany(
            "INSERT INTO outbox (id, kind, aggregate_id, payload, sealed, created_at, status) "
            "VALUES (?, ?, ?, ?, NULL, ?, 'pending')",
            rows,
        )
    conn.close()
    return {"service_events": made, "bulk_sale_events": bulk}


def bench_push(args, work: Path) -> dict:
    ho, server, schema, backend = open_head_office(args, work, "ho-push")
    try:
        svc = new_terminal(ho, server.url, work / "push.db", 1)
        queue = fill_queue(svc, args.members, args.events, random.Random(1))
        runner = SyncRunner.for_terminal(svc)
        runner.engine.batch = args.batch
        depth = runner.status().queue_depth
        batches = []
        start = time.perf_counter()
        sent = applied = 0
        while True:
            t0 = time.perf_counter()
            report = runner.engine.push_batch()
            if not report.sent:
                break
            batches.append((time.perf_counter() - t0) * 1000)
            sent += report.sent
            applied += report.applied
        total = time.perf_counter() - start
        processed = ho.read(
            lambda s: s.execute(text("SELECT count(*) FROM processed_events")).scalar()
        )
        runner.client.close()
        svc.close()
        return {
            "backend": backend,
            "events": depth,
            "queue": queue,
            "batch": args.batch,
            "applied": applied,
            "processed_at_head_office": processed,
            "total_s": round(total, 2),
            "events_per_s": round(sent / total, 1),
            "per_batch": summary(batches),
        }
    finally:
        server.stop()
        ho.close()
        drop_schema(args, schema)


# --- catch-up -----------------------------------------------------------------------------


def fill_feed(ho: HeadOffice, members: int, rng: random.Random) -> int:
    """A chain of `members` as head office holds them after their sign-ups, written in
    bulk: members (personal data sealed) and their cards, and the change log with one
    member record (sealed likewise) and one confirmed balance each."""
    at = datetime(2026, 1, 1)
    at_text = p.utc_text(at)
    chunk = 20_000
    engine, vault = ho.db.engine, ho.db.vault
    with engine.begin() as conn:
        seq = conn.execute(text("SELECT coalesce(max(seq), 0) FROM changes")).scalar()
    for start in range(0, members, chunk):
        changes, people, cards = [], [], []
        for i in range(start, min(start + chunk, members)):
            member_id = str(uuid.uuid4())
            store = 1 + i % 200
            card = make_card_no(TerminalNumber(store, 1), 1 + i // 200)
            phone = f"+86135{i:08d}"
            points = rng.randint(0, 5000)
            principal = rng.choice((0, 0, 10_000, 50_000))
            member = p.MemberData(
                member_id=member_id,
                card_nos=[card],
                phone=phone,
                name="会员",
                birthday=None,
                tier="normal",
                store_no=store,
                signed_up_at=at_text,
                origin_terminal=f"{store:04d}01",
            )
            balance = p.BalanceData(
                member_id=member_id,
                points=points,
                wallet_principal_fen=principal,
                wallet_bonus_fen=0,
                confirmed_at=at_text,
            )
            people.append(
                {
                    "id": member_id,
                    "status": "active",
                    "phone_index": vault.phone_index(phone),
                    "phone_last4": phone[-4:],
                    "pii": vault.seal_json({"phone": phone, "name": "会员"}),
                    "tier": "normal",
                    "store_no": store,
                    "origin_terminal": f"{store:04d}01",
                    "signed_up_at": at,
                    "created_at": at,
                    "points": points,
                    "wallet_principal_fen": principal,
                    "wallet_bonus_fen": 0,
                    "hotlisted": False,
                }
            )
            cards.append({"card_no": card, "member_id": member_id})
            for kind, data in (("member", member), ("balance", balance)):
                clear, sealed = sealed_feed.seal(vault, kind, data.model_dump())
                seq += 1
                changes.append(
                    {
                        "seq": seq,
                        "kind": kind,
                        "key": member_id,
                        "data": json.dumps(clear, ensure_ascii=False),
                        "pii": sealed,
                        "at": at,
                    }
                )
        with engine.begin() as conn:
            conn.execute(Member.__table__.insert(), people)
            conn.execute(Card.__table__.insert(), cards)
            conn.execute(Change.__table__.insert(), changes)
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE ho_settings SET value = :v WHERE name = 'change_seq'"), {"v": seq}
        )
    return members * 2


def bench_catch_up(args, work: Path) -> dict:
    """A new terminal of store 1 catches up: the snapshot, then the feed from its
    sequence (or, with --feed-only, the whole feed page by page)."""
    ho, server, schema, backend = open_head_office(args, work, "ho-chain")
    try:
        t0 = time.perf_counter()
        changes = fill_feed(ho, args.chain_members, random.Random(2))
        build_s = time.perf_counter() - t0
        svc = new_terminal(ho, server.url, work / "new.db", 1)
        runner = SyncRunner.for_terminal(svc)
        runner.engine.page = args.page
        if args.feed_only:
            runner.engine.snapshot_page = 0
        start = time.perf_counter()
        moved = runner.engine.pull_all()
        total = time.perf_counter() - start
        with svc.db.read() as s:
            members = s.execute(text("SELECT count(*) FROM members")).scalar()
        runner.client.close()
        svc.close()
        return {
            "backend": backend,
            "way": "feed" if args.feed_only else "snapshot, then feed",
            "chain_members": args.chain_members,
            "changes_in_feed": changes,
            "feed_build_s": round(build_s, 1),
            "page": args.page,
            "members_stored": members,
            "changes_applied": sum(moved.changes.values()),
            "total_s": round(total, 2),
            "members_per_s": round(members / total, 1),
        }
    finally:
        server.stop()
        ho.close()
        drop_schema(args, schema)


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--members", type=int, default=1_000, help="members behind the queue")
    ap.add_argument("--batch", type=int, default=200)
    ap.add_argument("--chain-members", type=int, default=1_000_000)
    ap.add_argument("--page", type=int, default=p.CHANGES_MAX_LIMIT)
    ap.add_argument("--pg-url", help="run head office on PostgreSQL (a schema of its own)")
    ap.add_argument("--skip", choices=("push", "catch-up"), action="append", default=[])
    ap.add_argument("--profile-head-office", metavar="DIR", help="cProfile head office into DIR")
    ap.add_argument("--feed-only", action="store_true", help="catch up from the feed alone")
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    result = {"benchmark": "sync", "machine": machine()}
    try:
        if "push" not in args.skip:
            result["push"] = bench_push(args, work)
        if "catch-up" not in args.skip:
            result["catch_up"] = bench_catch_up(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    emit(result)
    return result


if __name__ == "__main__":
    main()
