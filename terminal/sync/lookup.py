"""Find a member by card or phone: this terminal's copy first (members from other stores
arrive with the change feed, without their personal data); on a miss, or for a member
held without personal data, head office (short timeout) when it can be reached, and what
it answers is stored here so the counter can carry on."""

from terminal.domain import identity
from terminal.domain.cards import MIN_LENGTH as CARD_MIN_LENGTH
from terminal.domain.errors import InvalidInput, LimitExceeded, NotFound
from terminal.services.facade import Services
from terminal.services.members import MemberView
from terminal.sync import protocol as p
from terminal.sync.apply import PullStopped, apply_changes, settle_confirmed
from terminal.sync.client import HeadOfficeClient, HeadOfficeError, Refused
from terminal.sync.connectivity import Connectivity

TOO_MANY = 429


class TooManyLookups(LimitExceeded):
    """Head office allows a terminal only so many member look-ups a minute."""

    code = "too_many_lookups"

    def __init__(self, seconds: int) -> None:
        super().__init__(
            "too many member look-ups from this terminal this minute; try again in {seconds} s",
            seconds=seconds,
        )
        self.seconds = seconds


class MemberFinder:
    def __init__(self, svc: Services, client: HeadOfficeClient, connectivity: Connectivity) -> None:
        self.svc = svc
        self.client = client
        self.connectivity = connectivity

    def find(self, query: str) -> MemberView:
        try:
            view = self.svc.members.find(query)
        except NotFound:
            if self.connectivity.state.online is False:
                raise
            if not self._fetch(str(query).strip()):
                raise
            return self.svc.members.find(query)
        if view.details_held or self.connectivity.state.online is False:
            return view
        # Another store's member, held here without personal data: head office gives it
        # for the member at the counter. Without an answer the card still serves.
        try:
            fetched = self._fetch(str(query).strip())
        except TooManyLookups:
            return view
        return self.svc.members.find(query) if fetched else view

    def _fetch(self, query: str) -> bool:
        digits = "".join(ch for ch in query if ch not in " -")
        try:
            if digits.isdigit() and len(digits) >= CARD_MIN_LENGTH:
                answer = self.client.lookup(card=digits)
            else:
                answer = self.client.lookup(phone=identity.normalise_phone(query))
        except InvalidInput:
            return False
        except HeadOfficeError as exc:
            if isinstance(exc, Refused) and exc.status == TOO_MANY:
                self.connectivity.succeeded(self.svc.ctx.now_utc())  # it answered: online
                raise TooManyLookups(max(exc.retry_after, 1)) from None
            self.connectivity.failed(self.svc.ctx.now_utc(), str(exc))
            return False
        self.connectivity.succeeded(self.svc.ctx.now_utc())
        if answer.member is None:
            return False
        changes = [p.Change(seq=1, kind="member", at="", data=answer.member.model_dump())]
        if answer.balance is not None:
            changes.append(p.Change(seq=2, kind="balance", at="", data=answer.balance.model_dump()))
        if answer.hotlisted:
            hot = {"member_id": answer.member.member_id, "listed": True, "reason": "headoffice"}
            changes.append(p.Change(seq=3, kind="hotlist", at="", data=hot))
        try:
            with self.svc.ctx.transaction(business=False) as txn:
                apply_changes(txn, changes, after=0)
                # Head office's live balance, newer than anything the feed holds back.
                settle_confirmed(txn, {answer.member.member_id})
        except PullStopped:
            return False  # not storable here: the member stays not found, nothing written
        return True
