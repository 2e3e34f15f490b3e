"""Operators: adding them, PIN checks (audited on failure), and manager approval."""

import pytest

from terminal.domain.errors import AuthError, Conflict, InvalidInput, NotFound
from tests.helpers.services_kit import assert_books_ok, audit_rows, outbox_events, tally
from tests.helpers.shop import CASHIER_PIN, MANAGER_PIN


def test_add_operator_writes_row_audit_and_one_event(shop):
    before = tally(shop)

    alice = shop.svc.operators.add("alice", "cashier", "123456", by=shop.manager)

    assert (alice.name, alice.role, alice.is_manager) == ("alice", "cashier", False)
    assert tally(shop) - before == (1, 1)
    [row] = audit_rows(shop, "operator.add")[-1:]
    assert row["entity_id"] == alice.id
    assert row["operator_id"] == shop.manager.id
    assert row["details"] == {"name": "alice", "role": "cashier"}
    assert "123456" not in row["raw"]
    [event] = outbox_events(shop, "operator.added")[-1:]
    assert event["payload"]["operator_id"] == alice.id
    assert "123456" not in event["raw"]
    assert shop.svc.operators.by_name("alice") == alice
    assert [op.name for op in shop.svc.operators.list()] == ["alice", "cashier", "manager"]
    assert shop.svc.operators.authenticate("alice", "123456") == alice
    assert_books_ok(shop)


def test_add_manager_with_eight_digit_pin(shop):
    boss = shop.svc.operators.add("  boss  ", "manager", "12345678", by=shop.manager)
    assert boss.name == "boss"
    assert boss.is_manager
    assert shop.svc.operators.authenticate("boss", "12345678").id == boss.id


def test_a_cashier_cannot_add_operators(shop):
    # Role-based access: a cashier must not be able to create accounts (least of all a
    # manager's, which would let them approve their own refunds and adjustments).
    before = tally(shop)
    with pytest.raises((AuthError, InvalidInput), match="manager"):
        shop.svc.operators.add("mallory", "manager", "4321", by=shop.cashier)
    assert tally(shop) == before
    with pytest.raises(NotFound):
        shop.svc.operators.by_name("mallory")


@pytest.mark.parametrize("pin", ["123", "123456789", "12a4", "", "12 34", "-1234", None])
def test_add_refuses_a_bad_pin_format(shop, pin):
    before = tally(shop)
    with pytest.raises(InvalidInput, match="PIN"):
        shop.svc.operators.add("bob", "cashier", pin)
    assert tally(shop) == before
    with pytest.raises(NotFound):
        shop.svc.operators.by_name("bob")


@pytest.mark.parametrize("pin", ["１２３４", "1234\n"], ids=["fullwidth-digits", "newline"])
def test_add_refuses_pins_that_are_not_plain_ascii_digits(shop, pin):
    # A PIN pad or keyboard types ASCII digits; a PIN stored as full-width digits (Chinese
    # IME full-width mode) or with a trailing newline can never be typed again at login.
    with pytest.raises(InvalidInput, match="PIN"):
        shop.svc.operators.add("bob", "cashier", pin)


@pytest.mark.parametrize("name", ["cashier", " cashier ", "manager"])
def test_add_refuses_a_duplicate_name(shop, name):
    before = tally(shop)
    with pytest.raises(Conflict, match="already exists"):
        shop.svc.operators.add(name, "cashier", "4321", by=shop.manager)
    assert tally(shop) == before
    # the existing operator is untouched: the old PIN still works
    assert shop.svc.operators.authenticate(
        name.strip(), CASHIER_PIN if "cash" in name else MANAGER_PIN
    )


@pytest.mark.parametrize("role", ["admin", "Manager", "", "root"])
def test_add_refuses_an_unknown_role(shop, role):
    with pytest.raises(InvalidInput, match="role"):
        shop.svc.operators.add("carol", role, "4321")
    with pytest.raises(NotFound):
        shop.svc.operators.by_name("carol")


@pytest.mark.parametrize("name", ["", "   ", "x" * 61])
def test_add_refuses_a_bad_name(shop, name):
    with pytest.raises(InvalidInput, match="name"):
        shop.svc.operators.add(name, "cashier", "4321")


def test_authenticate_with_the_right_pin(shop):
    before = tally(shop)
    op = shop.svc.operators.authenticate("cashier", CASHIER_PIN)
    assert op == shop.cashier
    assert tally(shop) == before  # a successful login writes nothing


def test_wrong_pin_raises_and_is_audited(shop):
    before = tally(shop)

    with pytest.raises(AuthError, match="wrong PIN"):
        shop.svc.operators.authenticate("cashier", "0000")

    assert tally(shop) - before == (0, 1)  # an audit row, no event for head office
    row = audit_rows(shop)[-1]
    assert row["action"] == "operator.pin_rejected"
    assert row["entity"] == "operator"
    assert row["entity_id"] == shop.cashier.id
    assert "0000" not in row["raw"]
    assert_books_ok(shop)


def test_each_wrong_pin_is_audited(shop):
    for pin in ("0000", "", None):
        with pytest.raises(AuthError):
            shop.svc.operators.authenticate("manager", pin)
    assert len(audit_rows(shop, "operator.pin_rejected")) == 3
    assert shop.svc.setup.verify_audit().ok


def test_unknown_operator_cannot_log_in(shop):
    before = tally(shop)
    with pytest.raises(AuthError, match="no operator"):
        shop.svc.operators.authenticate("nobody", "1234")
    assert tally(shop) == before
    with pytest.raises(NotFound):
        shop.svc.operators.by_name("nobody")


def test_manager_approves(shop):
    approver = shop.svc.operators.approve("manager", MANAGER_PIN, by=shop.cashier)
    assert approver == shop.manager


def test_cashier_cannot_approve(shop):
    with pytest.raises(AuthError, match="not a manager"):
        shop.svc.operators.approve("cashier", CASHIER_PIN, by=shop.cashier)


def test_approval_with_a_wrong_pin_is_refused_and_audited(shop):
    with pytest.raises(AuthError, match="wrong PIN"):
        shop.svc.operators.approve("manager", "1111", by=shop.cashier)
    row = audit_rows(shop)[-1]
    assert (row["action"], row["entity_id"]) == ("operator.pin_rejected", shop.manager.id)


def test_second_person_rule(shop):
    ops = shop.svc.operators
    # the manager cannot approve their own sensitive change
    with pytest.raises(AuthError, match="second person"):
        ops.approve("manager", MANAGER_PIN, by=shop.manager, second_person=True)
    # without the second-person rule a manager may approve their own action
    assert ops.approve("manager", MANAGER_PIN, by=shop.manager) == shop.manager
    # a cashier's change approved by the manager is fine
    assert ops.approve("manager", MANAGER_PIN, by=shop.cashier, second_person=True) == shop.manager
    # so is another manager approving the first manager's change
    other = ops.add("deputy", "manager", "24680", by=shop.manager)
    assert ops.approve("deputy", "24680", by=shop.manager, second_person=True) == other


def test_once_a_manager_exists_only_a_manager_adds_operators(shop):
    before = tally(shop)
    with pytest.raises(AuthError, match="manager's approval"):
        shop.svc.operators.add("mallory", "manager", "4321")
    assert tally(shop) == before
