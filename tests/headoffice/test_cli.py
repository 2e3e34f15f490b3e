"""`hoctl`: stores, terminals, rules, catalogue, members and the ledger check, with one
clear line on stderr for bad input."""

import json

import pytest

from headoffice.cli import main
from headoffice.service import HeadOffice
from tests.helpers.headoffice import Events


@pytest.fixture
def db(tmp_path, monkeypatch):
    monkeypatch.setenv("POS_HO_DB", str(tmp_path / "ho.db"))
    return tmp_path / "ho.db"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_store_terminal_and_revoke(db, capsys):
    assert run(capsys, "store", "add", "12", "朝阳店")[0] == 0
    code, out, _ = run(capsys, "terminal", "enrol", "12", "--json")
    enrolled = json.loads(out)
    assert code == 0 and enrolled["terminal_id"] == "001201" and len(enrolled["code"]) == 11
    code, out, _ = run(capsys, "terminal", "list")
    assert "001201  pending" in out
    assert run(capsys, "terminal", "revoke", "001201")[0] == 0
    assert "revoked" in run(capsys, "terminal", "list")[1]
    code, _, err = run(capsys, "terminal", "enrol", "13")
    assert code == 2 and err.strip() == "hoctl: no store 13; add it first with 'hoctl store add'"
    code, _, err = run(capsys, "store", "add", "9999", "x")
    assert code == 2 and "1 to 9998" in err


def test_rules_are_versioned_and_validated(db, capsys):
    code, out, _ = run(capsys, "rules", "set", "offline_sale_cap_fen=30000", "expiry_mode=annual")
    assert code == 0 and "version 2" in out
    shown = json.loads(run(capsys, "rules", "show", "--json")[1])
    assert shown["version"] == 2 and shown["rules"]["offline_sale_cap_fen"] == 30000
    for bad in ("bogus=1", "offline_sale_cap_fen=-5", "expiry_mode=sometimes", "nonsense"):
        code, out, err = run(capsys, "rules", "set", bad)
        assert code == 2 and err.startswith("hoctl: ") and err.count("\n") == 1, bad
    assert json.loads(run(capsys, "rules", "show", "--json")[1])["version"] == 2


def test_catalogue(db, capsys):
    assert (
        run(capsys, "catalogue", "add", "mug", "马克杯", "--points", "3000", "--stock", "5")[0] == 0
    )
    items = json.loads(run(capsys, "catalogue", "list", "--json")[1])["items"]
    assert items == [
        {
            "sku": "MUG",
            "name": "马克杯",
            "points_price": 3000,
            "stock": 5,
            "active": True,
            "held": 0,
            "available": 5,
        }
    ]
    with pytest.raises(SystemExit):
        main(["catalogue", "add", "mug", "x", "--points", "many", "--stock", "1"])
    assert "not a whole number" in capsys.readouterr().err


def test_catalogue_restock_count_and_moves(db, capsys):
    run(capsys, "catalogue", "add", "mug", "马克杯", "--points", "3000", "--stock", "5")
    code, out, _ = run(capsys, "catalogue", "restock", "mug", "10", "--note", "delivery 7")
    assert code == 0 and out.strip() == "MUG 马克杯: 10 added, 15 in stock"
    code, out, _ = run(capsys, "catalogue", "count", "MUG", "12", "--json")
    assert code == 0 and json.loads(out)["stock"] == 12
    moves = json.loads(run(capsys, "catalogue", "moves", "mug", "--json")[1])["moves"]
    assert [(m["kind"], m["delta"], m["stock_after"]) for m in moves] == [
        ("count", -3, 12),
        ("restock", 10, 15),
        ("set", 5, 5),
    ]
    code, _, err = run(capsys, "catalogue", "restock", "NOPE", "1")
    assert code == 2 and err.strip() == "hoctl: there is no catalogue item 'NOPE'"
    code, _, err = run(capsys, "catalogue", "count", "MUG", "12")
    assert code == 2 and "is 12 already" in err


def test_member_show_and_ledger_verify(db, capsys, clock):
    ho = HeadOffice(str(db), clock=clock)
    events = Events("000101", clock)
    up = events.signed_up(phone="+8613500001234")
    member = up["payload"]["member_id"]
    from terminal.sync.protocol import PushRequest

    batch = PushRequest.model_validate(
        {"events": [up, events.topped_up(member, 50_000, 4_000), events.adjusted(member, 88)]}
    )
    assert {r.status for r in ho.push("000101", batch).results} == {"applied"}
    ho.close()
    for query in ("13500001234", up["payload"]["card_no"]):
        code, out, _ = run(capsys, "member", "show", query, "--json")
        shown = json.loads(out)
        assert code == 0 and shown["id"] == member
        assert (shown["points"], shown["wallet_fen"], shown["wallet_bonus_fen"]) == (
            88,
            54_000,
            4_000,
        )
        assert shown["phone"] == "135****1234"
    assert run(capsys, "ledger", "verify")[0] == 0
    # A balance edited behind the ledger's back is found.
    from sqlalchemy import create_engine, text

    engine = create_engine(f"sqlite:///{db}")
    with engine.begin() as conn:
        conn.execute(text("UPDATE members SET points = points + 1"))
    engine.dispose()
    code, out, err = run(capsys, "ledger", "verify", "--json")
    assert code == 1 and "1 balance(s) differ" in err and json.loads(out)["ok"] is False


def test_a_bad_database_url_is_one_line(capsys, tmp_path):
    code, _, err = run(capsys, "--db", "postgresql+psycopg://nobody@127.0.0.1:1/x", "store", "list")
    assert code == 2 and err.startswith("hoctl: cannot open database") and err.count("\n") == 1
    (tmp_path / "junk.db").write_text("this is not a database")
    code, _, err = run(capsys, "--db", str(tmp_path / "junk.db"), "store", "list")
    assert code == 2 and err.startswith("hoctl: ")


def test_rules_from_a_file_and_a_tier_ladder_as_json(db, capsys, tmp_path):
    ladder = [
        {"code": "normal", "name": "普通", "threshold_fen": 0},
        {"code": "vip", "name": "贵宾", "threshold_fen": 200_000, "discount_bp": 300},
    ]
    path = tmp_path / "rules.json"
    path.write_text(json.dumps({"tiers": ladder, "offline_max_age_hours": 12}), encoding="utf-8")
    assert run(capsys, "rules", "set", "--file", str(path))[0] == 0
    rules = json.loads(run(capsys, "rules", "show", "--json")[1])["rules"]
    assert [t["code"] for t in rules["tiers"]] == ["normal", "vip"]
    assert rules["offline_max_age_hours"] == 12
    path.write_text("[1, 2]", encoding="utf-8")
    code, _, err = run(capsys, "rules", "set", "--file", str(path))
    assert code == 2 and "JSON object" in err
    code, _, err = run(capsys, "rules", "set", "--file", str(tmp_path / "missing.json"))
    assert code == 2 and "cannot read rules" in err
