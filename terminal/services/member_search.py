"""Finding a member from what the customer says: a card number, a mobile number, the last
four digits of the phone (optionally with part of the name), or part of the name alone.

Names are encrypted at rest, so a search by name alone decrypts names one by one: it looks
through the most recently signed-up members only (MAX_NAME_SCAN) and says so when it stopped
there; the last four digits narrow a search to a handful of rows at any size.
"""

import re
from dataclasses import dataclass

from sqlalchemy import text

from terminal.domain.errors import InvalidInput, NotFound
from terminal.services.context import Context
from terminal.services.members import MAX_SEARCH_RESULTS, MemberService, MemberView

MAX_NAME_SCAN = 20_000
_LAST4 = re.compile(r"^\s*(\d{4})(?:\s+(.+?))?\s*$")
_RECENT = text(
    "SELECT id, name_enc FROM members WHERE status = 'active' "
    "ORDER BY id DESC LIMIT :limit"  # ids are UUIDv7: newest first, through the key
)


@dataclass(frozen=True)
class SearchResult:
    members: tuple[MemberView, ...]
    scanned_all: bool = True  # False: a name search stopped at MAX_NAME_SCAN members


class SearchService:
    def __init__(self, ctx: Context, members: MemberService) -> None:
        self.ctx = ctx
        self.members = members

    def search(self, query: str, name_scan_limit: int = MAX_NAME_SCAN) -> SearchResult:
        query = " ".join(str(query or "").split())
        if not query:
            raise InvalidInput(
                "type a card number, a mobile number, its last four digits or a name",
                code="search.bad_query",
            )
        match = _LAST4.match(query)
        if match:
            return SearchResult(tuple(self.members.search(match[1], match[2] or "")))
        try:
            return SearchResult((self.members.find(query),))
        except NotFound:
            return SearchResult(())
        except InvalidInput:
            if any(ch.isdigit() for ch in query):
                raise
        return self._by_name(query, name_scan_limit)

    def _by_name(self, needle: str, limit: int) -> SearchResult:
        needle = needle.casefold()
        cipher = self.members.cipher
        found: list[str] = []
        scanned = 0
        with self.ctx.reading() as s:
            for member_id, name_enc in s.execute(_RECENT, {"limit": limit + 1}):
                scanned += 1
                if scanned > limit:
                    break
                if needle in cipher.decrypt(name_enc, "name").casefold():
                    found.append(member_id)
                    if len(found) >= MAX_SEARCH_RESULTS:
                        break
        views = tuple(self.members.get(member_id) for member_id in found)
        return SearchResult(views, scanned_all=scanned <= limit)
