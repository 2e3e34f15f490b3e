"""The points catalogue (stock, redeem), member search and settings, through the dialogs."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from terminal.ui.dialogs.catalogue import CatalogueDialog
from terminal.ui.dialogs.search import MemberSearchDialog
from terminal.ui.dialogs.settings import SettingsDialog
from tests.helpers.services_kit import audit_rows, give_points
from tests.helpers.shop import MANAGER_PIN
from tests.terminal.ui.dialogs.conftest import press_enter, type_into
from tests.terminal.ui.dialogs.test_approvals import approve


def test_catalogue_redeem_takes_points_and_stock(open_dialog, shop):
    shop.svc.points.add_item("MUG", "保温杯", 1_500, 2, shop.manager)
    shop.svc.points.add_item("BAG", "购物袋", 300, 0, shop.manager)
    member = shop.sign_up()
    give_points(shop, member, 4_000)
    dialog = open_dialog(CatalogueDialog, member=member)
    assert dialog.table.rowCount() == 2
    assert [dialog.table.item(r, 2).text() for r in range(2)] == ["0", "2"]  # by points price
    dialog.table.selectRow(0)
    press_enter(dialog.table)
    assert "left in stock" in dialog.error.text()  # the bag is out of stock
    dialog.table.selectRow(1)
    dialog.quantity.setValue(2)
    assert "3,000 points" in dialog.cost.text()
    press_enter(dialog.quantity)
    assert dialog.last.points == -3_000, dialog.error.text()
    assert dialog.table.item(1, 2).text() == "0"
    assert "Points left: 1,000" in dialog.notice.text()
    assert dialog.changes == [member.card_no]
    assert shop.svc.members.find(member.card_no).points == 1_000
    press_enter(dialog.quantity)  # no stock left
    assert "Only 0" in dialog.error.text()
    assert len(audit_rows(shop, "points.redeem")) == 1


def test_redeem_without_enough_points_is_refused(open_dialog, shop):
    shop.svc.points.add_item("MUG", "保温杯", 1_500, 5, shop.manager)
    member = shop.sign_up()
    dialog = open_dialog(CatalogueDialog, member=member)
    press_enter(dialog.table)
    assert dialog.last is None and dialog.error.text()
    assert shop.svc.points.catalogue()[0].stock == 5


def test_search_by_last_four_and_choose(open_dialog, shop):
    a = shop.sign_up(phone="13900005678", name="王小明")
    b = shop.sign_up(phone="13700005678", name="李雷")
    shop.sign_up(phone="13700001234", name="韩梅梅")
    dialog = open_dialog(MemberSearchDialog)
    chosen = []
    dialog.member_chosen.connect(chosen.append)
    type_into(dialog.query, "5678")
    press_enter(dialog.query)
    assert dialog.table.rowCount() == 2
    assert {dialog.table.item(r, 2).text() for r in range(2)} == {a.card_no, b.card_no}
    assert "2 found" in dialog.hint.text()
    assert dialog.focusWidget() is dialog.query
    press_enter(dialog.query)  # nothing chosen yet: Enter picks nobody
    assert chosen == [] and dialog.isVisible() and "Choose the member" in dialog.error.text()
    QTest.keyClick(dialog.query, Qt.Key.Key_Down)
    QTest.keyClick(dialog.query, Qt.Key.Key_Down)
    assert not dialog.error.isVisible()
    second = dialog.results[1].card_no
    press_enter(dialog.query)
    assert chosen == [second] and dialog.changes == [second]
    assert not dialog.isVisible()


def test_typing_more_refines_the_results_and_drops_the_choice(open_dialog, shop, qtbot):
    shop.sign_up(phone="13900005678", name="王小明")
    b = shop.sign_up(phone="13700005678", name="李雷")
    dialog = open_dialog(MemberSearchDialog)
    QTest.keyClicks(dialog.query, "5678")
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=2000)  # no Enter needed
    QTest.keyClick(dialog.query, Qt.Key.Key_Down)
    assert dialog.table.selectionModel().selectedRows()
    dialog.query.insert(" 李")  # the rest of the name, from the input method
    assert dialog.focusWidget() is dialog.query
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=2000)
    assert not dialog.table.selectionModel().selectedRows()
    assert dialog.isVisible()  # a search while typing never picks on its own
    press_enter(dialog.query)
    assert dialog.chosen.id == b.id


def test_a_query_half_typed_is_no_error(open_dialog, shop, qtbot):
    dialog = open_dialog(MemberSearchDialog)
    QTest.keyClicks(dialog.query, "13900")
    qtbot.waitUntil(lambda: dialog.hint.text() != "Example: 5678 or 5678 王", timeout=2000)
    assert not dialog.error.isVisible() and dialog.table.rowCount() == 0
    press_enter(dialog.query)  # Enter asks for it: now the refusal shows
    assert dialog.error.isVisible() and dialog.error.text()


def test_search_by_last_four_and_name_picks_the_one(open_dialog, shop):
    shop.sign_up(phone="13900005678", name="王小明")
    b = shop.sign_up(phone="13700005678", name="李雷")
    dialog = open_dialog(MemberSearchDialog)
    type_into(dialog.query, "5678 李")
    press_enter(dialog.query)
    assert dialog.chosen.id == b.id and dialog.changes == [b.card_no]


def test_search_by_name_card_and_nothing_found(open_dialog, shop):
    a = shop.sign_up(phone="13900005678", name="王小明")
    dialog = open_dialog(MemberSearchDialog)
    type_into(dialog.query, "9999")
    press_enter(dialog.query)
    assert dialog.table.rowCount() == 0 and "No member found" in dialog.hint.text()
    type_into(dialog.query, "小明")
    press_enter(dialog.query)
    assert dialog.chosen.id == a.id
    dialog = open_dialog(MemberSearchDialog)
    type_into(dialog.query, a.card_no)
    press_enter(dialog.query)
    assert dialog.chosen.id == a.id
    dialog = open_dialog(MemberSearchDialog)
    type_into(dialog.query, a.card_no[:-1] + str((int(a.card_no[-1]) + 1) % 10))
    press_enter(dialog.query)
    assert "check digit" in dialog.error.text() and dialog.isVisible()


def test_settings_change_is_approved_audited_and_versioned(open_dialog, shop):
    dialog = open_dialog(SettingsDialog, operator=shop.manager)
    version = dialog.version
    type_into(dialog.redeem_share, "30")
    dialog.card_cap.setText("8000")
    dialog.tiers.item(1, 3).setText("2.5")  # silver: 2.5% off
    press_enter(dialog.card_cap)
    approve(dialog, MANAGER_PIN)
    assert dialog.saved_version == version + 1, dialog.error.text()
    new_version, rules = shop.svc.setup.rules()
    assert new_version == version + 1
    assert rules.redeem_max_share_bp == 3_000 and rules.card_cap_fen == 800_000
    assert rules.tier("silver").discount_bp == 250
    (row,) = audit_rows(shop, "rules.change")
    assert set(row["details"]["new"]) == {"redeem_max_share_bp", "card_cap_fen", "tiers"}
    assert row["approver_id"] == shop.manager.id
    assert "version" in dialog.notice.text()


def test_settings_refuse_bad_rules_before_asking_a_manager(open_dialog, shop):
    dialog = open_dialog(SettingsDialog)
    dialog.tiers.item(1, 2).setText("0")  # silver would start where normal does
    press_enter(dialog.tabs)
    assert "thresholds must rise" in dialog.error.text()
    assert dialog.approval is None
    type_into(dialog.redeem_share, "abc")
    press_enter(dialog.redeem_share)
    assert "not a percentage" in dialog.error.text()
    assert audit_rows(shop, "rules.change") == []


def test_settings_language_is_emitted_without_approval(open_dialog, shop):
    dialog = open_dialog(SettingsDialog, language="zh_CN")
    languages = []
    dialog.language_changed.connect(languages.append)
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    assert languages == ["en"]
    press_enter(dialog.tabs)
    assert not dialog.isVisible() and audit_rows(shop, "rules.change") == []


def test_rules_from_head_office_are_read_only(open_dialog, shop, monkeypatch):
    monkeypatch.setattr(shop.svc.setup, "rules_source", lambda: "headoffice")
    dialog = open_dialog(SettingsDialog)
    assert dialog.read_only and not dialog.pages[0].isEnabled()
    assert "head office" in dialog.source_note.text()
    assert dialog.pages[3].isEnabled()  # the language stays this terminal's choice


def test_four_digits_typed_on_the_counter_are_searched_at_once(open_dialog, shop, qtbot):
    shop.sign_up(phone="13900005678", name="王小明")
    shop.sign_up(phone="13700005678", name="李雷")
    dialog = open_dialog(MemberSearchDialog, last4="5678")
    assert dialog.query.text() == "5678"
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=2000)
    assert dialog.focusWidget() is dialog.query


def test_bonus_rules_and_expiry_saved_then_used_by_top_up(open_dialog, shop):
    from terminal.ui.dialogs.topup import TopUpDialog

    dialog = open_dialog(SettingsDialog)
    dialog.add_bonus.click()
    row = dialog.bonus.rowCount() - 1
    dialog.bonus.item(row, 0).setText("2000")
    dialog.bonus.item(row, 1).setText("300")
    dialog.expiry_mode.setCurrentIndex(dialog.expiry_mode.findData("annual"))
    type_into(dialog.expiry_years, "1")
    type_into(dialog.low_balance, "50")
    press_enter(dialog.low_balance)
    approve(dialog, MANAGER_PIN)
    assert dialog.saved_version is not None, dialog.error.text()
    _, rules = shop.svc.setup.rules()
    assert (
        rules.bonus_rules[-1].min_topup_fen == 200_000 and rules.bonus_rules[-1].bonus_fen == 30_000
    )
    assert (rules.expiry_mode, rules.expiry_years, rules.low_balance_fen) == ("annual", 1, 5_000)
    member = shop.sign_up()
    topup = open_dialog(TopUpDialog, member=member)
    type_into(topup.amount, "2000")
    assert topup.bonus.text() == "¥300.00"


def test_default_tier_names_show_translated_and_stay_as_stored(open_dialog, shop):
    from terminal.ui.i18n import Translations

    translations = Translations()
    translations.apply("zh_CN")
    try:
        dialog = open_dialog(SettingsDialog)
        assert dialog.tiers.item(1, 1).text() == "银卡会员"
        assert dialog.rule_changes() == {}  # nothing changed by showing it in Chinese
        dialog.tiers.item(1, 1).setText("银卡")
        assert [t["name"] for t in dialog.rule_changes()["tiers"]] == [
            "Normal",
            "银卡",
            "Gold",
            "Diamond",
        ]
    finally:
        translations.apply("en")
