"""Errors a cashier or manager can act on.

Every rule violation raises a subclass of `PosError` with a stable `code` (what went
wrong, e.g. "wallet.over_cap") and `params` (the figures and names the sentence needs).
The UI and the command line turn the code into a sentence in their language
(`terminal/ui/error_text.py`); `str(exc)` is the English sentence for logs, built from
the raise site's template with the same params. Params whose name ends in `_fen` are
money and read as ¥1,234.50 wherever they are shown.
"""

from typing import Any


class PosError(Exception):
    """A business rule refused the request; `code` says which, `params` with what."""

    code: str = "refused"

    def __init__(self, message: str = "", /, *, code: str | None = None, **params: Any) -> None:
        if code is not None:
            self.code = code
        self.template = message
        self.params: dict[str, Any] = params
        super().__init__(render(message, params) if params else message)


def money_params(params: dict[str, Any]) -> dict[str, Any]:
    """`params` with every `*_fen` amount as text (¥1,234.50)."""
    from terminal.domain.money import format_fen  # money raises InvalidInput: import late

    return {
        key: format_fen(value) if key.endswith("_fen") and isinstance(value, int) else value
        for key, value in params.items()
    }


def render(template: str, params: dict[str, Any]) -> str:
    """`template` with `{name}` filled from `params` (money as ¥1,234.50)."""
    try:
        return template.format(**money_params(params))
    except (KeyError, IndexError, ValueError):
        return template


class InvalidInput(PosError):
    """Malformed input: an amount, a phone number, a date, a card number."""

    code = "invalid_input"


class NotFound(PosError):
    """The member, card, sale, operator or item does not exist."""

    code = "not_found"


class Conflict(PosError):
    """The request clashes with existing data (duplicate phone, refund already done)."""

    code = "conflict"


class InsufficientFunds(PosError):
    """Not enough points or stored value."""

    code = "insufficient_funds"


class LimitExceeded(PosError):
    """A configured limit would be exceeded (card cap, points share of the bill, stock)."""

    code = "limit_exceeded"


class AuthError(PosError):
    """Unknown operator, wrong PIN, or a role that may not do this."""

    code = "auth"
