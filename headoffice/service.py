"""`HeadOffice`: the database, the clock and every use case, each one unit of work."""

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from headoffice import (
    anchors,
    auth,
    flags,
    lookups,
    members,
    rules,
    signup,
    snapshot,
    spending,
    sync,
)
from headoffice.clock import Clock, SystemClock, naive_utc
from headoffice.config import Config, load
from headoffice.database import Database
from headoffice.errors import NotFound
from headoffice.models import Member
from headoffice.work import Work
from terminal.sync import protocol as p

T = TypeVar("T")


class HeadOffice:
    def __init__(
        self,
        url: str,
        clock: Clock | None = None,
        key_path: Path | None = None,
        schema: str | None = None,
        config: Config | None = None,
    ) -> None:
        self.clock = clock or SystemClock()
        self.config = config or load()
        self.db = Database(url, key_path=key_path, schema=schema)
        self.unit(rules.ensure_first_version)

    def close(self) -> None:
        self.db.close()

    def unit(self, action: Callable[[Work], T]) -> T:
        """One write transaction; merges, balances and the hotlist are settled and the
        changes numbered at its end, under the feed lock."""

        def attempt(session: Session) -> T:
            work = Work(session, naive_utc(self.clock.now()), self.db.vault, self.config)
            result = action(work)
            flags.settle(work)
            work.finish(members.settle)
            return result

        return self.db.run(attempt)

    def read(self, action: Callable[[Session], T]) -> T:
        with self.db.read() as session:
            return action(session)

    # --- the sync API ----------------------------------------------------------------

    def authenticate(self, headers: dict[str, str], method: str, target: str, body: bytes) -> str:
        return auth.verify(self.db, self.clock.now(), headers, method, target, body)

    def enrol(self, request: p.EnrolRequest) -> p.EnrolResponse:
        return self.unit(lambda w: auth.enrol(w, request))

    def push(self, terminal_id: str, request: p.PushRequest) -> p.PushResponse:
        results = self.unit(lambda w: sync.push(w, terminal_id, request.events))
        return p.PushResponse(
            results=results, server_time=self.now_text(), feed_seq=self.read(sync.last_seq)
        )

    def changes(self, after: int, limit: int, terminal_id: str | None = None) -> p.ChangesPage:
        """The feed as `terminal_id` may read it; all of it for staff (no terminal)."""
        page, more = self.read(lambda s: sync.changes(s, self.db.vault, after, limit, terminal_id))
        return p.ChangesPage(
            after=after,
            next=page[-1].seq if page else after,
            more=more,
            changes=page,
            server_time=self.now_text(),
        )

    def snapshot(self, after: str, limit: int, terminal_id: str | None = None) -> p.SnapshotPage:
        """A page of the chain's members for a new terminal (see snapshot.py)."""
        at = self.clock.now()
        return self.read(lambda s: snapshot.page(s, self.db.vault, after, limit, at, terminal_id))

    def reserve(self, terminal_id: str, req: p.ReserveRequest) -> p.ReservationResponse:
        try:
            return self.unit(lambda w: spending.reserve(w, terminal_id, req))
        except IntegrityError:  # the same id reserved at the same moment: answer that one
            return self.unit(lambda w: spending.reserve(w, terminal_id, req))

    def capture(self, terminal_id: str, req: p.CaptureRequest) -> p.ReservationResponse:
        return self.unit(lambda w: spending.capture(w, terminal_id, req))

    def void(self, terminal_id: str, req: p.VoidRequest) -> p.ReservationResponse:
        return self.unit(lambda w: spending.void(w, terminal_id, req))

    def void_stale(self) -> int:
        return self.unit(spending.void_stale)

    def lookup(
        self, query: str, terminal_id: str | None = None, by: str = "card"
    ) -> p.MemberLookupResponse:
        """A member by phone or card; a terminal's look-up is recorded (it may then read
        the member's personal data in the feed, see visibility.py)."""

        def find(session: Session) -> tuple[p.MemberLookupResponse, str | None]:
            try:
                member = members.find(session, self.db.vault, query)
            except NotFound:
                return p.MemberLookupResponse(member=None), None
            return self._lookup_answer(session, member), member.id

        if terminal_id is None:
            return self.read(find)[0]

        def recorded(work: Work) -> p.MemberLookupResponse:
            lookups.check_rate(work, terminal_id, self.config.trust.lookups_per_minute)
            answer, member_id = find(work.session)
            lookups.record(work, terminal_id, by, member_id)
            return answer

        return self.unit(recorded)

    def _lookup_answer(self, session: Session, member: Member) -> p.MemberLookupResponse:
        at = naive_utc(self.clock.now())
        return p.MemberLookupResponse(
            member=members.record(session, self.db.vault, member),
            balance=members.balance_data(member, at),
            hotlisted=member.hotlisted,
        )

    def anchor_audit(self, terminal_id: str, req: p.AuditAnchorRequest) -> p.AuditAnchorResponse:
        return self.unit(lambda w: anchors.anchor(w, terminal_id, req))

    def audit_anchor(self, terminal_id: str) -> p.AuditAnchorResponse:
        return self.unit(lambda w: anchors.current(w, terminal_id))

    def signup_token(self, terminal_id: str) -> p.SignupTokenResponse:
        return self.unit(lambda w: signup.new_token(w, terminal_id))

    def now_text(self) -> str:
        return p.utc_text(self.clock.now())
