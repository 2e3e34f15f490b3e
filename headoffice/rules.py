"""The rules terminals follow (tiers, earn and redeem rates, bonus rules, expiry, offline
policy) as versioned settings, and the points catalogue; both published in the feed."""

import json
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from headoffice import stock as stock_book
from headoffice.errors import Invalid
from headoffice.models import CatalogueItem, RuleVersion
from headoffice.work import Work
from terminal.domain.errors import InvalidInput
from terminal.domain.rules import Rules
from terminal.sync.protocol import CatalogueData, RulesData


def current(session: Session) -> tuple[int, Rules]:
    row = session.scalars(select(RuleVersion).order_by(RuleVersion.version.desc()).limit(1)).first()
    if row is None:
        return 0, Rules()
    return row.version, Rules.from_dict(json.loads(row.body), strict=False)


def of_version(work: Work, version: Any) -> Rules | None:
    """The rules published as `version`, or None if head office never published it.
    A version never changes once published, so each is read once per unit of work."""
    if not isinstance(version, int) or isinstance(version, bool):
        return None
    if version not in work.rule_versions:
        row = work.session.get(RuleVersion, version)
        work.rule_versions[version] = (
            None if row is None else Rules.from_dict(json.loads(row.body), strict=False)
        )
    return work.rule_versions[version]


def ensure_first_version(work: Work) -> None:
    """A new head office publishes the default rules as version 1."""
    if work.session.scalar(select(func.count()).select_from(RuleVersion)) == 0:
        _publish(work, 1, Rules())


def set_rules(work: Work, changes: dict[str, Any]) -> tuple[int, Rules]:
    version, rules = current(work.session)
    try:
        new = Rules.from_dict({**rules.to_dict(), **changes}, strict=True)
    except InvalidInput as exc:
        raise Invalid(str(exc)) from None
    except (TypeError, ValueError) as exc:
        raise Invalid(f"invalid rules: {exc}") from None
    if new == rules:
        raise Invalid("nothing to change: the rules are the same")
    _publish(work, version + 1, new)
    return version + 1, new


def _publish(work: Work, version: int, rules: Rules) -> None:
    body = rules.to_dict()
    work.session.add(
        RuleVersion(version=version, body=json.dumps(body, ensure_ascii=False), created_at=work.at)
    )
    work.publish("rules", str(version), RulesData(version=version, body=body).model_dump())


def parse_setting(text: str) -> tuple[str, Any]:
    """`name=value` from the command line; the value is read as JSON when it can be
    (numbers, lists of tiers), else as text (`expiry_mode=annual`)."""
    name, sep, raw = text.partition("=")
    if not sep or not name.strip():
        raise Invalid(f"'{text}' is not name=value")
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        value = raw
    return name.strip(), value


def set_item(work: Work, sku: str, name: str, points_price: int, stock: int) -> CatalogueData:
    """Add an item, or change its name and price; `stock` is its counted stock."""
    sku, name = sku.strip().upper(), name.strip()
    if not sku or not name or len(sku) > 40 or len(name) > 100:
        raise Invalid("a catalogue item needs a SKU (up to 40 characters) and a name")
    if not (0 < points_price <= 100_000_000 and 0 <= stock <= stock_book.MAX_STOCK):
        raise Invalid("points price must be 1 to 100,000,000 and stock 0 to 1,000,000")
    item = work.session.get(CatalogueItem, sku, with_for_update=True)
    if item is None:
        item = CatalogueItem(sku=sku, active=True, stock=0)
        work.session.add(item)
    item.name, item.points_price, item.updated_at = name, points_price, work.at
    stock_book.move(work, item, stock - item.stock, "set")
    return stock_book.data(item)


def catalogue(session: Session) -> list[CatalogueData]:
    return [
        CatalogueData(
            sku=i.sku, name=i.name, points_price=i.points_price, stock=i.stock, active=i.active
        )
        for i in session.scalars(select(CatalogueItem).order_by(CatalogueItem.sku))
    ]
