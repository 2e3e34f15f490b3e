"""The seam through which a sale or a redemption asks whether stored value or points may
be spent. A standalone store allows every spend the balance covers; an enrolled terminal
plugs in an authoriser that asks head office (or, offline, applies the published policy).

Services never import the sync package: sync provides an authoriser and the composition
root hands it to `Services.use_spend_authoriser`.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal, Protocol

SpendMode = Literal["standalone", "online", "offline"]


@dataclass(frozen=True)
class SpendRequest:
    member_id: str
    points: int  # points tendered
    wallet_fen: int  # stored value tendered
    purpose: Literal["sale", "redemption"] = "sale"
    sku: str | None = None  # a redemption's catalogue item and how many
    quantity: int = 0


@dataclass(frozen=True)
class SpendGrant:
    """Permission for one spend. `reservation_id` is set when head office holds the
    amount; the sale's event carries it, which captures the hold."""

    mode: SpendMode
    reservation_id: str | None = None


class SpendAuthoriser(Protocol):
    def authorise(self, request: SpendRequest) -> SpendGrant:
        """Allow the spend or raise `terminal.domain.offline_policy.SpendRefused`."""
        ...

    def release(self, grant: SpendGrant) -> None:
        """The sale did not go through: give the hold back (best effort, never raises)."""
        ...


class Standalone:
    """No head office: the local balance is the only check."""

    def authorise(self, request: SpendRequest) -> SpendGrant:
        return SpendGrant("standalone")

    def release(self, grant: SpendGrant) -> None:
        return None


@contextmanager
def spend_held(
    authoriser: SpendAuthoriser, request: SpendRequest | None
) -> Iterator[SpendGrant | None]:
    """Authorise `request` (None: nothing is spent) for the block that books it; a block
    that fails gives the hold back."""
    grant = authoriser.authorise(request) if request is not None else None
    try:
        yield grant
    except BaseException:
        if grant is not None:
            authoriser.release(grant)
        raise


def grant_fields(grant: SpendGrant | None) -> dict[str, str | None]:
    """What a sale or redemption event records about how its spend was allowed."""
    if grant is None:
        return {}
    return {"spend_mode": grant.mode, "reservation_id": grant.reservation_id}
