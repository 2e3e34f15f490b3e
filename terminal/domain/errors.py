"""Errors a cashier or manager can act on.

Every rule violation raises a subclass of `PosError` whose message is one clear sentence;
the command line and the UI show it as it is.
"""


class PosError(Exception):
    """A business rule refused the request; the message says why."""


class InvalidInput(PosError):
    """Malformed input: an amount, a phone number, a date, a card number."""


class NotFound(PosError):
    """The member, card, sale, operator or item does not exist."""


class Conflict(PosError):
    """The request clashes with existing data (duplicate phone, refund already done)."""


class InsufficientFunds(PosError):
    """Not enough points or stored value."""


class LimitExceeded(PosError):
    """A configured limit would be exceeded (card cap, points share of the bill, stock)."""


class AuthError(PosError):
    """Unknown operator, wrong PIN, or a role that may not do this."""
