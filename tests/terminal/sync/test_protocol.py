"""The wire contract: signing is deterministic, any change to a signed part breaks it,
and the models accept what the outbox holds while ignoring unknown fields."""

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from terminal.sync import protocol as p

SECRET = bytes.fromhex("11" * 32)
NOW = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def test_signed_headers_verify_and_any_change_breaks_them():
    body = b'{"events": []}'
    headers = p.signed_headers("000101", SECRET, "POST", p.PATH_PUSH, body, NOW, "n" * 20)
    ts, nonce, sig = (headers[h] for h in (p.HEADER_TIMESTAMP, p.HEADER_NONCE, p.HEADER_SIGNATURE))
    assert ts == str(int(NOW.timestamp()))
    assert p.signature_matches(SECRET, sig, "POST", p.PATH_PUSH, ts, nonce, body)
    assert p.signature_matches(SECRET, sig.upper(), "post", p.PATH_PUSH, ts, nonce, body)
    assert not p.signature_matches(SECRET, sig, "GET", p.PATH_PUSH, ts, nonce, body)
    assert not p.signature_matches(SECRET, sig, "POST", p.PATH_CHANGES, ts, nonce, body)
    assert not p.signature_matches(SECRET, sig, "POST", p.PATH_PUSH, "1", nonce, body)
    assert not p.signature_matches(SECRET, sig, "POST", p.PATH_PUSH, ts, "m" * 20, body)
    assert not p.signature_matches(SECRET, sig, "POST", p.PATH_PUSH, ts, nonce, body + b" ")
    assert not p.signature_matches(b"x" * 32, sig, "POST", p.PATH_PUSH, ts, nonce, body)


def test_canonical_request_is_line_per_part():
    text = p.canonical_request("get", "/v1/sync/changes?after=5", "100", "abc", b"")
    assert text.split("\n") == [
        "GET",
        "/v1/sync/changes?after=5",
        "100",
        "abc",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    ]


def test_skew_seconds_reads_only_plain_numbers():
    assert p.skew_seconds(str(int(NOW.timestamp()) - 30), NOW) == 30
    assert p.skew_seconds("12a", NOW) is None
    assert p.skew_seconds("-5", NOW) is None
    assert p.skew_seconds("١٢٣", NOW) is None  # non-ASCII digits are not a timestamp


def test_push_event_takes_an_outbox_row_and_ignores_unknown_fields():
    event = p.PushEvent.model_validate(
        {
            "id": "0190a0a0-0000-7000-8000-000000000001",
            "seq": 7,
            "kind": "wallet.topped_up",
            "aggregate_id": "t1",
            "created_at": "2026-03-01T08:00:00Z",
            "payload": {"terminal": "000101", "amount_fen": 10000},
            "pii": None,
            "future_field": 1,
        }
    )
    assert event.payload["amount_fen"] == 10000
    with pytest.raises(ValidationError):
        p.PushRequest.model_validate({"events": [{"id": "x"}]})


def test_change_data_is_typed_and_unknown_kinds_are_skipped():
    change = p.Change(
        seq=3,
        kind="hotlist",
        at="2026-03-01T08:00:00Z",
        data={"member_id": "m", "listed": True, "reason": "negative_balance"},
    )
    assert p.change_data(change) == p.HotlistData(
        member_id="m", listed=True, reason="negative_balance"
    )
    assert p.change_data(change.model_copy(update={"kind": "coupon"})) is None


def test_reservation_amounts_cannot_be_negative():
    with pytest.raises(ValidationError):
        p.ReserveRequest(reservation_id="r", member_id="m", wallet_fen=-1)


def test_utc_text_always_ends_in_z():
    assert p.utc_text(datetime(2026, 1, 2, 3, 4, 5)) == "2026-01-02T03:04:05.000000Z"
    assert p.utc_text(NOW) == "2026-03-01T08:00:00.000000Z"
