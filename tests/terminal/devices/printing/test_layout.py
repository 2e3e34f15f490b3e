"""Columns on a thermal printer: Chinese counts double, nothing runs past the paper edge,
nothing is lost when a line wraps; and each encoding gets the bytes its printer reads."""

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from terminal.devices.printing import PrinterConfig
from terminal.devices.printing import layout as lay
from terminal.devices.printing.escpos_backend import CHINESE_ON, render
from tests.helpers.receipts import MEMBER, sale_receipt

TEXT = st.text(
    alphabet=st.sampled_from("abc 123.-测试门店會員¥￥（）ＡＢ"), min_size=0, max_size=80
)


def test_chinese_counts_double():
    assert lay.text_width("积分余额") == 8
    assert lay.text_width("Points 12") == 9
    assert lay.fit(lay.Row("小计", "100.00"), 32) == ["小计" + " " * 22 + "100.00"]


@given(left=TEXT, right=TEXT, columns=st.sampled_from([32, 48]), big=st.booleans())
def test_rows_never_run_past_the_paper_and_lose_nothing(left, right, columns, big):
    row = lay.Row(left, right, big=big)
    lines = lay.fit(row, columns)
    width = columns // 2 if big else columns
    assert all(lay.text_width(line) <= width for line in lines)
    printed = "".join(lines).replace(" ", "")
    assert printed == (left + right).replace(" ", "")


def test_a_long_item_wraps_and_keeps_its_amount_on_the_right():
    lines = lay.fit(lay.Row("一个非常非常长的商品名称用来测试自动换行", "12.00"), 32)
    assert len(lines) == 3
    assert lines[-1].endswith("12.00") and lay.text_width(lines[-1]) == 32


def test_gbk_prints_a_rare_name_character_as_a_picture():
    """䶮 (as in 刘䶮) is in GB18030 but not in GBK: on a GBK printer that line is drawn."""
    receipt = replace(sale_receipt(), member=replace(MEMBER, name_masked="刘䶮"))
    gbk = render(receipt, PrinterConfig(encoding="gbk"))
    gb18030 = render(receipt, PrinterConfig(encoding="gb18030"))
    assert "䶮".encode("gb18030") in gb18030 and b"\x1dv0" not in gb18030
    assert b"\x1dv0" in gbk and "会员".encode("gbk") in gbk


def test_big5_printers_get_big5_bytes():
    receipt = replace(sale_receipt(), store_name="台北門市")
    data = render(receipt, PrinterConfig(encoding="big5"))
    assert CHINESE_ON in data[:8]
    assert "台北門市".encode("big5") in data
    # simplified characters Big5 lacks (销 in 销售小票) come out as pictures, not "?"
    assert "销".encode("gb18030") not in data and b"\x1dv0" in data
