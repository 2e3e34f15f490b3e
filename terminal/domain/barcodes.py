"""Classify a scanned code with an ordered, configurable nomenclature (as Odoo does).

Each rule has a kind and a regular expression; the first rule that matches (and, for
member cards, whose check digit is right) decides. Nothing here raises on garbage: an
unknown code comes back as kind 'unknown' with a message for the cashier.
"""

import re
import unicodedata
from dataclasses import dataclass

from terminal.domain.cards import is_card_no

MEMBER_CARD = "member_card"
MEMBER_QR = "member_qr"
COUPON = "coupon"
RECEIPT = "receipt"
PRODUCT = "product"
UNKNOWN = "unknown"

KINDS = (MEMBER_CARD, MEMBER_QR, COUPON, RECEIPT, PRODUCT)
MAX_CODE_LENGTH = 256


@dataclass(frozen=True)
class NomenclatureRule:
    kind: str
    pattern: str


DEFAULT_NOMENCLATURE: tuple[NomenclatureRule, ...] = (
    NomenclatureRule(MEMBER_QR, r"^POSM:(?P<value>\d{12,20})$"),
    NomenclatureRule(RECEIPT, r"^(?P<value>\d{4}-\d{2}-\d{6,})$"),
    NomenclatureRule(COUPON, r"^(?P<value>CP[0-9A-Z]{6,20})$"),
    NomenclatureRule(MEMBER_CARD, r"^(?P<value>\d{12,20})$"),
    NomenclatureRule(PRODUCT, r"^(?P<value>\d{8}|\d{12,14})$"),
)


@dataclass(frozen=True)
class ScannedCode:
    kind: str
    value: str
    raw: str
    message: str = ""


def classify(raw: str, rules: tuple[NomenclatureRule, ...] = DEFAULT_NOMENCLATURE) -> ScannedCode:
    text = unicodedata.normalize("NFKC", str(raw))
    code = "".join(ch for ch in text if ch.isprintable()).strip()
    if not code or len(code) > MAX_CODE_LENGTH:
        return ScannedCode(UNKNOWN, "", str(raw)[:MAX_CODE_LENGTH], "empty or unreadable code")
    for rule in rules:
        match = re.match(rule.pattern, code)
        if not match:
            continue
        value = match.groupdict().get("value") or code
        if rule.kind in (MEMBER_CARD, MEMBER_QR) and not is_card_no(value):
            continue
        return ScannedCode(rule.kind, value, code)
    return ScannedCode(UNKNOWN, "", code, f"code '{code[:40]}' is not a card, coupon or receipt")
