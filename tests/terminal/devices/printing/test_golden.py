"""Golden bytes: the exact ESC/POS each receipt kind sends, in GB18030 and in a Latin code
page, compared with files kept under `golden/`. A change to a layout shows up here as a
diff to look at, never silently.

To regenerate after a deliberate layout change, run

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/terminal/devices/printing/test_golden.py

then look at the pictures (`posctl receipt ... --png`, or `render_png` of the new files)
before committing them.
"""

import os
from pathlib import Path

import pytest

from terminal.devices.printing import PrinterConfig
from terminal.devices.printing.escpos_backend import CHINESE_OFF, CHINESE_ON, INIT, render
from tests.helpers.receipts import ALL_KINDS, latin, sale_receipt

GOLDEN = Path(__file__).parent / "golden"
CONFIGS = {
    "gb18030-80": PrinterConfig(encoding="gb18030", width_mm=80),
    "gb18030-58": PrinterConfig(encoding="gb18030", width_mm=58),
    "cp437-80": PrinterConfig(encoding="cp437", width_mm=80),
}
CASES = [(kind, name) for kind in ALL_KINDS for name in CONFIGS]


@pytest.mark.parametrize(("kind", "config_name"), CASES)
def test_escpos_bytes_match_the_golden_file(kind, config_name):
    receipt = ALL_KINDS[kind]()
    config = CONFIGS[config_name]
    if not config.cjk:
        receipt = latin(receipt)
    data = render(receipt, config, open_drawer=receipt.cash_tendered)
    path = GOLDEN / f"{kind}-{config_name}.bin"
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
    assert path.exists(), f"no golden file {path.name}: run with UPDATE_GOLDEN=1"
    assert data == path.read_bytes(), f"{path.name} differs"


@pytest.mark.parametrize("kind", list(ALL_KINDS))
def test_gb18030_receipts_print_chinese_in_chinese_mode(kind):
    data = render(ALL_KINDS[kind](), CONFIGS["gb18030-80"])
    assert data.startswith(INIT)
    assert CHINESE_ON in data[:8]
    assert "测试门店".encode("gb18030") in data
    assert b"?" not in data.replace(b"****", b"")  # nothing unprintable was replaced


@pytest.mark.parametrize("kind", list(ALL_KINDS))
def test_latin_code_page_receipts_leave_chinese_mode(kind):
    data = render(latin(ALL_KINDS[kind]()), CONFIGS["cp437-80"])
    assert data[2:7] == CHINESE_OFF + b"\x1bt\x00"
    assert all(b < 0x80 for b in data.split(b"\x1dk")[0] if b >= 0x20)


def test_the_golden_files_say_what_the_slip_is():
    assert "销售小票".encode("gb18030") in (GOLDEN / "sale-gb18030-80.bin").read_bytes()
    assert "重打小票".encode("gb18030") in (GOLDEN / "reprint-gb18030-80.bin").read_bytes()
    assert b"REFUND" in (GOLDEN / "refund-cp437-80.bin").read_bytes()
    assert b"POSM:001203000013" in (GOLDEN / "signup-gb18030-58.bin").read_bytes()


def test_chinese_on_a_latin_printer_prints_as_a_picture_not_question_marks():
    data = render(sale_receipt(), CONFIGS["cp437-80"])
    assert b"Tier: ??" not in data and b"?*" not in data  # what "replace" would have printed
    assert data.count(b"\x1dv0") >= 3  # store name, member line, tier line, items...
    assert b"Subtotal" in data  # Latin lines stay text


def test_image_fallback_prints_every_non_ascii_line_as_a_picture():
    config = PrinterConfig(encoding="gb18030", width_mm=58, image_fallback=True)
    data = render(sale_receipt(), config)
    assert "测试".encode("gb18030") not in data
    assert data.count(b"\x1dv0") >= 10
    assert b"0012-03-000001" in data  # the ASCII lines are still text


def test_every_wording_exists_in_both_languages():
    from terminal.devices.printing.layout import WORDS

    assert set(WORDS["zh"]) == set(WORDS["en"])


@pytest.mark.parametrize("width", [58, 80])
def test_the_test_page_shows_the_settings_and_a_full_ruler(width):
    from datetime import datetime

    from terminal.devices.printing import test_receipt

    config = PrinterConfig(kind="network", host="10.0.0.9", width_mm=width)
    data = render(test_receipt(config, "测试门店", datetime(2026, 3, 10, 9, 0)), config)
    ruler = "".join(str(i % 10) for i in range(1, 49)).encode()
    assert ruler + b"\n" in data  # one line: the printer's own wrapping shows the width
    assert f"network gb18030 {width}mm".encode() in data
    assert "中文测试".encode("gb18030") in data


def test_default_tier_and_category_names_print_in_the_receipt_language():
    from terminal.devices.printing.layout import shop_name, words

    assert shop_name("Silver", words("zh")) == "银卡会员"
    assert shop_name("general", words("zh")) == "通用商品"
    assert shop_name("Silver", words("en")) == "Silver"
    assert shop_name("VIP 黑卡", words("zh")) == "VIP 黑卡"  # a chain's own name as it is
