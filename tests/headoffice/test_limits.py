"""Request bodies are limited before they are read: refused with 413 in the Error shape
whether the body announces its length or streams in chunks. The public doors (the
sign-up page, enrolment) are rate-limited: 429 with Retry-After, time moved by hand."""

import asyncio
import json
import socket
import threading
import time
from datetime import timedelta

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient

from headoffice.app import create_app
from headoffice.config import Limits, parse
from headoffice.errors import HeadOfficeError, RateLimited
from headoffice.models import Store
from headoffice.ratelimit import Rule, SlidingWindow
from headoffice.service import HeadOffice
from terminal.sync import protocol as p
from tests.helpers.headoffice import enrol

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


# --- rate limits on the public doors ---------------------------------------------------

SIGNUP = {"name": "韩梅梅", "phone": "12345", "consent": True}  # refused: keeps the code


def _busy(answer, wait: int) -> None:
    assert answer.status_code == 429, answer.text
    assert answer.json()["error"] == "rate_limited"
    assert answer.headers["Retry-After"] == str(wait)


def _token(till) -> str:
    return till.request("POST", p.PATH_SIGNUP_TOKEN).json()["token"]


def test_one_qr_code_takes_ten_submissions_a_minute(http, till, clock):
    path = p.signup_page_path(_token(till))
    limit = Limits().signup_per_token_per_minute
    for _ in range(limit):
        assert http.post(path, json=SIGNUP).status_code == 400
        clock.advance(seconds=5)
    _busy(http.post(path, json=SIGNUP), 60 - 5 * limit)
    assert "秒后再试" in http.post(path, json=SIGNUP).json()["message"]
    clock.advance(seconds=60 - 5 * limit)  # the first submission leaves the window
    good = {**SIGNUP, "phone": "13900000003"}
    assert http.post(path, json=good).status_code == 200


def test_one_address_takes_twenty_submissions_a_minute_over_all_codes(ho, till, clock):
    limit = Limits().signup_per_ip_per_minute
    tokens = [_token(till) for _ in range(limit + 1)]
    shop_wifi = TestClient(create_app(ho, sweep_stale=False), client=("10.1.1.1", 5000))
    elsewhere = TestClient(create_app(ho, sweep_stale=False), client=("10.2.2.2", 5000))
    with shop_wifi, elsewhere:
        for token in tokens[:limit]:
            assert shop_wifi.post(p.signup_page_path(token), json=SIGNUP).status_code == 400
        _busy(shop_wifi.post(p.signup_page_path(tokens[-1]), json=SIGNUP), 60)
        assert elsewhere.post(p.signup_page_path(tokens[-1]), json=SIGNUP).status_code == 400


def test_wrong_enrolment_codes_are_limited_per_address_even_for_the_right_code(ho, clock):
    from headoffice import auth

    def new_code(work):
        if work.session.get(Store, 7) is None:
            auth.add_store(work, 7, "七号店", "Asia/Shanghai")
        return auth.issue_code(work, 7)[1]

    code = ho.unit(new_code)
    limit = Limits().wrong_codes_per_ip_per_hour
    guesser = TestClient(create_app(ho, sweep_stale=False), client=("10.3.3.3", 5000))
    other = TestClient(create_app(ho, sweep_stale=False), client=("10.4.4.4", 5000))
    with guesser, other:
        for n in range(limit):
            answer = guesser.post(p.PATH_ENROL, json={"code": f"WRONG-{n:05d}"})
            assert answer.status_code == 401 and answer.json()["error"] == "bad_code"
        clock.advance(minutes=10)
        _busy(guesser.post(p.PATH_ENROL, json={"code": code}), 50 * 60)
        assert other.post(p.PATH_ENROL, json={"code": "WRONG-99999"}).status_code == 401
        clock.advance(minutes=50)
        assert guesser.post(p.PATH_ENROL, json={"code": code}).status_code == 200


def test_right_codes_do_not_count_against_an_address(ho, http, clock):
    for _ in range(Limits().wrong_codes_per_ip_per_hour + 2):
        enrol(ho, http, clock)  # each a new terminal with its own right code


def test_the_limits_come_from_the_settings_file(tmp_path, clock):
    settings = parse("[limits]\nsignup_per_token_per_minute = 1\n")
    office = HeadOffice(
        str(tmp_path / "ho.db"), clock=clock, key_path=tmp_path / "ho.key", config=settings
    )
    try:
        with TestClient(create_app(office, sweep_stale=False)) as http:
            till = enrol(office, http, clock)
            path = p.signup_page_path(_token(till))
            assert http.post(path, json=SIGNUP).status_code == 400
            _busy(http.post(path, json=SIGNUP), 60)
    finally:
        office.close()
    with pytest.raises(HeadOfficeError, match="unknown setting"):
        parse("[limits]\nsignups_per_minute = 1\n")


def test_the_window_slides_and_forgets_the_least_recent_keys_past_its_size(clock):
    rule = Rule(2, timedelta(seconds=10), "wait {wait} s")
    window = SlidingWindow(clock, max_keys=2)
    window.hit([("a", rule)])
    clock.advance(seconds=4)
    window.hit([("a", rule)])
    with pytest.raises(RateLimited) as busy:
        window.hit([("a", rule)])
    assert (busy.value.retry_after, busy.value.message) == (6, "wait 6 s")
    clock.advance(seconds=6)  # the first hit leaves the window
    window.hit([("a", rule)])
    with pytest.raises(RateLimited):
        window.hit([("b", rule), ("a", rule)])  # refused as a whole: "b" not counted
    window.hit([("b", rule)])
    window.hit([("c", rule)])  # a third key: "a", used least recently, is forgotten
    window.hit([("a", rule)])
    window.hit([("a", rule)])
