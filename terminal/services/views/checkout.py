"""The checkout as the cashier sees it: the lines added, the tenders typed, and what that
shows (the bill, what is still due, the change, the tender refused and why).

Every figure comes from the quote, which the same domain code books with; change is
shown only for tenders the checkout would book as they are, so it is never a figure the
sale would not give back.
"""

from dataclasses import dataclass, field

from terminal.domain.checkout import SaleLine, TenderRequest
from terminal.domain.errors import PosError
from terminal.services.operators import OperatorView
from terminal.services.quotes import QuoteService, SaleQuote
from terminal.services.sales import SaleRequest, SaleResult, SaleService
from terminal.services.views.typed import typed_fen, typed_points

DEFAULT_CATEGORY = "general"
PAYMENT_FIELDS = ("wallet", "card", "mobile", "cash")  # Enter in one fills in the rest


@dataclass(frozen=True)
class Typed:
    """The checkout's fields as typed (text), the coupon code as picked or scanned."""

    amount: str = ""
    category: str = ""
    coupon: str | None = None
    points: str = ""
    wallet: str = ""
    card: str = ""
    mobile: str = ""
    cash: str = ""
    card_reference: str = ""
    mobile_reference: str = ""


@dataclass(frozen=True)
class CheckoutView:
    quote: SaleQuote | None  # None: nothing to price yet, or the bill cannot be priced
    still_due_fen: int  # what the tenders typed leave to pay; never negative
    change_fen: int | None  # cash to give back, only when the sale books as typed
    refused: str | None  # the field at fault: amount, coupon or a tender (checkout.TENDERS)
    error: PosError | None  # why the sale cannot be booked as typed; None: it can

    @property
    def bookable(self) -> bool:
        return self.quote is not None and self.quote.priced is not None


@dataclass
class CheckoutModel:
    quotes: QuoteService
    sales: SaleService
    member: str  # card number
    lines: list[SaleLine] = field(default_factory=list)
    view: CheckoutView | None = None  # the last quote shown
    result: SaleResult | None = None  # the sale booked; the checkout is done

    # --- lines --------------------------------------------------------------------------

    def add_line(self, typed: Typed) -> bool:
        """Add the amount typed as a line; False if none is typed. Raises InvalidInput."""
        line = self._typed_line(typed)
        if self.result is not None or line is None:
            return False
        self.lines.append(line)
        return True

    def remove_last_line(self) -> bool:
        if not self.lines or self.result is not None:
            return False
        self.lines.pop()
        return True

    def sale_lines(self, typed: Typed) -> list[SaleLine]:
        """The lines added, plus the amount being typed if there is one."""
        line = self._typed_line(typed)
        return [*self.lines, line] if line else list(self.lines)

    @staticmethod
    def _typed_line(typed: Typed) -> SaleLine | None:
        fen = typed_fen(typed.amount)
        return SaleLine(typed.category.strip() or DEFAULT_CATEGORY, fen) if fen else None

    # --- the quote ----------------------------------------------------------------------

    @staticmethod
    def tenders(typed: Typed) -> TenderRequest:
        """Raises InvalidInput for a field that does not parse."""
        return TenderRequest(
            points=typed_points(typed.points),
            wallet_fen=typed_fen(typed.wallet),
            cash_fen=typed_fen(typed.cash),
            card_fen=typed_fen(typed.card),
            mobile_fen=typed_fen(typed.mobile),
        )

    def quote(self, typed: Typed) -> CheckoutView:
        self.view = self._quote(typed)
        return self.view

    def _quote(self, typed: Typed) -> CheckoutView:
        try:
            lines = self.sale_lines(typed)
        except PosError as exc:
            return CheckoutView(None, 0, None, "amount", exc)
        for kind, read in (
            ("points", typed_points),
            ("wallet", typed_fen),
            ("card", typed_fen),
            ("mobile", typed_fen),
            ("cash", typed_fen),
        ):
            try:
                read(getattr(typed, kind))
            except PosError as exc:
                return CheckoutView(None, 0, None, kind, exc)
        if not lines:
            return CheckoutView(None, 0, None, None, None)
        tenders = self.tenders(typed)
        try:
            quote = self.quotes.sale(self.member, lines, tenders, typed.coupon)
        except PosError as exc:
            return CheckoutView(None, 0, None, self._unpriced(lines, typed), exc)
        priced = quote.priced
        change = priced.change_fen if priced is not None and priced.change_fen > 0 else None
        return CheckoutView(quote, max(0, quote.remaining_fen), change, quote.refused, quote.error)

    def _unpriced(self, lines: list[SaleLine], typed: Typed) -> str:
        """Which field keeps the bill from being priced: the coupon, or else the amount."""
        if not typed.coupon:
            return "amount"
        try:
            self.quotes.sale(self.member, lines)
        except PosError:
            return "amount"
        return "coupon"

    def rest_for(self, field_name: str) -> int | None:
        """What Enter in an empty payment field puts into it: what is still due (stored
        value: as much as the balance covers); None when there is nothing to fill in."""
        view = self.view
        if field_name not in PAYMENT_FIELDS or view is None or view.quote is None:
            return None
        rest = view.still_due_fen
        if field_name == "wallet":
            rest = min(rest, view.quote.wallet_fen)
        return rest if rest > 0 else None

    # --- booking ------------------------------------------------------------------------

    def request(self, typed: Typed) -> SaleRequest:
        return SaleRequest(
            member=self.member,
            lines=tuple(self.sale_lines(typed)),
            tenders=self.tenders(typed),
            coupon=typed.coupon or None,
            card_reference=typed.card_reference.strip() or None,
            mobile_reference=typed.mobile_reference.strip() or None,
        )

    def book(self, typed: Typed, operator: OperatorView) -> SaleResult:
        """Book the sale as typed; raises PosError if the checkout refuses it."""
        if self.result is None:
            self.result = self.sales.checkout(self.request(typed), operator)
        return self.result
