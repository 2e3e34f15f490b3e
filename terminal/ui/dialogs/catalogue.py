"""The points catalogue: items with their points price and stock; redeem for the member."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from terminal.domain.errors import PosError
from terminal.services.points import CatalogueEntry, PointsResult
from terminal.ui.dialogs.base import PosDialog
from terminal.ui.dialogs.tenders import balances_line
from terminal.ui.dialogs.widgets import form
from terminal.ui.messages import fill


class CatalogueDialog(PosDialog):
    def build(self) -> None:
        if self.member is None:
            raise PosError("scan or find a member first", code="ui.member_needed")
        self.member = self.services.members.find(self.member.card_no)
        self.items: list[CatalogueEntry] = []
        self.last: PointsResult | None = None
        self.who = QLabel(objectName="dialogMember")
        self.table = QTableWidget(0, 3, objectName="catalogueTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(260)
        self.quantity = QSpinBox(objectName="quantityInput")
        self.quantity.setRange(1, 100)
        self.quantity_caption = QLabel()
        self.cost = QLabel(objectName="hint")
        rows = form()
        rows.addRow(self.quantity_caption, self.quantity)
        rows.addRow("", self.cost)
        self.body.addWidget(self.who)
        self.body.addWidget(self.table)
        self.body.addLayout(rows)
        self.table.itemSelectionChanged.connect(self.update_cost)
        self.quantity.valueChanged.connect(self.update_cost)
        self.load()

    def load(self) -> None:
        chosen = self.chosen()
        self.items = self.services.points.catalogue()
        self.table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            cells = (item.name, f"{item.points_price:,}", f"{item.stock:,}")
            for col, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if col:
                    cell.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if item.stock == 0:
                    cell.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(row, col, cell)
        skus = [i.sku for i in self.items]
        if self.items:
            if chosen is not None and chosen.sku in skus:
                self.table.selectRow(skus.index(chosen.sku))
            else:  # the first item in stock
                in_stock = [i for i, item in enumerate(self.items) if item.stock > 0]
                self.table.selectRow(in_stock[0] if in_stock else 0)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Points catalogue"))
        self.title.setText(self.tr("Points catalogue"))
        self.table.setHorizontalHeaderLabels([self.tr("Item"), self.tr("Points"), self.tr("Stock")])
        self.quantity_caption.setText(self.tr("Quantity"))
        self.ok.setText(self.tr("Redeem (Enter)"))
        self.cancel.setText(self.tr("Close (Esc)"))
        self.who.setText(
            f"{self.member.name_masked} · {self.member.card_no}\n" + balances_line(self.member)
        )
        if not self.items:
            self.cost.setText(self.tr("The catalogue is empty."))
        else:
            self.update_cost()

    def first_field(self) -> QWidget:
        return self.table

    def chosen(self) -> CatalogueEntry | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.items[rows[0].row()] if rows and rows[0].row() < len(self.items) else None

    def update_cost(self) -> None:
        item = self.chosen()
        if item is None:
            self.cost.clear()
            return
        points = item.points_price * self.quantity.value()
        self.cost.setText(
            fill(
                self.tr("%1 × %2 = %3 points (member has %4)"),
                self.quantity.value(),
                item.name,
                f"{points:,}",
                f"{self.member.points:,}",
            )
        )

    def confirm(self) -> None:
        item = self.chosen()
        if item is None:
            self.show_error(self.tr("Choose an item first."))
            return
        quantity = self.quantity.value()
        result = self.attempt(
            lambda: self.services.points.redeem(
                self.member.card_no, item.sku, self.operator, quantity
            )
        )
        if result is None:
            return
        self.last = result
        self.member = self.services.members.find(self.member.card_no)
        self.show_notice(
            fill(
                self.tr("Redeemed %1 × %2 for %3 points. Points left: %4."),
                quantity,
                item.name,
                f"{-result.points:,}",
                f"{result.points_balance:,}",
            )
        )
        self.changed(self.member.card_no)
        self.quantity.setValue(1)
        self.load()
        self.retranslate()
