"""Hostile input: each bad event is rejected alone with a reason, never a 500."""

import pytest

from terminal.sync import protocol as p
from tests.headoffice.test_push import balances


def _statuses(till, *events):
    answer = till.request("POST", "/v1/sync/push", {"events": list(events)})
    assert answer.status_code == 200, answer.text
    return [r["status"] for r in answer.json()["results"]], answer.json()["results"]


def test_card_held_by_another_member_and_twice_in_one_batch(ho, till, events):
    first = events.signed_up(phone="+8613800000011")
    assert till.push(first) == {first["id"]: "applied"}
    taken = events.signed_up(phone="+8613800000012")
    taken["payload"]["card_no"] = first["payload"]["card_no"]
    twin_a = events.signed_up(phone="+8613800000013")
    twin_b = events.signed_up(phone="+8613800000014")
    twin_b["payload"]["card_no"] = twin_a["payload"]["card_no"]
    good = events.topped_up(first["payload"]["member_id"], 1_000)
    statuses, results = _statuses(till, taken, twin_a, twin_b, good)
    assert statuses == ["rejected", "applied", "rejected", "applied"]
    assert "card" in results[0]["reason"] and "card" in results[2]["reason"]
    assert balances(ho, first["payload"]["member_id"]) == (0, 1_000, 0)


def test_huge_integers_and_wrong_types_are_rejected_alone(ho, till, events):
    up = events.signed_up()
    member = up["payload"]["member_id"]
    assert till.push(up) == {up["id"]: "applied"}
    store = events.signed_up(phone="+8613800000021")
    store["payload"]["store_no"] = 2**63
    version = events.sale(member, points_earned=1)
    version["payload"]["rule_version"] = 2**63
    money = events.topped_up(member, 10**9 + 1)
    name = events.signed_up(phone="+8613800000022")
    name["pii"]["name"] = 12345
    long_name = events.signed_up(phone="+8613800000023")
    long_name["pii"]["name"] = "x" * 1_000_000
    good = events.topped_up(member, 500)
    statuses, _ = _statuses(till, store, version, money, name, long_name, good)
    assert statuses == ["rejected"] * 5 + ["applied"]
    assert balances(ho, member) == (0, 500, 0)


def test_feed_cursor_beyond_any_sequence_is_a_400(till):
    answer = till.request("GET", f"/v1/sync/changes?after={2**63}")
    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid"


def test_non_ascii_signature_is_a_401(till):
    headers = till.headers("POST", "/v1/sync/push", b"{}")
    headers = {k: v.encode() for k, v in headers.items()}
    headers["X-Pos-Signature"] = "é".encode("latin-1") * 64
    answer = till.http.post("/v1/sync/push", content=b"{}", headers=headers)
    assert answer.status_code == 401


SIGNED_JSON = [p.PATH_PUSH, p.PATH_RESERVE, p.PATH_CAPTURE, p.PATH_VOID, p.PATH_AUDIT_ANCHOR]


def _deep(depth: int) -> bytes:
    return b'{"events":' + b"[" * depth + b"]" * depth + b"}"


def _post_signed(till, path: str, body: bytes):
    headers = till.headers("POST", path, body)
    return till.http.post(path, content=body, headers=headers)


@pytest.mark.parametrize("path", SIGNED_JSON)
def test_json_nested_thousands_deep_is_a_400_on_every_signed_endpoint(till, path):
    fits = p.PUSH_MAX_BYTES if path == p.PATH_PUSH else p.REQUEST_MAX_BYTES
    for depth in (100_000, 30_000, 1_000):
        body = _deep(depth)
        answer = _post_signed(till, path, body)
        expected = 400 if len(body) <= fits else 413  # too large is refused unread
        assert answer.status_code == expected, (depth, answer.text)
        assert answer.json()["error"] == ("invalid" if expected == 400 else "too_large")


def test_json_nested_thousands_deep_is_a_400_on_enrolment_and_the_sign_up_page(ho, http, till):
    token = till.request("POST", p.PATH_SIGNUP_TOKEN).json()["token"]
    for path in (p.PATH_ENROL, p.signup_page_path(token)):
        for depth, expected in ((100_000, 413), (30_000, 400), (1_000, 400)):
            answer = http.post(path, content=_deep(depth))
            assert answer.status_code == expected, (path, depth, answer.text)
            assert p.Error.model_validate_json(answer.content).error in ("invalid", "too_large")
    done = http.post(
        p.signup_page_path(token), json={"name": "韩梅梅", "phone": "13900000001", "consent": True}
    )
    assert done.status_code == 200, done.text


# Found by tests/headoffice/test_fuzz.py ------------------------------------------------


def test_a_wrong_method_answers_405_with_every_method_the_path_has(http):
    answer = http.request("PUT", p.PATH_AUDIT_ANCHOR)
    assert answer.status_code == 405
    assert answer.json()["error"] == "method_not_allowed"
    assert set(answer.headers["Allow"].split(", ")) >= {"GET", "POST"}


@pytest.mark.parametrize(
    ("path", "body"),
    [
        (p.PATH_PUSH, {"events": [{"id": "e", "seq": False, "kind": "k", "created_at": ""}]}),
        (p.PATH_RESERVE, {"reservation_id": "r", "member_id": "m", "wallet_fen": False}),
        (p.PATH_RESERVE, {"reservation_id": "r", "member_id": "m", "points": "5"}),
        (p.PATH_RESERVE, {"reservation_id": "r", "member_id": "m", "wallet_fen": 2**63}),
        (p.PATH_AUDIT_ANCHOR, {"seq": True, "hash": "0" * 64}),
        (p.PATH_VOID, {"reservation_id": ""}),
        (p.PATH_CAPTURE, {"reservation_id": "r", "sale_id": "s" * 41}),
    ],
)
def test_a_number_is_a_number_and_every_field_is_bounded(till, path, body):
    answer = till.request("POST", path, body)
    assert answer.status_code == 400, answer.text
    assert answer.json()["error"] == "invalid"


@pytest.mark.parametrize("query", ["phone=", "card=", "phone=" + "1" * 33])
def test_a_lookup_by_nothing_or_too_much_is_a_400(till, query):
    answer = till.request("GET", f"{p.PATH_MEMBER_LOOKUP}?{query}")
    assert answer.status_code == 400, answer.text
    assert answer.json()["error"] == "invalid"


@pytest.mark.parametrize(
    "body",
    [b"", b"[]", b'{"name": 5, "phone": "13900000001", "consent": true}', b'{"name": "x"}'],
)
def test_a_sign_up_body_of_another_shape_is_a_400_whatever_the_link(http, body):
    answer = http.post(p.signup_page_path("no-such-link"), content=body)
    assert answer.status_code == 400, answer.text
    assert answer.json()["error"] == "invalid"


def test_a_refused_event_deep_in_a_large_batch_leaves_every_other_event_applied_once(
    ho, till, events
):
    """Head office applies a batch in groups; a refusal undoes only its own event, in
    whichever group it falls, and the events before and after it count exactly once."""
    up = events.signed_up()
    member = up["payload"]["member_id"]
    top_ups = [events.topped_up(member, 100) for _ in range(129)]
    bad = events.topped_up(member, 10**9 + 1)
    batch = [up, *top_ups[:70], bad, *top_ups[70:], top_ups[3]]  # the last one again
    statuses, results = _statuses(till, *batch)
    assert statuses == ["applied"] * 71 + ["rejected"] + ["applied"] * 59 + ["duplicate"]
    assert results[71]["id"] == bad["id"]
    assert balances(ho, member) == (0, 129 * 100, 0)
    again, _ = _statuses(till, *batch)
    assert again == ["duplicate"] * 71 + ["rejected"] + ["duplicate"] * 60
    assert balances(ho, member) == (0, 129 * 100, 0)
