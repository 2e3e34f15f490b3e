"""Member search: by card, mobile number, last four digits (+ part of the name), or name.
Enter searches; Enter on a result (or a single result) brings that member to the counter."""

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from terminal.domain.money import format_fen
from terminal.services.members import MemberView
from terminal.ui.dialogs.base import PosDialog
from terminal.ui.messages import fill, tier_label


class MemberSearchDialog(PosDialog):
    member_chosen = Signal(str)  # the card number

    def build(self) -> None:
        self.setMinimumWidth(860)
        self.results: list[MemberView] = []
        self.chosen: MemberView | None = None
        self.query = QLineEdit(objectName="searchInput")
        self.query.setMaxLength(60)
        self.hint = QLabel(objectName="hint")
        self.hint.setWordWrap(True)
        self.table = QTableWidget(0, 5, objectName="searchResults")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(240)
        self.table.doubleClicked.connect(lambda _index: self.choose())
        self.body.addWidget(self.query)
        self.body.addWidget(self.hint)
        self.body.addWidget(self.table)
        self.query.textEdited.connect(self._query_edited)
        self._searched = ""
        # Four digits typed on the counter arrive here: search once the window is open
        # (a single match then comes onto the counter at once).
        given = str(self.extra.get("last4") or self.extra.get("query") or "").strip()
        if given:
            self.query.setText(given)
            QTimer.singleShot(0, self, self.search)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Find a member"))
        self.title.setText(self.tr("Find a member"))
        self.query.setPlaceholderText(
            self.tr("Card, mobile number, last 4 digits (+ name), or name")
        )
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Name"),
                self.tr("Mobile"),
                self.tr("Card"),
                self.tr("Tier"),
                self.tr("Points / balance"),
            ]
        )
        self.ok.setText(self.tr("Search / choose (Enter)"))
        if not self.results and not self._searched:
            self.hint.setText(self.tr("Example: 5678 or 5678 王"))

    def first_field(self) -> QWidget:
        return self.query

    def _query_edited(self) -> None:
        self._searched = ""

    def confirm(self) -> None:
        query = self.query.text().strip()
        if self.results and query == self._searched:
            self.choose()
            return
        self.search()

    def search(self) -> None:
        query = self.query.text().strip()
        found = self.attempt(lambda: self.services.search.search(query))
        if found is None:
            self.query.setFocus()
            return
        self._searched = query
        self.results = list(found.members)
        self.table.setRowCount(len(self.results))
        for row, m in enumerate(self.results):
            cells = (
                m.name_masked,
                m.phone_masked,
                m.card_no,
                tier_label(m.tier, m.tier_name),
                f"{m.points:,} / {format_fen(m.wallet_fen)}",
            )
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
        if not self.results:
            self.hint.setText(fill(self.tr("No member found for “%1”."), query))
            return
        note = fill(self.tr("%1 found. Choose with ↑↓ and Enter."), len(self.results))
        if not found.scanned_all:
            note += " " + self.tr(
                "A name alone searches only the newest members; "
                "add the last 4 digits of the phone to find anyone."
            )
        self.hint.setText(note)
        self.table.selectRow(0)
        if len(self.results) == 1:
            self.choose()
            return
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def choose(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        self.chosen = self.results[rows[0].row()]
        self.member_chosen.emit(self.chosen.card_no)
        self.changed(self.chosen.card_no)
        self.accept()
