"""Request bodies are limited before they are read: refused with 413 in the Error shape
whether the body announces its length or streams in chunks."""

import asyncio
import json
import socket
import threading
import time

import httpx
import pytest
import uvicorn

from headoffice.app import create_app
from terminal.sync import protocol as p

HUGE = 200 * 1024 * 1024
CHUNK = 64 * 1024


class Body:
    """A body of `size` bytes made as it is read, counting what the server took."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.consumed = 0

    async def __aiter__(self):
        while self.consumed < self.size:
            chunk = b" " * min(CHUNK, self.size - self.consumed)
            self.consumed += len(chunk)
            yield chunk


def _post(ho, path: str, body: Body, headers: dict[str, str]) -> httpx.Response:
    async def send() -> httpx.Response:
        transport = httpx.ASGITransport(app=create_app(ho, sweep_stale=False))
        async with httpx.AsyncClient(transport=transport, base_url="http://ho") as client:
            return await client.post(path, content=body, headers=headers)

    return asyncio.run(send())


def _refused(answer: httpx.Response, limit: int) -> None:
    assert answer.status_code == 413, answer.text
    error = p.Error.model_validate_json(answer.content)
    assert error.error == "too_large" and str(limit) in error.message
    assert answer.headers[p.HEADER_PROTOCOL] == str(p.PROTOCOL_VERSION)


@pytest.mark.parametrize(
    ("path", "limit"),
    [(p.PATH_PUSH, p.PUSH_MAX_BYTES), (p.PATH_ENROL, p.REQUEST_MAX_BYTES), ("/signup/x", 65536)],
)
def test_a_huge_announced_body_is_refused_without_reading_it(ho, path, limit):
    body = Body(HUGE)
    answer = _post(ho, path, body, {"Content-Length": str(HUGE)})
    _refused(answer, limit)
    assert body.consumed == 0


@pytest.mark.parametrize(
    ("path", "limit"),
    [(p.PATH_PUSH, p.PUSH_MAX_BYTES), (p.PATH_ENROL, p.REQUEST_MAX_BYTES), ("/signup/x", 65536)],
)
def test_a_huge_chunked_body_is_refused_once_past_the_limit(ho, path, limit):
    body = Body(HUGE)
    answer = _post(ho, path, body, {})  # no length: sent chunked
    _refused(answer, limit)
    assert limit < body.consumed <= limit + CHUNK


def test_a_body_at_the_limit_is_read_and_one_byte_more_is_not(ho, http):
    enrol = json.dumps({"code": "ABCDE-FGHJK"}).encode()
    full = enrol + b" " * (p.REQUEST_MAX_BYTES - len(enrol))
    answer = http.post(p.PATH_ENROL, content=full, headers={"Content-Type": "application/json"})
    assert answer.status_code == 401 and answer.json()["error"] == "bad_code"
    answer = http.post(p.PATH_ENROL, content=full + b" ")
    assert answer.status_code == 413 and answer.json()["error"] == "too_large"


def test_a_push_of_more_events_than_a_batch_holds_is_refused(till, events):
    batch = [events.signed_up(phone=f"+86138{n:08d}") for n in range(p.PUSH_MAX_EVENTS + 1)]
    answer = till.request("POST", p.PATH_PUSH, {"events": batch})
    assert answer.status_code == 400 and answer.json()["error"] == "invalid"
    assert "events" in answer.json()["message"]
    assert till.push(*batch[: p.PUSH_MAX_EVENTS])[batch[0]["id"]] == "applied"


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite"])
def test_a_real_server_answers_413_before_the_body_is_sent(ho):
    server = uvicorn.Server(
        uvicorn.Config(create_app(ho, sweep_stale=False), port=0, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started:
            assert time.monotonic() < deadline, "head office did not start"
            time.sleep(0.05)
        port = server.servers[0].sockets[0].getsockname()[1]
        with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
            conn.sendall(
                f"POST {p.PATH_PUSH} HTTP/1.1\r\nHost: ho\r\nContent-Type: application/json\r\n"
                f"Content-Length: {HUGE}\r\n\r\n".encode()
            )
            answer = _read_answer(conn)
        head, _, body = answer.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 413")
        assert p.Error.model_validate_json(body).error == "too_large"
    finally:
        server.should_exit = True
        thread.join(10)


def _read_answer(conn: socket.socket) -> bytes:
    """One HTTP answer with a Content-Length, read off the socket."""
    data = b""
    while b"\r\n\r\n" not in data:
        data += conn.recv(65536)
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        int(line.split(b":")[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length")
    )
    while len(body) < length:
        body += conn.recv(65536)
    return head + b"\r\n\r\n" + body
