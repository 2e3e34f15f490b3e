"""Draw ESC/POS bytes as the paper would look, for a person to check a layout without a
printer. It interprets the commands this terminal sends (text in the printer's encoding,
Chinese mode, code pages, bold, double size, alignment, feeds, cut, drawer pulse, QR,
CODE128, raster images) and skips any other command by its length."""

from dataclasses import dataclass, field

import qrcode
from barcode import Code128
from PIL import Image, ImageDraw, ImageFont

from terminal.devices.printing.config import CODE_PAGES, PrinterConfig
from terminal.devices.printing.fonts import any_cjk
from terminal.devices.printing.layout import char_width

PAGE_OF = {n: name for name, n in CODE_PAGES.items()}
MARGIN = 16  # white border around the paper picture


@dataclass
class _Style:
    bold: bool = False
    wide: int = 1
    tall: int = 1


@dataclass
class _State:
    align: int = 0
    style: _Style = field(default_factory=_Style)
    chinese: bool = False
    code_page: int = 0
    barcode_height: int = 162
    barcode_width: int = 3
    hri: int = 0
    qr_data: bytes = b""
    qr_size: int = 3


class _Paper:
    def __init__(self, config: PrinterConfig) -> None:
        self.config = config
        self.dots = config.dots
        self.strips: list[Image.Image] = []
        self.segments: list[tuple[bytes, _Style, bool, int]] = []
        self.drawer_kicks = 0
        found = any_cjk()
        self.font_path = (str(found[0]), found[1]) if found else None
        self._fonts: dict[int, ImageFont.ImageFont] = {}

    def font(self, size: int) -> ImageFont.ImageFont:
        if size not in self._fonts:
            if self.font_path:
                path, index = self.font_path
                self._fonts[size] = ImageFont.truetype(path, size, index=index)
            else:
                self._fonts[size] = ImageFont.load_default(size)
        return self._fonts[size]

    def decode(self, data: bytes, chinese: bool, code_page: int) -> str:
        if chinese:
            encoding = self.config.encoding if self.config.cjk else "gb18030"
        else:
            encoding = PAGE_OF.get(code_page, "cp437")
        return data.decode(encoding, errors="replace")

    def text(self, data: bytes, state: _State) -> None:
        style = _Style(state.style.bold, state.style.wide, state.style.tall)
        self.segments.append((data, style, state.chinese, state.code_page))

    def newline(self, state: _State) -> None:
        runs = [(self.decode(d, c, p), s) for d, s, c, p in self.segments]
        self.segments = []
        tall = max((s.tall for _, s in runs), default=1)
        strip = Image.new("L", (self.dots, 24 * tall + 6), 255)
        width = sum(char_width(ch) * 12 * s.wide for text, s in runs for ch in text)
        x = [0, (self.dots - width) // 2, self.dots - width][state.align if state.align < 3 else 0]
        x = max(x, 0)
        for text, s in runs:
            font = self.font(20 * s.tall)  # 20 px: descenders stay inside 24 dots
            for ch in text:
                w = char_width(ch) * 12 * s.wide
                if x + w > self.dots:  # the printer wraps at the paper's edge
                    self.strips.append(strip)
                    strip = Image.new("L", (self.dots, 24 * tall + 6), 255)
                    x = 0
                if not ch.isspace():
                    glyph = Image.new("L", (12 * char_width(ch) * s.tall, 24 * s.tall), 255)
                    ImageDraw.Draw(glyph).text((0, 0), ch, font=font, fill=0)
                    if s.bold:
                        ImageDraw.Draw(glyph).text((1, 0), ch, font=font, fill=0)
                    glyph = glyph.resize((w, 24 * s.tall))
                    strip.paste(glyph, (x, 24 * (tall - s.tall) + 3))
                x += w
        self.strips.append(strip)

    def feed(self, lines: int) -> None:
        for _ in range(lines):
            self.strips.append(Image.new("L", (self.dots, 30), 255))

    def picture(self, img: Image.Image, align: int) -> None:
        img = img.convert("L")
        if img.width > self.dots:
            img = img.crop((0, 0, self.dots, img.height))
        strip = Image.new("L", (self.dots, img.height), 255)
        x = [0, (self.dots - img.width) // 2, self.dots - img.width][min(align, 2)]
        strip.paste(img, (x, 0))
        self.strips.append(strip)

    def cut(self) -> None:
        strip = Image.new("L", (self.dots, 12), 255)
        draw = ImageDraw.Draw(strip)
        for x in range(0, self.dots, 12):
            draw.line((x, 6, x + 6, 6), fill=120, width=2)
        self.strips.append(strip)

    def barcode(self, data: bytes, state: _State) -> None:
        content = data.decode("ascii", errors="replace")
        if content.startswith("{") and len(content) > 1:
            content = content[2:]  # the code set selector ({A, {B, {C)
        modules = Code128(content).build()[0]
        w, h = state.barcode_width, state.barcode_height
        img = Image.new("L", (len(modules) * w, h), 255)
        draw = ImageDraw.Draw(img)
        for i, bit in enumerate(modules):
            if bit == "1":
                draw.rectangle((i * w, 0, (i + 1) * w - 1, h - 1), fill=0)
        self.picture(img, state.align)
        if state.hri in (2, 3):
            self.segments = [(content.encode("ascii"), _Style(), False, 0)]
            self.newline(state)

    def qr(self, state: _State) -> None:
        code = qrcode.QRCode(box_size=state.qr_size, border=0)
        code.add_data(state.qr_data.decode("utf-8", errors="replace"))
        code.make(fit=True)
        self.picture(code.make_image().get_image(), state.align)

    def raster(self, width_bytes: int, height: int, data: bytes, align: int) -> None:
        img = Image.frombytes("1", (width_bytes * 8, height), bytes(b ^ 0xFF for b in data))
        self.picture(img, align)

    def image(self) -> Image.Image:
        if self.segments:
            self.newline(_State())
        height = sum(s.height for s in self.strips) or 1
        paper = Image.new("L", (self.dots + 2 * MARGIN, height + 2 * MARGIN), 255)
        y = MARGIN
        for strip in self.strips:
            paper.paste(strip, (MARGIN, y))
            y += strip.height
        ImageDraw.Draw(paper).rectangle(
            (0, 0, paper.width - 1, paper.height - 1), outline=180, width=1
        )
        return paper


def _u16(data: bytes, i: int) -> int:
    return data[i] | data[i + 1] << 8 if i + 1 < len(data) else 0


def render_png(data: bytes, config: PrinterConfig) -> Image.Image:
    """A picture of what `data` would print on `config`'s paper (a grey-scale image)."""
    paper, state = _Paper(config), _State()
    i, n = 0, len(data)
    while i < n:
        b = data[i]
        if b == 0x0A:
            paper.newline(state)
            i += 1
        elif b in (0x1B, 0x1C, 0x1D, 0x10):
            try:
                i = max(_command(data, i, paper, state), i + 1)
            except Exception:  # a malformed command: show a mark, go on with the rest
                paper.segments.append((b"[?]", _Style(), False, 0))
                i += 1
        elif b < 0x20 and b != 0x09:
            i += 1  # other control bytes print nothing
        else:
            # A run of text. GB18030 and Big5 trail bytes are never control bytes.
            j = i
            while j < n and (data[j] >= 0x20 or data[j] == 0x09):
                j += 1
            paper.text(data[i:j], state)
            i = j
    return paper.image()


def _command(data: bytes, i: int, paper: _Paper, state: _State) -> int:
    """Interpret the command at `i`; return the index after it."""
    n = len(data)
    lead = data[i]
    op = data[i + 1] if i + 1 < n else 0
    arg = data[i + 2] if i + 2 < n else 0
    if lead == 0x10:  # DLE EOT n: a status query prints nothing
        return i + 3
    if lead == 0x1B:
        if op == ord("@"):
            state.__init__()
            return i + 2
        if op == ord("!"):
            state.style = _Style(bool(arg & 0x08), 2 if arg & 0x20 else 1, 2 if arg & 0x10 else 1)
            return i + 3
        if op == ord("E"):
            state.style.bold = bool(arg & 1)
            return i + 3
        if op == ord("a"):
            state.align = arg - 48 if arg >= 48 else arg
            return i + 3
        if op == ord("d"):
            paper.feed(arg)
            return i + 3
        if op == ord("t"):
            state.code_page = arg
            return i + 3
        if op == ord("p"):
            paper.drawer_kicks += 1
            return i + 5
        if op in (ord("2"),):
            return i + 2
        return i + 3  # ESC x n: most one-argument settings (font, underline, spacing)
    if lead == 0x1C:
        if op == ord("&"):
            state.chinese = True
        elif op == ord("."):
            state.chinese = False
        return i + 2
    # GS
    if op == ord("!"):
        state.style = _Style(state.style.bold, (arg >> 4) + 1, (arg & 0x0F) + 1)
        return i + 3
    if op == ord("V"):
        paper.cut()
        return i + (4 if arg in (65, 66) else 3)
    if op == ord("h"):
        state.barcode_height = arg or 1
        return i + 3
    if op == ord("w"):
        state.barcode_width = arg or 1
        return i + 3
    if op == ord("H"):
        state.hri = arg - 48 if arg >= 48 else arg
        return i + 3
    if op == ord("k"):
        if arg >= 65:  # GS k m n d1..dn
            length = data[i + 3] if i + 3 < n else 0
            paper.barcode(data[i + 4 : i + 4 + length], state)
            return i + 4 + length
        end = data.find(b"\x00", i + 3)
        end = n if end < 0 else end
        return end + 1
    if op == ord("(") and arg == ord("k"):  # GS ( k pL pH cn fn ...: 2D codes
        size = _u16(data, i + 3)
        body = data[i + 5 : i + 5 + size]
        if len(body) >= 2 and body[0] == 49:
            fn = body[1]
            if fn == 67 and len(body) > 2:
                state.qr_size = body[2]
            elif fn == 80:
                state.qr_data = body[3:]
            elif fn == 81:
                paper.qr(state)
        return i + 5 + size
    if op == ord("(") and arg == ord("L"):
        return i + 5 + _u16(data, i + 3)
    if op == ord("v") and arg == ord("0"):  # GS v 0 m xL xH yL yH data
        width_bytes, height = _u16(data, i + 4), _u16(data, i + 6)
        body = data[i + 8 : i + 8 + width_bytes * height]
        if len(body) == width_bytes * height and width_bytes and height:
            paper.raster(width_bytes, height, body, state.align)
        return i + 8 + width_bytes * height
    return i + 3
