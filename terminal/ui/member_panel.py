"""The member panel: who is at the counter, their tier, points, balance and alerts."""

import html
from datetime import UTC, tzinfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from terminal.domain.money import format_fen
from terminal.services.members import MemberView
from terminal.ui.messages import fill, tier_label


class MemberPanel(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Offline, balances are head office's last word plus this till's own sales since:
        # the cashier sees when head office last confirmed them (store time).
        self.offline = False
        self.tz: tzinfo = UTC
        self.setObjectName("memberPanel")
        self.view: MemberView | None = None
        self.tier_names: dict[str, str] = {}
        self.empty = QLabel(objectName="panelEmpty", alignment=Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.name = QLabel(objectName="memberName")
        self.tier = QLabel(objectName="tierBadge")
        self.phone = QLabel(objectName="memberPhone")
        self.card = QLabel(objectName="memberCard")
        self.progress = QProgressBar(objectName="tierProgress")
        self.progress.setRange(0, 100)
        self.progress.setTextVisible(False)
        self.progress_text = QLabel(objectName="progressText")
        self.progress_text.setWordWrap(True)
        self.points_caption, self.points = QLabel(), QLabel(objectName="bigFigure")
        self.balance_caption, self.balance = QLabel(), QLabel(objectName="bigFigure")
        self.balance_note = QLabel(objectName="figureNote")
        self.alerts = QLabel(objectName="alerts")
        self.alerts.setWordWrap(True)
        self.alerts.setTextFormat(Qt.TextFormat.RichText)

        head = QHBoxLayout()
        head.addWidget(self.name)
        head.addWidget(self.tier)
        head.addStretch(1)
        ids = QHBoxLayout()
        ids.addWidget(self.phone)
        ids.addSpacing(24)
        ids.addWidget(self.card)
        ids.addStretch(1)
        figures = QGridLayout()
        figures.setHorizontalSpacing(40)
        figures.addWidget(self.points_caption, 0, 0)
        figures.addWidget(self.balance_caption, 0, 1)
        figures.addWidget(self.points, 1, 0)
        figures.addWidget(self.balance, 1, 1)
        figures.addWidget(self.balance_note, 2, 1)
        figures.setColumnStretch(2, 1)

        self.details = QWidget()
        body = QVBoxLayout(self.details)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(10)
        body.addLayout(head)
        body.addLayout(ids)
        body.addWidget(self.progress)
        body.addWidget(self.progress_text)
        body.addSpacing(8)
        body.addLayout(figures)
        body.addSpacing(8)
        body.addWidget(self.alerts)
        body.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.details)
        self.show_member(None)

    def set_tier_names(self, names: dict[str, str]) -> None:
        """The ladder's names by tier code (from the current rules)."""
        self.tier_names = dict(names)

    def show_member(self, view: MemberView | None) -> None:
        self.view = view
        self.empty.setVisible(view is None)
        self.details.setVisible(view is not None)
        self.empty.setText(
            self.tr("Scan a member card, or type a card or mobile number and press Enter")
        )
        self.points_caption.setText(self.tr("Points"))
        self.balance_caption.setText(self.tr("Balance"))
        if view is None:
            return
        self.name.setText(view.name_masked)
        self.tier.setText(tier_label(view.tier, view.tier_name))
        self.tier.setProperty("tier", view.tier)
        self.tier.style().unpolish(self.tier)
        self.tier.style().polish(self.tier)
        self.phone.setText(fill(self.tr("Mobile %1"), view.phone_masked))
        self.card.setText(fill(self.tr("Card %1"), view.card_no))
        tp = view.tier_progress
        self.progress.setValue(tp.percent)
        if tp.next_tier is None:
            self.progress_text.setText(self.tr("Top tier reached"))
        else:
            self.progress_text.setText(
                fill(
                    self.tr("Spend %1 more for %2 (this period %3)"),
                    format_fen(tp.remaining_fen),
                    tier_label(tp.next_tier, self.tier_names.get(tp.next_tier, tp.next_tier)),
                    format_fen(tp.spend_fen),
                )
            )
        self.points.setText(f"{view.points:,}")
        self.balance.setText(format_fen(view.wallet_fen))
        note = fill(
            self.tr("principal %1 · bonus %2"),
            format_fen(view.wallet_principal_fen),
            format_fen(view.wallet_bonus_fen),
        )
        if self.offline and view.balance_confirmed_at is not None:
            confirmed = view.balance_confirmed_at.replace(tzinfo=UTC).astimezone(self.tz)
            note += "\n" + fill(self.tr("offline · confirmed at %1"), f"{confirmed:%H:%M}")
        self.balance_note.setText(note)
        alerts = self.alert_texts(view)
        self.alerts.setText("<br>".join(f"{mark} {html.escape(text)}" for mark, text in alerts))
        self.alerts.setVisible(bool(alerts))

    def set_offline(self, offline: bool) -> None:
        if offline != self.offline:
            self.offline = offline
            self.show_member(self.view)

    def alert_texts(self, view: MemberView) -> list[tuple[str, str]]:
        """(mark, text): ⚠ for what needs care, ★ for good news."""
        warn, good = "⚠", "★"
        alerts = []
        if view.hotlisted:
            alerts.append((warn, self.tr("On the hotlist: no points or balance may be spent")))
        if view.status != "active":
            alerts.append((warn, self.tr("This membership is closed")))
        if view.low_balance:
            alerts.append((warn, self.tr("Low balance: suggest a top-up")))
        if view.points_expiring:
            text = fill(self.tr("%1 points expire within 30 days"), f"{view.points_expiring:,}")
            alerts.append((warn, text))
        if view.points_expired:
            text = fill(self.tr("%1 points have expired"), f"{view.points_expired:,}")
            alerts.append((warn, text))
        if view.birthday_this_month:
            alerts.append((good, self.tr("Birthday this month")))
        if view.coupons:
            alerts.append((good, fill(self.tr("%1 coupon(s) available"), len(view.coupons))))
        return alerts
