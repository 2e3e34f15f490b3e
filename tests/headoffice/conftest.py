import pytest
from fastapi.testclient import TestClient

from headoffice.app import create_app
from headoffice.service import HeadOffice
from tests.helpers.clock import FakeClock
from tests.helpers.headoffice import Events, SignedClient, database_url, enrol


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request) -> str:
    return request.param


@pytest.fixture
def ho(backend, tmp_path, clock):
    with database_url(backend, tmp_path) as (url, schema):
        office = HeadOffice(url, clock=clock, key_path=tmp_path / "ho.key", schema=schema)
        yield office
        office.close()


@pytest.fixture
def http(ho):
    with TestClient(create_app(ho, sweep_stale=False)) as client:
        yield client


@pytest.fixture
def till(ho, http, clock) -> SignedClient:
    return enrol(ho, http, clock)


@pytest.fixture
def events(till, clock) -> Events:
    return Events(till.terminal_id, clock)
