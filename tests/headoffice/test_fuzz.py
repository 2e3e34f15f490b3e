"""Schemathesis against the in-process head office, from its own /openapi.json.

Every operation gets generated requests, valid and invalid, signed exactly as an
enrolled terminal signs them (`protocol.signed_headers`, the code the terminal's
`HeadOfficeClient` uses) over the final bytes that travel: method, path and query, body.
Any 5xx, an answer whose status, content type, headers or body the document does not
describe, or a request outside the document accepted, fails the test. A request the
document allows may still be refused with a documented 4xx (schemathesis's
`positive_data_acceptance` is off): head office checks more than a schema can say, such
as a real mobile number, a live sign-up link or an event's own model. The same
operations, unsigned and wrongly signed, may only ever be refused (4xx).

A stateful run follows the document's links on top of the per-operation runs: a member
looked up, then a reservation for them, then captured or voided; a sign-up link, then
its page.

CI runs 25 examples per operation, the same ones every run (derandomized); a deeper
run sets POS_FUZZ_EXAMPLES, e.g.

    POS_FUZZ_EXAMPLES=2000 .venv/bin/python -m pytest -n 2 tests/headoffice/test_fuzz.py
"""

import os
import secrets
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from requests.auth import AuthBase
from schemathesis.specs.openapi.checks import positive_data_acceptance
from sqlalchemy import func, select

from headoffice.app import create_app
from headoffice.models import Reservation
from headoffice.service import HeadOffice
from terminal.sync import protocol as p
from tests.helpers.clock import FakeClock
from tests.helpers.headoffice import Events, enrol

EXAMPLES = int(os.environ.get("POS_FUZZ_EXAMPLES", "25"))
DEEP = EXAMPLES > 25
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=not DEEP,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
BASE_URL = "http://testserver"
PUBLIC = {p.PATH_HEALTH, p.PATH_ENROL}


class TerminalSignature(AuthBase):
    """Signs the prepared request, so what is signed is what is sent."""

    def __init__(self, terminal_id: str, secret: bytes, clock: FakeClock) -> None:
        self.terminal_id, self.secret, self.clock = terminal_id, secret, clock

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode()
        headers = p.signed_headers(
            self.terminal_id,
            self.secret,
            request.method or "GET",
            request.path_url,
            body,
            self.clock.now(),
            secrets.token_urlsafe(18),
        )
        request.headers.update(headers)
        return request


class Office:
    """Head office with one store, an enrolled terminal and a member it signed up."""

    def __init__(self, tmp_path) -> None:
        from fastapi.testclient import TestClient

        self.clock = FakeClock()
        self.ho = HeadOffice(
            str(tmp_path / "headoffice.db"), clock=self.clock, key_path=tmp_path / "ho.key"
        )
        self.app = create_app(self.ho, sweep_stale=False)
        with TestClient(self.app) as http:
            till = enrol(self.ho, http, self.clock)
            events = Events(till.terminal_id, self.clock)
            member = events.signed_up()
            self.member_id = member["payload"]["member_id"]
            self.card_no = member["payload"]["card_no"]
            till.push(member, events.topped_up(self.member_id, 50_000))
        self.terminal_id, self.secret = till.terminal_id, till.secret

    def call(self, case: Any, secret: bytes | None = b"") -> dict[str, Any]:
        """Transport arguments of one call to this office: signed with the terminal's
        secret (the default), with another `secret`, or unsigned (None)."""
        session = requests.Session()
        if secret is not None:
            session.auth = TerminalSignature(self.terminal_id, secret or self.secret, self.clock)
        return {"session": session, "app": self.app, "base_url": BASE_URL}

    def close(self) -> None:
        self.ho.close()


@pytest.fixture
def office(tmp_path) -> Iterator[Office]:
    office = Office(tmp_path)
    yield office
    office.close()


def _document() -> dict[str, Any]:
    """/openapi.json as head office serves it (read once, from a throwaway office)."""
    with tempfile.TemporaryDirectory() as tmp:
        ho = HeadOffice(str(Path(tmp) / "doc.db"), key_path=Path(tmp) / "doc.key")
        try:
            return create_app(ho, sweep_stale=False).openapi()
        finally:
            ho.close()


schema = schemathesis.openapi.from_dict(_document())
schema.config.generation.update(
    modes=["positive", "negative"], max_examples=EXAMPLES, deterministic=not DEEP
)


def _signed(case) -> bool:
    return case.path not in PUBLIC and not case.path.startswith(p.SIGNUP_PAGE_PREFIX)


@schema.parametrize()
@FUZZ
def test_signed_requests_never_fail_and_match_the_document(case, office):
    case.call_and_validate(**office.call(case), excluded_checks=[positive_data_acceptance])


@schema.parametrize()
@FUZZ
def test_unsigned_and_wrongly_signed_requests_are_only_refused(case, office):
    for secret in (None, b"not the terminal's secret"):
        answer = case.call(**office.call(case, secret))
        assert answer.status_code < 500, answer.text
        if _signed(case):
            assert 400 <= answer.status_code < 500, answer.text


Workflow = schema.as_state_machine()


class SignedWorkflow(Workflow):
    """Sequences along the document's links (a member looked up, then reserved for; a
    reservation, then captured or voided; a sign-up link, then its page), every call
    signed, each sequence against a head office of its own (so a replayed sequence meets
    the same answers). A well-formed look-up asks for the card of the member head office
    holds, so the links have a member to follow."""

    reservations = 0  # made for that member, over every sequence

    def setup(self) -> None:
        self._dir = tempfile.TemporaryDirectory()
        self.office = Office(Path(self._dir.name))

    def teardown(self) -> None:
        member = self.office.member_id
        SignedWorkflow.reservations += self.office.ho.unit(
            lambda w: w.session.scalar(select(func.count()).where(Reservation.member_id == member))
        )
        self.office.close()
        self._dir.cleanup()

    def get_call_kwargs(self, case: Any) -> dict[str, Any]:
        return self.office.call(case)

    def before_call(self, case: Any) -> None:
        query = case.query
        well_formed = isinstance(query, dict) and all(
            isinstance(v, str) and 1 <= len(v) <= 32 for v in query.values()
        )
        if case.path == p.PATH_MEMBER_LOOKUP and well_formed:
            case.query = {"card": self.office.card_no}

    def validate_response(self, response: Any, case: Any, additional_checks=None, **kwargs):
        __tracebackhide__ = True
        case.validate_response(
            response,
            additional_checks=additional_checks,
            excluded_checks=[positive_data_acceptance],
            transport_kwargs=kwargs or None,
            recorder=self.recorder,
        )


def test_signed_sequences_along_the_documents_links_never_fail():
    SignedWorkflow.reservations = 0
    SignedWorkflow.run(settings=settings(FUZZ, stateful_step_count=8))
    assert SignedWorkflow.reservations > 0  # the links were followed to a reservation
