"""The counter window driven through its real widgets: log in, scans, lookups, lock."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from terminal.domain.cards import TerminalNumber, make_card_no
from tests.helpers.qt import scan, type_text
from tests.helpers.shop import CASHIER_PIN, MANAGER_PIN


def test_login_with_the_right_pin_opens_the_counter(window, shop, qtbot, ticker):
    assert window.stack.currentWidget() is window.login
    window.login.choose("cashier")
    window.login.pin.setFocus()
    type_text(ticker, CASHIER_PIN, window.login.pin)
    qtbot.waitUntil(lambda: window.operator is not None, timeout=2000)
    assert window.operator == shop.cashier
    assert window.stack.currentWidget() is window.counter
    assert "cashier" in window.status.operator_label.text()


def test_wrong_pin_says_so_and_stays_locked(window, qtbot, ticker):
    window.login.choose("cashier")
    window.login.pin.setFocus()
    type_text(ticker, "1234", window.login.pin)
    qtbot.waitUntil(lambda: "Wrong PIN" in window.login.message.text(), timeout=2000)
    assert window.operator is None
    assert window.login.pin.text() == ""
    assert window.stack.currentWidget() is window.login


def test_lockout_message_from_the_service(window, qtbot):
    for _ in range(5):
        window.login.choose("cashier")
        window.login.pin.setText("2222")
        window.login.log_in()
    window.login.pin.setText(CASHIER_PIN)
    window.login.log_in()
    assert "locked after 5 wrong PINs" in window.login.message.text()
    assert window.operator is None


def test_scan_a_card_with_focus_on_a_function_key(logged_in, shop, qtbot, ticker):
    member = shop.sign_up()
    button = logged_in.counter.buttons["search"]
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    button.setFocus()
    scan(ticker, member.card_no, button)
    qtbot.waitUntil(lambda: logged_in.counter.member is not None, timeout=2000)
    panel = logged_in.counter.panel
    assert panel.view.id == member.id
    assert panel.name.text() == member.name_masked
    assert panel.phone.text().endswith("138****8000")
    assert logged_in.counter.input.text() == ""  # the scan never typed into the input
    assert logged_in.customer_display.member.text().startswith("Hello")


def test_scan_of_a_member_qr(logged_in, shop, qtbot, ticker):
    member = shop.sign_up()
    logged_in.counter.input.setFocus()
    scan(ticker, "POSM:" + member.card_no)
    qtbot.waitUntil(lambda: logged_in.counter.member is not None, timeout=2000)
    assert logged_in.counter.member.card_no == member.card_no


def test_typed_phone_number_finds_the_member(logged_in, shop, qtbot, ticker):
    member = shop.sign_up(phone="13912345678", name="李雷")
    logged_in.counter.input.setFocus()
    type_text(ticker, "139 1234 5678")
    qtbot.waitUntil(lambda: logged_in.counter.member is not None, timeout=2000)
    assert logged_in.counter.member.id == member.id
    assert logged_in.counter.panel.name.text() == "李*"


def test_unknown_card_gives_a_clear_message(logged_in, shop, qtbot, ticker):
    shop.sign_up()
    nobody = make_card_no(TerminalNumber(12, 3), 99_999)  # a right check digit, no member
    logged_in.counter.input.setFocus()
    type_text(ticker, nobody)
    counter = logged_in.counter
    qtbot.waitUntil(lambda: counter.message.text() != "", timeout=2000)
    assert counter.message.text() == f"No member has card {nobody}."
    assert counter.member is None


def test_garbled_scan_and_mistyped_card(logged_in, qtbot, ticker):
    counter = logged_in.counter
    counter.input.setFocus()
    scan(ticker, "XYZ-??-123")
    qtbot.waitUntil(lambda: "not a member card" in counter.message.text(), timeout=2000)
    type_text(ticker, "001203000014")  # wrong check digit
    qtbot.waitUntil(lambda: "wrong check digit" in counter.message.text(), timeout=2000)
    type_text(ticker, "12345")
    qtbot.waitUntil(lambda: "neither a card number" in counter.message.text(), timeout=2000)
    assert counter.member is None


def test_lock_and_switch_operator(logged_in, shop, qtbot, ticker):
    member = shop.sign_up()
    logged_in.counter.show_query(member.card_no)
    QTest.keyClick(logged_in, Qt.Key.Key_F12)
    assert logged_in.stack.currentWidget() is logged_in.login
    assert logged_in.operator is None
    assert logged_in.counter.member is None  # the member is not left on screen
    assert "Locked by cashier" in logged_in.login.title.text()
    assert logged_in.login.chosen() is None  # whoever comes next chooses their own name
    # a scan on the lock screen does not show anyone
    scan(ticker, member.card_no, logged_in.login.pin)
    qtbot.waitUntil(lambda: "Log in first" in logged_in.login.message.text(), timeout=2000)
    assert logged_in.counter.member is None
    logged_in.login.choose("manager")
    logged_in.login.pin.setText(MANAGER_PIN)
    logged_in.login.log_in()
    assert logged_in.operator == shop.manager
    assert "manager" in logged_in.status.operator_label.text()


def test_check_in_is_done_on_the_counter(logged_in, shop, qtbot):
    member = shop.sign_up()
    logged_in.counter.show_query(member.card_no)
    before = logged_in.counter.member.points
    QTest.keyClick(logged_in, Qt.Key.Key_F7)
    assert "Checked in" in logged_in.counter.message.text()
    assert logged_in.counter.member.points > before
    QTest.keyClick(logged_in, Qt.Key.Key_F7)  # twice the same day: the service refuses
    assert "Checked in" not in logged_in.counter.message.text()
    assert logged_in.counter.message.property("error") is True


def test_keys_that_need_a_member_say_so(logged_in):
    QTest.keyClick(logged_in, Qt.Key.Key_F4)
    assert logged_in.counter.message.text() == "Scan or find a member first"
    assert logged_in.active_dialog is None


def test_status_bar_shows_the_queue(logged_in, shop, qtbot):
    status = logged_in.status
    qtbot.waitUntil(lambda: status.summary is not None, timeout=3000)  # the first read
    shop.sign_up()
    shop.clock.advance(minutes=3)
    status.refresh()
    qtbot.waitUntil(lambda: "oldest 3 min" in status.queue.text(), timeout=3000)
    assert status.summary.pending == 3  # two operators added, one sign-up
    assert logged_in.status.link.text() == "Standalone"


def test_arrow_keys_in_the_pin_field_choose_the_operator(window):
    window.login.choose("cashier")
    QTest.keyClick(window.login.pin, Qt.Key.Key_Down)
    assert window.login.chosen() == "manager"
    QTest.keyClick(window.login.pin, Qt.Key.Key_Down)
    assert window.login.chosen() == "cashier"
    QTest.keyClick(window.login.pin, Qt.Key.Key_Up)
    assert window.login.chosen() == "manager"


def test_the_counter_input_takes_no_input_method(logged_in):
    assert not logged_in.counter.input.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)
    assert logged_in.login.pin.echoMode() == logged_in.login.pin.EchoMode.Password


def test_lock_screen_wrong_pins_of_one_cashier_never_lock_the_manager(logged_in, shop):
    QTest.keyClick(logged_in, Qt.Key.Key_F12)
    login = logged_in.login
    login.pin.setText(CASHIER_PIN)
    login.log_in()  # nobody chosen: the PIN is checked against no one
    assert "Choose your name first" in login.message.text()
    for _ in range(5):
        login.choose("cashier")
        login.pin.setText("2222")
        login.log_in()
    login.choose("manager")
    login.pin.setText(MANAGER_PIN)
    login.log_in()
    assert logged_in.operator == shop.manager


def test_a_locked_out_manager_gets_back_in_with_the_recovery_code(window, shop, qtbot):
    code = shop.svc.operators.issue_recovery_code(shop.manager)
    login = window.login
    for _ in range(5):
        login.choose("manager")
        login.pin.setText("2222")
        login.log_in()
    login.choose("manager")
    QTest.mouseClick(login.recover, Qt.MouseButton.LeftButton)  # touch: a tap
    dialog = login.recovery
    qtbot.waitExposed(dialog)
    assert dialog.manager.currentText() == "manager"
    assert dialog.focusWidget() is dialog.code
    dialog.code.setText("wrong-code-0000")
    QTest.keyClick(dialog.code, Qt.Key.Key_Return)  # on to the empty PIN
    assert dialog.focusWidget() is dialog.pin
    dialog.pin.setText("2468")
    QTest.keyClick(dialog.pin, Qt.Key.Key_Return)
    assert dialog.focusWidget() is dialog.repeat
    dialog.repeat.setText("2468")
    QTest.keyClick(dialog.repeat, Qt.Key.Key_Return)
    assert "not right" in dialog.error.text() and dialog.new_code is None
    dialog.code.setText(code)
    QTest.keyClick(dialog.repeat, Qt.Key.Key_Return)
    assert dialog.new_code and dialog.new_code != code
    assert dialog.shown_code.text() == dialog.new_code
    assert "shown only this once" in dialog.notice.text()
    QTest.keyClick(dialog.ok, Qt.Key.Key_Return)  # Enter closes
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)
    assert login.chosen() == "manager"
    login.pin.setText("2468")
    login.log_in()
    assert window.operator == shop.manager


def test_the_counter_locks_itself_after_five_quiet_minutes(logged_in, shop, ticker, qtbot):
    member = shop.sign_up()
    logged_in.counter.show_query(member.card_no)
    ticker.advance(299)
    logged_in.auto_lock.check()
    assert logged_in.operator == shop.cashier  # not yet
    QTest.keyClick(logged_in.counter.input, Qt.Key.Key_Left)  # someone at the keys
    ticker.advance(299)
    logged_in.auto_lock.check()
    assert logged_in.operator == shop.cashier
    ticker.advance(2)
    logged_in.auto_lock.timer.setInterval(5)  # the real look, soon
    qtbot.waitUntil(lambda: logged_in.operator is None, timeout=2000)
    assert logged_in.stack.currentWidget() is logged_in.login
    assert logged_in.counter.member is None
    assert "Locked by cashier" in logged_in.login.title.text()


def test_a_tap_counts_as_someone_at_the_till(logged_in, shop, ticker):
    ticker.advance(299)
    QTest.mouseClick(logged_in.counter.input, Qt.MouseButton.LeftButton)
    ticker.advance(299)
    logged_in.auto_lock.check()
    assert logged_in.operator == shop.cashier


class _RefusingFinder:
    """Head office's answer to a terminal past its look-ups for the minute."""

    def find(self, query):
        from terminal.sync.lookup import TooManyLookups

        raise TooManyLookups(42)


def test_a_refused_lookup_says_to_wait_or_use_the_card(logged_in):
    counter = logged_in.counter
    counter.finder = _RefusingFinder()
    assert counter.show_query("13900139000") is False
    assert "Try again in 42 s, or serve the member by card" in counter.message.text()
    logged_in.set_language("zh_CN")
    counter.show_query("13900139000")
    assert counter.message.text() == (
        "总部暂时拒绝本终端继续查询会员。请 42 秒后再试，或凭会员卡办理。"
    )
    logged_in.set_language("en")
