"""Anomaly flags: a terminal changing many members' details, topping up unusual sums or
looking up many members in a day is flagged to head-office staff."""

import json
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from headoffice import flags
from headoffice.app import create_app
from headoffice.cli import main
from headoffice.config import Config, Trust
from headoffice.service import HeadOffice
from terminal.sync import protocol as p
from tests.headoffice.test_trust import _results
from tests.helpers.headoffice import Events, database_url, enrol

LOW = Trust(flag_member_changes_per_day=2, flag_topups_fen_per_day=150_000, flag_lookups_per_day=2)


@pytest.fixture
def watchful(backend, tmp_path, clock):
    """Head office with low thresholds, its API and an enrolled till of store 1."""
    with database_url(backend, tmp_path) as (url, schema):
        office = HeadOffice(
            url, clock=clock, key_path=tmp_path / "ho.key", schema=schema, config=Config(LOW)
        )
        with TestClient(create_app(office, sweep_stale=False)) as http:
            yield office, http, enrol(office, http, clock)
        office.close()


def _open(ho):
    return ho.read(flags.listing)


def test_many_changes_of_details_in_a_day_raise_one_flag_that_follows_the_day(watchful, clock):
    ho, _http, till = watchful
    events = Events(till.terminal_id, clock)
    ups = [events.signed_up(phone=f"+86138000000{i:02d}") for i in range(4)]
    till.push(*ups)
    ids = [u["payload"]["member_id"] for u in ups]
    refused = events.updated(ids[0], {"name": "某"}, approved_by=None)
    changes = [events.updated(m, {"name": "改名"}) for m in ids[:2]]
    assert [s for s, _ in _results(till, refused, *changes)] == ["rejected", "applied", "applied"]
    assert _open(ho) == []  # two changes: at the line, not past it
    third = events.updated(ids[2], {"name": "改名"})
    assert till.push(third) == {third["id"]: "applied"}
    [flag] = _open(ho)
    assert (flag["terminal_id"], flag["kind"], flag["figure"], flag["threshold"]) == (
        till.terminal_id,
        "member_changes",
        3,
        2,
    )
    assert flag["day"] == "2026-03-10" and flag["acked_at"] is None
    assert flag["message"] == (
        f"terminal {till.terminal_id} changed the details of 3 members on 2026-03-10 "
        "(flagged past 2)"
    )
    till.push(events.updated(ids[3], {"name": "改名"}))
    assert [(f["id"], f["figure"]) for f in _open(ho)] == [(flag["id"], 4)]


def test_top_ups_past_the_days_total_are_flagged_per_terminal_and_store_day(watchful, clock):
    ho, http, till = watchful
    events = Events(till.terminal_id, clock)
    up = events.signed_up()
    member = up["payload"]["member_id"]
    till.push(up, events.topped_up(member, 100_000))
    other = enrol(ho, http, clock)  # another till of the store has a total of its own
    theirs = Events(other.terminal_id, clock, first_card=50)
    other.push(theirs.topped_up(member, 100_000))
    assert _open(ho) == []
    clock.set(datetime(2026, 3, 10, 15, 59, tzinfo=UTC))  # 23:59 in Shanghai
    till.push(events.topped_up(member, 60_000))
    [flag] = _open(ho)
    assert (flag["kind"], flag["figure"], flag["day"]) == ("topups_fen", 160_000, "2026-03-10")
    assert "topped up ¥1,600.00 on 2026-03-10 (flagged past ¥1,500.00)" in flag["message"]
    clock.set(datetime(2026, 3, 10, 16, 1, tzinfo=UTC))  # past midnight in Shanghai
    till.push(events.topped_up(member, 100_000))
    assert len(_open(ho)) == 1  # a new day starts from nothing


def test_many_lookups_in_a_day_are_flagged(watchful, clock):
    ho, _http, till = watchful
    for phone in ("13800000071", "13800000072"):
        till.request("GET", f"{p.PATH_MEMBER_LOOKUP}?phone={phone}")
    assert _open(ho) == []
    till.request("GET", f"{p.PATH_MEMBER_LOOKUP}?phone=13800000073")
    [flag] = _open(ho)
    assert (flag["kind"], flag["figure"]) == ("lookups", 3)
    assert "looked up 3 members" in flag["message"]


def test_staff_list_and_acknowledge_flags_with_hoctl(tmp_path, monkeypatch, capsys, clock):
    settings = tmp_path / "ho.toml"
    settings.write_text("[trust]\nflag_topups_fen_per_day = 150000\n")
    monkeypatch.setenv("POS_HO_CONFIG", str(settings))
    monkeypatch.setenv("POS_HO_DB", str(tmp_path / "ho.db"))
    ho = HeadOffice(str(tmp_path / "ho.db"), clock=clock)
    assert ho.config.trust.flag_topups_fen_per_day == 150_000
    events = Events("000101", clock)
    up = events.signed_up()
    member = up["payload"]["member_id"]
    batch = [up, events.topped_up(member, 100_000), events.topped_up(member, 100_000)]
    ho.push("000101", p.PushRequest.model_validate({"events": batch}))
    ho.close()

    def run(*argv):
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    code, out, _ = run("flags", "list")
    assert code == 0 and "terminal 000101 topped up ¥2,000.00 on 2026-03-10" in out
    flag_id = json.loads(run("flags", "list", "--json")[1])["flags"][0]["id"]
    code, out, _ = run("flags", "ack", str(flag_id))
    assert code == 0 and f"flag {flag_id} acknowledged" in out
    assert run("flags", "list")[1].strip() == "no open flags"
    listed = json.loads(run("flags", "list", "--all", "--json")[1])["flags"]
    assert [f["id"] for f in listed] == [flag_id] and listed[0]["acked_at"]
    code, _, err = run("flags", "ack", "999")
    assert code == 2 and err.strip() == "hoctl: there is no flag 999"
