"""Catalogue stock, held at head office. A redemption a terminal pushes takes its
quantity off, in the transaction that books the event (so exactly once, as the event);
staff restock or set a counted figure with `hoctl catalogue restock | count`. Every
change is a `stock_moves` row and the item's new figure goes into the change feed.

Online, a redemption first reserves the stock (`spending.reserve`): available is the
stock less every open hold, read under the item's row lock, so two stores cannot both
take the last one. Offline redemptions are facts: booked even when they drive the stock
below zero, which raises an anomaly flag for staff instead of refusing the sale."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from headoffice import flags
from headoffice.errors import Invalid, NotFound
from headoffice.models import CatalogueItem, StockMove
from headoffice.work import Work
from terminal.sync.protocol import CatalogueData

MAX_STOCK = 1_000_000


def data(item: CatalogueItem) -> CatalogueData:
    return CatalogueData(
        sku=item.sku,
        name=item.name,
        points_price=item.points_price,
        stock=item.stock,
        active=item.active,
    )


def lock_items(work: Work, skus: set[str]) -> None:
    """Lock the items a batch redeems, in SKU order (one lock order for every writer)."""
    if skus:
        query = select(CatalogueItem).where(CatalogueItem.sku.in_(sorted(skus)))
        work.session.scalars(query.order_by(CatalogueItem.sku).with_for_update()).all()


def move(
    work: Work,
    item: CatalogueItem,
    delta: int,
    kind: str,
    *,
    reference: str | None = None,
    terminal_id: str | None = None,
    note: str | None = None,
) -> None:
    item.stock += delta
    item.updated_at = work.at
    work.session.add(
        StockMove(
            sku=item.sku,
            delta=delta,
            stock_after=item.stock,
            kind=kind,
            reference=reference,
            terminal_id=terminal_id,
            note=note,
            at=work.at,
        )
    )
    work.publish("catalogue", item.sku, data(item).model_dump())


def redeemed(work: Work, terminal_id: str, sku: str, quantity: int, reference: str) -> None:
    """A terminal's redemption of `quantity` of `sku`. An item head office does not know
    (set up on the terminal alone) has no stock here to take from."""
    item = work.session.get(CatalogueItem, sku, with_for_update=True)
    if item is None or quantity <= 0:
        return
    move(work, item, -quantity, "redeem", reference=reference, terminal_id=terminal_id)
    if item.stock < 0:
        flags.oversold(work, terminal_id, sku, -item.stock)


def _item(work: Work, sku: str) -> CatalogueItem:
    item = work.session.get(CatalogueItem, sku.strip().upper(), with_for_update=True)
    if item is None:
        raise NotFound(f"there is no catalogue item '{sku}'")
    return item


def _note(note: str | None) -> str | None:
    note = (note or "").strip()
    if len(note) > 200:
        raise Invalid("a note is at most 200 characters")
    return note or None


def restock(work: Work, sku: str, quantity: int, note: str | None = None) -> CatalogueData:
    """Staff received `quantity` more of the item."""
    item = _item(work, sku)
    if not 0 < quantity <= MAX_STOCK or item.stock + quantity > MAX_STOCK:
        raise Invalid(f"restock by 1 to {MAX_STOCK:,}; the stock may not pass {MAX_STOCK:,}")
    move(work, item, quantity, "restock", note=_note(note))
    return data(item)


def count(work: Work, sku: str, counted: int, note: str | None = None) -> CatalogueData:
    """Staff counted the item: its stock is `counted` from now on."""
    item = _item(work, sku)
    if not 0 <= counted <= MAX_STOCK:
        raise Invalid(f"a counted stock is 0 to {MAX_STOCK:,}")
    if counted == item.stock:
        raise Invalid(f"the stock of {item.sku} is {counted} already")
    move(work, item, counted - item.stock, "count", note=_note(note))
    return data(item)


def moves(session: Session, sku: str, limit: int = 50) -> list[dict]:
    """The item's latest stock moves, newest first."""
    query = (
        select(StockMove)
        .where(StockMove.sku == sku.strip().upper())
        .order_by(StockMove.id.desc())
        .limit(limit)
    )
    return [
        {
            "kind": m.kind,
            "delta": m.delta,
            "stock_after": m.stock_after,
            "reference": m.reference,
            "terminal_id": m.terminal_id,
            "note": m.note,
            "at": m.at.isoformat() + "Z",
        }
        for m in session.scalars(query)
    ]
