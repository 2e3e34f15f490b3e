"""Lay a receipt out as rows of a fixed number of columns, once, for every back end.

The ESC/POS back end prints the rows as they are; the PDF back end draws the same rows
(left part left-aligned, right part right-aligned). Chinese characters take two columns
on a thermal printer, so widths are counted in display columns, not characters.
"""

import unicodedata
from dataclasses import dataclass

from terminal.domain import receipt as r
from terminal.domain.receipt import Receipt

LEFT, CENTER, RIGHT = "left", "center", "right"


@dataclass(frozen=True)
class Row:
    left: str
    right: str = ""
    align: str = LEFT
    bold: bool = False
    big: bool = False  # double width and height
    nowrap: bool = False  # sent as it is: the printer's own line end shows (test page)


@dataclass(frozen=True)
class Rule:
    char: str = "-"


@dataclass(frozen=True)
class Barcode:
    content: str


@dataclass(frozen=True)
class QrCode:
    content: str


@dataclass(frozen=True)
class Feed:
    lines: int = 1


Block = Row | Rule | Barcode | QrCode | Feed


def char_width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def text_width(text: str) -> int:
    return sum(char_width(ch) for ch in text)


def clip(text: str, columns: int) -> str:
    """The longest start of `text` that fits in `columns`."""
    out, used = [], 0
    for ch in text:
        w = char_width(ch)
        if used + w > columns:
            break
        out.append(ch)
        used += w
    return "".join(out)


def wrap(text: str, columns: int) -> list[str]:
    """Split `text` into pieces of at most `columns` display columns (never mid-character)."""
    pieces = []
    while text_width(text) > columns:
        head = clip(text, columns)
        if not head:  # a character wider than the line: give up on it
            text = text[1:]
            continue
        pieces.append(head)
        text = text[len(head) :]
    pieces.append(text)
    return pieces


def fit(row: Row, columns: int) -> list[str]:
    """The printed lines of a row: left and right parts padded apart, else the text
    wrapped (a centred or right-aligned row is aligned by the back end). A big row has
    half the columns. Too long a row wraps rather than being cut off."""
    cols = columns // 2 if row.big else columns
    if row.nowrap:
        return [row.left]
    if row.right:
        gap = cols - text_width(row.left) - text_width(row.right)
        if gap >= 1:
            return [row.left + " " * gap + row.right]
        lines = wrap(row.left, cols)
        right_line = " " * max(cols - text_width(row.right), 0) + row.right
        return lines + wrap(right_line, cols)
    return wrap(row.left, cols)


def yuan(fen: int) -> str:
    """Plain amount, no currency sign: many printers lack the yen sign in GB18030 mode."""
    sign = "-" if fen < 0 else ""
    fen = abs(fen)
    return f"{sign}{fen // 100}.{fen % 100:02d}"


WORDS = {
    "zh": {
        "title_" + r.SALE: "销售小票",
        "title_" + r.TOPUP: "储值充值",
        "title_" + r.REFUND: "退款小票",
        "title_" + r.SIGNUP: "会员开卡",
        "title_" + r.TEST: "打印测试",
        "reprint": "*** 重打小票 ***",
        "reprinted_at": "重打时间",
        "receipt_no": "单号",
        "terminal": "终端",
        "operator": "收银员",
        "time": "时间",
        "member": "会员",
        "phone": "手机",
        "tier": "等级",
        "item": "商品",
        "amount": "金额(元)",
        "subtotal": "小计",
        "tier_discount": "会员折扣",
        "coupon": "优惠券",
        "due": "应付",
        "points": "积分抵扣",
        "wallet": "储值支付",
        "cash": "现金",
        "card": "银行卡",
        "mobile": "移动支付",
        "tendered": "实收",
        "change": "找零",
        "principal": "本金",
        "bonus": "赠送",
        "earned": "本单积分",
        "spent": "使用积分",
        "points_balance": "积分余额",
        "wallet_balance": "储值余额",
        "to_next": "距{tier}还需消费",
        "top_tier": "已是最高等级",
        "topup": "充值金额",
        "topup_bonus": "赠送金额",
        "paid_by": "支付方式",
        "original": "原单号",
        "refund": "退款金额",
        "points_back": "退回积分",
        "points_clawback": "扣回积分",
        "card_no": "会员卡号",
        "welcome": "欢迎加入！出示此码即可识别会员",
        "keep": "请保留小票，退货凭单号办理",
        "thanks": "谢谢惠顾，欢迎再次光临",
        "test_text": "中文测试：收银台打印正常",
        "columns": "每行字数",
        "back_points": "退回积分抵扣",
        "back_wallet": "退回储值",
        "back_cash": "退现金",
        "back_card": "退回银行卡",
        "back_mobile": "退回移动支付",
        "bold": "粗体 123",
        "big": "大字 ABC",
    },
    "en": {
        "title_" + r.SALE: "SALE",
        "title_" + r.TOPUP: "TOP-UP",
        "title_" + r.REFUND: "REFUND",
        "title_" + r.SIGNUP: "NEW MEMBER",
        "title_" + r.TEST: "TEST PAGE",
        "reprint": "*** REPRINT ***",
        "reprinted_at": "Reprinted",
        "receipt_no": "Receipt",
        "terminal": "Terminal",
        "operator": "Cashier",
        "time": "Time",
        "member": "Member",
        "phone": "Phone",
        "tier": "Tier",
        "item": "Item",
        "amount": "Amount",
        "subtotal": "Subtotal",
        "tier_discount": "Member discount",
        "coupon": "Coupon",
        "due": "Total",
        "points": "Points",
        "wallet": "Stored value",
        "cash": "Cash",
        "card": "Bank card",
        "mobile": "Mobile pay",
        "tendered": "Tendered",
        "change": "Change",
        "principal": "principal",
        "bonus": "bonus",
        "earned": "Points earned",
        "spent": "Points used",
        "points_balance": "Points balance",
        "wallet_balance": "Stored value",
        "to_next": "To {tier}",
        "top_tier": "Top tier reached",
        "topup": "Top-up",
        "topup_bonus": "Bonus",
        "paid_by": "Paid by",
        "original": "Original receipt",
        "refund": "Refunded",
        "points_back": "Points returned",
        "points_clawback": "Points taken back",
        "card_no": "Card no.",
        "welcome": "Welcome! Show this code at the counter",
        "keep": "Keep this receipt for returns",
        "thanks": "Thank you, see you again",
        "test_text": "Printer test: text prints fine",
        "columns": "Columns",
        "back_points": "Points back",
        "back_wallet": "To stored value",
        "back_cash": "Cash back",
        "back_card": "To bank card",
        "back_mobile": "To mobile pay",
        "bold": "Bold 123",
        "big": "Big ABC",
    },
}


def words(lang: str) -> dict[str, str]:
    return WORDS.get(lang, WORDS["en"])


# The default ladder's tier names and the default sale category, as a Chinese customer
# reads them; a chain's own names print as they are.
DEFAULT_NAMES = {
    "zh": {
        "Normal": "普通会员",
        "Silver": "银卡会员",
        "Gold": "金卡会员",
        "Diamond": "钻石会员",
        "general": "通用商品",
    },
    "en": {
        "Normal": "Normal",
        "Silver": "Silver",
        "Gold": "Gold",
        "Diamond": "Diamond",
        "general": "Goods",
    },
}


for _lang, _names in DEFAULT_NAMES.items():
    WORDS[_lang].update({f"name:{k}": v for k, v in _names.items()})


def shop_name(name: str, w: dict[str, str]) -> str:
    """A tier or category name in the receipt's language (`w` from `words`)."""
    return w.get(f"name:{name}", name)


def layout(receipt: Receipt, lang: str = "zh") -> list[Block]:
    w = words(lang)
    blocks: list[Block] = [
        Row(receipt.store_name, align=CENTER, bold=True, big=True),
        Row(w["title_" + receipt.kind], align=CENTER, bold=True),
    ]
    if receipt.reprint:
        blocks.append(Row(w["reprint"], align=CENTER, bold=True))
    if receipt.kind not in (r.SIGNUP, r.TEST):  # a sign-up slip shows its card below
        blocks.append(Row(f"{w['receipt_no']}: {receipt.receipt_no}"))
    operator = f"{w['operator']}: {receipt.operator}" if receipt.operator else ""
    if receipt.terminal or operator:
        blocks.append(Row(f"{w['terminal']}: {receipt.terminal}", operator))
    blocks.append(Row(f"{w['time']}: {receipt.at:%Y-%m-%d %H:%M:%S}"))
    if receipt.reprint and receipt.reprinted_at:
        blocks.append(Row(f"{w['reprinted_at']}: {receipt.reprinted_at:%Y-%m-%d %H:%M:%S}"))
    if receipt.member:
        blocks += _member(receipt, w)
    blocks.append(Rule())
    blocks += {
        r.SALE: _sale,
        r.TOPUP: _topup,
        r.REFUND: _refund,
        r.SIGNUP: _signup,
        r.TEST: _test,
    }[receipt.kind](receipt, w)
    if receipt.balances:
        blocks += _balances(receipt, w)
    if receipt.member and receipt.kind in (r.SALE, r.SIGNUP):
        blocks += _tier_progress(receipt, w)
    for code in receipt.codes:
        blocks.append(Feed())
        blocks.append(Barcode(code.content) if code.kind == r.CODE128 else QrCode(code.content))
    blocks.append(Feed())
    for note in receipt.notes:
        blocks.append(Row(note, align=CENTER))
    if receipt.kind in (r.SALE, r.TOPUP, r.REFUND):
        blocks.append(Row(w["keep"], align=CENTER))
    if receipt.kind == r.SALE:
        blocks.append(Row(w["thanks"], align=CENTER))
    return blocks


def _member(receipt: Receipt, w: dict[str, str]) -> list[Block]:
    m = receipt.member
    return [
        Row(f"{w['member']}: {m.card_no}", m.name_masked),
        Row(f"{w['phone']}: {m.phone_masked}", f"{w['tier']}: {shop_name(m.tier_name, w)}"),
    ]


def _tenders(receipt: Receipt, w: dict[str, str]) -> list[Block]:
    blocks: list[Block] = []
    for t in receipt.tenders:
        label = w.get(t.kind, t.kind)
        if receipt.kind == r.REFUND:
            label = w.get("back_" + t.kind, label)
        if t.kind == "points" and t.points:
            label = f"{label}({t.points})"
        blocks.append(Row(label, yuan(t.amount_fen)))
        if t.kind == "wallet" and t.bonus_fen:
            parts = f"{w['principal']} {yuan(t.principal_fen)} {w['bonus']} {yuan(t.bonus_fen)}"
            blocks.append(Row("  " + parts))
        if t.kind == "cash" and t.tendered_fen > t.amount_fen:
            blocks.append(Row("  " + w["tendered"], yuan(t.tendered_fen)))
    return blocks


def _sale(receipt: Receipt, w: dict[str, str]) -> list[Block]:
    blocks: list[Block] = [Row(w["item"], w["amount"])]
    blocks += [Row(shop_name(line.description, w), yuan(line.amount_fen)) for line in receipt.lines]
    blocks += [Rule(), Row(w["subtotal"], yuan(receipt.subtotal_fen))]
    if receipt.tier_discount_fen:
        blocks.append(Row(w["tier_discount"], yuan(-receipt.tier_discount_fen)))
    if receipt.coupon_discount_fen:
        label = f"{w['coupon']} {receipt.coupon_code or ''}".strip()
        blocks.append(Row(label, yuan(-receipt.coupon_discount_fen)))
    blocks.append(Row(w["due"], yuan(receipt.due_fen), bold=True))
    blocks += _tenders(receipt, w)
    if receipt.change_fen:
        blocks.append(Row(w["change"], yuan(receipt.change_fen), bold=True))
    blocks.append(Rule())
    blocks.append(Row(w["earned"], f"+{receipt.points_earned}"))
    if receipt.points_spent:
        blocks.append(Row(w["spent"], f"-{receipt.points_spent}"))
    return blocks


def _topup(receipt: Receipt, w: dict[str, str]) -> list[Block]:
    blocks: list[Block] = [Row(w["topup"], yuan(receipt.topup_fen), bold=True)]
    if receipt.bonus_fen:
        blocks.append(Row(w["topup_bonus"], yuan(receipt.bonus_fen)))
    for t in receipt.tenders:
        blocks.append(Row(w["paid_by"], w.get(t.kind, t.kind)))
    blocks.append(Rule())
    return blocks


def _refund(receipt: Receipt, w: dict[str, str]) -> list[Block]:
    blocks: list[Block] = [
        Row(w["original"], receipt.original_receipt_no or ""),
        Row(w["refund"], yuan(receipt.refund_fen), bold=True),
    ]
    blocks += _tenders(receipt, w)
    if receipt.points_back:
        blocks.append(Row(w["points_back"], f"+{receipt.points_back}"))
    if receipt.points_clawback:
        blocks.append(Row(w["points_clawback"], f"-{receipt.points_clawback}"))
    blocks.append(Rule())
    return blocks


def _signup(receipt: Receipt, w: dict[str, str]) -> list[Block]:
    return [
        Row(f"{w['card_no']}: {receipt.member.card_no if receipt.member else ''}", bold=True),
        Row(w["welcome"], align=CENTER),
        Rule(),
    ]


def _test(receipt: Receipt, w: dict[str, str]) -> list[Block]:
    ruler = "".join(str(i % 10) for i in range(1, 49))
    return [
        Row(w["test_text"]),
        Row("ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789"),
        Row(ruler, nowrap=True),  # wider than 58 mm: where the printer breaks it shows the width
        Row(w["columns"], "|"),
        Row(w["bold"], yuan(12345), bold=True),
        Row(w["big"], align=CENTER, big=True),
    ]


def _balances(receipt: Receipt, w: dict[str, str]) -> list[Block]:
    b = receipt.balances
    blocks: list[Block] = [Row(w["points_balance"], str(b.points))]
    if b.wallet_fen or receipt.kind == r.TOPUP:
        blocks.append(Row(w["wallet_balance"], yuan(b.wallet_fen), bold=True))
        if b.wallet_bonus_fen:
            parts = (
                f"{w['principal']} {yuan(b.wallet_principal_fen)} "
                f"{w['bonus']} {yuan(b.wallet_bonus_fen)}"
            )
            blocks.append(Row("  " + parts))
    return blocks


def _tier_progress(receipt: Receipt, w: dict[str, str]) -> list[Block]:
    m = receipt.member
    if not m.next_tier_name:
        return [Row(w["top_tier"])]
    label = w["to_next"].format(tier=shop_name(m.next_tier_name, w))
    return [Row(label, f"{yuan(m.tier_remaining_fen)} ({m.tier_percent}%)")]
