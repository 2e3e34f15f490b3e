"""`posctl sync enrol | now | status` against the real head office (real clocks)."""

import json
from pathlib import Path

import pytest

from terminal.cli import main
from tests.helpers.sync_kit import live_head_office


def posctl(capsys, db: Path, *args: str) -> tuple[int, dict | None, str]:
    capsys.readouterr()
    try:
        code = main(["--db", str(db), *args, "--json"])
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, json.loads(out) if out.strip() else None, err.strip()


@pytest.fixture
def office(tmp_path):
    with live_head_office(str(tmp_path / "ho.db"), None, tmp_path, None) as live:
        yield live


def setup_terminal(capsys, db: Path) -> None:
    for args in (
        ("init", "--store", "1", "--terminal", "1"),
        ("operator", "add", "--name", "cashier", "--role", "cashier", "--pin", "1111"),
    ):
        assert posctl(capsys, db, *args)[0] == 0


def test_enrol_push_pull_and_status(office, tmp_path, capsys):
    a, b = tmp_path / "a" / "t.db", tmp_path / "b" / "t.db"
    for db in (a, b):
        db.parent.mkdir()
        setup_terminal(capsys, db)
    code, data, err = posctl(capsys, a, "sync", "status")
    assert code == 0 and data["enrolled"] is False
    code, data, err = posctl(capsys, a, "sync", "now")
    assert code == 1 and "not enrolled" in err and data is None

    code, data, err = posctl(capsys, a, "sync", "enrol", office.url, office.enrol_code(1))
    assert code == 0, err
    assert data["terminal_id"] == "000101"
    assert Path(data["credentials_file"]).stat().st_mode & 0o777 == 0o600
    code, _, err = posctl(capsys, a, "sync", "enrol", office.url, "another-code")
    assert code == 1 and "already enrolled" in err
    assert posctl(capsys, b, "sync", "enrol", office.url, office.enrol_code(2))[0] == 0

    add = ("member", "add", "--phone", "13912345678", "--name", "李雷", "--consent")
    code, member, err = posctl(capsys, a, *add)
    assert code == 0, err
    assert (
        posctl(
            capsys,
            a,
            "topup",
            member["card_no"],
            "100",
            "--tender",
            "cash",
            "--operator",
            "cashier",
        )[0]
        == 0
    )
    code, status, _ = posctl(capsys, a, "sync", "status")
    assert status["online"] is True and status["queue_depth"] >= 3
    assert status["oldest_pending_age_s"] >= 0

    code, moved, err = posctl(capsys, a, "sync", "now")
    assert code == 0, err
    assert moved["pushed"]["applied"] == moved["pushed"]["sent"] >= 3
    assert moved["queue_depth"] == 0

    # Store B finds the member (the feed brought it) and spends at B, authorised online.
    code, moved, err = posctl(capsys, b, "sync", "now")
    assert moved["pulled"]["changes"]["member"] >= 1
    code, shown, err = posctl(capsys, b, "member", "show", "13912345678")
    assert code == 0 and shown["id"] == member["id"] and shown["wallet_fen"] == 10_000
    code, sale, err = posctl(
        capsys,
        b,
        "sale",
        member["card_no"],
        "--amount",
        "30",
        "--wallet",
        "30",
        "--operator",
        "cashier",
    )
    assert code == 0, err
    code, sale, err = posctl(
        capsys,
        b,
        "sale",
        member["card_no"],
        "--amount",
        "80",
        "--wallet",
        "80",
        "--operator",
        "cashier",
    )
    assert code == 1 and "head office refused" in err  # ¥70 left at head office

    code, status, _ = posctl(capsys, b, "sync", "status", "--no-probe")
    assert status["online"] is None and status["last_pull_at"]


def test_an_unreachable_head_office_is_one_clear_line(tmp_path, capsys, office):
    db = tmp_path / "t.db"
    setup_terminal(capsys, db)
    code, _, err = posctl(capsys, db, "sync", "enrol", "http://127.0.0.1:9", "ABCD-1234")
    assert code == 1 and err.startswith("posctl: head office cannot be reached")
    code, _, err = posctl(capsys, db, "sync", "enrol", "ftp://x", "ABCD-1234")
    assert code == 1 and "not a head-office address" in err
    code, _, err = posctl(capsys, db, "sync", "enrol", office.url, "WRONG-CODE")
    assert code == 1 and "refused" in err
