"""What the counter dialogs read: sale quotes, member search, a sale for the refund screen."""

import pytest

from terminal.domain.checkout import SaleLine, TenderRequest
from terminal.domain.errors import InvalidInput, NotFound
from terminal.services.member_search import SearchService
from tests.helpers.services_kit import buy, give_points, sale_request, tally, top_up


def test_quote_matches_what_the_checkout_books(shop):
    member = shop.sign_up()
    give_points(shop, member, 3_000)
    top_up(shop, member, 5_000)
    tenders = TenderRequest(points=1_000, wallet_fen=2_000, cash_fen=10_000)
    before = tally(shop)
    quote = shop.svc.quotes.sale(member.card_no, [SaleLine("food", 9_900)], tenders)
    assert tally(shop) == before  # a quote writes nothing
    assert quote.bill.due_fen == 9_900 and quote.error is None and quote.refused is None
    assert quote.points_balance == 3_000 and quote.points_max == 3_000
    assert quote.remaining_fen == 9_900 - 1_000 - 2_000 - 10_000
    booked = shop.svc.sales.checkout(
        sale_request(member.card_no, 9_900, points=1_000, wallet_fen=2_000, cash_fen=10_000),
        shop.cashier,
    )
    assert booked.priced == quote.priced


def test_quote_reports_tender_problems_without_raising(shop):
    member = shop.sign_up()
    give_points(shop, member, 10_000)
    lines = [SaleLine("food", 4_000)]
    quote = shop.svc.quotes.sale(member.card_no, lines, TenderRequest(points=3_000))
    assert quote.priced is None and "at most 50%" in str(quote.error)
    assert quote.refused == "points"
    assert quote.points_max == 2_000
    quote = shop.svc.quotes.sale(member.card_no, lines, TenderRequest(cash_fen=1_000))
    assert str(quote.error) == "¥30.00 is still due" and quote.remaining_fen == 3_000
    assert quote.refused is None  # nothing is wrong with the cash, it is just not enough
    quote = shop.svc.quotes.sale(member.card_no, lines, TenderRequest(points=50))
    assert "at least 100 points" in str(quote.error) and quote.refused == "points"


def test_quote_refuses_a_bill_that_cannot_be_priced(shop):
    member = shop.sign_up()
    with pytest.raises(InvalidInput):
        shop.svc.quotes.sale(member.card_no, [])
    with pytest.raises(NotFound):
        shop.svc.quotes.sale(member.card_no, [SaleLine("food", 100)], coupon="CPNOPE1234")


def test_quote_counts_only_points_not_yet_expired(shop):
    member = shop.sign_up()
    give_points(shop, member, 1_000)
    shop.clock.advance(days=400)  # past the rolling expiry of 365 days
    quote = shop.svc.quotes.sale(member.card_no, [SaleLine("food", 10_000)])
    assert quote.points_balance == 0 and quote.points_max == 0


def test_search_by_last_four_name_card_phone(shop):
    a = shop.sign_up(phone="13900005678", name="王小明")
    b = shop.sign_up(phone="13700005678", name="李雷")
    search = shop.svc.search
    assert {m.id for m in search.search("5678").members} == {a.id, b.id}
    assert [m.id for m in search.search("5678 李").members] == [b.id]
    assert [m.id for m in search.search("小明").members] == [a.id]
    assert [m.id for m in search.search(a.card_no).members] == [a.id]
    assert [m.id for m in search.search("139 0000 5678").members] == [a.id]
    assert search.search("13600000000").members == ()
    with pytest.raises(InvalidInput):
        search.search("  ")


def test_name_search_stops_at_the_newest_members_and_says_so(shop):
    old = shop.sign_up(phone="13900000001", name="王一")
    for i in range(2, 5):
        shop.sign_up(phone=f"1390000000{i}", name=f"李{i}")
    result = SearchService(shop.svc.ctx, shop.svc.members).search("王", name_scan_limit=3)
    assert result.members == () and not result.scanned_all
    result = SearchService(shop.svc.ctx, shop.svc.members).search("王", name_scan_limit=4)
    assert [m.id for m in result.members] == [old.id] and result.scanned_all


def test_sale_lookup_by_receipt_or_id(shop):
    member = shop.sign_up()
    top_up(shop, member, 10_000)
    sale = buy(shop, member, 8_000, wallet_fen=3_000, cash_fen=5_000)
    summary = shop.svc.sale_lookup.summary(sale.receipt_no)
    assert summary == shop.svc.sale_lookup.summary(sale.sale_id)
    assert summary.card_no == member.card_no and summary.name_masked == member.name_masked
    assert dict(summary.tenders) == {"wallet": 3_000, "cash": 5_000}
    assert summary.refundable_fen == 8_000
    shop.svc.refunds.refund(sale.sale_id, shop.cashier, shop.manager, 1_000)
    assert shop.svc.sale_lookup.summary(sale.receipt_no).refundable_fen == 7_000
    with pytest.raises(NotFound):
        shop.svc.sale_lookup.summary("0012-03-999999")


def test_rules_source_is_local_on_a_standalone_store(shop):
    assert shop.svc.setup.rules_source() == "local"


def test_usable_coupons_are_valid_today_and_unused(shop):
    member = shop.sign_up()
    soon = shop.svc.coupons.issue("amount", 500, shop.manager, days=3, member=member.card_no)
    later = shop.svc.coupons.issue("percent", 1_000, shop.manager, days=30, member=member.card_no)
    used = shop.svc.coupons.issue("amount", 100, shop.manager, member=member.card_no)
    buy(shop, member, 5_000, coupon=used.code)
    codes = [c.code for c in shop.svc.quotes.usable_coupons(member.card_no)]
    assert codes == [soon.code, later.code]
    shop.clock.advance(days=5)
    assert [c.code for c in shop.svc.quotes.usable_coupons(member.card_no)] == [later.code]


def test_terminal_identity_without_counting_members(shop):
    info = shop.svc.setup.terminal()
    assert (info.number.store_no, info.number.terminal_no) == (12, 3)
    assert info.timezone == "Asia/Shanghai" and info.store_name == "测试门店"
