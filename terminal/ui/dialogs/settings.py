"""Settings for a manager: the tier ladder, earn and redeem rates, top-up bonus rules, the
expiry rule, the low-balance threshold, the card cap, and the language.

Rule changes are saved as a new rules version through `services.setup.set_rules` after a
manager's approval (audited there). When the rules come from head office they are shown
read-only. The language is a preference of this terminal: it is applied at once, without
approval, through `language_changed` (the counter window stores it).
"""

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from terminal.domain.errors import InvalidInput, PosError
from terminal.domain.money import format_fen, parse_yuan
from terminal.domain.rules import ANNUAL, ROLLING, Rules
from terminal.services.operators import OperatorView
from terminal.ui.dialogs.approval import ask_approval
from terminal.ui.dialogs.base import PosDialog
from terminal.ui.dialogs.widgets import MoneyEdit, form, format_percent, parse_percent, parse_whole
from terminal.ui.i18n import Translations
from terminal.ui.messages import fill, tier_label

LANGUAGES = (("zh_CN", "简体中文"), ("en", "English"))
HEAD_OFFICE = "headoffice"
_TIER_COLUMNS = 6


def _yuan(fen: int) -> str:
    return format_fen(fen, symbol="").replace(",", "")


class SettingsDialog(PosDialog):
    language_changed = Signal(str)

    def build(self) -> None:
        self.version, self.rules = self.services.setup.rules()
        self.read_only = self.services.setup.rules_source() == HEAD_OFFICE
        self.saved_version: int | None = None
        self.approval = None
        parent = self.parentWidget()
        if parent is not None and hasattr(parent, "set_language"):
            self.language_changed.connect(parent.set_language)
        self.tabs = QTabWidget(objectName="settingsTabs")
        self.body.addWidget(self.tabs)
        self.captions: dict[str, QLabel] = {}

        def cap(key: str) -> QLabel:
            self.captions[key] = QLabel()
            return self.captions[key]

        # --- tiers
        self.tiers = QTableWidget(0, _TIER_COLUMNS, objectName="tierTable")
        self.tiers.verticalHeader().hide()
        self.tiers.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for tier in self.rules.tiers:
            self._add_tier_row(
                tier.code,
                tier_label(tier.code, tier.name),  # the default ladder in the UI's language
                _yuan(tier.threshold_fen),
                format_percent(tier.discount_bp),
                str(tier.multiplier_pct),
                _yuan(tier.birthday_coupon_fen),
            )
        self.add_tier, self.remove_tier = QPushButton(), QPushButton()
        self.add_tier.clicked.connect(lambda: self._add_tier_row("", "", "", "0", "100", "0"))
        self.remove_tier.clicked.connect(lambda: self._remove_last(self.tiers))
        tiers_page = QWidget()
        tiers_box = QVBoxLayout(tiers_page)
        tiers_box.addWidget(self.tiers)
        tiers_box.addLayout(self._row(self.add_tier, self.remove_tier))
        self.tiers_note = QLabel(objectName="hint")
        self.tiers_note.setWordWrap(True)
        tiers_box.addWidget(self.tiers_note)

        # --- points
        self.earn_rate = QLineEdit(str(self.rules.earn_points_per_yuan))
        self.redeem_rate = QLineEdit(str(self.rules.redeem_points_per_yuan))
        self.redeem_min = QLineEdit(str(self.rules.redeem_min_points))
        self.redeem_share = QLineEdit(format_percent(self.rules.redeem_max_share_bp))
        self.expiry_mode = QComboBox(objectName="expiryMode")
        self.expiry_mode.addItem("", ROLLING)
        self.expiry_mode.addItem("", ANNUAL)
        self.expiry_mode.setCurrentIndex(0 if self.rules.expiry_mode == ROLLING else 1)
        self.expiry_days = QLineEdit(str(self.rules.expiry_days))
        self.expiry_years = QLineEdit(str(self.rules.expiry_years))
        for field in (
            self.earn_rate,
            self.redeem_rate,
            self.redeem_min,
            self.expiry_days,
            self.expiry_years,
        ):
            field.setValidator(QIntValidator(0, 100_000_000, field))
        points_page = QWidget()
        points_form = form()
        points_form.addRow(cap("earn"), self.earn_rate)
        points_form.addRow(cap("redeem"), self.redeem_rate)
        points_form.addRow(cap("redeem_min"), self.redeem_min)
        points_form.addRow(cap("share"), self.redeem_share)
        points_form.addRow(cap("expiry"), self.expiry_mode)
        points_form.addRow(cap("days"), self.expiry_days)
        points_form.addRow(cap("years"), self.expiry_years)
        points_page.setLayout(points_form)

        # --- stored value
        self.bonus = QTableWidget(0, 2, objectName="bonusTable")
        self.bonus.verticalHeader().hide()
        self.bonus.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for rule in self.rules.bonus_rules:
            self._add_bonus_row(_yuan(rule.min_topup_fen), _yuan(rule.bonus_fen))
        self.add_bonus, self.remove_bonus = QPushButton(), QPushButton()
        self.add_bonus.clicked.connect(lambda: self._add_bonus_row("", ""))
        self.remove_bonus.clicked.connect(lambda: self._remove_last(self.bonus))
        self.low_balance = MoneyEdit()
        self.low_balance.set_fen(self.rules.low_balance_fen)
        self.card_cap = MoneyEdit()
        self.card_cap.set_fen(self.rules.card_cap_fen)
        wallet_page = QWidget()
        wallet_box = QVBoxLayout(wallet_page)
        wallet_box.addWidget(cap("bonus"))
        wallet_box.addWidget(self.bonus)
        wallet_box.addLayout(self._row(self.add_bonus, self.remove_bonus))
        wallet_form = form()
        wallet_form.addRow(cap("low"), self.low_balance)
        wallet_form.addRow(cap("cap"), self.card_cap)
        wallet_box.addLayout(wallet_form)

        # --- terminal
        self.language = QComboBox(objectName="languageChoice")
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        current = self._current_language()
        self.language.setCurrentIndex(max(0, self.language.findData(current)))
        self.language.currentIndexChanged.connect(self._language_picked)
        terminal_page = QWidget()
        terminal_form = form()
        terminal_form.addRow(cap("language"), self.language)
        terminal_page.setLayout(terminal_form)

        self.pages = (tiers_page, points_page, wallet_page, terminal_page)
        for page in self.pages:
            self.tabs.addTab(page, "")
        self.source_note = QLabel(objectName="hint")
        self.source_note.setWordWrap(True)
        self.body.addWidget(self.source_note)
        if self.read_only:
            for page in self.pages[:3]:
                page.setEnabled(False)

    # --- helpers -------------------------------------------------------------------------

    @staticmethod
    def _row(*widgets: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        for widget in widgets:
            row.addWidget(widget)
        row.addStretch(1)
        return row

    def _add_tier_row(self, *cells: str) -> None:
        row = self.tiers.rowCount()
        self.tiers.insertRow(row)
        for col, text in enumerate(cells):
            self.tiers.setItem(row, col, QTableWidgetItem(text))

    def _add_bonus_row(self, *cells: str) -> None:
        row = self.bonus.rowCount()
        self.bonus.insertRow(row)
        for col, text in enumerate(cells):
            self.bonus.setItem(row, col, QTableWidgetItem(text))

    @staticmethod
    def _remove_last(table: QTableWidget) -> None:
        if table.rowCount() > 1:
            table.removeRow(table.rowCount() - 1)

    @staticmethod
    def _cell(table: QTableWidget, row: int, col: int) -> str:
        item = table.item(row, col)
        return item.text().strip() if item is not None else ""

    def _current_language(self) -> str:
        parent = self.parentWidget()
        translations = getattr(parent, "translations", None)
        if isinstance(translations, Translations):
            return translations.language
        return str(self.extra.get("language") or "zh_CN")

    def _language_picked(self) -> None:
        language = self.language.currentData()
        if language and language != self._current_language():
            self.language_changed.emit(language)

    # --- texts -----------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Settings"))
        self.title.setText(self.tr("Settings"))
        for i, text in enumerate(
            (self.tr("Tiers"), self.tr("Points"), self.tr("Stored value"), self.tr("Terminal"))
        ):
            self.tabs.setTabText(i, text)
        self.tiers.setHorizontalHeaderLabels(
            [
                self.tr("Code"),
                self.tr("Tier name"),
                self.tr("Spend to reach (¥)"),
                self.tr("Discount (%)"),
                self.tr("Points (%)"),
                self.tr("Birthday gift (¥)"),
            ]
        )
        self.tiers_note.setText(
            fill(
                self.tr("Spend is counted per period of %1 months. The first tier starts at 0."),
                self.rules.tier_period_months,
            )
        )
        self.bonus.setHorizontalHeaderLabels([self.tr("Top-up from (¥)"), self.tr("Bonus (¥)")])
        self.add_tier.setText(self.tr("Add tier"))
        self.remove_tier.setText(self.tr("Remove last tier"))
        self.add_bonus.setText(self.tr("Add bonus rule"))
        self.remove_bonus.setText(self.tr("Remove last rule"))
        self.expiry_mode.setItemText(0, self.tr("Rolling: days after earning"))
        self.expiry_mode.setItemText(1, self.tr("Annual: cleared on 31 December"))
        texts = {
            "earn": self.tr("Points per ¥1 paid"),
            "redeem": self.tr("Points for ¥1 off"),
            "redeem_min": self.tr("Fewest points used at once"),
            "share": self.tr("Points pay at most (% of bill)"),
            "expiry": self.tr("Points expire"),
            "days": self.tr("Days (rolling)"),
            "years": self.tr("Years after (annual)"),
            "bonus": self.tr("Top-up bonus rules (the best one applies)"),
            "low": self.tr("Low-balance alert below (¥)"),
            "cap": self.tr("Card cap (¥)"),
            "language": self.tr("Language"),
        }
        for key, text in texts.items():
            self.captions[key].setText(text)
        if self.read_only:
            self.source_note.setText(
                self.tr("These rules come from head office and can only be changed there.")
            )
        else:
            self.source_note.setText(
                fill(
                    self.tr("Rules version %1. Saving needs a manager's approval."),
                    self.saved_version or self.version,
                )
            )
        self.ok.setText(self.tr("Save (Enter)"))

    def first_field(self) -> QWidget:
        return self.tabs

    # --- saving ------------------------------------------------------------------------------

    def form_rules(self) -> dict[str, Any]:
        """The rules as the form shows them, in the shape `Rules.to_dict()` has."""
        known = {t.code: t for t in self.rules.tiers}
        tiers = []
        for row in range(self.tiers.rowCount()):
            code = self._cell(self.tiers, row, 0)
            name = self._cell(self.tiers, row, 1) or code
            if not code:
                raise InvalidInput(
                    "tier {row} needs a code", code="rules.tier_needs_code", row=row + 1
                )
            old = known.get(code)
            if old is not None and name == tier_label(old.code, old.name):
                name = old.name  # shown translated, kept as stored
            tiers.append(
                {
                    "code": code,
                    "name": name,
                    "threshold_fen": parse_yuan(self._cell(self.tiers, row, 2) or "0"),
                    "threshold_points": old.threshold_points if old else 0,
                    "discount_bp": parse_percent(self._cell(self.tiers, row, 3) or "0"),
                    "multiplier_pct": parse_whole(
                        self._cell(self.tiers, row, 4) or "100", f"tier {code}: points %"
                    ),
                    "birthday_coupon_fen": parse_yuan(self._cell(self.tiers, row, 5) or "0"),
                    "priority": old.priority if old else False,
                }
            )
        bonus = []
        for row in range(self.bonus.rowCount()):
            low, gift = self._cell(self.bonus, row, 0), self._cell(self.bonus, row, 1)
            if low or gift:
                bonus.append(
                    {"min_topup_fen": parse_yuan(low), "bonus_fen": parse_yuan(gift or "0")}
                )
        return {
            "tiers": tiers,
            "earn_points_per_yuan": parse_whole(self.earn_rate.text(), "points per ¥1"),
            "redeem_points_per_yuan": parse_whole(self.redeem_rate.text(), "points for ¥1"),
            "redeem_min_points": parse_whole(self.redeem_min.text(), "fewest points"),
            "redeem_max_share_bp": parse_percent(self.redeem_share.text()),
            "expiry_mode": self.expiry_mode.currentData(),
            "expiry_days": parse_whole(self.expiry_days.text(), "expiry days"),
            "expiry_years": parse_whole(self.expiry_years.text(), "expiry years"),
            "bonus_rules": bonus,
            "low_balance_fen": self.low_balance.fen(),
            "card_cap_fen": self.card_cap.fen(),
        }

    def rule_changes(self) -> dict[str, Any]:
        current = self.rules.to_dict()
        wanted = self.form_rules()
        return {k: v for k, v in wanted.items() if current.get(k) != v}

    def confirm(self) -> None:
        if self.read_only:
            self.accept()
            return
        changes = self.attempt(self.rule_changes)
        if changes is None:
            return
        if not changes:
            self.accept()  # nothing to save (a language change is already applied)
            return
        # The same validation the service applies, before a manager is asked.
        checked = self.attempt(lambda: Rules.from_dict({**self.rules.to_dict(), **changes}))
        if checked is None:
            return
        names = ", ".join(sorted(changes))
        ask_approval(self, fill(self.tr("Save rule changes: %1"), names), self.approved)

    def approved(self, approver: OperatorView) -> None:
        try:
            changes = self.rule_changes()
            version, rules = self.services.setup.set_rules(changes, approver)
        except PosError as exc:
            self.show_error(exc)
            return
        self.clear_error()
        self.saved_version, self.version, self.rules = version, version, rules
        self.show_notice(
            fill(self.tr("Saved as rules version %1, approved by %2."), version, approver.name)
        )
        self.retranslate()
        self.done_mode()
