"""Tender kinds as the cashier reads them, and the member's balances in one line."""

from PySide6.QtCore import QCoreApplication

from terminal.domain.money import format_fen
from terminal.services.members import MemberView

TOPUP_TENDERS = ("cash", "card", "mobile")


def tender_label(kind: str) -> str:
    labels = {
        "points": QCoreApplication.translate("Tenders", "Points"),
        "wallet": QCoreApplication.translate("Tenders", "Stored value"),
        "cash": QCoreApplication.translate("Tenders", "Cash"),
        "card": QCoreApplication.translate("Tenders", "Bank card"),
        "mobile": QCoreApplication.translate("Tenders", "Mobile payment"),
    }
    return labels.get(kind, kind)


def balances_line(member: MemberView) -> str:
    return (
        QCoreApplication.translate("Tenders", "Points %1 · Stored value %2 (bonus %3)")
        .replace("%1", f"{member.points:,}")
        .replace("%2", format_fen(member.wallet_fen))
        .replace("%3", format_fen(member.wallet_bonus_fen))
    )
