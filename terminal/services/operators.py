"""Operators (cashiers and managers), PINs hashed with argon2, and manager approval.

Wrong PINs count against the operator whose name was chosen; five in a row lock that
operator until a manager sets a new PIN. A locked-out manager with no other manager to
turn to uses the terminal's recovery code (shown once at set-up, kept hashed) instead."""

import re
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from terminal.domain import recovery_code
from terminal.domain.errors import AuthError, Conflict, InvalidInput, NotFound
from terminal.services.context import Context, NotInitialised
from terminal.store.ids import new_id
from terminal.store.models import Operator, TerminalConfig

CASHIER, MANAGER = "cashier", "manager"
ROLES = (CASHIER, MANAGER)
_PIN = re.compile(r"[0-9]{4,8}")  # ASCII digits only: what a PIN pad types
MAX_FAILED_PINS = 5
# Interactive PIN checks at a till: modest cost keeps a login under ~50 ms on a slow PC.
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


@dataclass(frozen=True)
class OperatorView:
    id: str
    name: str
    role: str

    @property
    def is_manager(self) -> bool:
        return self.role == MANAGER


def _view(op: Operator) -> OperatorView:
    return OperatorView(op.id, op.name, op.role)


class OperatorService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def add(self, name: str, role: str, pin: str, by: OperatorView | None = None) -> OperatorView:
        name = name.strip()
        if not name or len(name) > 60:
            raise InvalidInput(
                "an operator needs a name of 1 to 60 characters", code="operator.bad_name"
            )
        if role not in ROLES:
            raise InvalidInput(
                "role must be one of: {roles}", code="operator.bad_role", roles=", ".join(ROLES)
            )
        _check_pin(pin)
        with self.ctx.transaction() as txn:
            # Once a store has a manager, only a manager adds operators: otherwise anyone
            # could add a manager of their own and approve their own refunds.
            has_manager = txn.session.scalar(
                select(Operator.id).where(Operator.role == MANAGER, Operator.active).limit(1)
            )
            if has_manager and (by is None or not by.is_manager):
                raise AuthError(
                    "adding an operator needs a manager's approval",
                    code="operator.add_needs_manager",
                )
            if txn.session.scalar(select(Operator.id).where(Operator.name == name)):
                raise Conflict(
                    "an operator named '{name}' already exists",
                    code="operator.name_taken",
                    name=name,
                )
            op = Operator(
                id=new_id(), name=name, role=role, pin_hash=_hasher.hash(pin), created_at=txn.at
            )
            txn.session.add(op)
            txn.audit(
                "operator.add",
                "operator",
                op.id,
                {"name": name, "role": role},
                by.id if by else None,
            )
            txn.event("operator.added", op.id, {"operator_id": op.id, "name": name, "role": role})
            return _view(op)

    def by_name(self, name: str) -> OperatorView:
        with self.ctx.reading() as session:
            op = session.scalar(select(Operator).where(Operator.name == name))
            if op is None or not op.active:
                raise NotFound("no operator named '{name}'", code="operator.unknown", name=name)
            return _view(op)

    def list(self) -> list[OperatorView]:
        with self.ctx.reading() as session:
            return [_view(op) for op in session.scalars(select(Operator).order_by(Operator.name))]

    def authenticate(self, name: str, pin: str) -> OperatorView:
        """Check a PIN. A wrong one raises AuthError and is written to the audit log; after
        MAX_FAILED_PINS wrong PINs in a row the operator is locked until a manager sets a
        new PIN."""
        with self.ctx.reading() as session:
            op = session.scalar(select(Operator).where(Operator.name == name))
        if op is None or not op.active:
            raise AuthError("no operator named '{name}'", code="operator.unknown", name=name)
        if op.failed_pins >= MAX_FAILED_PINS:
            raise AuthError(
                "{name} is locked after {count} wrong PINs; a manager must set a new PIN",
                code="operator.locked",
                name=name,
                count=MAX_FAILED_PINS,
            )
        try:
            _hasher.verify(op.pin_hash, pin or "")
        except (VerificationError, InvalidHashError):
            with self.ctx.transaction(business=False) as txn:
                row = txn.session.get(Operator, op.id)
                row.failed_pins += 1
                txn.audit(
                    "operator.pin_rejected",
                    "operator",
                    op.id,
                    {"name": name, "failed_pins": row.failed_pins},
                    op.id,
                )
            raise AuthError("wrong PIN for {name}", code="operator.wrong_pin", name=name) from None
        if op.failed_pins:
            with self.ctx.transaction(business=False) as txn:
                txn.session.get(Operator, op.id).failed_pins = 0
        return _view(op)

    def set_pin(self, name: str, pin: str, approver: OperatorView) -> OperatorView:
        """A manager sets a new PIN (also unlocks an operator locked by wrong PINs)."""
        _check_pin(pin)
        if not approver.is_manager:
            raise AuthError("only a manager can set a PIN", code="operator.set_pin_needs_manager")
        with self.ctx.transaction() as txn:
            op = txn.session.scalar(select(Operator).where(Operator.name == name))
            if op is None:
                raise NotFound("no operator named '{name}'", code="operator.unknown", name=name)
            op.pin_hash, op.failed_pins = _hasher.hash(pin), 0
            txn.audit(
                "operator.set_pin", "operator", op.id, {"name": name}, approver.id, approver.id
            )
            txn.event("operator.pin_changed", op.id, {"operator_id": op.id})
            return _view(op)

    def has_recovery_code(self) -> bool:
        with self.ctx.reading() as session:
            config = session.get(TerminalConfig, 1)
            return config is not None and config.recovery_hash is not None

    def issue_recovery_code(self, by: OperatorView | None = None) -> str:
        """A new recovery code in place of any older one, returned in plain this once (to
        print or write down). Once the terminal has a code or a manager, only a manager
        replaces it: otherwise anyone could make a code of their own and use it."""
        code = recovery_code.new_code()
        with self.ctx.transaction(business=False) as txn:
            config = txn.session.get(TerminalConfig, 1)
            if config is None:
                raise NotInitialised(
                    "this database is not set up yet: run 'posctl init' first",
                    code="database.not_set_up",
                )
            has_manager = txn.session.scalar(
                select(Operator.id).where(Operator.role == MANAGER, Operator.active).limit(1)
            )
            if (config.recovery_hash or has_manager) and (by is None or not by.is_manager):
                raise AuthError(
                    "a new recovery code needs a manager's approval", code="recovery.needs_manager"
                )
            config.recovery_hash = _hasher.hash(recovery_code.normalise(code))
            txn.audit("operator.recovery_code", "terminal", None, {}, by.id if by else None)
        return code

    def recover(self, name: str, code: str, pin: str) -> tuple[OperatorView, str]:
        """A manager sets their own new PIN with the recovery code (this also unlocks them).
        The code is spent: the new one returned takes its place and is shown once."""
        _check_pin(pin)
        with self.ctx.reading() as session:
            config = session.get(TerminalConfig, 1)
            op = session.scalar(select(Operator).where(Operator.name == name))
        if config is None or config.recovery_hash is None:
            raise AuthError(
                "this terminal has no recovery code; a manager makes one with "
                "'posctl operator recovery-code'",
                code="recovery.none",
            )
        if op is None or not op.active or op.role != MANAGER:
            raise AuthError(
                "the recovery code sets a manager's PIN; {name} is not a manager",
                code="recovery.not_manager",
                name=name,
            )
        try:
            _hasher.verify(config.recovery_hash, recovery_code.normalise(code))
        except (VerificationError, InvalidHashError):
            with self.ctx.transaction(business=False) as txn:
                txn.audit("operator.recovery_rejected", "operator", op.id, {"name": name}, None)
            raise AuthError("that recovery code is not right", code="recovery.wrong") from None
        checked, new = config.recovery_hash, recovery_code.new_code()
        with self.ctx.transaction() as txn:
            config = txn.session.get(TerminalConfig, 1)
            if config.recovery_hash != checked:  # used at another till a moment ago
                raise Conflict(
                    "that recovery code has just been used; it is spent", code="recovery.spent"
                )
            row = txn.session.get(Operator, op.id)
            row.pin_hash, row.failed_pins = _hasher.hash(pin), 0
            config.recovery_hash = _hasher.hash(recovery_code.normalise(new))
            txn.audit("operator.recovered", "operator", op.id, {"name": name}, op.id)
            txn.event("operator.pin_changed", op.id, {"operator_id": op.id})
        return _view(op), new

    def approve(
        self, name: str, pin: str, by: OperatorView | None = None, second_person: bool = False
    ) -> OperatorView:
        """A manager's approval; with `second_person`, someone other than the operator."""
        approver = self.authenticate(name, pin)
        if not approver.is_manager:
            raise AuthError(
                "{name} is not a manager and cannot approve this",
                code="operator.not_manager",
                name=name,
            )
        if second_person and by is not None and by.id == approver.id:
            raise AuthError(
                "a second person must approve this: the approver must differ",
                code="operator.second_person",
            )
        return approver


def _check_pin(pin: str) -> None:
    if not isinstance(pin, str) or not _PIN.fullmatch(pin):
        raise InvalidInput("a PIN is 4 to 8 digits (0-9)", code="operator.bad_pin")
