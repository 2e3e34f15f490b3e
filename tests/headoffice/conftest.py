import pytest
from fastapi.testclient import TestClient

from headoffice.app import create_app
from headoffice.service import HeadOffice
from tests.helpers.clock import FakeClock
from tests.helpers.headoffice import Events, SignedClient, database_url


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


def enrol(ho, http, clock, store_no: int = 1, name: str = "一号店") -> SignedClient:
    from headoffice import auth
    from headoffice.models import Store

    def ensure_store(work):
        if work.session.get(Store, store_no) is None:
            auth.add_store(work, store_no, name, "Asia/Shanghai")
        return auth.issue_code(work, store_no)

    _tid, code = ho.unit(ensure_store)
    answer = http.post("/v1/enrol", json={"code": code, "device_name": "till"})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    return SignedClient(http, body["terminal_id"], bytes.fromhex(body["secret"]), clock)


@pytest.fixture
def till(ho, http, clock) -> SignedClient:
    return enrol(ho, http, clock)


@pytest.fixture
def events(till, clock) -> Events:
    return Events(till.terminal_id, clock)
