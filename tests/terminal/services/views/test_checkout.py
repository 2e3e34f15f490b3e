"""The checkout's view model, without Qt: the change it shows is the change the checkout
books, and a refused tender shows no change at all."""

import itertools

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from terminal.domain.errors import PosError
from terminal.services.views.checkout import CheckoutModel, Typed
from tests.helpers.services_kit import give_points, tally, top_up

_phones = itertools.count(13_900_000_000)


def _member_with_balances(shop, points: int = 100_000, wallet_fen: int = 400_000):
    member = shop.sign_up(phone=str(next(_phones)), name="王小明")
    give_points(shop, member, points)
    top_up(shop, member, wallet_fen)
    return member


def _model(shop, member) -> CheckoutModel:
    return CheckoutModel(shop.svc.quotes, shop.svc.sales, member.card_no)


def test_a_refused_tender_shows_no_change(shop):
    member = _member_with_balances(shop, points=100_000)
    model = _model(shop, member)
    # A ¥100 bill: points may pay half, and stored value may not pay more than is due.
    view = model.quote(Typed(amount="100", points="99999", wallet="5000"))
    assert view.change_fen is None and view.error is not None
    assert view.refused == "points" and not view.bookable
    view = model.quote(Typed(amount="100", wallet="150"))
    assert view.change_fen is None and view.refused == "wallet"
    assert view.still_due_fen == 0
    assert "exceed the amount due by ¥50.00" in str(view.error)
    view = model.quote(Typed(amount="100", card="60", mobile="60"))
    assert view.refused == "mobile" and view.change_fen is None  # the one that went past
    view = model.quote(Typed(amount="100", wallet="100", cash="10"))
    assert view.refused == "cash" and view.change_fen is None


def test_cash_short_is_still_due_not_refused(shop):
    member = _member_with_balances(shop)
    model = _model(shop, member)
    view = model.quote(Typed(amount="155", cash="26.50"))
    assert view.still_due_fen == 12_850 and view.change_fen is None
    assert view.refused is None and str(view.error) == "¥128.50 is still due"
    view = model.quote(Typed(amount="155", cash="181.50"))
    assert view.change_fen == 2_650 and view.still_due_fen == 0 and view.error is None


def test_a_field_that_does_not_parse_is_named(shop):
    member = _member_with_balances(shop)
    model = _model(shop, member)
    view = model.quote(Typed(amount="12.345"))
    assert view.refused == "amount" and view.quote is None
    view = model.quote(Typed(amount="12", cash="1.2.3"))
    assert view.refused == "cash" and view.change_fen is None
    view = model.quote(Typed(amount="50", coupon="CPNOSUCH123"))
    assert view.refused == "coupon" and "CPNOSUCH123" in str(view.error)


def test_enter_in_an_empty_payment_field_offers_what_is_still_due(shop):
    member = _member_with_balances(shop, wallet_fen=2_000)
    model = _model(shop, member)
    model.quote(Typed(amount="58.80"))
    assert model.rest_for("wallet") == 2_000  # all the balance covers
    assert model.rest_for("mobile") == 5_880
    assert model.rest_for("points") is None  # points are never filled in for the cashier
    model.quote(Typed(amount="58.80", wallet="20", mobile="38.80"))
    assert model.rest_for("cash") is None


def test_lines_add_up_and_the_typed_amount_counts(shop):
    member = _member_with_balances(shop)
    model = _model(shop, member)
    assert model.add_line(Typed(amount="30", category="food"))
    assert not model.add_line(Typed(amount=""))
    view = model.quote(Typed(amount="20", category="drinks", cash="50"))
    assert view.quote.bill.subtotal_fen == 5_000 and view.bookable
    assert [line.category for line in model.sale_lines(Typed(amount="20"))] == [
        "food",
        "general",
    ]
    assert model.remove_last_line() and not model.remove_last_line()


# --- any typed tenders ------------------------------------------------------------------


def _yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}" if fen % 100 else str(fen // 100)


_odd_money = st.sampled_from(["¥", "0", "1.234", "abc", "-5", "100000000000", "99999"])
_odd_points = st.sampled_from(["50", "150", "99999", "x", "1.5", "-100"])


def _money(share_fen: int):
    """Mostly empty or an amount up to `share_fen` (the kind that books), else anything."""
    return st.sampled_from(["empty"] * 6 + ["share"] * 3 + ["any", "odd"]).flatmap(
        lambda kind: {
            "empty": st.just(""),
            "share": st.integers(0, max(share_fen, 0)).map(_yuan),
            "any": st.integers(0, 600_000).map(_yuan),
            "odd": _odd_money,
        }[kind]
    )


@st.composite
def _typed_sale(draw) -> Typed:
    due = draw(st.integers(1, 40_000))
    points = draw(
        st.sampled_from(["empty"] * 4 + ["share"] * 2 + ["any", "odd"]).flatmap(
            lambda kind: {
                "empty": st.just(""),
                "share": st.integers(1, max(due // 200, 1)).map(lambda n: str(n * 100)),
                "any": st.integers(0, 150_000).map(str),
                "odd": _odd_points,
            }[kind]
        )
    )
    wallet, card, mobile = (draw(_money(due // 3)) for _ in range(3))
    paid = 0
    for text in (wallet, card, mobile):
        paid += int(text) * 100 if text.isdigit() else 0
        if "." in text and text.replace(".", "").isdigit():
            whole, frac = text.split(".")
            paid += int(whole) * 100 + int(frac)
    paid += int(points) if points.isdigit() else 0  # 100 points are ¥1
    rest = due - paid
    enough = st.integers(0, 5_000).map(lambda extra: _yuan(max(rest, 0) + extra))
    cash = draw(st.one_of(enough, enough, st.just(_yuan(max(rest, 0))), _money(due)))
    return Typed(
        amount=_yuan(due), points=points, wallet=wallet, card=card, mobile=mobile, cash=cash
    )


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(typed=_typed_sale())
def test_the_change_shown_is_the_change_booked_or_nothing(shop, typed):
    member = _member_with_balances(shop)
    model = _model(shop, member)
    view = model.quote(typed)
    before = tally(shop)
    try:
        booked = model.book(typed, shop.cashier)
    except PosError:
        booked = None
    change = booked.priced.change_fen if booked else 0
    event("refused" if booked is None else "booked with change" if change else "booked")
    if booked is None:
        assert view.change_fen is None and not view.bookable and view.error is not None
        assert tally(shop) == before  # the refusal wrote nothing
        return
    assert view.bookable and view.error is None and view.refused is None
    assert view.quote.priced == booked.priced
    assert view.change_fen == (change if change else None)
    assert view.still_due_fen == 0
