"""Request bodies are limited before they are read: a body announced larger than its
limit is refused at once, and one sent without a length (chunked) is counted as it
arrives and refused as soon as it passes the limit, so an unsigned 200 MB body costs
head office no more than the limit in memory."""

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from headoffice.errors import TooLarge
from terminal.sync import protocol as p

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
Refuse = Callable[[TooLarge], Any]  # the Error answer of a refusal (an ASGI app)


def body_limit(path: str) -> int:
    """The most bytes head office reads of a request to `path`."""
    return p.PUSH_MAX_BYTES if path == p.PATH_PUSH else p.REQUEST_MAX_BYTES


def _too_large(limit: int) -> TooLarge:
    return TooLarge(f"the request body is larger than {limit} bytes, the most accepted here")


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            return int(value) if value.isdigit() else None
    return None


class BodyLimit:
    """ASGI middleware: refuse a body past `body_limit` of its path with 413."""

    def __init__(self, app: ASGIApp, refuse: Refuse) -> None:
        self.app = app
        self.refuse = refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = body_limit(scope["path"])
        declared = _declared_length(scope)
        if declared is not None and declared > limit:
            await self.refuse(_too_large(limit))(scope, receive, send)
            return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _too_large(limit)
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except TooLarge as exc:  # raised where no handler of the app answers it
            if started:
                raise
            await self.refuse(exc)(scope, receive, send)
