"""Catalogue stock on an enrolled terminal: head office holds it. The counter shows head
office's confirmed figure less this terminal's own redemptions that figure does not
include yet: those not yet answered by head office, and those answered whose effects sit
further on in the feed than the pull has reached (the push answer says where, in
`feed_seq`). So a pull never puts back a stale figure over a redemption made here."""

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

_ACKNOWLEDGED = text("UPDATE redemptions SET feed_seq = :seq WHERE id = :id")

_SHOWN = text(
    "UPDATE catalogue_items SET stock = confirmed_stock - coalesce(("
    "SELECT sum(r.quantity) FROM redemptions r WHERE r.item_id = catalogue_items.id "
    "AND (r.feed_seq IS NULL OR r.feed_seq > :cursor)), 0) "
    "WHERE confirmed_stock IS NOT NULL"
)


def acknowledged(session: Session, redemption_ids: list[str], feed_seq: int | None) -> None:
    """Head office answered for these redemptions' events (applied, duplicate or
    rejected): what they did is in its feed at or before `feed_seq`. A head office that
    does not say (an older version) is taken to have it in the feed already."""
    if redemption_ids:
        seq = feed_seq if feed_seq is not None else 0
        rows = [{"id": i, "seq": seq} for i in redemption_ids]
        session.execute(_ACKNOWLEDGED.bindparams(bindparam("id"), bindparam("seq")), rows)


def refresh(session: Session, cursor: int) -> None:
    """Work out the stock the counter shows, the pull having reached `cursor`."""
    session.execute(_SHOWN, {"cursor": cursor})
