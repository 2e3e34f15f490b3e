"""A terminal may look up only so many members a minute; head office's settings."""

import pytest
from fastapi.testclient import TestClient

from headoffice.app import create_app
from headoffice.config import Config, Trust, load, parse
from headoffice.errors import HeadOfficeError
from headoffice.models import Lookup
from headoffice.service import HeadOffice
from terminal.sync import protocol as p
from tests.helpers.headoffice import Events, database_url, enrol


@pytest.fixture
def strict(backend, tmp_path, clock):
    """Head office allowing three look-ups a minute, with its API."""
    with database_url(backend, tmp_path) as (url, schema):
        office = HeadOffice(
            url,
            clock=clock,
            key_path=tmp_path / "ho.key",
            schema=schema,
            config=Config(trust=Trust(lookups_per_minute=3)),
        )
        with TestClient(create_app(office, sweep_stale=False)) as http:
            yield office, http
        office.close()


def _look(client, query):
    return client.request("GET", f"{p.PATH_MEMBER_LOOKUP}?{query}")


def test_lookups_past_the_minutes_limit_answer_429_until_the_minute_is_over(strict, clock):
    ho, http = strict
    till = enrol(ho, http, clock)
    up = Events(till.terminal_id, clock).signed_up(phone="+8613800000061")
    till.push(up)
    card = up["payload"]["card_no"]
    for query in (f"card={card}", "phone=13800000061", "phone=13800000069"):
        assert _look(till, query).status_code == 200
        clock.advance(seconds=10)
    refused = _look(till, f"card={card}")
    assert refused.status_code == 429
    error = p.Error.model_validate(refused.json())
    assert error.error == "rate_limited" and "3 members a minute" in error.message
    assert refused.headers["Retry-After"] == "30"  # the first look-up leaves the window then
    assert "try again in 30 s" in error.message
    other = enrol(ho, http, clock)  # another terminal has its own minute
    assert _look(other, f"card={card}").status_code == 200
    clock.advance(seconds=30)
    again = _look(till, f"card={card}")
    assert again.status_code == 200 and again.json()["member"]["member_id"]
    assert _look(till, f"card={card}").status_code == 429
    counted = ho.read(
        lambda s: s.query(Lookup).filter(Lookup.terminal_id == till.terminal_id).count()
    )
    assert counted == 4  # refused look-ups are not recorded (they found nothing)


def test_the_lookup_limit_answer_is_documented(strict):
    _ho, http = strict
    spec = http.get("/openapi.json").json()
    answers = spec["paths"][p.PATH_MEMBER_LOOKUP]["get"]["responses"]
    assert "429" in answers


def test_settings_have_defaults_and_refuse_what_they_do_not_know(tmp_path, monkeypatch):
    monkeypatch.delenv("POS_HO_CONFIG", raising=False)
    assert load() == Config()
    assert Config().trust.lookups_per_minute == 30
    path = tmp_path / "ho.toml"
    path.write_text("[trust]\nlookups_per_minute = 5\nflag_topups_fen_per_day = 100\n")
    monkeypatch.setenv("POS_HO_CONFIG", str(path))
    loaded = load()
    assert (loaded.trust.lookups_per_minute, loaded.trust.flag_topups_fen_per_day) == (5, 100)
    assert loaded.trust.flag_lookups_per_day == Trust().flag_lookups_per_day
    for text, says in (
        ("[trust]\nlookups_per_minut = 5\n", "unknown setting 'lookups_per_minut'"),
        ("[trust]\nlookups_per_minute = 0\n", "at least 1"),
        ("[trust]\nlookups_per_minute = '5'\n", "whole number"),
        ("[limit]\n", "unknown section [limit]"),
        ("[trust\n", "not valid TOML"),
    ):
        with pytest.raises(HeadOfficeError, match=says.replace("[", r"\[")):
            parse(text)
    with pytest.raises(HeadOfficeError, match="cannot read"):
        load(tmp_path / "missing.toml")
