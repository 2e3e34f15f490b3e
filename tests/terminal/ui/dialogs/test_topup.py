"""Top-up through the real dialog: the bonus shown before confirming, the card cap."""

from terminal.ui.dialogs.topup import TopUpDialog
from tests.helpers.services_kit import assert_books_ok, audit_rows, top_up
from tests.terminal.ui.dialogs.conftest import press_enter, type_into


def test_top_up_shows_the_bonus_before_confirming(open_dialog, shop, receipts):
    member = shop.sign_up()
    dialog = open_dialog(TopUpDialog, member=member)
    assert dialog.focusWidget() is dialog.amount
    type_into(dialog.amount, "500")
    assert dialog.bonus.text() == "¥40.00"  # default rule: ¥500 earns ¥40
    assert dialog.after.text() == "Balance after top-up: ¥540.00"
    assert audit_rows(shop, "wallet.topup") == []  # nothing booked yet
    dialog.tender.setCurrentIndex(dialog.tender.findData("mobile"))
    type_into(dialog.reference, "ALI2026")
    press_enter(dialog.reference)
    assert dialog.result is not None, dialog.error.text()
    assert (dialog.result.amount_fen, dialog.result.bonus_fen) == (50_000, 4_000)
    after = shop.svc.members.find(member.card_no)
    assert (after.wallet_principal_fen, after.wallet_bonus_fen) == (50_000, 4_000)
    assert receipts.printed == [("topup", dialog.result.topup_id)]
    assert dialog.changes == [member.card_no]
    assert "¥540.00" in dialog.after.text()
    assert_books_ok(shop)


def test_the_card_cap_is_shown_and_respected(open_dialog, shop):
    member = shop.sign_up()
    top_up(shop, member, 400_000)  # ¥4,000 + ¥100 bonus; the cap is ¥5,000
    dialog = open_dialog(TopUpDialog, member=member)
    assert "¥5,000.00" in dialog.limits.text()
    type_into(dialog.amount, "1000")
    # ¥900 of room, but ¥900 would bring ¥40 of bonus: the most the top-up accepts is ¥860
    assert "at most ¥860.00" in dialog.after.text()
    press_enter(dialog.amount)
    assert dialog.result is None
    assert "at most ¥860.00" in dialog.error.text()
    assert dialog.amount.text() == "1000"
    assert len(audit_rows(shop, "wallet.topup")) == 1
    type_into(dialog.amount, "860")  # the corrected amount: the refusal goes with the old one
    assert not dialog.error.isVisible() and dialog.error.text() == ""
    assert dialog.after.text() == "Balance after top-up: ¥5,000.00"
    type_into(dialog.amount, "860.01")
    assert "at most ¥860.00" in dialog.after.text()
    type_into(dialog.amount, "860")
    press_enter(dialog.amount)
    assert dialog.result is not None and dialog.result.wallet_fen == 500_000


def test_a_garbled_amount_is_not_accepted(open_dialog, shop):
    member = shop.sign_up()
    dialog = open_dialog(TopUpDialog, member=member)
    type_into(dialog.amount, "12.345abc")  # the validator keeps what an amount can be
    assert dialog.amount.text() == "12.34"
    type_into(dialog.amount, "0")
    press_enter(dialog.amount)
    assert dialog.result is None and "more than ¥0.00" in dialog.error.text()
