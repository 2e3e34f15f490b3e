"""Authorising spends of stored value and points on an enrolled terminal.

Online: head office reserves the amount against the member's live balance (idempotent by
reservation id); the sale's event carries the id, which captures it; a sale that fails
voids it. Unreachable (or known to be down a moment ago): the offline policy head office
published decides, counting what this terminal let through since its last sync.
"""

import contextlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from terminal.domain.offline_policy import (
    OfflinePolicy,
    OfflineSpend,
    SpendRefused,
    check_offline_items,
    check_offline_spend,
    points_cap_value_fen,
)
from terminal.services.facade import Services
from terminal.services.spend import SpendGrant, SpendRequest
from terminal.store.ids import new_id
from terminal.store.models import HotlistEntry, SyncState
from terminal.sync import protocol as p
from terminal.sync.client import HeadOfficeClient, HeadOfficeError, Refused, Unreachable
from terminal.sync.connectivity import Connectivity

# After a failed request, spends go straight to the offline policy for this long rather
# than keeping the cashier waiting on a timeout at every sale.
RECHECK_AFTER = timedelta(seconds=15)

_SPENT_SINCE = text(
    "SELECT coalesce(sum(t.amount_fen), 0) FROM sale_tenders t JOIN sales s ON s.id = t.sale_id "
    "WHERE t.kind IN ('points', 'wallet') AND s.created_at > :since "
    "AND (:member IS NULL OR s.member_id = :member)"
)
_REDEEMED_SINCE = text(
    "SELECT coalesce(sum(points), 0) FROM redemptions WHERE created_at > :since "
    "AND (:member IS NULL OR member_id = :member)"
)
_ITEM_REDEEMED_SINCE = text(
    "SELECT coalesce(sum(r.quantity), 0) FROM redemptions r "
    "JOIN catalogue_items i ON i.id = r.item_id WHERE r.created_at > :since AND i.sku = :sku"
)
_ITEM_NAME = text("SELECT name FROM catalogue_items WHERE sku = :sku")


class HeadOfficeAuthoriser:
    def __init__(
        self,
        svc: Services,
        client: HeadOfficeClient,
        connectivity: Connectivity,
        flush: Callable[[str], None] | None = None,
    ) -> None:
        self.svc = svc
        self.client = client
        self.connectivity = connectivity
        # Sends this member's queued events first (a top-up just made here must be at
        # head office before it can be spent there).
        self.flush = flush

    def authorise(self, request: SpendRequest) -> SpendGrant:
        now = self.svc.ctx.now_utc()
        reach = self.connectivity.state
        recently_down = (
            reach.online is False
            and reach.checked_at is not None
            and now - reach.checked_at < RECHECK_AFTER
        )
        if not recently_down:
            grant = self._online(request, now)
            if grant is not None:
                return grant
        self._check_offline(request, now)
        return SpendGrant("offline")

    def _online(self, request: SpendRequest, now: datetime) -> SpendGrant | None:
        reservation_id = new_id()
        try:
            if self.flush is not None:
                self.flush(request.member_id)
            answer = self.client.reserve(
                p.ReserveRequest(
                    reservation_id=reservation_id,
                    member_id=request.member_id,
                    points=request.points,
                    wallet_fen=request.wallet_fen,
                    sku=request.sku if request.quantity else None,
                    quantity=request.quantity if request.sku else 0,
                )
            )
        except Unreachable as exc:
            self.connectivity.failed(self.svc.ctx.now_utc(), str(exc))
            return None
        except Refused as exc:
            self.connectivity.succeeded(now)
            raise SpendRefused(f"{exc}; take another tender instead") from None
        self.connectivity.succeeded(now)
        if answer.status in ("reserved", "captured"):
            return SpendGrant("online", reservation_id)
        reason = answer.reason or "no reason given"
        if answer.code == "out_of_stock":
            raise SpendRefused(
                "only {left} of '{item}' are left at head office for all the stores",
                code="headoffice.out_of_stock",
                item=self._item_name(request.sku),
                left=max(answer.available_stock or 0, 0),
            )
        raise SpendRefused(f"head office refused this spend: {reason}")

    def _check_offline(self, request: SpendRequest, now: datetime) -> None:
        with self.svc.ctx.reading() as s:
            _, rules = self.svc.ctx.current_rules(s)
            state = s.get(SyncState, 1)
            last_sync = state.last_pull_at if state else None
            since = last_sync or datetime.min.replace(tzinfo=UTC).replace(tzinfo=None)  # naive UTC
            hot = s.get(HotlistEntry, request.member_id) is not None

            def spent(member: str | None) -> int:
                money = s.execute(_SPENT_SINCE, {"since": since, "member": member}).scalar()
                points = s.execute(_REDEEMED_SINCE, {"since": since, "member": member}).scalar()
                return money + points_cap_value_fen(points, rules)

            if request.sku and request.quantity:
                check_offline_items(
                    rules.offline_item_allowance,
                    s.execute(_ITEM_REDEEMED_SINCE, {"since": since, "sku": request.sku}).scalar(),
                    request.quantity,
                    self._item_name(request.sku),
                )
            check_offline_spend(
                OfflinePolicy.from_rules(rules),
                OfflineSpend(
                    value_fen=request.wallet_fen + points_cap_value_fen(request.points, rules),
                    now=now,
                    last_sync_at=last_sync,
                    hotlisted=hot,
                    member_spent_fen=spent(request.member_id),
                    terminal_spent_fen=spent(None),
                ),
            )

    def _item_name(self, sku: str | None) -> str:
        with self.svc.ctx.reading() as s:
            return s.execute(_ITEM_NAME, {"sku": sku}).scalar() or sku or ""

    def release(self, grant: SpendGrant) -> None:
        if grant.reservation_id is None:
            return
        # Head office voids a reservation nobody captured on its own, so a lost void is fine.
        with contextlib.suppress(HeadOfficeError):
            self.client.void(grant.reservation_id)
