"""Online spend authorisation: a hold on the member's live balance (idempotent by the
terminal's reservation id), captured by the sale that used it or voided; holds not
captured within the timeout are voided by head office."""

from datetime import timedelta

from sqlalchemy import func, or_, select, update

from headoffice import members
from headoffice.models import LedgerEntry, Member, Reservation
from headoffice.work import Work
from terminal.sync import protocol as p

TIMEOUT = timedelta(seconds=p.RESERVATION_TIMEOUT_SECONDS)
# A captured hold waits for its sale event; a terminal that never sends it (lost for
# good) must not block the member's online spends for ever.
CAPTURED_HOLD = timedelta(days=2)
_HOLDING = or_(
    Reservation.status == "reserved",
    (Reservation.status == "captured") & (Reservation.settled.is_(False)),
)


def _answer(
    r: Reservation, member: Member | None = None, work: Work | None = None
) -> p.ReservationResponse:
    available = {}
    if member is not None and work is not None:
        points, wallet = _available(work, member)
        available = {"available_points": points, "available_wallet_fen": wallet}
    return p.ReservationResponse(
        reservation_id=r.id,
        status=r.status,
        reason=r.reason,
        member_id=r.member_id,
        points=r.points,
        wallet_fen=r.wallet_fen,
        expires_at=p.utc_text(r.expires_at) if r.status == "reserved" else None,
        **available,
    )


def _available(work: Work, member: Member) -> tuple[int, int]:
    """Live balances less every open hold."""
    query = select(
        func.coalesce(func.sum(Reservation.points), 0),
        func.coalesce(func.sum(Reservation.wallet_fen), 0),
    ).where(Reservation.member_id == member.id, _HOLDING)
    held_points, held_wallet = work.session.execute(query).one()
    wallet = member.wallet_principal_fen + member.wallet_bonus_fen
    return member.points - int(held_points), wallet - int(held_wallet)


def reserve(work: Work, terminal_id: str, req: p.ReserveRequest) -> p.ReservationResponse:
    s = work.session
    known = s.get(Reservation, req.reservation_id, with_for_update=True)
    if known is not None and known.terminal_id != terminal_id:
        return p.ReservationResponse(
            reservation_id=req.reservation_id,
            status="refused",
            reason="this reservation id was used for a different spend",
        )
    if known is not None:
        same_member = known.member_id == req.member_id or (
            (live := members.live(s, req.member_id)) is not None and live.id == known.member_id
        )
        if not same_member or (known.points, known.wallet_fen) != (req.points, req.wallet_fen):
            return p.ReservationResponse(
                reservation_id=req.reservation_id,
                status="refused",
                reason="this reservation id was used for a different spend",
            )
        return _answer(known)
    member = members.live(s, req.member_id, lock=True)
    void_stale(work, member.id if member else None)
    reason = None
    if member is None:
        reason = "unknown member"
    elif req.points == 0 and req.wallet_fen == 0:
        reason = "nothing to reserve"
    elif member.hotlisted:
        reason = "the member is on the hotlist (negative balance): no spends until paid back"
    else:
        points, wallet = _available(work, member)
        if req.points > points:
            reason = f"not enough points: {max(points, 0)} available"
        elif req.wallet_fen > wallet:
            reason = f"not enough stored value: {max(wallet, 0)} fen available"
    r = Reservation(
        id=req.reservation_id,
        member_id=member.id if member else req.member_id,
        terminal_id=terminal_id,
        points=req.points,
        wallet_fen=req.wallet_fen,
        status="refused" if reason else "reserved",
        reason=reason,
        settled=False,
        created_at=work.at,
        expires_at=work.at + TIMEOUT,
    )
    s.add(r)
    s.flush()
    return _answer(r, member, work)


def _own(work: Work, terminal_id: str, reservation_id: str) -> Reservation | None:
    """The terminal's own reservation, locked. Another terminal's is answered as unknown:
    a stolen secret must neither void nor capture it, nor learn that it exists."""
    r = work.session.get(Reservation, reservation_id, with_for_update=True)
    return r if r is not None and r.terminal_id == terminal_id else None


def _unknown(reservation_id: str) -> p.ReservationResponse:
    return p.ReservationResponse(
        reservation_id=reservation_id, status="refused", reason="unknown reservation"
    )


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
        return p.ReservationResponse(
            reservation_id=r.id, status="refused", reason="captured already by another sale"
        )
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
