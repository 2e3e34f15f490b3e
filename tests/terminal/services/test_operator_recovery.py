"""A locked-out sole manager gets back in with the terminal's recovery code; wrong PINs
count against the operator chosen, never another."""

import pytest

from terminal.domain import recovery_code
from terminal.domain.errors import AuthError, InvalidInput
from tests.helpers.services_kit import audit_rows, outbox_events
from tests.helpers.shop import CASHIER_PIN, MANAGER_PIN


def _lock_out(ops, name: str) -> None:
    for _ in range(5):
        with pytest.raises(AuthError, match="wrong PIN"):
            ops.authenticate(name, "0000")
    with pytest.raises(AuthError, match="locked"):
        ops.authenticate(name, MANAGER_PIN if name == "manager" else CASHIER_PIN)


def test_wrong_pins_count_against_the_operator_chosen_only(shop):
    ops = shop.svc.operators
    for _ in range(4):
        with pytest.raises(AuthError):
            ops.authenticate("manager", "0000")
    _lock_out(ops, "cashier")
    assert ops.authenticate("manager", MANAGER_PIN).is_manager  # four of its own: not locked


def test_a_locked_out_sole_manager_sets_a_new_pin_with_the_recovery_code(shop):
    ops = shop.svc.operators
    code = ops.issue_recovery_code(shop.manager)
    _lock_out(ops, "manager")
    with pytest.raises(AuthError, match="only a manager"):
        ops.set_pin("manager", "2468", shop.cashier)  # nobody else could unlock it

    manager, new_code = ops.recover("manager", code.lower().replace("-", " "), "2468")

    assert manager.id == shop.manager.id
    assert ops.authenticate("manager", "2468").is_manager
    assert new_code != code and ops.has_recovery_code()
    with pytest.raises(AuthError, match="not right"):  # the code used is spent
        ops.recover("manager", code, "1357")
    ops.recover("manager", new_code, "1357")
    assert ops.authenticate("manager", "1357").is_manager
    rows = audit_rows(shop, "operator.recovered")
    assert [r["entity_id"] for r in rows] == [shop.manager.id] * 2
    assert all(code not in r["raw"] and "2468" not in r["raw"] for r in audit_rows(shop))
    assert len(outbox_events(shop, "operator.pin_changed")) == 2


def test_a_wrong_recovery_code_changes_nothing_and_is_audited(shop):
    ops = shop.svc.operators
    ops.issue_recovery_code(shop.manager)
    with pytest.raises(AuthError, match="not right"):
        ops.recover("manager", recovery_code.new_code(), "2468")
    assert ops.authenticate("manager", MANAGER_PIN).is_manager
    [row] = audit_rows(shop, "operator.recovery_rejected")
    assert row["entity_id"] == shop.manager.id


def test_the_recovery_code_sets_only_a_managers_pin(shop):
    ops = shop.svc.operators
    code = ops.issue_recovery_code(shop.manager)
    with pytest.raises(AuthError, match="not a manager"):
        ops.recover("cashier", code, "2468")
    with pytest.raises(InvalidInput, match="4 to 8 digits"):
        ops.recover("manager", code, "12")
    assert ops.authenticate("cashier", CASHIER_PIN)


def test_without_a_recovery_code_there_is_nothing_to_recover_with(shop):
    with pytest.raises(AuthError, match="no recovery code"):
        shop.svc.operators.recover("manager", recovery_code.new_code(), "2468")


def test_only_a_manager_replaces_the_recovery_code_once_there_is_a_manager(shop):
    ops = shop.svc.operators
    with pytest.raises(AuthError, match="manager's approval"):
        ops.issue_recovery_code()
    with pytest.raises(AuthError, match="manager's approval"):
        ops.issue_recovery_code(shop.cashier)
    old = ops.issue_recovery_code(shop.manager)
    new = ops.issue_recovery_code(shop.manager)
    with pytest.raises(AuthError, match="not right"):
        ops.recover("manager", old, "2468")
    ops.recover("manager", new, "2468")
    assert len(audit_rows(shop, "operator.recovery_code")) == 2


def test_codes_are_long_and_typed_loosely():
    code = recovery_code.new_code()
    assert len(code) == 19 and code.count("-") == 3
    assert set(code.replace("-", "")) <= set(recovery_code.ALPHABET)
    assert recovery_code.normalise(" ab0o-1IL ") == "AB00111"
    assert len({recovery_code.new_code() for _ in range(50)}) == 50
