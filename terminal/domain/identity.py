"""Phone numbers, ID-card numbers and their masked forms."""

import phonenumbers
from stdnum.cn import ric
from stdnum.exceptions import ValidationError

from terminal.domain.errors import InvalidInput

_MOBILE_TYPES = {
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
}


def normalise_phone(text: str, region: str = "CN", allowed: tuple[str, ...] = ()) -> str:
    """Return the mobile number in E.164 (+8613812345678) or raise InvalidInput.

    Only mobile numbers of the `allowed` regions (default: the home `region`) are accepted:
    members are reached by SMS.
    """
    raw = str(text).strip()
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        raise InvalidInput(
            "'{text}' is not a phone number", code="phone.not_a_number", text=raw
        ) from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidInput("'{text}' is not a valid phone number", code="phone.not_valid", text=raw)
    if phonenumbers.number_type(number) not in _MOBILE_TYPES:
        raise InvalidInput(
            "'{text}' is not a mobile phone number", code="phone.not_mobile", text=raw
        )
    if phonenumbers.region_code_for_number(number) not in (allowed or (region,)):
        raise InvalidInput(
            "'{text}' is not a mobile number of {regions}",
            code="phone.wrong_region",
            text=raw,
            regions=", ".join(allowed or (region,)),
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def national_digits(e164: str) -> str:
    """The digits a person knows their number by: +8613812345678 -> 13812345678."""
    number = phonenumbers.parse(e164, None)
    return str(number.national_number)


def last_four(e164: str) -> str:
    # The national number is the tail of the E.164 form: no parse needed (a catch-up
    # stores a million of these).
    return "".join(ch for ch in e164 if ch.isdigit())[-4:]


def mask_phone(e164: str) -> str:
    """138****5678: the first three and last four digits of the national number; empty
    for a member whose phone this terminal does not hold."""
    if not e164:
        return ""
    digits = national_digits(e164)
    if len(digits) <= 7:
        return "*" * (len(digits) - 4) + digits[-4:]
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def normalise_id_number(text: str) -> str:
    """Validate a mainland resident identity card number (18 characters, check digit)."""
    raw = str(text).strip().upper()
    try:
        return ric.validate(raw)
    except ValidationError:
        raise InvalidInput(
            "'{text}' is not a valid resident ID card number", code="id_number.not_valid", text=raw
        ) from None


def mask_id_number(number: str) -> str:
    """110***********1234: region code and last four kept."""
    return number[:3] + "*" * (len(number) - 7) + number[-4:]


def mask_name(name: str) -> str:
    """张** / J*** : the first character kept, the rest starred."""
    name = name.strip()
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1)
