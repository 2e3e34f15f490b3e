"""Money is integer fen (1 yuan = 100 fen); this module parses, formats and splits it."""

import re

from terminal.domain.errors import InvalidInput

FEN_PER_YUAN = 100
_AMOUNT = re.compile(r"^\s*[¥￥]?\s*(\d{1,9}|[1-9]\d{0,2}(?:,\d{3}){1,2})(?:\.(\d{1,2}))?\s*$")


def parse_yuan(text: str) -> int:
    """Parse a yuan amount typed by a person ('123', '123.4', '¥123.45') into fen."""
    match = _AMOUNT.match(str(text))
    if not match:
        raise InvalidInput(
            "'{text}' is not an amount in yuan (for example 12.50)",
            code="amount.not_yuan",
            text=text,
        )
    whole, frac = match.group(1).replace(",", ""), (match.group(2) or "").ljust(2, "0")
    return int(whole) * FEN_PER_YUAN + int(frac)


def require_fen(value: object, what: str) -> int:
    """Money and points are whole numbers; anything else is a programming or input error."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidInput(
            "{what} must be a whole number of fen (or points), not {value!r}",
            code="amount.not_whole",
            what=what,
            value=value,
        )
    return value


def format_fen(fen: int, symbol: str = "¥") -> str:
    """Format fen as yuan with two decimals: 12345 -> '¥123.45', -5 -> '-¥0.05'."""
    sign = "-" if fen < 0 else ""
    whole, frac = divmod(abs(fen), FEN_PER_YUAN)
    return f"{sign}{symbol}{whole:,}.{frac:02d}"


def percent_of(amount: int, basis_points: int) -> int:
    """`basis_points`/10000 of `amount`, rounded half up (a 5% discount is 500 bp)."""
    return (amount * basis_points + 5000) // 10000


def prorate(total: int, part: int, whole: int) -> int:
    """floor(total * part / whole): the share of `total` that `part` of `whole` carries.

    Used with cumulative parts, so that refunds in several steps add up exactly to a
    refund in one step: the last step (part == whole) always yields `total`.
    """
    if whole <= 0:
        return 0
    return total * part // whole
