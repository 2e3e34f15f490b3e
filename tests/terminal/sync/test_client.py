"""The client sorts head office's answers into "retry later" and "refused", and signs
what it sends exactly as head office checks it."""

import httpx
import pytest

from terminal.sync import protocol as p
from terminal.sync.client import HeadOfficeClient, Refused, Unreachable
from tests.helpers.clock import FakeClock

SECRET = b"k" * 32


def client_for(handler) -> HeadOfficeClient:
    return HeadOfficeClient(
        "http://ho.test/", "000102", SECRET, FakeClock(), transport=httpx.MockTransport(handler)
    )


def test_requests_are_signed_over_the_exact_target_and_body():
    seen = {}

    def handler(request: httpx.Request) -> httpx.Response:
        target = request.url.raw_path.decode()
        h = request.headers
        seen["ok"] = p.signature_matches(
            SECRET,
            h[p.HEADER_SIGNATURE],
            request.method,
            target,
            h[p.HEADER_TIMESTAMP],
            h[p.HEADER_NONCE],
            request.content,
        )
        seen["target"] = target
        return httpx.Response(200, json={"member": None})

    client = client_for(handler)
    client.lookup(phone="+8613800138000")
    assert seen == {"ok": True, "target": "/v1/members/lookup?phone=%2B8613800138000"}


@pytest.mark.parametrize(
    ("answer", "error", "words"),
    [
        (httpx.Response(503, text="busy"), Unreachable, "503"),
        (httpx.Response(200, text="<html>proxy login</html>"), Unreachable, "cannot read"),
        (
            httpx.Response(401, json={"error": "revoked", "message": "terminal revoked"}),
            Refused,
            "terminal revoked",
        ),
        (httpx.Response(404, text="nothing"), Refused, "404"),
    ],
)
def test_answers_are_sorted_into_retry_or_refused(answer, error, words):
    client = client_for(lambda request: answer)
    with pytest.raises(error, match=words):
        client.changes(0)


def test_network_failures_and_timeouts_are_unreachable():
    def down(request):
        raise httpx.ConnectError("refused", request=request)

    def slow(request):
        raise httpx.ReadTimeout("slow", request=request)

    with pytest.raises(Unreachable, match="cannot be reached"):
        client_for(down).push([])
    with pytest.raises(Unreachable, match="in time"):
        client_for(slow).health()


def test_a_refused_code_keeps_its_error_code():
    answer = httpx.Response(401, json={"error": "skewed_clock", "message": "clock is off"})
    with pytest.raises(Refused) as err:
        client_for(lambda request: answer).changes(0)
    assert err.value.code == "skewed_clock" and err.value.status == 401


def test_a_429_is_refused_with_the_wait_head_office_asks_for():
    def handler(request: httpx.Request) -> httpx.Response:
        body = {"error": "rate_limited", "message": "try again in 17 s"}
        return httpx.Response(429, json=body, headers={"Retry-After": "17"})

    with pytest.raises(Refused) as refused:
        client_for(handler).lookup(card="000102000011")
    assert (refused.value.status, refused.value.code, refused.value.retry_after) == (
        429,
        "rate_limited",
        17,
    )
