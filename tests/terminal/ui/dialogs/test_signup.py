"""Signing a member up at the counter, through the real dialog and services."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from terminal.devices.wedge import WedgeSettings
from terminal.ui.dialogs.signup import SignUpDialog
from terminal.ui.wedge_filter import WedgeFilter
from tests.helpers.qt import FakeTicker, type_text
from tests.helpers.services_kit import audit_rows
from tests.terminal.ui.dialogs.conftest import press_enter, type_into


@pytest.fixture
def keyboard(qapp):
    """Keys typed by a person through the counter's wedge filter, on a fake clock."""
    ticker = FakeTicker()
    wedge = WedgeFilter(WedgeSettings(0.05, 6), ticker)
    wedge.install(qapp)
    yield wedge, ticker
    wedge.uninstall(qapp)


def _settle(qtbot, keyboard) -> None:
    wedge, ticker = keyboard
    ticker.advance(0.1)  # past the scanner gap: the last key held is sent on
    qtbot.waitUntil(lambda: not wedge.decoder.holding, timeout=1000)


def test_sign_up_shows_the_new_card_as_a_qr(open_dialog, shop, receipts):
    dialog = open_dialog(SignUpDialog)
    assert dialog.focusWidget() is dialog.phone
    type_into(dialog.phone, "13912345678")
    type_into(dialog.name, "王小明")
    type_into(dialog.birthday, "1990-05-17")
    dialog.consent.setChecked(True)
    press_enter(dialog.name)
    member = shop.svc.members.find("13912345678")
    assert dialog.signed_up.id == member.id
    assert dialog.changes == [member.card_no]
    assert receipts.printed == [("signup", member.id)]
    assert not dialog.qr.pixmap().isNull()
    assert member.card_no in dialog.qr_caption.text()
    assert [r["entity_id"] for r in audit_rows(shop, "member.sign_up")] == [member.id]
    press_enter(dialog.ok)  # Enter again closes
    assert not dialog.isVisible()


def test_consent_is_required_and_nothing_typed_is_lost(open_dialog, shop):
    dialog = open_dialog(SignUpDialog)
    type_into(dialog.phone, "13912345678")
    type_into(dialog.name, "王小明")
    dialog.consent.setFocus()
    press_enter(dialog.consent)
    assert dialog.error.isVisible()
    assert "privacy" in dialog.error.text()
    assert dialog.phone.text() == "13912345678" and dialog.name.text() == "王小明"
    assert audit_rows(shop, "member.sign_up") == []
    dialog.consent.setChecked(True)  # corrected: the refusal of the form before goes
    assert not dialog.error.isVisible() and dialog.error.text() == ""


def test_a_refusal_goes_when_the_field_it_is_about_changes(open_dialog, shop):
    dialog = open_dialog(SignUpDialog)
    type_into(dialog.phone, "12345")
    type_into(dialog.name, "王小明")
    dialog.consent.setChecked(True)
    dialog.confirm()
    assert dialog.error.isVisible() and dialog.signed_up is None
    type_into(dialog.phone, "13912345678")
    assert not dialog.error.isVisible()
    dialog.confirm()
    assert dialog.signed_up is not None and not dialog.error.isVisible()


def test_a_bad_phone_is_refused_inside_the_dialog(open_dialog, shop):
    dialog = open_dialog(SignUpDialog)
    type_into(dialog.phone, "12345")
    type_into(dialog.name, "王小明")
    type_into(dialog.birthday, "1990-05-17")
    dialog.consent.setChecked(True)
    press_enter(dialog.birthday)
    assert dialog.error.isVisible() and dialog.error.text()
    assert dialog.isVisible() and dialog.signed_up is None
    assert dialog.phone.text() == "12345"
    assert audit_rows(shop, "member.sign_up") == []


def test_a_phone_already_signed_up_brings_up_that_member(open_dialog, shop, receipts):
    existing = shop.sign_up(phone="13912345678", name="王小明")
    dialog = open_dialog(SignUpDialog)
    type_into(dialog.phone, "139 1234 5678")
    type_into(dialog.name, "别的名字")
    dialog.consent.setChecked(True)
    dialog.consent.setFocus()
    press_enter(dialog.consent)
    assert dialog.signed_up.id == existing.id and dialog.signed_up.existing
    assert existing.card_no in dialog.notice.text()
    assert "already a member" in dialog.notice.text()
    assert dialog.changes == [existing.card_no]
    assert receipts.printed == []
    assert len(audit_rows(shop, "member.sign_up")) == 1


def test_without_a_head_office_it_says_so(open_dialog):
    dialog = open_dialog(SignUpDialog)
    assert dialog.self_signup_url is None
    assert dialog.qr.text() == "No head office configured"


def test_with_a_head_office_the_self_sign_up_qr_leads_there(open_dialog, monkeypatch):
    monkeypatch.setenv("POS_HEADOFFICE_URL", "https://ho.example.cn/")
    dialog = open_dialog(SignUpDialog)
    assert dialog.self_signup_url == "https://ho.example.cn/signup/?store=12&terminal=001203"
    assert not dialog.qr.pixmap().isNull()
    assert dialog.self_signup_url in dialog.qr_caption.text()


def test_head_office_address_from_the_config_file(open_dialog, tmp_path):
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "terminal.toml").write_text(
        'headoffice_url = "http://10.0.0.5:8000"\n', encoding="utf-8"
    )
    dialog = open_dialog(SignUpDialog)
    assert dialog.self_signup_url.startswith("http://10.0.0.5:8000/signup/?")


def test_a_malformed_head_office_address_counts_as_none(tmp_path):
    from terminal.ui.dialogs.self_signup import head_office_url

    assert (
        head_office_url({"POS_HEADOFFICE_URL": "ftp://x", "POS_CONFIG_DIR": str(tmp_path)}) is None
    )
    (tmp_path / "terminal.toml").write_text("headoffice_url = [1, 2", encoding="utf-8")
    assert head_office_url({"POS_CONFIG_DIR": str(tmp_path)}) is None


def test_a_supplied_self_sign_up_link_is_fetched_in_the_background(open_dialog, qtbot):
    dialog = open_dialog(SignUpDialog, self_signup_link=lambda: "https://hq.example.cn/signup/T0K")
    qtbot.waitUntil(lambda: dialog.self_signup_url is not None, timeout=3000)
    assert dialog.self_signup_url == "https://hq.example.cn/signup/T0K"
    assert not dialog.qr.pixmap().isNull()


def test_head_office_unreachable_for_the_link_is_said_plainly(open_dialog, qtbot):
    from terminal.sync.client import Unreachable

    def unreachable():
        raise Unreachable("head office did not answer in time")

    dialog = open_dialog(SignUpDialog, self_signup_link=unreachable)
    qtbot.waitUntil(lambda: not dialog.fetching_link, timeout=3000)
    assert dialog.qr.text() == "Self sign-up is not available now"
    assert dialog.qr_caption.text() == "Head office cannot be reached; try again later."
    assert dialog.isVisible() and dialog.focusWidget() is dialog.phone


def test_an_enrolled_terminal_uses_the_head_office_it_enrolled_with(open_dialog, shop):
    from datetime import datetime

    from terminal.store.models import SyncState

    with shop.svc.db.write() as s:
        s.add(
            SyncState(
                id=1,
                base_url="https://hq.example.cn",
                terminal_id="T-0012-03",
                enrolled_at=datetime(2026, 3, 1),
            )
        )
    dialog = open_dialog(SignUpDialog)
    assert dialog.self_signup_url == "https://hq.example.cn/signup/?store=12&terminal=001203"


def test_enter_walks_to_the_next_empty_field_and_nothing_typed_is_lost(
    open_dialog, shop, keyboard, qtbot
):
    dialog = open_dialog(SignUpDialog)
    type_text(keyboard[1], "13912345678", dialog.focusWidget())
    _settle(qtbot, keyboard)
    assert dialog.focusWidget() is dialog.name
    assert not dialog.error.isVisible()
    type_text(keyboard[1], "Wang Lei", dialog.focusWidget())
    _settle(qtbot, keyboard)
    assert dialog.name.text() == "Wang Lei"
    assert dialog.focusWidget() is dialog.birthday  # optional, but the next empty field
    press_enter(dialog.birthday)
    assert dialog.focusWidget() is dialog.consent
    QTest.keyClick(dialog.consent, Qt.Key.Key_Space)  # a quick tap, through the filter
    _settle(qtbot, keyboard)
    assert dialog.consent.isChecked()
    press_enter(dialog.consent)
    assert dialog.signed_up is not None
    assert shop.svc.members.find("13912345678").id == dialog.signed_up.id


def test_enter_skips_fields_already_filled(open_dialog):
    dialog = open_dialog(SignUpDialog, phone="13912345678")
    type_into(dialog.birthday, "1990-05-17")
    dialog.phone.setFocus()
    press_enter(dialog.phone)
    assert dialog.focusWidget() is dialog.name
    type_into(dialog.name, "王小明")
    press_enter(dialog.name)
    assert dialog.focusWidget() is dialog.consent
    assert not dialog.error.isVisible() and dialog.signed_up is None
