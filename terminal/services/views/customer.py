"""What the customer display shows: only the current transaction.

A new member, a new sale or a QR code for someone else starts afresh, so the customer in
front of the till never reads the previous customer's name, amount due or change.
"""

from dataclasses import dataclass, replace

from terminal.services.members import MemberView


@dataclass(frozen=True)
class CustomerScreen:
    member: MemberView | None = None
    due_fen: int | None = None
    change_fen: int | None = None
    qr: tuple[str, str] | None = None  # (code, caption)

    def with_member(self, view: MemberView | None) -> "CustomerScreen":
        """The member at the till. The same member again (new balances after their sale)
        keeps what is shown for them; another member, or none, starts afresh."""
        if view is not None and self.member is not None and view.id == self.member.id:
            return replace(self, member=view)
        return CustomerScreen(member=view)

    def new_sale(self) -> "CustomerScreen":
        """A new sale for the member shown: nothing of an earlier one stays."""
        return CustomerScreen(member=self.member)

    def with_due(self, fen: int) -> "CustomerScreen":
        return replace(self, due_fen=fen, change_fen=None)

    def with_change(self, fen: int) -> "CustomerScreen":
        return replace(self, due_fen=None, change_fen=fen)

    def with_qr(self, code: str, caption: str) -> "CustomerScreen":
        """A code for the customer to scan: it belongs to no sale shown before."""
        return replace(self, due_fen=None, change_fen=None, qr=(code, caption))
