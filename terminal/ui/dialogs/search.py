"""Member search: by card, mobile number, last four digits (+ part of the name), or name.

The focus stays in the search field: results follow what is typed (after a short pause),
↑ ↓ choose a row, and Enter brings the chosen member to the counter. Enter never picks a
row the cashier did not choose; when Enter searched and found exactly one, that one comes.
"""

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from terminal.domain.errors import PosError
from terminal.domain.money import format_fen
from terminal.services.member_search import SearchResult
from terminal.services.members import MemberView
from terminal.ui.dialogs.base import PosDialog
from terminal.ui.error_text import describe
from terminal.ui.messages import fill, tier_label

REFINE_AFTER_MS = 300  # a pause in typing this long searches what is there


class MemberSearchDialog(PosDialog):
    member_chosen = Signal(str)  # the card number

    def build(self) -> None:
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
        # A tap chooses a row; the focus stays in the search field, so typing still refines.
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.clicked.connect(lambda _index: self.clear_error())
        self.body.addWidget(self.query)
        self.body.addWidget(self.hint)
        self.body.addWidget(self.table)
        self._searched: str | None = None  # the query the results are for
        self.refine = QTimer(self, singleShot=True, interval=REFINE_AFTER_MS)
        self.refine.timeout.connect(lambda: self.search(on_enter=False))
        self.query.textChanged.connect(self.refine.start)
        # Four digits typed on the counter arrive here: search once the window is open
        # (a single match then comes onto the counter at once).
        given = str(self.extra.get("last4") or self.extra.get("query") or "").strip()
        if given:
            self.query.setText(given)
            self.refine.stop()
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
        if not self.results and self._searched is None:
            self.hint.setText(self.tr("Example: 5678 or 5678 王"))

    def first_field(self) -> QWidget:
        return self.query

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        # The search field ignores ↑ ↓; they move the choice in the results.
        step = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}.get(event.key())
        if step is not None and self.results:
            self.move_choice(step)
            return
        super().keyPressEvent(event)

    def move_choice(self, step: int) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            row = min(max(rows[0].row() + step, 0), len(self.results) - 1)
        else:
            row = 0 if step > 0 else len(self.results) - 1
        self.table.selectRow(row)
        self.clear_error()

    def confirm(self) -> None:
        query = self.query.text().strip()
        rows = self.table.selectionModel().selectedRows()
        if query != self._searched:
            self.search()
        elif rows:
            self.choose(rows[0].row())
        elif len(self.results) == 1:
            self.choose(0)
        elif self.results:
            self.show_error(self.tr("Choose the member with ↑ ↓ first, then press Enter."))

    def search(self, on_enter: bool = True) -> None:
        """Search what is typed. Enter's search shows a refusal and takes a single match;
        a search while typing only updates the list and the hint."""
        self.refine.stop()
        query = self.query.text().strip()
        if on_enter:
            found = self.attempt(lambda: self.services.search.search(query))
        else:
            found = self._quietly(query)
        self._searched = query if found is not None else None  # a refusal: Enter tries again
        self.results = list(found.members) if found is not None else []
        self.table.clearSelection()
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
        self.query.setFocus()
        if found is None:
            return
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
        if on_enter and len(self.results) == 1:
            self.choose(0)

    def _quietly(self, query: str) -> SearchResult | None:
        """While typing, a query not yet complete is no error: the hint says what is wrong."""
        self.clear_error()
        if not query:
            self.hint.setText(self.tr("Example: 5678 or 5678 王"))
            return None
        try:
            return self.services.search.search(query)
        except PosError as exc:
            self.hint.setText(describe(exc))
            return None

    def choose(self, row: int) -> None:
        self.chosen = self.results[row]
        self.member_chosen.emit(self.chosen.card_no)
        self.changed(self.chosen.card_no)
        self.accept()
