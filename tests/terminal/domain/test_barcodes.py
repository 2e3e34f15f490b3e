import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from terminal.domain.barcodes import (
    COUPON,
    DEFAULT_NOMENCLATURE,
    KINDS,
    MAX_CODE_LENGTH,
    MEMBER_CARD,
    MEMBER_QR,
    PRODUCT,
    RECEIPT,
    UNKNOWN,
    NomenclatureRule,
    ScannedCode,
    classify,
)
from terminal.domain.cards import TerminalNumber, format_receipt_no, is_card_no, make_card_no

FAST = settings(max_examples=150, deadline=None)

CARD = make_card_no(TerminalNumber(12, 3), 1)
LONG_CARD = make_card_no(TerminalNumber(12, 3), 123_456_789)

terminals = st.builds(TerminalNumber, st.integers(1, 9999), st.integers(1, 99))


def test_default_nomenclature_covers_every_kind():
    assert {rule.kind for rule in DEFAULT_NOMENCLATURE} == set(KINDS)


def test_a_member_card_number_is_a_member_card():
    assert classify(CARD) == ScannedCode(MEMBER_CARD, CARD, CARD)


def test_a_long_member_card_number_is_a_member_card():
    result = classify(LONG_CARD)
    assert result.kind == MEMBER_CARD
    assert result.value == LONG_CARD


def test_scanner_line_endings_and_control_characters_are_dropped():
    result = classify(f"\x02{CARD}\r\n")
    assert result.kind == MEMBER_CARD
    assert result.value == CARD
    assert result.raw == CARD


def test_surrounding_spaces_are_ignored():
    assert classify(f"  {CARD}  ").kind == MEMBER_CARD


def test_member_qr_carries_the_card_number():
    result = classify(f"POSM:{CARD}")
    assert result.kind == MEMBER_QR
    assert result.value == CARD
    assert result.raw == f"POSM:{CARD}"


def test_member_qr_with_a_wrong_check_digit_is_unknown():
    wrong = CARD[:-1] + str((int(CARD[-1]) + 1) % 10)
    result = classify(f"POSM:{wrong}")
    assert result.kind == UNKNOWN
    assert result.message


@pytest.mark.parametrize("receipt", ["0012-03-000045", "9999-99-999999", "0001-01-1234567"])
def test_receipt_numbers_are_receipts(receipt):
    result = classify(receipt)
    assert result.kind == RECEIPT
    assert result.value == receipt


@FAST
@given(terminals, st.integers(1, 10**8))
def test_every_formatted_receipt_number_is_a_receipt(terminal, sequence):
    receipt = format_receipt_no(terminal, sequence)
    assert classify(receipt) == ScannedCode(RECEIPT, receipt, receipt)


@FAST
@given(terminals, st.integers(1, 10**9))
def test_every_card_number_made_by_a_terminal_is_a_member_card(terminal, sequence):
    card = make_card_no(terminal, sequence)
    assert classify(card) == ScannedCode(MEMBER_CARD, card, card)
    assert classify(f"POSM:{card}") == ScannedCode(MEMBER_QR, card, f"POSM:{card}")


@pytest.mark.parametrize("code", ["CPABC123", "CP2024SPRING88", "CP000000", "CP" + "Z" * 20])
def test_coupon_codes_are_coupons(code):
    result = classify(code)
    assert result.kind == COUPON
    assert result.value == code


@pytest.mark.parametrize("code", ["CPABC12", "cpabc123", "CP" + "Z" * 21, "CPABC-123"])
def test_malformed_coupon_codes_are_not_coupons(code):
    assert classify(code).kind != COUPON


@pytest.mark.parametrize("code", ["12345670", "6901234567892", "690123456789", "69012345678928"])
def test_product_barcodes_are_products(code):
    assert not is_card_no(code)
    result = classify(code)
    assert result.kind == PRODUCT
    assert result.value == code


def test_a_mistyped_twelve_digit_card_is_not_a_member_card():
    wrong = CARD[:-1] + str((int(CARD[-1]) + 1) % 10)
    assert classify(wrong).kind != MEMBER_CARD


def test_a_long_number_with_a_wrong_check_digit_is_unknown():
    wrong = LONG_CARD[:-1] + str((int(LONG_CARD[-1]) + 1) % 10)
    assert len(wrong) > 14
    assert classify(wrong).kind == UNKNOWN


@pytest.mark.parametrize(
    "code",
    ["hello", "1234567", "123456789", "POSM:", "POSM:abc", "0012-3-000045", "https://example.com"],
)
def test_unknown_codes_get_a_message_naming_the_code(code):
    result = classify(code)
    assert result.kind == UNKNOWN
    assert result.value == ""
    assert code[:40] in result.message
    assert "not a card, coupon or receipt" in result.message


@pytest.mark.parametrize("raw", ["", "   ", "\r\n", "\x00\x01\x02", "\t"])
def test_empty_or_unreadable_codes_are_unknown(raw):
    result = classify(raw)
    assert result.kind == UNKNOWN
    assert result.message == "empty or unreadable code"


def test_a_code_longer_than_the_limit_is_unknown():
    result = classify("1" * (MAX_CODE_LENGTH + 1))
    assert result.kind == UNKNOWN
    assert result.message
    assert len(result.raw) <= MAX_CODE_LENGTH


def test_a_very_long_string_is_unknown_and_truncated():
    result = classify("x" * 1_000_000)
    assert result.kind == UNKNOWN
    assert len(result.raw) == MAX_CODE_LENGTH


def test_the_unknown_message_is_short_for_a_long_code():
    result = classify("A" * MAX_CODE_LENGTH)
    assert result.kind == UNKNOWN
    assert len(result.message) < 100


def test_bytes_do_not_crash():
    assert classify(b"\xff\xfe\x00garbage").kind == UNKNOWN


@FAST
@given(st.text(max_size=400))
def test_classify_never_raises_on_arbitrary_text(raw):
    result = classify(raw)
    assert result.kind in (*KINDS, UNKNOWN)
    if result.kind == UNKNOWN:
        assert result.message
        assert result.value == ""
    else:
        assert result.value


@FAST
@given(st.binary(max_size=400))
def test_classify_never_raises_on_binary_garbage(blob):
    assert classify(blob.decode("latin-1")).kind in (*KINDS, UNKNOWN)
    assert classify(blob).kind in (*KINDS, UNKNOWN)


@FAST
@given(st.text(alphabet="0123456789-: POSMCPZ", max_size=30))
def test_member_kinds_always_carry_a_valid_card_number(raw):
    result = classify(raw)
    if result.kind in (MEMBER_CARD, MEMBER_QR):
        assert is_card_no(result.value)


def test_a_full_width_card_number_from_a_keyboard_wedge_is_a_member_card():
    full_width = "".join(chr(ord(ch) + 0xFEE0) for ch in CARD)
    assert classify(full_width) == ScannedCode(MEMBER_CARD, CARD, CARD)


def test_a_full_width_receipt_number_is_a_receipt():
    full_width = "".join(chr(ord(ch) + 0xFEE0) for ch in "0012-03-000045")
    assert classify(full_width) == ScannedCode(RECEIPT, "0012-03-000045", "0012-03-000045")


@FAST
@given(st.text(max_size=60))
def test_classified_values_are_always_ascii_for_member_kinds(raw):
    result = classify(raw)
    if result.kind in (MEMBER_CARD, MEMBER_QR):
        assert result.value.isascii()
        assert result.value.isdigit()


def test_rule_order_decides():
    product_first = (
        NomenclatureRule(PRODUCT, r"^(?P<value>\d{8}|\d{12,14})$"),
        *DEFAULT_NOMENCLATURE,
    )
    assert classify(CARD, product_first).kind == PRODUCT


def test_a_rule_without_a_value_group_yields_the_whole_code():
    rules = (NomenclatureRule(COUPON, r"^VIP\d+$"),)
    assert classify("VIP42", rules) == ScannedCode(COUPON, "VIP42", "VIP42")


def test_a_custom_member_card_rule_still_checks_the_check_digit():
    rules = (NomenclatureRule(MEMBER_CARD, r"^M(?P<value>\d+)$"),)
    assert classify(f"M{CARD}", rules).kind == MEMBER_CARD
    wrong = CARD[:-1] + str((int(CARD[-1]) + 1) % 10)
    assert classify(f"M{wrong}", rules).kind == UNKNOWN


def test_an_empty_nomenclature_classifies_everything_as_unknown():
    assert classify(CARD, ()).kind == UNKNOWN
