"""What a person looks at: the virtual printer's files and pictures, PDF receipts and A4
statements turned into pictures by pdftoppm. Checked for real ink where the text goes."""

import shutil
import subprocess
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageOps

from terminal.devices.printing import (
    PaperOut,
    PrinterConfig,
    PrinterStatus,
    PrintQueue,
    VirtualPrinter,
    open_printer,
)
from terminal.devices.printing.escpos_backend import render
from terminal.devices.printing.escpos_png import render_png
from terminal.devices.printing.pdf import receipt_pdf, statement_pdf
from terminal.domain import receipt as r
from tests.helpers.receipts import ALL_KINDS, AT, MEMBER, sale_receipt, signup_receipt

needs_pdftoppm = pytest.mark.skipif(
    shutil.which("pdftoppm") is None, reason="pdftoppm (Debian poppler-utils) is not installed"
)


def ink(img: Image.Image) -> float:
    """Share of dark pixels."""
    grey = img.convert("L")
    dark = sum(grey.histogram()[:128])
    return dark / (grey.width * grey.height)


def dark_rows(img: Image.Image) -> int:
    grey = ImageOps.invert(img.convert("L")).point(lambda v: 255 if v > 128 else 0)
    return sum(1 for y in range(grey.height) if grey.crop((0, y, grey.width, y + 1)).getbbox())


@pytest.mark.parametrize("width", [58, 80])
def test_the_paper_picture_is_the_paper_width_with_ink(width):
    config = PrinterConfig(width_mm=width)
    img = render_png(render(sale_receipt(), config), config)
    assert img.width == config.dots + 32
    assert 0.03 < ink(img) < 0.5
    assert img.height > 900  # the whole slip: header, lines, totals, balances, barcode


def test_the_picture_draws_chinese_not_boxes():
    """Each Chinese character comes out as its own glyph: a font without them would draw
    the same empty box for all four."""
    config = PrinterConfig(width_mm=58)
    img = render_png(b"\x1b@\x1c&" + "会员折扣".encode("gb18030") + b"\n", config)
    glyphs = [img.crop((16 + 24 * i, 16, 16 + 24 * (i + 1), 16 + 30)).tobytes() for i in range(4)]
    assert len(set(glyphs)) == 4
    assert all(ink(img.crop((16 + 24 * i, 16, 40 + 24 * i, 46))) > 0.05 for i in range(4))


def test_the_virtual_printer_keeps_bytes_and_pictures(tmp_path):
    config = PrinterConfig(kind="virtual", path=str(tmp_path), width_mm=58)
    printer = open_printer(config, now=lambda: AT)
    assert isinstance(printer, VirtualPrinter)
    printer.print_receipt(sale_receipt(), open_drawer=True)
    printer.print_receipt(sale_receipt().as_reprint(AT))
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        "0001-0012-03-000001.bin",
        "0001-0012-03-000001.png",
        "0002-0012-03-000001-reprint.bin",
        "0002-0012-03-000001-reprint.png",
    ]
    assert (tmp_path / names[0]).read_bytes() == render(sale_receipt(), config, open_drawer=True)
    with Image.open(tmp_path / names[1]) as img:
        assert img.width == 384 + 32 and ink(img) > 0.03


def test_the_virtual_printer_rehearses_failures(tmp_path):
    printer = VirtualPrinter(PrinterConfig(kind="virtual", path=str(tmp_path)))
    printer.simulate(PrinterStatus(online=False, paper="out"))
    queue = PrintQueue(printer, tmp_path / "spool.jsonl")
    try:
        job = queue.submit(sale_receipt())
        queue.wait_idle()
        assert queue.job(job).reason == "paper_out"
        with pytest.raises(PaperOut):
            printer.print_receipt(sale_receipt())
        printer.simulate(PrinterStatus(online=True, paper="ok"))
        queue.retry(job)
        queue.wait_idle()
        assert queue.job(job).status == "printed"
    finally:
        queue.stop()


def pdf_to_png(pdf: bytes, tmp_path, name: str, dpi: int = 100) -> list[Image.Image]:
    src = tmp_path / f"{name}.pdf"
    src.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", str(src), str(tmp_path / name)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    pages = sorted(tmp_path.glob(f"{name}-*.png"))
    images = []
    for page in pages:
        with Image.open(page) as img:
            images.append(img.copy())
    return images


@needs_pdftoppm
@pytest.mark.parametrize("kind", list(ALL_KINDS))
@pytest.mark.parametrize("width", [58, 80])
def test_pdf_receipts_render_with_ink(kind, width, tmp_path):
    config = PrinterConfig(kind="pdf", width_mm=width)
    pages = pdf_to_png(receipt_pdf(ALL_KINDS[kind](), config), tmp_path, f"{kind}{width}")
    assert len(pages) == 1
    page = pages[0]
    assert abs(page.width - round(width / 25.4 * 100)) <= 1
    assert ink(page) > 0.02
    assert dark_rows(page) > 150  # many lines of text, not a blank or a single smudge


@needs_pdftoppm
def test_pdf_text_is_real_chinese(tmp_path):
    """The PDF embeds the font and its text extracts as the Chinese it was given."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    src = tmp_path / "r.pdf"
    src.write_bytes(receipt_pdf(signup_receipt(), PrinterConfig(width_mm=80)))
    out = subprocess.run(
        ["pdftotext", str(src), "-"], check=True, capture_output=True, timeout=60
    ).stdout.decode("utf-8")
    assert "测试门店" in out and "会员开卡" in out and "001203000013" in out
    fonts = subprocess.run(["pdffonts", str(src)], capture_output=True, timeout=60).stdout
    assert b"emb" in fonts.lower() or b"yes" in fonts.lower()


def statement(lines: int) -> r.Statement:
    rows = tuple(
        r.StatementLine(
            AT,
            "earn" if i % 2 else "topup",
            "points" if i % 2 else "wallet",
            100 + i,
            f"0012-03-{i:06d}",
            1000 + i,
        )
        for i in range(lines)
    )
    return r.Statement(
        store_name="测试门店",
        member=MEMBER,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 3, 31),
        printed_at=AT,
        opening=r.Balances(0, 0, 0),
        closing=r.Balances(1234, 108_000, 12_000),
        lines=rows,
    )


@needs_pdftoppm
def test_an_a4_statement_runs_onto_more_pages(tmp_path):
    pages = pdf_to_png(statement_pdf(statement(120)), tmp_path, "st", dpi=50)
    assert len(pages) >= 3
    assert all(abs(p.width - round(210 / 25.4 * 50)) <= 1 for p in pages)
    assert ink(pages[0]) > 0.01
    assert all(ink(p) > 0.001 for p in pages)  # every page has at least its footer


@needs_pdftoppm
def test_an_empty_statement_says_so(tmp_path):
    pages = pdf_to_png(statement_pdf(statement(0), "en"), tmp_path, "empty", dpi=50)
    assert len(pages) == 1 and ink(pages[0]) > 0.002


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.binary(max_size=40),
            st.sampled_from(
                [
                    b"\x1b@",
                    b"\x1c&",
                    b"\x1c.",
                    b"\x1b!\x30",
                    b"\x1dV\x00",
                    b"\x1dkI",
                    b"\x1d(k",
                    b"\x1dv0\x00",
                    b"\x1ba\x01",
                    b"\n",
                    b"\x1bd\x02",
                    b"\x10\x04\x01",
                ]
            ),
        ),
        max_size=30,
    )
)
def test_the_paper_picture_never_crashes_on_any_bytes(chunks):
    img = render_png(b"".join(chunks), PrinterConfig(width_mm=58))
    assert img.width == 384 + 32


def test_a_virtual_or_pdf_printer_needs_a_folder():
    from terminal.devices.printing import PrinterError

    for kind in ("virtual", "pdf"):
        with pytest.raises(PrinterError, match="folder"):
            open_printer(PrinterConfig(kind=kind))


def test_without_a_truetype_cjk_font_pdfs_use_the_built_in_cid_font(monkeypatch, tmp_path):
    from terminal.devices.printing import pdf

    monkeypatch.setattr(pdf, "truetype_cjk", lambda: None)
    pdf.cjk_font.cache_clear()
    try:
        assert pdf.cjk_font() == "STSong-Light"
        data = receipt_pdf(sale_receipt(), PrinterConfig(width_mm=58))
        assert b"STSong-Light" in data
    finally:
        pdf.cjk_font.cache_clear()
