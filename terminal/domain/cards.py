"""Member card numbers: unique across terminals without coordination, with a check digit.

Layout: store number (4 digits), terminal number (2 digits), the terminal's running
sequence (at least 5 digits, growing when needed), one Damm check digit. The Damm
algorithm catches every single-digit error and every swap of two adjacent digits,
which is what a person typing a card number gets wrong.
"""

import unicodedata
from dataclasses import dataclass

from stdnum import damm

from terminal.domain.errors import InvalidInput

STORE_DIGITS = 4
TERMINAL_DIGITS = 2
MIN_SEQUENCE_DIGITS = 5
MIN_LENGTH = STORE_DIGITS + TERMINAL_DIGITS + MIN_SEQUENCE_DIGITS + 1
MAX_LENGTH = 20


@dataclass(frozen=True)
class TerminalNumber:
    store_no: int
    terminal_no: int

    def __post_init__(self) -> None:
        if not 1 <= self.store_no <= 9999:
            raise InvalidInput(
                "store number must be between 1 and 9999", code="terminal.bad_store_no"
            )
        if not 1 <= self.terminal_no <= 99:
            raise InvalidInput(
                "terminal number must be between 1 and 99", code="terminal.bad_terminal_no"
            )

    @property
    def prefix(self) -> str:
        return f"{self.store_no:0{STORE_DIGITS}d}{self.terminal_no:0{TERMINAL_DIGITS}d}"


def make_card_no(terminal: TerminalNumber, sequence: int) -> str:
    if not 1 <= sequence < 10 ** (MAX_LENGTH - STORE_DIGITS - TERMINAL_DIGITS - 1):
        raise ValueError("card sequence out of range")
    body = f"{terminal.prefix}{sequence:0{MIN_SEQUENCE_DIGITS}d}"
    return body + damm.calc_check_digit(body)


def clean_card_no(text: str) -> str:
    """Strip spaces and dashes a person may type; raise InvalidInput on a bad number."""
    # NFKC turns full-width digits (a Chinese IME, some wedge scanners) into ASCII ones.
    digits = "".join(ch for ch in unicodedata.normalize("NFKC", str(text)) if ch not in " -")
    if not (digits.isascii() and digits.isdigit()) or not MIN_LENGTH <= len(digits) <= MAX_LENGTH:
        raise InvalidInput(
            "'{text}' is not a member card number", code="card.not_a_card", text=text
        )
    if not damm.is_valid(digits):
        raise InvalidInput(
            "card number '{text}' has a wrong check digit; please re-type it",
            code="card.bad_check_digit",
            text=text,
        )
    return digits


def is_card_no(text: str) -> bool:
    try:
        clean_card_no(text)
    except InvalidInput:
        return False
    return True


def format_receipt_no(terminal: TerminalNumber, sequence: int) -> str:
    """The short receipt number printed (and as a barcode) on every receipt."""
    return f"{terminal.store_no:0{STORE_DIGITS}d}-{terminal.terminal_no:02d}-{sequence:06d}"
