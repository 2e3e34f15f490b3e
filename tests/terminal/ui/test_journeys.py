"""Whole cashier journeys through the counter window and the real dialogs: keys typed as a
person types them (the scanner filter is listening), scans as a scanner sends them."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from terminal.ui.dialogs.approval import ApprovalDialog
from terminal.ui.dialogs.checkout import CheckoutDialog
from terminal.ui.dialogs.refund import RefundDialog
from terminal.ui.dialogs.signup import SignUpDialog
from terminal.ui.dialogs.topup import TopUpDialog
from tests.helpers.qt import scan, type_text
from tests.helpers.services_kit import assert_books_ok, audit_rows, buy, give_points, top_up
from tests.helpers.shop import MANAGER_PIN


def key(window, k) -> None:
    QTest.keyClick(window, k)


def fill(window, ticker, widget, text: str) -> None:
    """A person types into `widget` (Chinese arrives from the input method at once)."""
    widget.setFocus()
    widget.clear()
    if text.isascii():
        type_text(ticker, text, widget, enter=False)
        ticker.advance(1)
        window.wedge.flush()
    else:
        widget.insert(text)
    assert widget.text() == text


def enter(widget) -> None:
    QTest.keyClick(widget, Qt.Key.Key_Return)


def test_sign_up_a_member_from_the_counter(logged_in, shop, qtbot, ticker):
    key(logged_in, Qt.Key.Key_F2)
    dialog = logged_in.active_dialog
    assert isinstance(dialog, SignUpDialog) and dialog.operator == shop.cashier
    fill(logged_in, ticker, dialog.phone, "13912345678")
    fill(logged_in, ticker, dialog.name, "王小明")
    dialog.consent.setChecked(True)
    enter(dialog.name)
    assert dialog.focusWidget() is dialog.birthday  # Enter moves on to the empty field
    enter(dialog.birthday)
    assert dialog.signed_up is not None, dialog.error.text()
    assert not dialog.qr.pixmap().isNull()
    # the new member is on the counter at once
    shown = logged_in.counter.member
    assert shown is not None and shown.id == dialog.signed_up.id
    assert logged_in.counter.panel.name.text() == "王**"
    assert logged_in.receipts.requests == [("signup", shown.id)]
    assert "No printer configured" in logged_in.status.currentMessage()
    enter(dialog.ok)
    qtbot.waitUntil(lambda: logged_in.active_dialog is None, timeout=2000)
    entry = audit_rows(shop, "member.sign_up")[-1]
    assert entry["operator_id"] == shop.cashier.id


class _EnrolledSync:
    """What the counter uses of a running sync: head office's client for sign-up links."""

    def __init__(self) -> None:
        self.client = self
        self.links = 0

    def signup_link(self) -> str:
        self.links += 1
        return f"https://ho.example.cn/signup/token{self.links}"


def test_sign_up_on_an_enrolled_terminal_shows_head_office_link(logged_in, qtbot):
    logged_in.sync = _EnrolledSync()
    key(logged_in, Qt.Key.Key_F2)
    dialog = logged_in.active_dialog
    assert isinstance(dialog, SignUpDialog)
    qtbot.waitUntil(lambda: dialog.self_signup_url is not None, timeout=3000)
    assert dialog.self_signup_url == "https://ho.example.cn/signup/token1"
    assert not dialog.qr.pixmap().isNull()
    assert dialog.self_signup_url in dialog.qr_caption.text()


def test_checkout_with_split_tenders(logged_in, shop, qtbot, ticker):
    member = shop.sign_up()
    give_points(shop, member, 5_000)
    top_up(shop, member, 10_000)
    logged_in.counter.input.setFocus()
    scan(ticker, member.card_no)
    qtbot.waitUntil(lambda: logged_in.counter.member is not None, timeout=2000)
    key(logged_in, Qt.Key.Key_F3)
    dialog = logged_in.active_dialog
    assert isinstance(dialog, CheckoutDialog) and dialog.member.id == member.id
    fill(logged_in, ticker, dialog.amount, "100")
    fill(logged_in, ticker, dialog.points, "2000")  # ¥20
    fill(logged_in, ticker, dialog.wallet, "30")
    fill(logged_in, ticker, dialog.cash, "60")
    assert dialog.remaining.text() == "¥10.00"  # change
    enter(dialog.cash)
    assert dialog.result is not None, dialog.error.text()
    panel = logged_in.counter.member
    assert panel.points == 5_000 - 2_000 + 80
    assert panel.wallet_fen == 10_000 + 0 - 3_000  # ¥100 top-up has no bonus
    assert logged_in.receipts.requests == [("sale", dialog.result.sale_id)]
    enter(dialog.ok)
    qtbot.waitUntil(lambda: logged_in.active_dialog is None, timeout=2000)
    assert audit_rows(shop, "sale.complete")[-1]["operator_id"] == shop.cashier.id
    assert_books_ok(shop)


def test_top_up_from_the_counter(logged_in, shop, qtbot, ticker):
    member = shop.sign_up()
    logged_in.counter.show_query(member.card_no)
    key(logged_in, Qt.Key.Key_F4)
    dialog = logged_in.active_dialog
    assert isinstance(dialog, TopUpDialog)
    fill(logged_in, ticker, dialog.amount, "500")
    assert dialog.bonus.text() == "¥40.00"
    enter(dialog.amount)
    assert dialog.result is not None, dialog.error.text()
    shown = logged_in.counter.member
    assert (shown.wallet_principal_fen, shown.wallet_bonus_fen) == (50_000, 4_000)
    assert "¥540.00" in logged_in.counter.panel.balance.text()
    enter(dialog.ok)
    qtbot.waitUntil(lambda: logged_in.active_dialog is None, timeout=2000)
    assert_books_ok(shop)


def test_refund_by_scanning_the_receipt_with_manager_approval(logged_in, shop, qtbot, ticker):
    member = shop.sign_up()
    top_up(shop, member, 20_000)
    sale = buy(shop, member, 8_000, wallet_fen=8_000)
    receipt_no = shop.svc.sale_lookup.summary(sale.sale_id).receipt_no
    key(logged_in, Qt.Key.Key_F6)
    dialog = logged_in.active_dialog
    assert isinstance(dialog, RefundDialog)
    # the receipt is scanned while the refund window has focus
    scan(ticker, receipt_no, dialog.receipt_no)
    qtbot.waitUntil(lambda: dialog.sale is not None, timeout=2000)
    assert dialog.receipt_no.text() == receipt_no
    enter(dialog.amount)  # empty amount: refund all that is left
    approval = dialog.approval
    assert isinstance(approval, ApprovalDialog)
    qtbot.waitExposed(approval)
    approval.manager.setCurrentText("manager")
    fill(logged_in, ticker, approval.pin, "0000")  # a wrong PIN first
    enter(approval.pin)
    assert approval.error.isVisible() and dialog.result is None
    fill(logged_in, ticker, approval.pin, MANAGER_PIN)
    enter(approval.pin)
    assert dialog.result is not None, dialog.error.text()
    assert dialog.result.amount_fen == 8_000
    assert logged_in.counter.member.id == member.id  # the refunded member is shown
    assert logged_in.counter.member.wallet_fen == 20_000
    row = audit_rows(shop, "sale.refund")[-1]
    assert (row["operator_id"], row["approver_id"]) == (shop.cashier.id, shop.manager.id)
    enter(dialog.ok)
    qtbot.waitUntil(lambda: logged_in.active_dialog is None, timeout=2000)
    assert_books_ok(shop)
