"""The customer display's state: only the current transaction, without Qt."""

from dataclasses import replace

from terminal.services.views.customer import CustomerScreen


def _members(shop):
    first = shop.sign_up(phone="13900001111", name="王小明")
    second = shop.sign_up(phone="13900002222", name="李雷")
    return first, second


def test_another_member_clears_the_previous_customers_change(shop):
    first, second = _members(shop)
    screen = CustomerScreen().with_member(first).with_due(8_800).with_change(1_200)
    assert (screen.due_fen, screen.change_fen) == (None, 1_200)
    after_sale = replace(first, points=first.points + 88)
    same = screen.with_member(after_sale)  # the same member's new balances after the sale
    assert same.change_fen == 1_200 and same.member.points == first.points + 88
    nxt = same.with_member(second)
    assert nxt == CustomerScreen(member=second)
    assert CustomerScreen().with_member(first).with_change(500).with_member(None) == (
        CustomerScreen()
    )


def test_a_new_sale_keeps_the_member_and_nothing_else(shop):
    first, _ = _members(shop)
    screen = CustomerScreen().with_member(first).with_change(1_200).new_sale()
    assert screen == CustomerScreen(member=first)


def test_a_qr_code_comes_without_an_earlier_amount(shop):
    first, _ = _members(shop)
    screen = CustomerScreen().with_member(first).with_change(1_200).with_qr("POSM:1", "card")
    assert screen.change_fen is None and screen.due_fen is None
    assert screen.qr == ("POSM:1", "card")
    assert screen.with_due(100).qr == ("POSM:1", "card")
