"""What every use case needs: the database, the clock, the terminal's identity and rules,
and `Txn`, the one transaction in which a use case writes its rows, ledger entries, audit
row and outbox event together."""

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from terminal.domain.cards import TerminalNumber, format_receipt_no
from terminal.domain.errors import InvalidInput, PosError
from terminal.domain.rules import Rules
from terminal.services.clock import Clock
from terminal.services.spend import SpendAuthoriser, Standalone
from terminal.store import journal, ledger
from terminal.store.database import Database
from terminal.store.models import LedgerEntry, Member, RuleVersion, TerminalConfig


class NotInitialised(PosError):
    """The database has no terminal identity yet."""

    code = "database.not_set_up"


@dataclass(frozen=True)
class TerminalInfo:
    number: TerminalNumber
    store_name: str
    timezone: str

    @property
    def code(self) -> str:
        return f"{self.number.store_no:04d}{self.number.terminal_no:02d}"


@lru_cache(maxsize=16)
def _rules_from_json(body: str) -> Rules:
    return Rules.from_dict(json.loads(body), strict=False)


_LATEST_RULES = text("SELECT version, body FROM rule_versions ORDER BY version DESC LIMIT 1")


class Txn:
    """One business transaction. Commit happens when the `with` block ends."""

    def __init__(self, ctx: "Context", session: Session, business: bool) -> None:
        self.ctx = ctx
        self.session = session
        self.business = business
        self.at = ctx.now_utc()
        self.today = ctx.business_day(self.at)
        self.events = 0
        self._rules: tuple[int, Rules] | None = None

    @property
    def terminal(self) -> TerminalInfo:
        return self.ctx.terminal_info(self.session)

    def rules(self) -> tuple[int, Rules]:
        if self._rules is None:
            self._rules = self.ctx.current_rules(self.session)
        return self._rules

    def audit(
        self,
        action: str,
        entity: str,
        entity_id: str | None,
        details: dict[str, Any],
        operator_id: str | None,
        approver_id: str | None = None,
    ) -> None:
        journal.append_audit(
            self.session,
            self.ctx.db.cipher.audit_mac,
            at=self.at,
            action=action,
            entity=entity,
            entity_id=entity_id,
            details=details,
            operator_id=operator_id,
            approver_id=approver_id,
        )

    def event(
        self,
        kind: str,
        aggregate_id: str | None,
        payload: dict[str, Any],
        sealed: dict[str, Any] | None = None,
    ) -> None:
        # The event models (pydantic) load with the first change, not with the counter.
        from terminal.domain.events import BadEvent, check_event

        payload = {"terminal": self.terminal.code, "at": self.at.isoformat() + "Z", **payload}
        try:
            # Refused here, with the use case rolled back, rather than at head office,
            # where it would be rejected after the member has left the counter.
            check_event(kind, payload, sealed)
        except BadEvent as exc:
            raise InvalidInput(
                "this change cannot be recorded: {detail}", code="event.not_recordable", detail=exc
            ) from None
        blob = None
        if sealed:
            blob = self.ctx.db.cipher.encrypt(json.dumps(sealed, ensure_ascii=False), "outbox")
        journal.append_outbox(
            self.session,
            at=self.at,
            kind=kind,
            aggregate_id=aggregate_id,
            payload=payload,
            sealed=blob,
        )
        self.events += 1

    def post(
        self,
        member: Member,
        bucket: str,
        amount: int,
        kind: str,
        operator_id: str | None,
        **refs: Any,
    ) -> LedgerEntry:
        return ledger.post(
            self.session,
            member,
            bucket,
            amount,
            kind,
            at=self.at,
            terminal=self.terminal.code,
            operator_id=operator_id,
            **refs,
        )

    def next_receipt_no(self) -> str:
        config = self.session.get(TerminalConfig, 1)
        config.receipt_seq += 1
        return format_receipt_no(self.terminal.number, config.receipt_seq)


class Context:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock
        self._terminal: TerminalInfo | None = None
        # Who allows spends of stored value and points: standalone until sync plugs in.
        self.spend_authoriser: SpendAuthoriser = Standalone()
        # Called after a transaction that queued an event for head office has committed
        # (the sync relay wakes up instead of waiting for its next round). Must not block.
        self.event_listeners: list[Callable[[], None]] = []

    def now_utc(self) -> datetime:
        """Naive UTC, as stored in the database."""
        return self.clock.now().astimezone(UTC).replace(tzinfo=None)

    def business_day(self, at_utc: datetime) -> date:
        """The store's date at `at_utc`, in the store's time zone."""
        if self._terminal is None:
            with self.db.read() as session:
                self.terminal_info(session)
        tz = ZoneInfo(self._terminal.timezone)
        return at_utc.replace(tzinfo=UTC).astimezone(tz).date()

    def terminal_info(self, session: Session) -> TerminalInfo:
        if self._terminal is None:
            config = session.get(TerminalConfig, 1)
            if config is None:
                raise NotInitialised(
                    "this database is not set up yet: run 'posctl init' first",
                    code="database.not_set_up",
                )
            self._terminal = TerminalInfo(
                TerminalNumber(config.store_no, config.terminal_no),
                config.store_name,
                config.timezone,
            )
        return self._terminal

    def forget_terminal(self) -> None:
        """The identity changed (enrolment): read it again on next use."""
        self._terminal = None

    def current_rules(self, session: Session) -> tuple[int, Rules]:
        row = session.execute(_LATEST_RULES).first()
        if row is None:
            raise NotInitialised(
                "this database has no rules yet: run 'posctl init' first", code="database.no_rules"
            )
        return row.version, _rules_from_json(row.body)

    def latest_rule_version(self, session: Session) -> int:
        return session.scalar(select(func.max(RuleVersion.version))) or 0

    @contextmanager
    def transaction(self, business: bool = True) -> Iterator[Txn]:
        """A write transaction. A business transaction must write exactly one outbox event."""
        with self.db.write() as session:
            self.terminal_info(session)
            txn = Txn(self, session, business)
            yield txn
            if txn.business and txn.events != 1:
                raise AssertionError(f"a business transaction wrote {txn.events} outbox events")
        if txn.events:
            for listener in tuple(self.event_listeners):
                listener()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self.db.read() as session:
            yield session
