import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from terminal.domain.errors import InvalidInput
from terminal.domain.money import (
    FEN_PER_YUAN,
    format_fen,
    parse_yuan,
    percent_of,
    prorate,
    require_fen,
)

FAST = settings(max_examples=150, deadline=None)
MAX_PARSEABLE_FEN = 999_999_999 * 100 + 99


def test_a_yuan_is_a_hundred_fen():
    assert FEN_PER_YUAN == 100


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("0", 0),
        ("1", 100),
        ("123", 12300),
        ("123.4", 12340),
        ("123.45", 12345),
        ("0.05", 5),
        ("0.5", 50),
        ("12.50", 1250),
        ("¥123.45", 12345),
        ("￥8", 800),
        ("¥ 8.80", 880),
        ("  66.6  ", 6660),
        ("007", 700),
        ("999999999.99", MAX_PARSEABLE_FEN),
    ],
)
def test_parse_yuan_reads_amounts_a_person_types(text, fen):
    assert parse_yuan(text) == fen


def test_parse_yuan_accepts_a_trailing_newline_from_a_keyboard():
    assert parse_yuan("12.30\n") == 1230


def test_parse_yuan_accepts_full_width_digits_from_a_chinese_input_method():
    assert parse_yuan("１２.５") == 1250


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "¥",
        "-5",
        "-0.01",
        "+5",
        "12.",
        ".5",
        "12.345",
        "1e3",
        "12,50",
        "12.5.0",
        "abc",
        "12 34",
        "1234567890",
        "NaN",
        "inf",
        "$12",
        "12¥",
        "0x10",
        "１２.５元",
        "1,23",
        "1,2345",
        ",123",
        "1,,234",
        "1234,567",
        "1,234,567,890",
        "1，234",
    ],
)
def test_parse_yuan_rejects_malformed_amounts(text):
    with pytest.raises(InvalidInput):
        parse_yuan(text)


def test_parse_yuan_error_message_quotes_the_input():
    with pytest.raises(InvalidInput, match="'12.345' is not an amount in yuan"):
        parse_yuan("12.345")


def test_parse_yuan_rejects_none():
    with pytest.raises(InvalidInput):
        parse_yuan(None)


@FAST
@given(st.integers(0, 999_999_999), st.integers(0, 99))
def test_parse_yuan_of_two_decimals_is_exact(whole, frac):
    assert parse_yuan(f"{whole}.{frac:02d}") == whole * 100 + frac


@FAST
@given(st.integers(0, 999_999_999), st.integers(0, 9))
def test_parse_yuan_of_one_decimal_means_tenths(whole, tenth):
    assert parse_yuan(f"{whole}.{tenth}") == whole * 100 + tenth * 10


@FAST
@given(st.text(max_size=40))
def test_parse_yuan_on_any_text_returns_fen_or_raises_invalid_input(text):
    try:
        fen = parse_yuan(text)
    except InvalidInput:
        return
    assert isinstance(fen, int)
    assert 0 <= fen <= MAX_PARSEABLE_FEN


@FAST
@given(st.text(alphabet="abcxyz-+e,_/", min_size=1, max_size=5), st.integers(0, 9999))
def test_parse_yuan_rejects_amounts_with_stray_characters(junk, number):
    with pytest.raises(InvalidInput):
        parse_yuan(f"{number}{junk}")


@pytest.mark.parametrize(
    ("fen", "text"),
    [
        (0, "¥0.00"),
        (5, "¥0.05"),
        (50, "¥0.50"),
        (100, "¥1.00"),
        (12345, "¥123.45"),
        (99_999, "¥999.99"),
        (100_000, "¥1,000.00"),
        (123_456_789, "¥1,234,567.89"),
        (-5, "-¥0.05"),
        (-12345, "-¥123.45"),
    ],
)
def test_format_fen_prints_yuan_with_two_decimals(fen, text):
    assert format_fen(fen) == text


def test_format_fen_uses_the_symbol_given():
    assert format_fen(880, symbol="RMB ") == "RMB 8.80"
    assert format_fen(880, symbol="") == "8.80"


@FAST
@given(st.integers(0, 99_999))
def test_format_then_parse_round_trips_below_a_thousand_yuan(fen):
    assert parse_yuan(format_fen(fen)) == fen


@FAST
@given(st.integers(0, MAX_PARSEABLE_FEN))
def test_format_then_parse_round_trips_for_every_parseable_amount(fen):
    assert parse_yuan(format_fen(fen)) == fen


def test_parse_yuan_accepts_the_thousands_separator_format_fen_prints():
    assert format_fen(123_456) == "¥1,234.56"
    assert parse_yuan("¥1,234.56") == 123_456


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("1,000", 100_000),
        ("12,345.6", 1_234_560),
        ("¥1,234,567.89", 123_456_789),
        ("999,999,999.99", MAX_PARSEABLE_FEN),
    ],
)
def test_parse_yuan_reads_grouped_thousands(text, fen):
    assert parse_yuan(text) == fen


@pytest.mark.parametrize("value", [0, 1, -5, 10**12])
def test_require_fen_passes_whole_numbers_through(value):
    assert require_fen(value, "an amount") == value


@pytest.mark.parametrize("value", [1.0, 0.5, "100", None, True, False])
def test_require_fen_refuses_anything_but_a_whole_number(value):
    with pytest.raises(InvalidInput, match="a line amount must be a whole number"):
        require_fen(value, "a line amount")


@FAST
@given(st.integers(-(10**12), 10**12))
def test_format_fen_sign_and_magnitude(fen):
    text = format_fen(fen)
    assert text.startswith("-¥") == (fen < 0)
    assert text.lstrip("-").startswith("¥")
    assert text[-3] == "."
    assert int(text.lstrip("-¥").replace(",", "").replace(".", "")) == abs(fen)


@pytest.mark.parametrize(
    ("amount", "bp", "expected"),
    [
        (10_000, 500, 500),
        (10_000, 0, 0),
        (10_000, 10_000, 10_000),
        (10, 500, 1),
        (9, 500, 0),
        (30, 500, 2),
        (1, 5000, 1),
        (1, 4999, 0),
        (199, 250, 5),
        (0, 500, 0),
    ],
)
def test_percent_of_rounds_half_up(amount, bp, expected):
    assert percent_of(amount, bp) == expected


@FAST
@given(st.integers(0, 10**11), st.integers(0, 10_000))
def test_percent_of_is_within_half_a_fen_of_the_exact_share(amount, bp):
    result = percent_of(amount, bp)
    exact_times_10000 = amount * bp
    assert -5000 <= result * 10_000 - exact_times_10000 <= 5000
    if (exact_times_10000 % 10_000) == 5000:
        assert result * 10_000 > exact_times_10000


@FAST
@given(st.integers(0, 10**11), st.integers(0, 10_000))
def test_percent_of_never_exceeds_the_amount(amount, bp):
    assert 0 <= percent_of(amount, bp) <= amount


@pytest.mark.parametrize(
    ("total", "part", "whole", "expected"),
    [
        (100, 1, 3, 33),
        (100, 2, 3, 66),
        (100, 3, 3, 100),
        (7, 0, 10, 0),
        (7, 5, 10, 3),
        (500, 10, 0, 0),
        (500, 10, -4, 0),
    ],
)
def test_prorate_rounds_down(total, part, whole, expected):
    assert prorate(total, part, whole) == expected


@FAST
@given(st.integers(0, 10**9), st.integers(1, 10**9))
def test_prorate_of_the_whole_is_the_total(total, whole):
    assert prorate(total, whole, whole) == total


@FAST
@given(
    st.integers(0, 10**6),
    st.lists(st.integers(1, 1000), min_size=1, max_size=20),
)
def test_prorate_with_cumulative_parts_adds_up_to_the_total(total, steps):
    whole = sum(steps)
    done = 0
    shares = []
    for step in steps:
        shares.append(prorate(total, done + step, whole) - prorate(total, done, whole))
        done += step
    assert sum(shares) == total
    assert all(share >= 0 for share in shares)


@FAST
@given(st.integers(0, 10**9), st.integers(1, 10**6), st.data())
def test_prorate_is_monotone_in_the_part(total, whole, data):
    a = data.draw(st.integers(0, whole))
    b = data.draw(st.integers(a, whole))
    assert prorate(total, a, whole) <= prorate(total, b, whole) <= total
