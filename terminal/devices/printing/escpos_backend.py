"""Render a receipt to ESC/POS bytes with python-escpos's Dummy printer.

Text is encoded here, not by python-escpos: its "magic" encoder only knows single-byte
code pages switched with ESC t, not GB18030/GBK/Big5. So a CJK printer is put into its
Chinese character mode (FS &) and sent the encoded bytes raw; a Latin-only printer
leaves Chinese mode (FS .) and selects its code page (ESC t n). Printers without Chinese
fonts can get every non-ASCII line as a raster image instead (`image_fallback`); a line
the printer's character set cannot hold at all is always sent as an image.
"""

from escpos.image import EscposImage
from escpos.printer import Dummy
from PIL import Image, ImageDraw, ImageFont

from terminal.devices.printing import layout as lay
from terminal.devices.printing.config import CODE_PAGES, PrinterConfig
from terminal.devices.printing.fonts import any_cjk
from terminal.domain.receipt import Receipt

ESC, GS, FS = b"\x1b", b"\x1d", b"\x1c"
INIT = ESC + b"@"
CHINESE_ON = FS + b"&"
CHINESE_OFF = FS + b"."
DOT_LINE = 24  # font A: 12 x 24 dots


def drawer_pulse(config: PrinterConfig) -> bytes:
    """ESC p m t1 t2: pulse the drawer pin for `drawer_pulse_ms` (units of 2 ms)."""
    m = 0 if config.drawer_pin == 2 else 1
    on = max(1, min(255, config.drawer_pulse_ms // 2))
    return ESC + b"p" + bytes((m, on, min(255, on * 2)))


def character_mode(config: PrinterConfig) -> bytes:
    if config.cjk:
        return CHINESE_ON
    return CHINESE_OFF + ESC + b"t" + bytes((CODE_PAGES[config.encoding.lower()],))


class _Writer:
    def __init__(self, config: PrinterConfig) -> None:
        self.config = config
        self.p = Dummy()
        self.encoding = config.encoding.lower()
        self.style: tuple[str, bool, bool] | None = None

    def raw(self, data: bytes) -> None:
        self.p._raw(data)

    def set(self, align: str = lay.LEFT, bold: bool = False, big: bool = False) -> None:
        """Send only what changed: python-escpos's set() repeats the size commands."""
        old_align, old_bold, old_big = self.style or (None, None, None)
        if big != old_big:
            self.p.set(double_width=big, double_height=big, normal_textsize=not big)
        if bold != old_bold:
            self.p.set(bold=bold)
        if align != old_align:
            self.p.set(align=align)
        self.style = (align, bold, big)

    def row(self, row: lay.Row) -> None:
        self.set(row.align if not row.right else lay.LEFT, row.bold, row.big)
        for line in lay.fit(row, self.config.columns):
            try:
                encoded = line.encode(self.encoding)
            except UnicodeEncodeError:  # e.g. Chinese on a Latin code page: a picture of it
                encoded = None
            if encoded is None or (self.config.image_fallback and not line.isascii()):
                self.image(text_image(line, self.config, row.bold, row.big, row.align))
            else:
                self.raw(encoded + b"\n")

    def image(self, img: Image.Image) -> None:
        """GS v 0 raster image, left-aligned (the picture is already paper-wide)."""
        im = EscposImage(img)
        header = (
            GS
            + b"v0\x00"
            + self.p._int_low_high(im.width_bytes, 2)
            + self.p._int_low_high(im.height, 2)
        )
        self.raw(header + im.to_raster_format())

    def barcode(self, content: str) -> None:
        # Code set B: the dashes of a receipt number need it. The module width shrinks
        # on 58 mm paper so the code stays within the printable width.
        modules = (len(content) + 3) * 11 + 2
        width = 3 if modules * 3 <= self.config.dots else 2
        self.set(lay.CENTER)
        # _hw_barcode, not barcode(): the latter prints its choice of renderer on stdout.
        self.p._hw_barcode(
            "{B" + content, "CODE128", height=80, width=width, pos="BELOW", function_type="B"
        )
        self.raw(b"\n")

    def qr(self, content: str) -> None:
        self.set(lay.CENTER)
        if self.config.native_qr:
            self.p.qr(content, size=6, native=True)
            self.raw(b"\n")
        else:
            self.image(qr_image(content, self.config.dots))

    def block(self, block: lay.Block) -> None:
        match block:
            case lay.Row():
                self.row(block)
            case lay.Rule():
                self.set()
                self.raw(block.char.encode("ascii") * self.config.columns + b"\n")
            case lay.Barcode():
                self.barcode(block.content)
            case lay.QrCode():
                self.qr(block.content)
            case lay.Feed():
                self.raw(b"\n" * block.lines)


def render(receipt: Receipt, config: PrinterConfig, open_drawer: bool = False) -> bytes:
    """The exact bytes to send for `receipt`, the drawer kick first when asked."""
    w = _Writer(config)
    w.raw(INIT)
    if open_drawer:
        w.raw(drawer_pulse(config))
    w.raw(character_mode(config))
    for block in lay.layout(receipt, config.wording):
        w.block(block)
    w.set()
    if config.cut:
        w.p.cut()
    else:
        w.raw(ESC + b"d\x04")
    return bytes(w.p.output)


# --- pictures of text and codes ----------------------------------------------------------


def _font(size: int) -> ImageFont.ImageFont:
    found = any_cjk()
    if found is None:
        return ImageFont.load_default(size)
    path, index = found
    return ImageFont.truetype(str(path), size, index=index)


def text_image(
    line: str,
    config: PrinterConfig,
    bold: bool = False,
    big: bool = False,
    align: str = lay.LEFT,
) -> Image.Image:
    """One printed line as a 1-bit picture the paper's width, laid out on the same
    12-dot column grid as the printer's own font (24 dots per Chinese character)."""
    scale = 2 if big else 1
    cell, height = 12 * scale, DOT_LINE * scale
    img = Image.new("1", (config.dots, height), 1)
    draw = ImageDraw.Draw(img)
    font = _font(20 * scale)  # 20 px: descenders stay inside the 24-dot line
    width = lay.text_width(line) * cell
    x = {lay.CENTER: (config.dots - width) // 2, lay.RIGHT: config.dots - width}.get(align, 0)
    for ch in line:
        if not ch.isspace():
            draw.text((x, 0), ch, font=font, fill=0)
            if bold:
                draw.text((x + 1, 0), ch, font=font, fill=0)
        x += lay.char_width(ch) * cell
    return img


def qr_image(content: str, dots: int):
    import qrcode

    code = qrcode.QRCode(box_size=6, border=2)
    code.add_data(content)
    code.make(fit=True)
    img = code.make_image().get_image().convert("1")
    canvas = Image.new("1", (dots, img.height), 1)
    canvas.paste(img, ((dots - img.width) // 2, 0))
    return canvas
