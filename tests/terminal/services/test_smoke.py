from terminal.domain.checkout import SaleLine, TenderRequest
from terminal.services.sales import SaleRequest


def test_sale_earns_points_and_books_cash(shop):
    member = shop.sign_up()
    result = shop.svc.sales.checkout(
        SaleRequest(member.card_no, (SaleLine("food", 10_000),), TenderRequest(cash_fen=10_000)),
        shop.cashier,
    )
    assert result.points_balance == 100
    assert shop.svc.setup.verify_ledger().ok
