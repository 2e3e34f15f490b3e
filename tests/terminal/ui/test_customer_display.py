"""The customer display: hidden with one screen, and its small API for the dialogs."""

from terminal.ui import customer_display as cd


def test_one_screen_keeps_it_hidden_and_the_api_works(qtbot, shop):
    display = cd.CustomerDisplay("测试门店")
    qtbot.addWidget(display)
    assert display.place() is False  # the offscreen platform has one screen
    assert not display.on_second_screen
    member = shop.sign_up()
    display.show_member(member)
    assert member.name_masked in display.member.text()
    display.show_due(12345)
    assert "¥123.45" in display.amount.text()
    display.show_change(500)
    assert "¥5.00" in display.amount.text()
    display.show_qr("POSM:" + member.card_no, "Scan to see your card")
    assert not display.qr.pixmap().isNull()
    assert display.caption.text() == "Scan to see your card"
    display.welcome()
    assert "测试门店" in display.title.text() and display.amount.text() == ""
    assert display.qr.pixmap().isNull()


def test_the_accessor_returns_the_installed_display(qtbot):
    display = cd.CustomerDisplay("A")
    qtbot.addWidget(display)
    cd.install(display)
    assert cd.customer_display() is display
