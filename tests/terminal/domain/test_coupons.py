from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from terminal.domain.coupons import AMOUNT, PERCENT, Coupon, coupon_discount
from terminal.domain.errors import Conflict, InvalidInput, LimitExceeded

FAST = settings(max_examples=150, deadline=None)

TODAY = date(2026, 3, 10)
MEMBER = "0192f0c8-0000-7000-8000-000000000001"
OTHER = "0192f0c8-0000-7000-8000-000000000002"

TEN_OFF = Coupon("CPTEN0001", AMOUNT, 1_000, 5_000, date(2026, 3, 1), date(2026, 3, 31))
NINE_TENTHS = Coupon("CPPCT0001", PERCENT, 1_000, 0, date(2026, 3, 1), date(2026, 3, 31))


def test_amount_coupon_takes_its_value_off():
    assert coupon_discount(TEN_OFF, 8_000, TODAY, MEMBER) == 1_000


def test_amount_coupon_never_takes_off_more_than_the_bill():
    coupon = replace(TEN_OFF, value=10_000, min_spend_fen=0)
    assert coupon_discount(coupon, 3_000, TODAY, MEMBER) == 3_000


def test_percent_coupon_takes_its_share_off():
    assert coupon_discount(NINE_TENTHS, 8_000, TODAY, MEMBER) == 800


def test_percent_coupon_rounds_half_up():
    assert coupon_discount(NINE_TENTHS, 5, TODAY, MEMBER) == 1
    assert coupon_discount(NINE_TENTHS, 4, TODAY, MEMBER) == 0


def test_a_full_percent_coupon_makes_the_bill_free():
    coupon = replace(NINE_TENTHS, value=10_000)
    assert coupon_discount(coupon, 1_234, TODAY, MEMBER) == 1_234


def test_percent_coupon_over_100_percent_is_capped_at_the_bill():
    coupon = replace(NINE_TENTHS, value=15_000)
    assert coupon_discount(coupon, 1_234, TODAY, MEMBER) == 1_234


def test_minimum_spend_is_inclusive():
    assert coupon_discount(TEN_OFF, 5_000, TODAY, MEMBER) == 1_000


def test_below_the_minimum_spend_is_refused():
    with pytest.raises(LimitExceeded, match="needs a spend of ¥50.00"):
        coupon_discount(TEN_OFF, 4_999, TODAY, MEMBER)


def test_valid_on_the_first_and_last_day():
    assert coupon_discount(TEN_OFF, 5_000, date(2026, 3, 1), MEMBER) == 1_000
    assert coupon_discount(TEN_OFF, 5_000, date(2026, 3, 31), MEMBER) == 1_000


def test_not_yet_valid_is_refused():
    with pytest.raises(InvalidInput, match="valid from 2026-03-01"):
        coupon_discount(TEN_OFF, 5_000, date(2026, 2, 28), MEMBER)


def test_expired_is_refused():
    with pytest.raises(InvalidInput, match="expired on 2026-03-31"):
        coupon_discount(TEN_OFF, 5_000, date(2026, 4, 1), MEMBER)


def test_a_used_coupon_is_refused():
    with pytest.raises(Conflict, match="already been used"):
        coupon_discount(replace(TEN_OFF, used=True), 8_000, TODAY, MEMBER)


def test_a_used_coupon_is_refused_before_other_checks():
    coupon = replace(TEN_OFF, used=True, member_id=OTHER)
    with pytest.raises(Conflict, match="already been used"):
        coupon_discount(coupon, 1, date(2030, 1, 1), MEMBER)


def test_a_member_coupon_works_for_its_member():
    coupon = replace(TEN_OFF, member_id=MEMBER)
    assert coupon_discount(coupon, 8_000, TODAY, MEMBER) == 1_000


def test_a_member_coupon_is_refused_for_another_member():
    coupon = replace(TEN_OFF, member_id=OTHER)
    with pytest.raises(Conflict, match="belongs to another member"):
        coupon_discount(coupon, 8_000, TODAY, MEMBER)


def test_an_unbound_coupon_works_for_anyone():
    assert coupon_discount(TEN_OFF, 8_000, TODAY, OTHER) == 1_000


def test_an_unknown_kind_is_refused():
    coupon = replace(TEN_OFF, kind="gift")
    with pytest.raises(InvalidInput, match="unknown kind 'gift'"):
        coupon_discount(coupon, 8_000, TODAY, MEMBER)


def test_error_messages_name_the_coupon():
    with pytest.raises(LimitExceeded, match="CPTEN0001"):
        coupon_discount(TEN_OFF, 1, TODAY, MEMBER)


@FAST
@given(
    st.sampled_from([AMOUNT, PERCENT]),
    st.integers(0, 20_000),
    st.integers(0, 10**7),
)
def test_a_discount_is_never_negative_nor_more_than_the_bill(kind, value, amount):
    coupon = Coupon("CPANY00001", kind, value, 0, TODAY, TODAY)
    off = coupon_discount(coupon, amount, TODAY, MEMBER)
    assert 0 <= off <= amount


@FAST
@given(st.integers(0, 10_000), st.integers(0, 10**7), st.integers(0, 10**7))
def test_a_bigger_bill_never_gets_a_smaller_percent_discount(bp, a, b):
    coupon = Coupon("CPANY00001", PERCENT, bp, 0, TODAY, TODAY)
    low, high = sorted((a, b))
    assert coupon_discount(coupon, low, TODAY, MEMBER) <= coupon_discount(
        coupon, high, TODAY, MEMBER
    )
