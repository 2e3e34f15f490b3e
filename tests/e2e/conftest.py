import pytest

from tests.helpers.clock import FakeClock
from tests.helpers.headoffice import database_url
from tests.helpers.sync_kit import live_head_office, new_terminal


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request) -> str:
    return request.param


@pytest.fixture
def live(backend, tmp_path, clock):
    with (
        database_url(backend, tmp_path) as (url, schema),
        live_head_office(url, schema, tmp_path, clock) as office,
    ):
        yield office


@pytest.fixture
def chain(live, template_db, tmp_path, clock):
    """make(store_no, name) -> an enrolled terminal; all closed at the end."""
    made = []

    def make(store_no: int, name: str):
        terminal = new_terminal(live, template_db, tmp_path, store_no, name, clock)
        made.append(terminal)
        return terminal

    yield make
    for terminal in made:
        terminal.close()
