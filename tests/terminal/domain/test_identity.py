import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from terminal.domain.errors import InvalidInput
from terminal.domain.identity import (
    last_four,
    mask_id_number,
    mask_name,
    mask_phone,
    national_digits,
    normalise_id_number,
    normalise_phone,
)

FAST = settings(max_examples=100, deadline=None)

VALID_ID = "110101199003074514"
VALID_ID_WITH_X = "11010519491231002X"
MOBILE_PREFIXES = ["130", "133", "135", "137", "138", "139", "150", "158", "186", "188", "199"]


@pytest.mark.parametrize(
    "text",
    [
        "13812345678",
        " 13812345678 ",
        "138 1234 5678",
        "138-1234-5678",
        "+86 138 1234 5678",
        "+86-138-1234-5678",
        "+8613812345678",
        "8613812345678",
        "008613812345678",
        "(+86)13812345678",
        "１３８１２３４５６７８",
    ],
)
def test_normalise_phone_gives_e164_for_a_chinese_mobile(text):
    assert normalise_phone(text) == "+8613812345678"


@pytest.mark.parametrize(
    ("text", "e164"),
    [
        ("13912345678", "+8613912345678"),
        ("18612345678", "+8618612345678"),
        ("19912345678", "+8619912345678"),
        ("15012345678", "+8615012345678"),
    ],
)
def test_normalise_phone_accepts_other_mobile_ranges(text, e164):
    assert normalise_phone(text) == e164


@pytest.mark.parametrize(
    "text",
    ["010 12345678", "+86 10 1234 5678", "021-12345678", "+86 400 810 8888"],
)
def test_normalise_phone_rejects_landlines_and_service_numbers(text):
    with pytest.raises(InvalidInput, match="not a mobile phone number"):
        normalise_phone(text)


@pytest.mark.parametrize(
    "text",
    ["1381234567", "138123456789", "12345678901", "95588", "11111111111"],
)
def test_normalise_phone_rejects_numbers_of_the_wrong_shape(text):
    with pytest.raises(InvalidInput, match="not a valid phone number"):
        normalise_phone(text)


@pytest.mark.parametrize("text", ["", "   ", "abc", "电话", "+", None])
def test_normalise_phone_rejects_text_that_is_not_a_number(text):
    with pytest.raises(InvalidInput):
        normalise_phone(text)


def test_normalise_phone_takes_a_home_region_for_national_numbers():
    assert normalise_phone("9123 4567", region="HK") == "+85291234567"


@pytest.mark.parametrize("text", ["+852 9123 4567", "+1 650 253 0000", "+44 7400 123456"])
def test_normalise_phone_refuses_mobiles_of_other_regions_by_default(text):
    with pytest.raises(InvalidInput, match="not a mobile number of CN"):
        normalise_phone(text)


def test_normalise_phone_accepts_the_regions_allowed():
    allowed = ("CN", "HK")
    assert normalise_phone("+852 9123 4567", allowed=allowed) == "+85291234567"
    assert normalise_phone("13812345678", allowed=allowed) == "+8613812345678"
    with pytest.raises(InvalidInput, match="CN, HK"):
        normalise_phone("+1 650 253 0000", allowed=allowed)


def test_allowed_regions_replace_the_home_region():
    with pytest.raises(InvalidInput):
        normalise_phone("13812345678", allowed=("HK",))


@FAST
@given(st.sampled_from(MOBILE_PREFIXES), st.text(alphabet="0123456789", min_size=8, max_size=8))
def test_normalise_phone_is_the_same_for_every_way_of_writing_a_mobile(prefix, rest):
    digits = prefix + rest
    expected = "+86" + digits
    spaced = f"{digits[:3]} {digits[3:7]} {digits[7:]}"
    assert normalise_phone(digits) == expected
    assert normalise_phone("+86 " + spaced) == expected
    assert normalise_phone(spaced.replace(" ", "-")) == expected
    assert normalise_phone(expected) == expected


@FAST
@given(st.text(max_size=30))
def test_normalise_phone_on_any_text_returns_e164_or_raises_invalid_input(text):
    try:
        result = normalise_phone(text)
    except InvalidInput:
        return
    assert result.startswith("+")
    assert result[1:].isdigit()
    assert normalise_phone(result) == result


def test_national_digits_and_last_four():
    assert national_digits("+8613812345678") == "13812345678"
    assert last_four("+8613812345678") == "5678"


def test_mask_phone_shows_first_three_and_last_four():
    assert mask_phone("+8613812345678") == "138****5678"


def test_mask_phone_for_a_ten_digit_foreign_number():
    assert mask_phone("+16502530000") == "650***0000"


def test_mask_phone_for_an_eight_digit_number_keeps_first_three_and_last_four():
    assert mask_phone("+85291234567") == "912*4567"


@FAST
@given(st.sampled_from(MOBILE_PREFIXES), st.text(alphabet="0123456789", min_size=8, max_size=8))
def test_mask_phone_hides_the_middle_four_digits(prefix, rest):
    digits = prefix + rest
    masked = mask_phone(normalise_phone(digits))
    assert masked == digits[:3] + "****" + digits[-4:]
    assert len(masked) == len(digits)


@pytest.mark.parametrize("number", [VALID_ID, VALID_ID_WITH_X, "440304198511201235"])
def test_normalise_id_number_accepts_valid_numbers(number):
    assert normalise_id_number(number) == number


def test_normalise_id_number_upper_cases_the_check_character():
    assert normalise_id_number("11010519491231002x") == VALID_ID_WITH_X


def test_normalise_id_number_strips_surrounding_space():
    assert normalise_id_number(f"  {VALID_ID}\n") == VALID_ID


def test_normalise_id_number_accepts_full_width_digits():
    full_width = "".join(chr(ord(ch) + 0xFEE0) for ch in VALID_ID)
    assert normalise_id_number(full_width) == VALID_ID


@pytest.mark.parametrize(
    "number",
    [
        "110101199003074515",
        "11010119900307451",
        "1101011990030745145",
        "110101199013074514",
        "110101199002304514",
        "000000199003074514",
        "11010119900307451A",
        "",
        "abc",
    ],
)
def test_normalise_id_number_rejects_invalid_numbers(number):
    with pytest.raises(InvalidInput, match="not a valid resident ID card number"):
        normalise_id_number(number)


def test_normalise_id_number_rejects_an_old_fifteen_digit_number():
    with pytest.raises(InvalidInput):
        normalise_id_number("110101900307451")


@FAST
@given(st.integers(0, 16), st.integers(1, 9))
def test_normalise_id_number_rejects_any_single_digit_change(position, delta):
    digits = list(VALID_ID)
    digits[position] = str((int(digits[position]) + delta) % 10)
    with pytest.raises(InvalidInput):
        normalise_id_number("".join(digits))


@FAST
@given(st.text(max_size=25))
def test_normalise_id_number_on_any_text_returns_or_raises_invalid_input(text):
    try:
        result = normalise_id_number(text)
    except InvalidInput:
        return
    assert len(result) == 18


def test_mask_id_number_keeps_three_leading_and_four_trailing_characters():
    assert mask_id_number(VALID_ID) == "110***********4514"
    assert mask_id_number(VALID_ID_WITH_X) == "110***********002X"


def test_mask_id_number_keeps_the_length():
    assert len(mask_id_number(VALID_ID)) == len(VALID_ID)


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三", "张*"),
        ("张三丰", "张**"),
        ("欧阳娜娜", "欧***"),
        ("张", "张*"),
        ("John", "J***"),
        ("  李雷 ", "李*"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_mask_name_keeps_the_first_character_only(name, masked):
    assert mask_name(name) == masked


@FAST
@given(st.text(min_size=1, max_size=20).filter(lambda s: s.strip()))
def test_mask_name_never_reveals_more_than_the_first_character(name):
    masked = mask_name(name)
    stripped = name.strip()
    assert masked[0] == stripped[0]
    assert set(masked[1:]) == {"*"}
    assert len(masked) >= 2
