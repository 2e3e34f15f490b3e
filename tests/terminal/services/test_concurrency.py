"""The counter keeps selling while a periodic job works through many members."""

import threading
from datetime import date

from terminal.domain.checkout import SaleLine, TenderRequest
from terminal.services.demo import seed
from terminal.services.facade import Services
from terminal.services.sales import SaleRequest
from tests.helpers.clock import FakeClock


def test_sales_go_through_while_birthday_coupons_are_issued_in_batches(shop):
    seed(shop.svc, 7000)  # about a twelfth have a birthday in March: two batches
    card = shop.sign_up().card_no
    job = Services.open(shop.path, FakeClock())
    issued: list[int] = []
    worker = threading.Thread(
        target=lambda: issued.append(job.coupons.issue_birthday(date(2026, 3, 10)).issued)
    )
    worker.start()
    sales = 0
    while worker.is_alive() or sales < 3:
        shop.svc.sales.checkout(
            SaleRequest(card, (SaleLine("food", 1000),), TenderRequest(cash_fen=1000)),
            shop.cashier,
        )
        sales += 1
    worker.join()
    job.close()
    assert issued and issued[0] > 500
    assert shop.svc.setup.verify_ledger().ok
    assert shop.svc.setup.verify_audit().ok
