"""Terminal identity: stores, one-time enrolment codes, per-terminal secrets, revocation,
and the check of every signed request (signature, clock skew, replayed nonce)."""

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from headoffice.clock import naive_utc
from headoffice.database import Database
from headoffice.errors import AuthFailed, Conflict, Invalid, NotFound
from headoffice.models import Nonce, Store, Terminal
from headoffice.work import Work
from terminal.domain.cards import TerminalNumber
from terminal.domain.errors import InvalidInput
from terminal.sync import protocol as p

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud or typed
CODE_LENGTH = 10
CODE_TTL = timedelta(hours=24)
HEAD_OFFICE_STORE = 9999  # card numbers of members who sign up on their phone


def _code_hash(code: str) -> str:
    clean = code.strip().upper().replace("-", "").replace(" ", "")
    return hashlib.sha256(clean.encode()).hexdigest()


def terminal_id(store_no: int, terminal_no: int) -> str:
    return TerminalNumber(store_no, terminal_no).prefix


def add_store(work: Work, store_no: int, name: str, timezone: str) -> Store:
    if not 1 <= store_no < HEAD_OFFICE_STORE:
        raise Invalid(f"store number must be 1 to {HEAD_OFFICE_STORE - 1}")
    if not name.strip():
        raise Invalid("a store needs a name")
    if work.session.get(Store, store_no) is not None:
        raise Conflict(f"store {store_no} exists already")
    store = Store(store_no=store_no, name=name.strip(), timezone=timezone, created_at=work.at)
    work.session.add(store)
    return store


def issue_code(work: Work, store_no: int, terminal_no: int | None = None) -> tuple[str, str]:
    """A new terminal of the store and its one-time enrolment code (shown once)."""
    s = work.session
    if s.get(Store, store_no) is None:
        raise NotFound(f"no store {store_no}; add it first with 'hoctl store add'")
    if terminal_no is None:
        used = s.scalar(select(func.max(Terminal.terminal_no)).where(Terminal.store_no == store_no))
        terminal_no = (used or 0) + 1
    try:
        tid = terminal_id(store_no, terminal_no)
    except InvalidInput as exc:
        raise Invalid(str(exc)) from None
    terminal = s.get(Terminal, tid)
    if terminal is not None and terminal.status != "pending":
        raise Conflict(f"terminal {tid} is {terminal.status}; card numbers must not repeat")
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    if terminal is None:
        terminal = Terminal(
            id=tid, store_no=store_no, terminal_no=terminal_no, created_at=work.at, device_name=""
        )
        s.add(terminal)
    terminal.status, terminal.code_hash = "pending", _code_hash(code)
    terminal.code_expires_at = work.at + CODE_TTL
    return tid, f"{code[:5]}-{code[5:]}"


def enrol(work: Work, request: p.EnrolRequest) -> p.EnrolResponse:
    s = work.session
    terminal = s.scalars(
        select(Terminal).where(Terminal.code_hash == _code_hash(request.code)).with_for_update()
    ).first()
    if terminal is None or terminal.status != "pending":
        raise AuthFailed("bad_code", "this enrolment code is not valid (used, revoked or mistyped)")
    if terminal.code_expires_at < work.at:
        raise AuthFailed("expired_code", "this enrolment code has expired; ask for a new one")
    secret = secrets.token_bytes(32)
    terminal.secret = work.vault.seal(secret, f"terminal:{terminal.id}")
    terminal.status, terminal.code_hash, terminal.code_expires_at = "active", None, None
    terminal.enrolled_at, terminal.device_name = work.at, request.device_name
    store = s.get(Store, terminal.store_no)
    return p.EnrolResponse(
        terminal_id=terminal.id,
        store_no=terminal.store_no,
        terminal_no=terminal.terminal_no,
        store_name=store.name,
        timezone=store.timezone,
        secret=secret.hex(),
        server_time=work.at_text,
    )


def revoke(work: Work, tid: str) -> Terminal:
    terminal = work.session.get(Terminal, tid.strip())
    if terminal is None:
        raise NotFound(f"no terminal {tid}")
    terminal.status, terminal.secret, terminal.code_hash = "revoked", None, None
    terminal.revoked_at = work.at
    return terminal


def verify(
    db: Database,
    now: datetime,
    headers: dict[str, str],
    method: str,
    target: str,
    body: bytes,
) -> str:
    """The terminal id of a correctly signed, fresh, first-seen request, or AuthFailed.
    The nonce is recorded in its own transaction before the request is served."""
    tid = headers.get(p.HEADER_TERMINAL.lower(), "")
    timestamp = headers.get(p.HEADER_TIMESTAMP.lower(), "")
    nonce = headers.get(p.HEADER_NONCE.lower(), "")
    signature = headers.get(p.HEADER_SIGNATURE.lower(), "")
    if not (tid and timestamp and nonce and signature):
        raise AuthFailed("unsigned", "this request is not signed by an enrolled terminal")
    skew = p.skew_seconds(timestamp, now)
    if skew is None:
        raise AuthFailed("bad_timestamp", "the request's timestamp is not a number of seconds")
    if skew > p.MAX_CLOCK_SKEW_SECONDS:
        raise AuthFailed(
            "skewed_clock",
            f"the terminal's clock is {skew} s off head office's (at most "
            f"{p.MAX_CLOCK_SKEW_SECONDS} s allowed); set the terminal's time",
        )
    if not p.NONCE_PATTERN.match(nonce):
        raise AuthFailed("bad_nonce", "the request's nonce is malformed")
    at = naive_utc(now)
    with db.read() as s:
        terminal = s.get(Terminal, tid)
        if terminal is None:
            raise AuthFailed("unknown_terminal", f"terminal {tid} is not enrolled here")
        if terminal.status == "revoked":
            raise AuthFailed("revoked", f"terminal {tid} has been revoked; enrol it again")
        if terminal.status != "active" or terminal.secret is None:
            raise AuthFailed("unknown_terminal", f"terminal {tid} is not enrolled yet")
        secret = db.vault.open(terminal.secret, f"terminal:{tid}")
    if not p.signature_matches(secret, signature, method, target, timestamp, nonce, body):
        raise AuthFailed("bad_signature", "the request's signature does not match")

    def record(session):  # noqa: ANN001
        # a request is fresh for 2 x skew around its timestamp, and the timestamp itself may
        # sit a skew away from first sight: keep nonces longer than both together
        window = timedelta(seconds=4 * p.MAX_CLOCK_SKEW_SECONDS)
        session.execute(delete(Nonce).where(Nonce.terminal_id == tid, Nonce.seen_at < at - window))
        session.add(Nonce(terminal_id=tid, nonce=nonce, seen_at=at))
        session.flush()
        live = session.get(Terminal, tid)
        live.last_seen_at = at

    try:
        db.run(record)
    except IntegrityError:
        raise AuthFailed("replayed", "this request was already received (a replay)") from None
    return tid
