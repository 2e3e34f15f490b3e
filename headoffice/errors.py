"""Head office's errors: each carries a code for programs and a sentence for people."""


class HeadOfficeError(Exception):
    code = "error"
    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Invalid(HeadOfficeError):
    code = "invalid"


class NotFound(HeadOfficeError):
    code = "not_found"
    status = 404


class Conflict(HeadOfficeError):
    code = "conflict"
    status = 409


class AuthFailed(HeadOfficeError):
    """Signature, clock skew, replay or revoked terminal: 401 with a specific code."""

    status = 401

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class Gone(HeadOfficeError):
    code = "gone"
    status = 410


class TooLarge(HeadOfficeError):
    """A request body past its limit: 413, refused before it is read in full."""

    code = "too_large"
    status = 413


class DatabaseUnavailable(HeadOfficeError):
    code = "database"
    status = 503


class Rejected(Exception):
    """A terminal's event cannot be applied; the reason is shown to the terminal's manager."""


class RateLimited(HeadOfficeError):
    """Too many requests of one kind in a short time: 429, try again after `retry_after`
    seconds (sent as Retry-After)."""

    code = "rate_limited"
    status = 429

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
