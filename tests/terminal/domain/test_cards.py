import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from terminal.domain.cards import (
    MAX_LENGTH,
    MIN_LENGTH,
    TerminalNumber,
    clean_card_no,
    format_receipt_no,
    is_card_no,
    make_card_no,
)
from terminal.domain.errors import InvalidInput

FAST = settings(max_examples=150, deadline=None)

terminals = st.builds(TerminalNumber, st.integers(1, 9999), st.integers(1, 99))
sequences = st.integers(1, 10**9)


@st.composite
def card_numbers(draw):
    return make_card_no(draw(terminals), draw(sequences))


def _full_width(text):
    return "".join(chr(ord(ch) + 0xFEE0) for ch in text)


def test_terminal_prefix_is_four_store_digits_and_two_terminal_digits():
    assert TerminalNumber(12, 3).prefix == "001203"
    assert TerminalNumber(9999, 99).prefix == "999999"
    assert TerminalNumber(1, 1).prefix == "000101"


@pytest.mark.parametrize(("store", "terminal"), [(0, 1), (10_000, 1), (-1, 1), (1, 0), (1, 100)])
def test_terminal_number_out_of_range_is_refused(store, terminal):
    with pytest.raises(InvalidInput):
        TerminalNumber(store, terminal)


def test_make_card_no_lays_out_prefix_sequence_and_check_digit():
    card = make_card_no(TerminalNumber(12, 3), 1)
    assert card == "001203000013"
    assert len(card) == MIN_LENGTH == 12


def test_make_card_no_sequence_grows_past_five_digits():
    card = make_card_no(TerminalNumber(12, 3), 123_456)
    assert card[:12] == "001203123456"
    assert len(card) == 13
    assert clean_card_no(card) == card


@pytest.mark.parametrize("sequence", [0, -1])
def test_make_card_no_refuses_a_sequence_below_one(sequence):
    with pytest.raises(ValueError):
        make_card_no(TerminalNumber(12, 3), sequence)


@FAST
@given(terminals, sequences)
def test_make_card_no_output_always_validates(terminal, sequence):
    card = make_card_no(terminal, sequence)
    assert clean_card_no(card) == card
    assert is_card_no(card)
    assert card.startswith(terminal.prefix)
    assert MIN_LENGTH <= len(card) <= MAX_LENGTH


@FAST
@given(terminals, st.integers(1, 10**16))
def test_make_card_no_never_hands_out_a_number_clean_card_no_rejects(terminal, sequence):
    try:
        card = make_card_no(terminal, sequence)
    except (ValueError, InvalidInput):
        return
    assert is_card_no(card)


def test_make_card_no_with_the_largest_sequence_that_fits_the_length_limit():
    sequence = 10 ** (MAX_LENGTH - 7) - 1
    card = make_card_no(TerminalNumber(12, 3), sequence)
    assert len(card) == MAX_LENGTH
    assert is_card_no(card)


def test_make_card_no_refuses_a_sequence_too_long_for_a_card_number():
    with pytest.raises(ValueError):
        make_card_no(TerminalNumber(12, 3), 10 ** (MAX_LENGTH - 7))


@FAST
@given(terminals, sequences, terminals, sequences)
def test_different_terminals_or_sequences_give_different_card_numbers(t1, s1, t2, s2):
    assume((t1, s1) != (t2, s2))
    assert make_card_no(t1, s1) != make_card_no(t2, s2)


@FAST
@given(card_numbers(), st.data())
def test_any_single_digit_change_is_rejected(card, data):
    position = data.draw(st.integers(0, len(card) - 1))
    digit = data.draw(st.sampled_from([d for d in "0123456789" if d != card[position]]))
    typo = card[:position] + digit + card[position + 1 :]
    with pytest.raises(InvalidInput, match="wrong check digit"):
        clean_card_no(typo)


@FAST
@given(card_numbers(), st.data())
def test_any_adjacent_transposition_is_rejected(card, data):
    swaps = [i for i in range(len(card) - 1) if card[i] != card[i + 1]]
    position = data.draw(st.sampled_from(swaps))
    typo = card[:position] + card[position + 1] + card[position] + card[position + 2 :]
    with pytest.raises(InvalidInput):
        clean_card_no(typo)


@FAST
@given(card_numbers(), st.data())
def test_clean_card_no_strips_spaces_and_dashes(card, data):
    separated = "".join(ch + data.draw(st.sampled_from(["", " ", "-", " - "])) for ch in card)
    assert clean_card_no(f" {separated} ") == card


def test_clean_card_no_on_a_printed_grouping():
    assert clean_card_no("0012 0300 0013") == "001203000013"
    assert clean_card_no("0012-03-00001-3") == "001203000013"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "00120300001",
        "0" * (MAX_LENGTH + 1),
        "00120300001A",
        "0012.0300.0013",
        "0012\t0300\t0013",
        "+001203000013",
    ],
)
def test_clean_card_no_rejects_text_that_is_not_a_card_number(text):
    with pytest.raises(InvalidInput, match="not a member card number"):
        clean_card_no(text)


def test_clean_card_no_rejects_superscript_digits():
    with pytest.raises(InvalidInput):
        clean_card_no("²²²²²²²²²²²²")


def test_clean_card_no_rejects_a_wrong_check_digit_with_a_retype_message():
    with pytest.raises(InvalidInput, match="please re-type it"):
        clean_card_no("001203000014")


def test_clean_card_no_returns_ascii_digits_for_full_width_input():
    card = make_card_no(TerminalNumber(12, 3), 1)
    assert clean_card_no(_full_width(card)) == card
    assert clean_card_no(_full_width("0012-0300-0013")) == card


def test_clean_card_no_refuses_digits_of_other_scripts():
    arabic_indic = "".join(chr(0x0660 + int(ch)) for ch in "001203000013")
    with pytest.raises(InvalidInput):
        clean_card_no(arabic_indic)


@FAST
@given(card_numbers())
def test_clean_card_no_always_returns_ascii(card):
    assert clean_card_no(_full_width(card)) == card
    assert clean_card_no(_full_width(card)).isascii()


@FAST
@given(st.text(max_size=30))
def test_clean_card_no_on_any_text_returns_digits_or_raises_invalid_input(text):
    try:
        cleaned = clean_card_no(text)
    except InvalidInput:
        assert not is_card_no(text)
        return
    assert is_card_no(text)
    assert MIN_LENGTH <= len(cleaned) <= MAX_LENGTH


def test_is_card_no_is_true_for_valid_and_false_for_invalid():
    assert is_card_no("001203000013")
    assert not is_card_no("001203000014")
    assert not is_card_no("hello")
    assert not is_card_no("")


@pytest.mark.parametrize(
    ("store", "terminal", "sequence", "receipt"),
    [
        (12, 3, 45, "0012-03-000045"),
        (1, 1, 1, "0001-01-000001"),
        (9999, 99, 999_999, "9999-99-999999"),
        (12, 3, 1_234_567, "0012-03-1234567"),
    ],
)
def test_format_receipt_no(store, terminal, sequence, receipt):
    assert format_receipt_no(TerminalNumber(store, terminal), sequence) == receipt
