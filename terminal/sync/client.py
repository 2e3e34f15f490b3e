"""HTTP client for head office: every request signed, short timeouts, errors sorted into
"could not reach head office" (retry later, work offline) and "head office said no"."""

import secrets
from typing import Any, TypeVar
from urllib.parse import urlencode

import httpx
from pydantic import ValidationError

from terminal.domain.errors import PosError
from terminal.services.clock import Clock
from terminal.sync import protocol as p

W = TypeVar("W", bound=p.Wire)

DEFAULT_TIMEOUT = 10.0  # push and pull: a batch may take a moment to apply
SPEND_TIMEOUT = 3.0  # the cashier is waiting


class HeadOfficeError(PosError):
    """Talking to head office failed."""

    code = "headoffice.error"


class Unreachable(HeadOfficeError):
    """No usable answer (no network, timeout, a 5xx, a garbled reply): nothing is known to
    have happened, so the same request may be sent again."""

    code = "headoffice.unreachable"


class Refused(HeadOfficeError):
    """Head office answered and refused the request (4xx). `code` is head office's own
    (e.g. "skewed_clock"); one without a text here reads as "headoffice.refused"."""

    code = "headoffice.refused"

    def __init__(
        self, message: str, code: str = "invalid", status: int = 400, retry_after: int = 0
    ) -> None:
        super().__init__(message, code=code)
        self.status = status
        self.retry_after = retry_after  # seconds, from Retry-After on a 429


def _retry_after(response: httpx.Response) -> int:
    text = response.headers.get("Retry-After", "")
    return min(int(text), 3600) if text.isdigit() else 0


def _body(model: p.Wire | None) -> bytes:
    return b"" if model is None else model.model_dump_json().encode()


def _parse(model: type[W], response: httpx.Response) -> W:
    try:
        return model.model_validate_json(response.content)
    except ValidationError:
        raise Unreachable(
            f"head office sent an answer this terminal cannot read ({response.status_code})"
        ) from None


def _send(
    http: httpx.Client, method: str, url: str, body: bytes, headers: dict, timeout: float
) -> httpx.Response:
    try:
        response = http.request(method, url, content=body, headers=headers, timeout=timeout)
    except httpx.TimeoutException:
        raise Unreachable("head office did not answer in time") from None
    except httpx.HTTPError as exc:
        raise Unreachable(f"head office cannot be reached ({type(exc).__name__})") from None
    if response.status_code >= 500:
        raise Unreachable(f"head office had a problem ({response.status_code}); will retry")
    if response.status_code >= 400:
        try:
            err = p.Error.model_validate_json(response.content)
            raise Refused(
                f"head office refused: {err.message}",
                err.error,
                response.status_code,
                _retry_after(response),
            )
        except ValidationError:
            raise Refused(
                f"head office refused the request ({response.status_code})",
                status=response.status_code,
                retry_after=_retry_after(response),
            ) from None
    return response


def enrol(
    base_url: str,
    code: str,
    device_name: str = "",
    transport: httpx.BaseTransport | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> p.EnrolResponse:
    """Trade the one-time code `hoctl` printed for this terminal's identity and secret."""
    base_url = base_url.rstrip("/")
    if not base_url.startswith(("http://", "https://")):
        raise PosError(f"'{base_url}' is not a head-office address (http://... or https://...)")
    try:
        request = p.EnrolRequest(code=code.strip(), device_name=device_name)
    except ValidationError:
        raise PosError("the enrolment code is 4 to 64 characters") from None
    with httpx.Client(transport=transport) as http:
        response = _send(
            http,
            "POST",
            base_url + p.PATH_ENROL,
            _body(request),
            {"Content-Type": "application/json"},
            timeout,
        )
    return _parse(p.EnrolResponse, response)


class HeadOfficeClient:
    def __init__(
        self,
        base_url: str,
        terminal_id: str,
        secret: bytes,
        clock: Clock,
        transport: httpx.BaseTransport | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.terminal_id = terminal_id
        self._secret = secret
        self._clock = clock
        self._timeout = timeout
        self._http = httpx.Client(transport=transport)

    def close(self) -> None:
        self._http.close()

    def _call(
        self,
        method: str,
        path: str,
        model: type[W],
        body_model: p.Wire | None = None,
        query: dict[str, Any] | None = None,
        timeout: float | None = None,
    ) -> W:
        # The query string is built here, byte for byte as it is signed.
        target = path + ("?" + urlencode(query) if query else "")
        body = _body(body_model)
        headers = p.signed_headers(
            self.terminal_id,
            self._secret,
            method,
            target,
            body,
            self._clock.now(),
            secrets.token_urlsafe(18),
        )
        if body:
            headers["Content-Type"] = "application/json"
        response = _send(
            self._http, method, self.base_url + target, body, headers, timeout or self._timeout
        )
        return _parse(model, response)

    def health(self, timeout: float = SPEND_TIMEOUT) -> p.Health:
        return self._call("GET", p.PATH_HEALTH, p.Health, timeout=timeout)

    def push(self, events: list[p.PushEvent]) -> p.PushResponse:
        return self._call("POST", p.PATH_PUSH, p.PushResponse, p.PushRequest(events=events))

    def changes(self, after: int, limit: int = p.CHANGES_DEFAULT_LIMIT) -> p.ChangesPage:
        return self._call(
            "GET", p.PATH_CHANGES, p.ChangesPage, query={"after": after, "limit": limit}
        )

    def snapshot(self, after: str, limit: int = p.SNAPSHOT_MAX_LIMIT) -> p.SnapshotPage:
        return self._call(
            "GET", p.PATH_SNAPSHOT, p.SnapshotPage, query={"after": after, "limit": limit}
        )

    def reserve(self, request: p.ReserveRequest) -> p.ReservationResponse:
        return self._call(
            "POST", p.PATH_RESERVE, p.ReservationResponse, request, timeout=SPEND_TIMEOUT
        )

    def void(self, reservation_id: str) -> p.ReservationResponse:
        return self._call(
            "POST",
            p.PATH_VOID,
            p.ReservationResponse,
            p.VoidRequest(reservation_id=reservation_id),
            timeout=SPEND_TIMEOUT,
        )

    def anchor_audit(self, request: p.AuditAnchorRequest) -> p.AuditAnchorResponse:
        return self._call("POST", p.PATH_AUDIT_ANCHOR, p.AuditAnchorResponse, request)

    def audit_anchor(self, timeout: float = SPEND_TIMEOUT) -> p.AuditAnchorResponse:
        return self._call("GET", p.PATH_AUDIT_ANCHOR, p.AuditAnchorResponse, timeout=timeout)

    def signup_link(self) -> str:
        """A one-time link to head office's self sign-up page, for the counter's QR code."""
        token = self._call(
            "POST", p.PATH_SIGNUP_TOKEN, p.SignupTokenResponse, timeout=SPEND_TIMEOUT
        )
        return self.base_url + token.url_path

    def lookup(
        self, *, phone: str | None = None, card: str | None = None
    ) -> p.MemberLookupResponse:
        query = {"phone": phone} if phone else {"card": card}
        return self._call(
            "GET", p.PATH_MEMBER_LOOKUP, p.MemberLookupResponse, query=query, timeout=SPEND_TIMEOUT
        )
