"""PDF receipts (the paper's width, as long as the receipt) and A4 member statements,
drawn with reportlab from the same layout as the thermal printer. Chinese is drawn with
a CJK TrueType font from the system, embedded in the file; without one, with reportlab's
built-in STSong-Light (a CID font the PDF reader supplies)."""

import io
from functools import lru_cache

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode import code128
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from terminal.devices.printing import layout as lay
from terminal.devices.printing.config import PrinterConfig
from terminal.devices.printing.fonts import truetype_cjk
from terminal.domain.receipt import Receipt, Statement

MARGIN = 4 * mm
SIZE = 8.5  # points: a half-width character of the mono font is then 1.5 mm, as on paper
LEADING = SIZE * 1.35
BARCODE_HEIGHT = 12 * mm
QR_SIZE = 28 * mm


@lru_cache(maxsize=1)
def cjk_font() -> str:
    """Register and name the font for Chinese text."""
    found = truetype_cjk()
    if found is not None:
        path, index = found
        try:
            pdfmetrics.registerFont(TTFont("ReceiptCJK", str(path), subfontIndex=index))
            return "ReceiptCJK"
        except Exception:  # a damaged or unusual font file: fall back below
            pass
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def _height(block: lay.Block, columns: int) -> float:
    match block:
        case lay.Row():
            lines = len(lay.wrap(block.left, columns) if block.nowrap else lay.fit(block, columns))
            return lines * LEADING * (2 if block.big else 1)
        case lay.Rule() | lay.Feed():
            return LEADING * (block.lines if isinstance(block, lay.Feed) else 1)
        case lay.Barcode():
            return BARCODE_HEIGHT + LEADING * 1.5
        case lay.QrCode():
            return QR_SIZE + 2
    return 0.0


def receipt_pdf(receipt: Receipt, config: PrinterConfig) -> bytes:
    """A one-page PDF of `receipt`, as wide as the printer's paper."""
    font = cjk_font()
    blocks = lay.layout(receipt, config.wording)
    width = config.width_mm * mm
    height = sum(_height(b, config.columns) for b in blocks) + 2 * MARGIN + LEADING
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(width, height), invariant=1)
    c.setTitle(f"{receipt.store_name} {receipt.receipt_no}")
    left, right = MARGIN, width - MARGIN
    y = height - MARGIN - SIZE
    for block in blocks:
        match block:
            case lay.Row():
                y = _row(c, block, font, config.columns, left, right, y)
            case lay.Rule():
                c.setDash(2, 2)
                c.setLineWidth(0.5)
                c.line(left, y + SIZE / 3, right, y + SIZE / 3)
                c.setDash()
                y -= LEADING
            case lay.Feed():
                y -= LEADING * block.lines
            case lay.Barcode():
                _barcode(c, block.content, font, left, right, y + SIZE)
                y -= _height(block, config.columns)
            case lay.QrCode():
                _qr(c, block.content, (width - QR_SIZE) / 2, y + SIZE - QR_SIZE)
                y -= _height(block, config.columns)
    c.showPage()
    c.save()
    return buf.getvalue()


def _barcode(c, content: str, font: str, left: float, right: float, top: float) -> None:
    code = code128.Code128(content, barHeight=BARCODE_HEIGHT, barWidth=0.3 * mm)
    if code.width > right - left:  # narrow paper: thinner bars, same code
        bar = 0.3 * mm * (right - left) / code.width
        code = code128.Code128(content, barHeight=BARCODE_HEIGHT, barWidth=bar)
    middle = (left + right) / 2
    code.drawOn(c, middle - code.width / 2, top - BARCODE_HEIGHT)
    c.setFont(font, SIZE)
    c.drawCentredString(middle, top - BARCODE_HEIGHT - LEADING, content)


def _qr(c, content: str, x: float, y: float) -> None:
    widget = QrCodeWidget(content)
    x0, y0, x1, y1 = widget.getBounds()
    scale = [QR_SIZE / (x1 - x0), 0, 0, QR_SIZE / (y1 - y0), 0, 0]
    drawing = Drawing(QR_SIZE, QR_SIZE, transform=scale)
    drawing.add(widget)
    renderPDF.draw(drawing, c, x, y)


def _row(c, row: lay.Row, font: str, columns: int, left: float, right: float, y: float) -> float:
    size = SIZE * (2 if row.big else 1)
    lead = LEADING * (2 if row.big else 1)
    # Bold without a bold face: fill and stroke the glyphs.
    c.setLineWidth(0.35 if row.bold else 0)
    mode = 2 if row.bold else 0
    lines = lay.wrap(row.left, columns) if row.nowrap else lay.fit(row, columns)
    if row.right and len(lines) == 1:
        _draw(c, left, y, row.left, mode, font, size)
        _draw(c, right - c.stringWidth(row.right, font, size), y, row.right, mode, font, size)
        return y - lead
    for line in lines:
        stripped = line.strip()
        if row.align == lay.CENTER:
            x = (left + right - c.stringWidth(stripped, font, size)) / 2
        elif row.align == lay.RIGHT or (row.right and line.startswith(" ")):
            x = right - c.stringWidth(stripped, font, size)
        else:
            x, stripped = left, line
        _draw(c, x, y - (lead - LEADING if row.big else 0), stripped, mode, font, size)
        y -= lead
    return y


def _draw(c, x: float, y: float, s: str, mode: int, font: str, size: float) -> None:
    t = c.beginText(x, y)
    t.setFont(font, size)
    t.setTextRenderMode(mode)
    t.textOut(s)
    c.drawText(t)


# --- the A4 statement ----------------------------------------------------------------------

KIND_WORDS = {
    "zh": {
        "earn": "消费积分",
        "spend": "消费抵扣",
        "redeem": "积分兑换",
        "expire": "积分过期",
        "adjust": "人工调整",
        "refund": "退款退回",
        "clawback": "退款扣回",
        "topup": "储值充值",
        "bonus": "充值赠送",
        "checkin": "签到积分",
        "referral": "推荐奖励",
        "transfer": "合并转入",
        "points": "积分",
        "wallet": "储值(元)",
    },
    "en": {"points": "points", "wallet": "stored value"},
}
STATEMENT_WORDS = {
    "zh": {
        "title": "会员对账单",
        "member": "会员",
        "card": "卡号",
        "phone": "手机",
        "tier": "等级",
        "period": "期间",
        "printed": "打印时间",
        "opening": "期初余额",
        "closing": "期末余额",
        "head": ("日期时间", "类别", "账户", "变动", "余额", "单号/说明"),
        "none": "本期无变动",
        "page": "第 {n} 页",
        "points": "积分",
        "wallet": "储值",
        "principal": "本金",
        "bonus": "赠送",
    },
    "en": {
        "title": "Member statement",
        "member": "Member",
        "card": "Card",
        "phone": "Phone",
        "tier": "Tier",
        "period": "Period",
        "printed": "Printed",
        "opening": "Opening balance",
        "closing": "Closing balance",
        "head": ("Date", "Kind", "Account", "Change", "Balance", "Reference"),
        "none": "No changes in this period",
        "page": "Page {n}",
        "points": "Points",
        "wallet": "Stored value",
        "principal": "principal",
        "bonus": "bonus",
    },
}


def statement_pdf(statement: Statement, lang: str = "zh") -> bytes:
    """An A4 statement: the member, the period, opening and closing balances, every
    ledger line with the balance after it. Long statements run onto further pages with
    the column heads repeated."""
    font = cjk_font()
    w = STATEMENT_WORDS.get(lang, STATEMENT_WORDS["en"])
    kinds = KIND_WORDS.get(lang, KIND_WORDS["en"])
    body = ParagraphStyle("body", fontName=font, fontSize=10, leading=14)
    cell = ParagraphStyle("cell", fontName=font, fontSize=9, leading=11)
    title = ParagraphStyle("title", fontName=font, fontSize=18, leading=24, spaceAfter=6)
    m = statement.member

    def balances(b) -> str:
        return (
            f"{w['points']} {b.points} · {w['wallet']} {lay.yuan(b.wallet_fen)} "
            f"({w['principal']} {lay.yuan(b.wallet_principal_fen)} "
            f"{w['bonus']} {lay.yuan(b.wallet_bonus_fen)})"
        )

    story = [
        Paragraph(f"{statement.store_name} {w['title']}", title),
        Paragraph(f"{w['member']}: {m.name_masked}　{w['card']}: {m.card_no}", body),
        Paragraph(
            f"{w['phone']}: {m.phone_masked}　{w['tier']}: {lay.shop_name(m.tier_name, w)}", body
        ),
        Paragraph(
            f"{w['period']}: {statement.period_start:%Y-%m-%d} – {statement.period_end:%Y-%m-%d}"
            f"　{w['printed']}: {statement.printed_at:%Y-%m-%d %H:%M}",
            body,
        ),
        Spacer(1, 4 * mm),
        Paragraph(f"{w['opening']}: {balances(statement.opening)}", body),
        Spacer(1, 3 * mm),
    ]
    rows = [list(w["head"])]
    for line in statement.lines:
        wallet = line.account == "wallet"
        amount = lay.yuan(line.amount) if wallet else str(line.amount)
        if line.amount > 0:
            amount = "+" + amount
        rows.append(
            [
                f"{line.at:%Y-%m-%d %H:%M}",
                kinds.get(line.kind, line.kind),
                kinds.get(line.account, line.account),
                amount,
                lay.yuan(line.balance_after) if wallet else str(line.balance_after),
                Paragraph(line.reference, cell) if line.reference else "",
            ]
        )
    if len(rows) == 1:
        rows.append([w["none"], "", "", "", "", ""])
    table = Table(
        rows,
        colWidths=[32 * mm, 24 * mm, 22 * mm, 24 * mm, 26 * mm, 44 * mm],
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), font, 9),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
                ("ALIGN", (3, 0), (4, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#cccccc")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    story += [table, Spacer(1, 4 * mm)]
    story.append(Paragraph(f"{w['closing']}: {balances(statement.closing)}", body))
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=14 * mm,
        rightMargin=14 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=f"{w['title']} {m.card_no}",
        invariant=1,
    )
    footer = f"{statement.store_name} · {w['card']} {m.card_no}"

    def page_footer(c, doc) -> None:
        c.saveState()
        c.setFont(font, 8)
        c.drawString(14 * mm, 9 * mm, footer)
        c.drawRightString(A4[0] - 14 * mm, 9 * mm, w["page"].format(n=doc.page))
        c.restoreState()

    doc.build(story, onFirstPage=page_footer, onLaterPages=page_footer)
    return buf.getvalue()
