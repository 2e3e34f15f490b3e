"""Head office in tests: opening one on SQLite or on PostgreSQL (a fresh schema per
test), a client that signs its requests as a terminal would, and outbox-shaped events."""

import itertools
import json
import os
import secrets
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from terminal.domain.cards import TerminalNumber, make_card_no
from terminal.domain.rules import Rules
from terminal.domain.wallet import bonus_for
from terminal.sync import protocol as p

PG_URL = os.environ.get("POS_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
_pg_reason: list[str | None] = []


def pg_unavailable() -> str | None:
    """Why PostgreSQL tests cannot run here, or None when they can (checked once)."""
    if not _pg_reason:
        try:
            engine = create_engine(PG_URL, connect_args={"connect_timeout": 3})
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            engine.dispose()
            _pg_reason.append(None)
        except Exception as exc:  # no driver, no server, no database, no permission
            first = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            _pg_reason.append(f"PostgreSQL not reachable at {PG_URL} ({first})")
    return _pg_reason[0]


@contextmanager
def database_url(backend: str, tmp_path: Path) -> Iterator[tuple[str, str | None]]:
    """(url, schema) of an empty head-office database on `backend`."""
    if backend == "sqlite":
        yield str(tmp_path / "headoffice.db"), None
        return
    reason = pg_unavailable()
    if reason:
        pytest.skip(reason)
    schema = f"ho_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield PG_URL, schema
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


class Events:
    """Outbox events as a terminal writes them (`terminal.services.context.Txn.event`)."""

    def __init__(self, terminal_id: str, clock: Any, first_card: int = 1) -> None:
        self.terminal_id = terminal_id
        self.clock = clock
        self.seq = itertools.count(1)
        self.cards = itertools.count(first_card)

    def _event(
        self, kind: str, aggregate: str | None, payload: dict, pii: dict | None = None
    ) -> dict[str, Any]:
        at = p.utc_text(self.clock.now())
        return {
            "id": str(uuid.uuid4()),
            "seq": next(self.seq),
            "kind": kind,
            "aggregate_id": aggregate,
            "created_at": at,
            "payload": {"terminal": self.terminal_id, "at": at, **payload},
            "pii": pii,
        }

    def card_no(self) -> str:
        number = TerminalNumber(int(self.terminal_id[:4]), int(self.terminal_id[4:]))
        return make_card_no(number, next(self.cards))

    def signed_up(
        self, phone: str = "+8613800000001", name: str = "李雷", member_id: str | None = None
    ) -> dict[str, Any]:
        member_id = member_id or str(uuid.uuid4())
        return self._event(
            "member.signed_up",
            member_id,
            {
                "member_id": member_id,
                "card_no": self.card_no(),
                "tier": "normal",
                "channel": "counter",
                "store_no": int(self.terminal_id[:4]),
                "referrer_id": None,
                "consent_version": 1,
                "gender": None,
                "preferences": [],
            },
            {"phone": phone, "name": name, "birthday": "1990-05-01", "id_number": None},
        )

    def topped_up(
        self, member_id: str, amount_fen: int, bonus_fen: int | None = None
    ) -> dict[str, Any]:
        """A top-up under head office's first rules; its bonus is theirs unless given."""
        if bonus_fen is None:
            bonus_fen = bonus_for(amount_fen, Rules())
        topup_id = str(uuid.uuid4())
        return self._event(
            "wallet.topped_up",
            topup_id,
            {
                "topup_id": topup_id,
                "member_id": member_id,
                "reference": None,
                "receipt_no": "0001-01-000001",
                "amount_fen": amount_fen,
                "bonus_fen": bonus_fen,
                "tender": "cash",
                "rule_version": 1,
            },
        )

    def sale(
        self,
        member_id: str,
        *,
        principal_fen: int = 0,
        bonus_fen: int = 0,
        points_spent: int = 0,
        points_earned: int = 0,
        sale_id: str | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        sale_id = sale_id or str(uuid.uuid4())
        return self._event(
            "sale.completed",
            sale_id,
            {
                "sale_id": sale_id,
                "receipt_no": "0001-01-000002",
                "member_id": member_id,
                "rule_version": 1,
                "tier": "normal",
                "points_spent": points_spent,
                "wallet_principal_fen": principal_fen,
                "wallet_bonus_fen": bonus_fen,
                "points_earned": points_earned,
                "promoted_to": None,
                "referrer_rewarded": None,
                **extra,
            },
        )

    def updated(
        self,
        member_id: str,
        pii: dict[str, Any],
        operator_id: str | None = "cashier-1",
        approved_by: str | None = "manager-1",
    ) -> dict[str, Any]:
        """A change of the member's details, made and approved as the counter records."""
        payload: dict[str, Any] = {"member_id": member_id, "fields": sorted(pii)}
        if operator_id is not None:
            payload["operator_id"] = operator_id
        if approved_by is not None:
            payload["approved_by"] = approved_by
        return self._event("member.updated", member_id, payload, pii)

    def operator_added(self, operator_id: str, role: str = "cashier") -> dict[str, Any]:
        payload = {"operator_id": operator_id, "name": operator_id, "role": role}
        return self._event("operator.added", operator_id, payload)

    def adjusted(self, member_id: str, points: int) -> dict[str, Any]:
        adj = str(uuid.uuid4())
        return self._event(
            "points.adjusted",
            adj,
            {"adjustment_id": adj, "member_id": member_id, "points": points, "reason": "test"},
        )


class SignedClient:
    """Signs each request as an enrolled terminal: a fresh nonce every time, the clock's
    time as timestamp."""

    def __init__(self, http: Any, terminal_id: str, secret: bytes, clock: Any) -> None:
        self.http = http
        self.terminal_id = terminal_id
        self.secret = secret
        self.clock = clock

    def headers(self, method: str, target: str, body: bytes, **override: str) -> dict[str, str]:
        headers = p.signed_headers(
            self.terminal_id,
            self.secret,
            method,
            target,
            body,
            self.clock.now(),
            secrets.token_urlsafe(18),
        )
        headers.update(override)
        return {**headers, "Content-Type": "application/json"}

    def request(self, method: str, target: str, payload: Any = None, **override: str) -> Any:
        body = b"" if payload is None else json.dumps(payload).encode()
        headers = self.headers(method, target, body, **override)
        return self.http.request(method, target, content=body, headers=headers)

    def push(self, *events: dict[str, Any]) -> dict[str, str]:
        """{event id: status}; fails the test on a non-200 answer."""
        answer = self.request("POST", p.PATH_PUSH, {"events": list(events)})
        assert answer.status_code == 200, answer.text
        return {r["id"]: r["status"] for r in answer.json()["results"]}

    def changes(self, after: int = 0, limit: int | None = None) -> dict[str, Any]:
        target = f"{p.PATH_CHANGES}?after={after}" + (f"&limit={limit}" if limit else "")
        answer = self.request("GET", target)
        assert answer.status_code == 200, answer.text
        return answer.json()

    def all_changes(self, after: int = 0) -> list[dict[str, Any]]:
        out = []
        while True:
            page = self.changes(after)
            out += page["changes"]
            after = page["next"]
            if not page["more"]:
                return out


def enrol(ho, http, clock, store_no: int = 1, name: str = "一号店") -> SignedClient:
    """A new terminal of the store (made if missing), enrolled through the API."""
    from headoffice import auth
    from headoffice.models import Store

    def ensure_store(work):
        if work.session.get(Store, store_no) is None:
            auth.add_store(work, store_no, name, "Asia/Shanghai")
        return auth.issue_code(work, store_no)

    _tid, code = ho.unit(ensure_store)
    answer = http.post("/v1/enrol", json={"code": code, "device_name": "till"})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    return SignedClient(http, body["terminal_id"], bytes.fromhex(body["secret"]), clock)


def now_utc() -> datetime:
    return datetime.now(UTC)
