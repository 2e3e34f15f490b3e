"""Headers on every answer of head office: the protocol version for the terminals, and
what keeps a browser safe on the sign-up page (a member's phone and name go through it):
a Content-Security-Policy, no framing, no caching, no referrer (the URL holds the token).
The API's JSON answers get the same, with a policy that allows nothing at all."""

from headoffice.limits import ASGIApp, Message, Receive, Scope, Send
from headoffice.signup_page import CONTENT_SECURITY_POLICY
from terminal.sync import protocol as p

_API_POLICY = "default-src 'none'; frame-ancestors 'none'"
_COMMON = {
    p.HEADER_PROTOCOL: str(p.PROTOCOL_VERSION),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
}


def _encoded(headers: dict[str, str]) -> list[tuple[bytes, bytes]]:
    return [(k.lower().encode(), v.encode()) for k, v in headers.items()]


_PAGE = _encoded({**_COMMON, "Content-Security-Policy": CONTENT_SECURITY_POLICY})
_API = _encoded({**_COMMON, "Content-Security-Policy": _API_POLICY})


class AnswerHeaders:
    """ASGI middleware (no BaseHTTPMiddleware: it would wrap the body stream in a task
    group and turn a refused body into an exception group)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = _PAGE if scope["path"].startswith(p.SIGNUP_PAGE_PREFIX) else _API
        names = {name for name, _ in extra}

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", ()) if k.lower() not in names]
                message["headers"] = [*kept, *extra]
            await send(message)

        await self.app(scope, receive, with_headers)
