"""Enrolment with one-time codes, and refusal of every request that is not freshly
signed by an enrolled, unrevoked terminal."""

import json

from headoffice import auth
from terminal.sync import protocol as p
from tests.helpers.headoffice import SignedClient


def issue(ho, store_no=1):
    def work(w):
        from headoffice.models import Store

        if w.session.get(Store, store_no) is None:
            auth.add_store(w, store_no, "一号店", "Asia/Shanghai")
        return auth.issue_code(w, store_no)

    return ho.unit(work)


def test_a_code_enrols_one_terminal_once(ho, http, clock):
    tid, code = issue(ho)
    first = http.post(p.PATH_ENROL, json={"code": code.lower(), "device_name": "till 1"})
    assert first.status_code == 200
    body = p.EnrolResponse.model_validate(first.json())
    assert (body.terminal_id, body.store_no, body.terminal_no) == (tid, 1, 1) == ("000101", 1, 1)
    assert len(bytes.fromhex(body.secret)) == 32
    again = http.post(p.PATH_ENROL, json={"code": code})
    assert again.status_code == 401
    assert again.json()["error"] == "bad_code"
    # The next terminal of the store gets the next number, so card numbers never repeat.
    assert issue(ho)[0] == "000102"


def test_an_expired_code_is_refused(ho, http, clock):
    _tid, code = issue(ho)
    clock.advance(hours=25)
    answer = http.post(p.PATH_ENROL, json={"code": code})
    assert (answer.status_code, answer.json()["error"]) == (401, "expired_code")


def test_malformed_enrolment_is_a_400(http):
    answer = http.post(p.PATH_ENROL, content=b"not json")
    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid"


def refusal(answer):
    assert answer.status_code == 401, answer.text
    return answer.json()["error"]


def test_unsigned_and_badly_signed_requests_are_refused(till, http):
    assert refusal(http.get(f"{p.PATH_CHANGES}?after=0")) == "unsigned"
    body = json.dumps({"events": []}).encode()
    headers = till.headers("POST", p.PATH_PUSH, body)
    tampered = http.post(p.PATH_PUSH, content=body + b" ", headers=headers)
    assert refusal(tampered) == "bad_signature"
    wrong_path = http.post(
        p.PATH_RESERVE, content=body, headers=till.headers("POST", p.PATH_PUSH, body)
    )
    assert refusal(wrong_path) == "bad_signature"
    other_key = SignedClient(http, till.terminal_id, b"k" * 32, till.clock)
    assert refusal(other_key.request("GET", f"{p.PATH_CHANGES}?after=0")) == "bad_signature"
    query = till.headers("GET", f"{p.PATH_CHANGES}?after=0", b"")
    assert refusal(http.get(f"{p.PATH_CHANGES}?after=5", headers=query)) == "bad_signature"
    stranger = SignedClient(http, "000199", b"k" * 32, till.clock)
    assert refusal(stranger.request("GET", p.PATH_CHANGES)) == "unknown_terminal"
    assert refusal(till.request("GET", p.PATH_CHANGES, **{p.HEADER_NONCE: "short"})) == "bad_nonce"


def test_skewed_clocks_are_refused(till, http, clock):
    body = b""
    late = till.headers("GET", p.PATH_CHANGES, body)
    clock.advance(seconds=p.MAX_CLOCK_SKEW_SECONDS + 1)
    answer = http.get(p.PATH_CHANGES, headers=late)
    assert refusal(answer) == "skewed_clock"
    assert "s off head office" in answer.json()["message"]
    early = till.headers("GET", p.PATH_CHANGES, body)
    clock.advance(seconds=-2 * (p.MAX_CLOCK_SKEW_SECONDS + 1))
    assert refusal(http.get(p.PATH_CHANGES, headers=early)) == "skewed_clock"
    garbage = till.headers("GET", p.PATH_CHANGES, body, **{p.HEADER_TIMESTAMP: "soon"})
    assert refusal(http.get(p.PATH_CHANGES, headers=garbage)) == "bad_timestamp"


def test_a_replayed_request_is_refused_even_within_the_window(till, http, clock, events):
    up = events.signed_up()
    body = json.dumps({"events": [up]}).encode()
    headers = till.headers("POST", p.PATH_PUSH, body)
    assert http.post(p.PATH_PUSH, content=body, headers=headers).status_code == 200
    clock.advance(seconds=10)
    assert refusal(http.post(p.PATH_PUSH, content=body, headers=headers)) == "replayed"


def test_a_revoked_terminal_is_refused(ho, till):
    assert till.request("GET", p.PATH_CHANGES).status_code == 200
    ho.unit(lambda w: auth.revoke(w, till.terminal_id))
    assert refusal(till.request("GET", p.PATH_CHANGES)) == "revoked"


def test_every_answer_carries_the_protocol_version(http, till):
    assert http.get(p.PATH_HEALTH).headers[p.HEADER_PROTOCOL] == str(p.PROTOCOL_VERSION)
    assert http.get(p.PATH_CHANGES).headers[p.HEADER_PROTOCOL] == str(p.PROTOCOL_VERSION)


def test_the_openapi_description_is_served(http):
    spec = http.get("/openapi.json").json()
    for path in (p.PATH_PUSH, p.PATH_CHANGES, p.PATH_ENROL, p.PATH_RESERVE, p.PATH_MEMBER_LOOKUP):
        assert path in spec["paths"]
    assert "requestBody" in spec["paths"][p.PATH_PUSH]["post"]
