"""`posctl receipt` and `posctl statement`: files a person (or a printer) can use, and
clear one-line errors."""

from datetime import date, timedelta

from PIL import Image

from terminal.devices.printing.escpos_backend import CHINESE_ON
from tests.terminal.test_cli import CASHIER, MANAGER, card, cli, cli_template  # noqa: F401


def _sale(cli, card) -> dict:  # noqa: F811
    return cli.ok("sale", card, "--amount", "88.50", "--cash", "100", *CASHIER)


def test_receipt_writes_pdf_escpos_and_png(cli, card, tmp_path):  # noqa: F811
    sale = _sale(cli, card)
    out = cli.ok(
        "receipt",
        sale["receipt_no"],
        "--pdf",
        str(tmp_path / "r.pdf"),
        "--escpos",
        str(tmp_path / "r.bin"),
        "--png",
        str(tmp_path / "r.png"),
        "--width",
        "58",
    )
    assert out["kind"] == "sale" and out["receipt_no"] == sale["receipt_no"]
    assert out["receipt"]["due_fen"] == 8_850
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    data = (tmp_path / "r.bin").read_bytes()
    assert CHINESE_ON in data and "测试门店".encode("gb18030") in data
    assert sale["receipt_no"].encode() in data
    with Image.open(tmp_path / "r.png") as png:
        assert png.width == 384 + 32  # 58 mm paper and a margin


def test_receipt_as_text_by_sale_id(cli, card):  # noqa: F811
    sale = _sale(cli, card)
    code, out, err = cli.run("receipt", sale["sale_id"], as_json=False)
    assert code == 0 and err == ""
    assert "找零" in out and "11.50" in out and sale["receipt_no"] in out


def test_a_latin_code_page_receipt_is_in_english(cli, card, tmp_path):  # noqa: F811
    sale = _sale(cli, card)
    cli.ok("receipt", sale["receipt_no"], "--encoding", "cp437", "--escpos", str(tmp_path / "x"))
    data = (tmp_path / "x").read_bytes()
    assert b"\x1bt\x00" in data and b"Change" in data and CHINESE_ON not in data


def test_reprint_needs_a_managers_approval_and_is_marked(cli, card):  # noqa: F811
    sale = _sale(cli, card)
    no = sale["receipt_no"]
    assert "approval" in cli.fails("receipt", no, "--reprint", *CASHIER)
    reprint = ("receipt", "reprint", no, "--approver", "manager", "--approver-pin")
    assert "PIN" in cli.fails(*reprint, "1")
    wrong = cli.fails(*reprint, "1235")
    assert "PIN" in wrong or "wrong" in wrong
    assert "not a manager" in cli.fails(
        "receipt", "reprint", no, "--approver", "cashier", "--approver-pin", "1111"
    )
    out = cli.ok("receipt", no, "--reprint", *CASHIER, *MANAGER)
    assert out["reprint"] is True and out["receipt"]["reprint"] is True
    assert out["approver"] == "manager" and out["receipt"]["reprinted_at"] == out["reprinted_at"]


def test_receipt_reprint_number_with_the_approver_alone(cli, card, tmp_path):  # noqa: F811
    sale = _sale(cli, card)
    code, out, err = cli.run("receipt", "reprint", sale["receipt_no"], *MANAGER, as_json=False)
    assert code == 0 and err == "", err
    assert "重打小票" in out and "重打时间" in out and sale["receipt_no"] in out
    assert "no sale" in cli.fails("receipt", "reprint", "0012-03-999999", *MANAGER)
    assert "receipt number" in cli.fails("receipt", "reprint", *MANAGER)
    assert "unexpected" in cli.fails("receipt", sale["receipt_no"], "extra")


def test_signup_slip_and_statement(cli, card, tmp_path):  # noqa: F811
    out = cli.ok("receipt", card, "--signup")
    assert out["receipt"]["codes"] == [{"kind": "qr", "content": "POSM:" + card}]
    _sale(cli, card)
    st = cli.ok(
        "statement",
        card,
        "--from",
        str(date.today() - timedelta(days=30)),
        "--to",
        str(date.today() + timedelta(days=30)),
        "--pdf",
        str(tmp_path / "st.pdf"),
    )
    assert st["lines"] == 1 and st["closing_points"] == 88
    assert (tmp_path / "st.pdf").read_bytes().startswith(b"%PDF")


def test_bad_receipt_requests_are_one_line_errors(cli, card, tmp_path):  # noqa: F811
    assert "no sale" in cli.fails("receipt", "0012-03-999999")
    sale = _sale(cli, card)
    blocked = tmp_path / "file"
    blocked.write_text("")
    message = cli.fails("receipt", sale["receipt_no"], "--pdf", str(blocked / "r.pdf"))
    assert "cannot write" in message
    cli.fails("receipt", sale["receipt_no"], "--width", "70", code=2)
    cli.fails("receipt", sale["receipt_no"], "--encoding", "utf-8", code=2)
