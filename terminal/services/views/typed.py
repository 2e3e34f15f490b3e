"""Reading what a cashier typed: an empty field is zero, anything else must parse."""

from terminal.domain.errors import InvalidInput
from terminal.domain.money import parse_yuan


def typed_fen(text: str) -> int:
    """An amount typed in yuan ('12.5', '¥12.50') as fen; empty (or a bare ¥) is 0."""
    text = text.strip()
    if not text or text in ("¥", "￥"):
        return 0
    return parse_yuan(text)


def typed_points(text: str) -> int:
    """A whole number of points; empty (or a bare sign) is 0."""
    text = text.strip()
    if text in ("", "-", "+"):
        return 0
    try:
        return int(text)
    except ValueError:
        raise InvalidInput(
            "'{text}' is not a whole number of points", code="points.not_whole", text=text
        ) from None
