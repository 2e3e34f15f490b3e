"""Headers on every answer of head office: the protocol version, for the terminals."""

from headoffice.limits import ASGIApp, Message, Receive, Scope, Send
from terminal.sync import protocol as p


class AnswerHeaders:
    """ASGI middleware (no BaseHTTPMiddleware: it would wrap the body stream in a task
    group and turn a refused body into an exception group)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", ()) if k != _PROTOCOL]
                message["headers"] = [*headers, (_PROTOCOL, _VERSION)]
            await send(message)

        await self.app(scope, receive, with_headers)


_PROTOCOL = p.HEADER_PROTOCOL.lower().encode()
_VERSION = str(p.PROTOCOL_VERSION).encode()
