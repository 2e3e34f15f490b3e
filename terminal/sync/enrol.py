"""Enrol this terminal with head office: trade the one-time code for an identity and a
secret, keep the secret in its own file (0600) beside the key file, and remember head
office's address and the cursor (from 0) in the database."""

from pathlib import Path

import httpx
from sqlalchemy import func, select

from terminal.domain.errors import Conflict
from terminal.services.facade import Services
from terminal.store.models import Member, Sale, SyncState, TerminalConfig
from terminal.sync import keys
from terminal.sync import protocol as p
from terminal.sync.client import enrol as enrol_request


def credentials_path(svc: Services) -> Path:
    return keys.credentials_path(svc.db.path, svc.db.key_path)


def enrol(
    svc: Services,
    base_url: str,
    code: str,
    device_name: str = "",
    transport: httpx.BaseTransport | None = None,
) -> p.EnrolResponse:
    base_url = base_url.strip().rstrip("/")
    with svc.db.read() as s:
        config = s.get(TerminalConfig, 1)
        if config is None:
            raise Conflict("this database is not set up yet: run 'posctl init' first")
        if s.get(SyncState, 1) is not None:
            raise Conflict("this terminal is already enrolled with head office")
        used = (s.scalar(select(func.count()).select_from(Member)) or 0) + (
            s.scalar(select(func.count()).select_from(Sale)) or 0
        )
    answer = enrol_request(base_url, code, device_name, transport)
    with svc.db.write() as s:
        config = s.get(TerminalConfig, 1)
        same = (config.store_no, config.terminal_no) == (answer.store_no, answer.terminal_no)
        if not same and used:
            # Card and receipt numbers carry the store and terminal number: a terminal
            # that has issued some under other numbers cannot take new ones.
            raise Conflict(
                f"head office enrolled this terminal as store {answer.store_no} terminal "
                f"{answer.terminal_no}, but it has members or sales as store "
                f"{config.store_no} terminal {config.terminal_no}; ask head office for a "
                "code for that store and terminal number"
            )
        config.store_no, config.terminal_no = answer.store_no, answer.terminal_no
        config.store_name = answer.store_name or config.store_name
        config.timezone = answer.timezone or config.timezone
        keys.save(
            credentials_path(svc),
            keys.Credentials(base_url, answer.terminal_id, bytes.fromhex(answer.secret)),
        )
        s.add(
            SyncState(
                id=1,
                base_url=base_url,
                terminal_id=answer.terminal_id,
                enrolled_at=svc.ctx.now_utc(),
                cursor=0,
            )
        )
    svc.ctx.forget_terminal()
    return answer


def is_enrolled(svc: Services) -> bool:
    with svc.db.read() as s:
        return s.get(SyncState, 1) is not None
