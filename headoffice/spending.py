"""Online spend authorisation: a hold on the member's live balance (idempotent by the
terminal's reservation id), captured by the sale that used it or voided; holds not
captured within the timeout are voided by head office. A redemption's hold also takes
the item's quantity from the stock available to every other till (see stock.py)."""

from datetime import timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from headoffice import members
from headoffice.models import CatalogueItem, LedgerEntry, Member, Reservation
from headoffice.work import Work
from terminal.sync import protocol as p

TIMEOUT = timedelta(seconds=p.RESERVATION_TIMEOUT_SECONDS)
# A captured hold waits for its sale event; a terminal that never sends it (lost for
# good) must not block the member's online spends for ever.
CAPTURED_HOLD = timedelta(days=2)
HOLDING = or_(
    Reservation.status == "reserved",
    (Reservation.status == "captured") & (Reservation.settled.is_(False)),
)


def _answer(
    r: Reservation,
    member: Member | None = None,
    work: Work | None = None,
    item: CatalogueItem | None = None,
) -> p.ReservationResponse:
    available = {}
    if member is not None and work is not None:
        points, wallet = _available(work, member)
        available = {"available_points": points, "available_wallet_fen": wallet}
    if item is not None and work is not None:
        available["available_stock"] = item.stock - held_stock(work.session, item.sku)
    return p.ReservationResponse(
        reservation_id=r.id,
        status=r.status,
        reason=r.reason,
        code=r.code,
        member_id=r.member_id,
        points=r.points,
        wallet_fen=r.wallet_fen,
        sku=r.sku,
        quantity=r.quantity,
        expires_at=p.utc_text(r.expires_at) if r.status == "reserved" else None,
        **available,
    )


def held_stock(session: Session, sku: str) -> int:
    """Units of `sku` held by open reservations, not yet booked by their redemption."""
    query = select(func.coalesce(func.sum(Reservation.quantity), 0)).where(
        Reservation.sku == sku, HOLDING
    )
    return int(session.execute(query).scalar_one())


def _refused(reservation_id: str, code: str, reason: str) -> p.ReservationResponse:
    return p.ReservationResponse(
        reservation_id=reservation_id, status="refused", code=code, reason=reason
    )


def _available(work: Work, member: Member) -> tuple[int, int]:
    """Live balances less every open hold."""
    query = select(
        func.coalesce(func.sum(Reservation.points), 0),
        func.coalesce(func.sum(Reservation.wallet_fen), 0),
    ).where(Reservation.member_id == member.id, HOLDING)
    held_points, held_wallet = work.session.execute(query).one()
    wallet = member.wallet_principal_fen + member.wallet_bonus_fen
    return member.points - int(held_points), wallet - int(held_wallet)


def reserve(work: Work, terminal_id: str, req: p.ReserveRequest) -> p.ReservationResponse:
    s = work.session
    known = s.get(Reservation, req.reservation_id, with_for_update=True)
    reused = "this reservation id was used for a different spend"
    if known is not None and known.terminal_id != terminal_id:
        return _refused(req.reservation_id, "id_reused", reused)
    sku = req.sku.strip().upper() if req.sku and req.quantity else None
    quantity = req.quantity if sku else 0
    if known is not None:
        same_member = known.member_id == req.member_id or (
            (live := members.live(s, req.member_id)) is not None and live.id == known.member_id
        )
        asked = (req.points, req.wallet_fen, sku, quantity)
        if not same_member or (known.points, known.wallet_fen, known.sku, known.quantity) != asked:
            return _refused(req.reservation_id, "id_reused", reused)
        return _answer(known)
    member = members.live(s, req.member_id, lock=True)
    # The item is locked after the member, as a push locks them: one order, no deadlock.
    item = s.get(CatalogueItem, sku, with_for_update=True) if sku else None
    void_stale(work, member.id if member else None)
    code, reason = _check(work, member, req, sku, quantity, item)
    r = Reservation(
        id=req.reservation_id,
        member_id=member.id if member else req.member_id,
        terminal_id=terminal_id,
        points=req.points,
        wallet_fen=req.wallet_fen,
        sku=sku,
        quantity=quantity,
        status="refused" if reason else "reserved",
        reason=reason,
        code=code,
        settled=False,
        created_at=work.at,
        expires_at=work.at + TIMEOUT,
    )
    s.add(r)
    s.flush()
    return _answer(r, member, work, item)


def _check(
    work: Work,
    member: Member | None,
    req: p.ReserveRequest,
    sku: str | None,
    quantity: int,
    item: CatalogueItem | None,
) -> tuple[str | None, str | None]:
    """(code, reason) of a refusal, or (None, None) when the hold may be made."""
    if member is None:
        return "unknown_member", "unknown member"
    if req.points == 0 and req.wallet_fen == 0 and not quantity:
        return "nothing_to_reserve", "nothing to reserve"
    if member.hotlisted:
        return (
            "hotlisted",
            "the member is on the hotlist (negative balance): no spends until paid back",
        )
    points, wallet = _available(work, member)
    if req.points > points:
        return "not_enough_points", f"not enough points: {max(points, 0)} available"
    if req.wallet_fen > wallet:
        return "not_enough_wallet", f"not enough stored value: {max(wallet, 0)} fen available"
    if sku is None:
        return None, None
    if item is None or not item.active:
        return "unknown_item", f"head office has no catalogue item '{sku}'"
    left = item.stock - held_stock(work.session, sku)
    if quantity > left:
        return "out_of_stock", f"only {max(left, 0)} of '{item.name}' left at head office"
    return None, None


def _own(work: Work, terminal_id: str, reservation_id: str) -> Reservation | None:
    """The terminal's own reservation, locked. Another terminal's is answered as unknown:
    a stolen secret must neither void nor capture it, nor learn that it exists."""
    r = work.session.get(Reservation, reservation_id, with_for_update=True)
    return r if r is not None and r.terminal_id == terminal_id else None


def _unknown(reservation_id: str) -> p.ReservationResponse:
    return _refused(reservation_id, "unknown_reservation", "unknown reservation")


def capture(work: Work, terminal_id: str, req: p.CaptureRequest) -> p.ReservationResponse:
    r = _own(work, terminal_id, req.reservation_id)
    if r is None:
        return _unknown(req.reservation_id)
    if r.status == "reserved":
        r.status, r.sale_id = "captured", req.sale_id
        # The sale may have been booked before the capture arrived: its entries say so.
        booked = work.session.scalars(
            select(LedgerEntry.id)
            .where(LedgerEntry.reference == req.sale_id, LedgerEntry.kind.in_(("spend", "redeem")))
            .limit(1)
        ).first()
        r.settled = booked is not None
    elif r.status == "captured" and r.sale_id != req.sale_id:
        return _refused(r.id, "captured_elsewhere", "captured already by another sale")
    return _answer(r)


def void(work: Work, terminal_id: str, req: p.VoidRequest) -> p.ReservationResponse:
    r = _own(work, terminal_id, req.reservation_id)
    if r is None:
        return _unknown(req.reservation_id)
    if r.status == "reserved":
        r.status, r.reason = "voided", "voided by the terminal"
    return _answer(r)


def void_stale(work: Work, member_id: str | None = None) -> int:
    """Void every reservation past its time (of one member, or all)."""
    query = (
        update(Reservation)
        .where(Reservation.status == "reserved", Reservation.expires_at <= work.at)
        .values(status="voided", reason="not captured in time")
    )
    captured = (
        update(Reservation)
        .where(
            Reservation.status == "captured",
            Reservation.settled.is_(False),
            Reservation.created_at <= work.at - CAPTURED_HOLD,
        )
        .values(settled=True, reason="the sale was not received in time; hold released")
    )
    if member_id:
        query = query.where(Reservation.member_id == member_id)
        captured = captured.where(Reservation.member_id == member_id)
    work.session.execute(captured)
    return work.session.execute(query).rowcount
