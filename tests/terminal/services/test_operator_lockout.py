import pytest

from terminal.domain.errors import AuthError
from tests.helpers.shop import CASHIER_PIN


def test_five_wrong_pins_lock_the_operator_until_a_manager_sets_a_new_pin(shop):
    ops = shop.svc.operators
    for _ in range(5):
        with pytest.raises(AuthError, match="wrong PIN"):
            ops.authenticate("cashier", "0000")
    with pytest.raises(AuthError, match="locked"):
        ops.authenticate("cashier", CASHIER_PIN)
    ops.set_pin("cashier", "2468", shop.manager)
    assert ops.authenticate("cashier", "2468").name == "cashier"


def test_a_right_pin_resets_the_count_of_wrong_ones(shop):
    ops = shop.svc.operators
    for _ in range(4):
        with pytest.raises(AuthError):
            ops.authenticate("cashier", "0000")
    ops.authenticate("cashier", CASHIER_PIN)
    for _ in range(4):
        with pytest.raises(AuthError, match="wrong PIN"):
            ops.authenticate("cashier", "0000")
    assert ops.authenticate("cashier", CASHIER_PIN).name == "cashier"


def test_only_a_manager_sets_pins(shop):
    with pytest.raises(AuthError):
        shop.svc.operators.set_pin("manager", "1357", shop.cashier)
