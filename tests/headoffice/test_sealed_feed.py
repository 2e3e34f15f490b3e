"""Personal data in the change feed is sealed at rest and opened only for who may read it."""

import json

from sqlalchemy import create_engine, text

from headoffice.service import HeadOffice
from terminal.sync import protocol as p
from tests.headoffice.test_visibility import _personal, _records
from tests.helpers.headoffice import Events, enrol

PHONE, NAME = "+8613800000081", "韩梅梅"


def _stored(ho):
    return ho.read(
        lambda s: s.execute(text("SELECT seq, data, pii FROM changes WHERE kind = 'member'")).all()
    )


def test_the_feed_keeps_personal_data_sealed_and_serves_it_opened(ho, http, till, events, clock):
    up = events.signed_up(phone=PHONE, name=NAME)
    member = up["payload"]["member_id"]
    till.push(up, events.updated(member, {"birthday": "1991-06-01"}))
    [(_seq, data, pii)] = _stored(ho)
    assert "13800000081" not in data and NAME not in data and "1991" not in data
    assert json.loads(data)["card_nos"] == [up["payload"]["card_no"]]
    assert pii and b"13800000081" not in bytes(pii) and NAME.encode() not in bytes(pii)
    assert _personal(_records(till, member)[0]) == (PHONE, NAME, "1991-06-01")
    staff = [c.data for c in ho.changes(0, 100).changes if c.kind == "member"]
    assert _personal(staff[0]) == (PHONE, NAME, "1991-06-01")
    elsewhere = enrol(ho, http, clock, store_no=2, name="二号店")
    assert _personal(_records(elsewhere, member)[0]) == (None, None, None)


def test_rows_written_in_clear_before_the_upgrade_are_sealed_when_head_office_opens(
    tmp_path, clock
):
    path = tmp_path / "ho.db"
    ho = HeadOffice(str(path), clock=clock, key_path=tmp_path / "ho.key")
    events = Events("000101", clock)
    up = events.signed_up(phone=PHONE, name=NAME)
    ho.push("000101", p.PushRequest.model_validate({"events": [up]}))
    ho.close()
    # As an older head office wrote it: the record in clear, nothing sealed.
    record = p.MemberData(
        member_id=up["payload"]["member_id"],
        card_nos=[up["payload"]["card_no"]],
        phone=PHONE,
        name=NAME,
        birthday="1990-05-01",
        tier="normal",
        store_no=1,
        signed_up_at="2026-03-10T02:00:00.000000Z",
        origin_terminal="000101",
    ).model_dump_json()
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE changes SET data = :d, pii = NULL WHERE kind = 'member'"), {"d": record}
        )
        conn.execute(text("DELETE FROM ho_settings WHERE name = 'feed_sealed'"))
    engine.dispose()
    ho = HeadOffice(str(path), clock=clock, key_path=tmp_path / "ho.key")
    try:
        [(_seq, data, pii)] = _stored(ho)
        assert NAME not in data and "13800000081" not in data and pii
        staff = [c.data for c in ho.changes(0, 100).changes if c.kind == "member"]
        assert _personal(staff[0]) == (PHONE, NAME, "1990-05-01")
        # a row still in clear (written behind head office's back) is not served to others
        with ho.db.engine.begin() as conn:
            conn.execute(
                text("UPDATE changes SET data = :d, pii = NULL WHERE kind = 'member'"),
                {"d": record},
            )
        allowed = ho.changes(0, 100, terminal_id="000101").changes
        other = ho.changes(0, 100, terminal_id="000201").changes
        assert _personal([c.data for c in allowed if c.kind == "member"][0])[0] == PHONE
        assert _personal([c.data for c in other if c.kind == "member"][0]) == (None,) * 3
    finally:
        ho.close()
