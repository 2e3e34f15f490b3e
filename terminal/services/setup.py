"""Setting a terminal up (identity, first rules), editing rules, and the integrity checks."""

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func, select

from terminal.domain.cards import TerminalNumber
from terminal.domain.errors import Conflict, InvalidInput
from terminal.domain.rules import Rules
from terminal.services.context import Context, TerminalInfo
from terminal.services.operators import OperatorView
from terminal.store import journal, ledger
from terminal.store.backup import BackupReport, back_up
from terminal.store.models import Member, OutboxEvent, RuleVersion, SyncState, TerminalConfig


@dataclass(frozen=True)
class TerminalStatus:
    store_no: int
    terminal_no: int
    store_name: str
    timezone: str
    rule_version: int
    members: int
    outbox_pending: int


class SetupService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def init(
        self, store_no: int, terminal_no: int, store_name: str = "", timezone: str = "Asia/Shanghai"
    ) -> TerminalStatus:
        """Give a fresh database its terminal identity and the default rules."""
        TerminalNumber(store_no, terminal_no)  # validates the numbers
        _check_timezone(timezone)
        with self.ctx.db.write() as s:
            existing = s.get(TerminalConfig, 1)
            if existing is not None:
                if (existing.store_no, existing.terminal_no) != (store_no, terminal_no):
                    raise Conflict(
                        "this database already belongs to store {store_no} terminal "
                        "{terminal_no}; a terminal's identity cannot change",
                        code="setup.identity_fixed",
                        store_no=existing.store_no,
                        terminal_no=existing.terminal_no,
                    )
            else:
                at = self.ctx.now_utc()
                s.add(
                    TerminalConfig(
                        id=1,
                        store_no=store_no,
                        terminal_no=terminal_no,
                        store_name=store_name,
                        timezone=timezone,
                        card_seq=0,
                        receipt_seq=0,
                        key_fingerprint=self.ctx.db.cipher.fingerprint,
                        created_at=at,
                    )
                )
                s.add(
                    RuleVersion(
                        version=1, body=json.dumps(Rules().to_dict()), source="local", created_at=at
                    )
                )
                journal.append_audit(
                    s,
                    self.ctx.db.cipher.audit_mac,
                    at=at,
                    action="terminal.init",
                    entity="terminal",
                    entity_id=f"{store_no:04d}{terminal_no:02d}",
                    details={
                        "store_no": store_no,
                        "terminal_no": terminal_no,
                        "timezone": timezone,
                    },
                    operator_id=None,
                )
        return self.status()

    def status(self) -> TerminalStatus:
        with self.ctx.reading() as s:
            info = self.ctx.terminal_info(s)
            return TerminalStatus(
                info.number.store_no,
                info.number.terminal_no,
                info.store_name,
                info.timezone,
                self.ctx.latest_rule_version(s),
                s.scalar(select(func.count()).select_from(Member)) or 0,
                s.scalar(
                    select(func.count())
                    .select_from(OutboxEvent)
                    .where(OutboxEvent.status == "pending")
                )
                or 0,
            )

    def rules(self) -> tuple[int, Rules]:
        with self.ctx.reading() as s:
            return self.ctx.current_rules(s)

    def terminal(self) -> TerminalInfo:
        """This terminal's store and terminal numbers, name and time zone (cached: cheap)."""
        with self.ctx.reading() as s:
            return self.ctx.terminal_info(s)

    def rules_source(self) -> str:
        """Where the rules in force come from: 'local' (a manager here) or 'headoffice'."""
        with self.ctx.reading() as s:
            return (
                s.scalar(select(RuleVersion.source).order_by(RuleVersion.version.desc()).limit(1))
                or "local"
            )

    def set_rules(self, changes: dict[str, Any], approver: OperatorView) -> tuple[int, Rules]:
        """Save a new rules version with `changes` applied (a manager, audited)."""
        if not approver.is_manager:
            raise InvalidInput("changing the rules needs a manager", code="rules.needs_manager")
        with self.ctx.transaction() as txn:
            if txn.session.get(SyncState, 1) is not None:
                # An enrolled terminal follows head office's rules and shows them read-only.
                raise Conflict(
                    "this terminal takes its rules from head office; change them there",
                    code="rules.from_headoffice",
                )
            version, rules = txn.rules()
            data = rules.to_dict()
            for key in changes:
                if key not in data:
                    raise InvalidInput(
                        "unknown rule setting '{name}'", code="rules.unknown_setting", name=key
                    )
            new = Rules.from_dict({**data, **changes})
            old = {k: data[k] for k in changes}
            txn.session.add(
                RuleVersion(
                    version=version + 1,
                    body=json.dumps(new.to_dict()),
                    source="local",
                    operator_id=approver.id,
                    created_at=txn.at,
                )
            )
            txn.audit(
                "rules.change",
                "rules",
                str(version + 1),
                {"old": old, "new": changes},
                approver.id,
                approver.id,
            )
            txn.event("rules.changed", None, {"version": version + 1, "changes": changes})
            return version + 1, new

    def back_up(self, target: Path) -> BackupReport:
        """A verified copy of the database (the key file is not copied: keep it apart)."""
        report = back_up(self.ctx.db, target)
        with self.ctx.transaction(business=False) as txn:
            txn.audit(
                "database.backup",
                "database",
                None,
                {"to": str(target), "bytes": report.bytes},
                None,
            )
        return report

    def verify_ledger(self) -> ledger.LedgerReport:
        with self.ctx.reading() as s:
            return ledger.verify(s)

    def verify_audit(self) -> journal.ChainReport:
        with self.ctx.reading() as s:
            return journal.verify_audit(s, self.ctx.db.cipher.audit_mac)


def _check_timezone(name: str) -> None:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(
            "unknown time zone '{name}'", code="setup.unknown_time_zone", name=name
        ) from None
