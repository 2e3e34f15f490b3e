"""The audit chain anchored at head office: rows cut off the end, or a chain rewritten by
whoever holds the key file, are caught by `posctl audit verify` and raise an alarm at head
office that stays until staff accept the chain."""

from contextlib import closing

from headoffice import anchors
from headoffice.cli import main as hoctl
from terminal.store import journal
from terminal.store.hashchain import GENESIS
from terminal.store.models import AuditRow
from terminal.sync.anchor import check_against_anchor
from tests.e2e.test_chain import PHONE
from tests.e2e.test_posctl_sync import office, posctl  # noqa: F401  (office: a fixture)
from tests.helpers.services_kit import top_up


def anchored(chain):
    a = chain(1, "a")
    member = a.shop.sign_up(phone=PHONE)
    for _ in range(3):
        top_up(a.shop, member, 1_000)
    a.engine.push_all()
    return a, member


def head_seq(t) -> int:
    with t.svc.db.read() as s:
        return journal.audit_head(s).seq


def alarm(live, terminal_id="000101") -> str | None:
    answer = live.ho.audit_anchor(terminal_id).anchor
    return answer.alarm if answer else None


def test_each_push_moves_the_anchor_to_the_head_of_the_chain(chain, live):
    a, member = anchored(chain)
    anchor = live.ho.audit_anchor("000101").anchor
    assert anchor.seq == head_seq(a) and anchor.alarm is None
    top_up(a.shop, member, 500)
    a.engine.push_all()
    assert live.ho.audit_anchor("000101").anchor.seq == head_seq(a)
    assert check_against_anchor(a.svc, a.engine.client).problems == []


def test_rows_cut_off_the_end_are_caught_here_and_at_head_office(chain, live):
    a, member = anchored(chain)
    last = head_seq(a)
    with closing(a.svc.db.raw_connection()) as conn:
        conn.execute("DELETE FROM audit_log WHERE seq > ?", (last - 2,))
        conn.commit()
    assert a.svc.setup.verify_audit().ok  # what is left still chains: only the anchor tells
    problems = check_against_anchor(a.svc, a.engine.client).problems
    assert problems and "cut off" in problems[0]
    top_up(a.shop, member, 500)
    a.engine.push_all()
    assert "went back" in alarm(live) or "changed" in alarm(live)


def test_a_chain_rewritten_with_the_key_is_caught_by_the_anchor(chain, live):
    a, member = anchored(chain)
    mac = a.svc.db.cipher.audit_mac
    with a.svc.db.write() as s:
        rows = s.query(AuditRow).order_by(AuditRow.seq).all()
        rows[1].details = '{"forged":true}'
        prev = GENESIS
        for row in rows:
            row.prev_hash = prev
            row.hash = journal.row_hash(prev, journal._hashed_fields(row), mac)
            prev = row.hash
    assert a.svc.setup.verify_audit().ok
    problems = check_against_anchor(a.svc, a.engine.client).problems
    assert problems and "rewritten" in problems[0]
    top_up(a.shop, member, 500)
    a.engine.push_all()
    assert "changed after head office anchored it" in alarm(live)
    # the alarm stays while the terminal keeps pushing, and the anchor does not move
    held = live.ho.audit_anchor("000101").anchor.seq
    top_up(a.shop, member, 500)
    a.engine.push_all()
    assert alarm(live) and live.ho.audit_anchor("000101").anchor.seq == held
    listed = live.ho.read(anchors.listing)
    assert listed[0]["terminal_id"] == "000101" and listed[0]["alarm"]
    # staff looked into it and accept the chain as it is now
    live.ho.unit(lambda w: anchors.accept(w, "000101"))
    top_up(a.shop, member, 500)
    a.engine.push_all()
    assert alarm(live) is None
    assert check_against_anchor(a.svc, a.engine.client).problems == []


def test_posctl_audit_verify_reports_the_anchor(office, tmp_path, capsys, monkeypatch):  # noqa: F811
    from tests.e2e.test_posctl_sync import setup_terminal

    db = tmp_path / "t.db"
    setup_terminal(capsys, db)
    assert posctl(capsys, db, "sync", "enrol", office.url, office.enrol_code(1))[0] == 0
    add = ("member", "add", "--phone", "13912345678", "--name", "李雷", "--consent")
    assert posctl(capsys, db, *add)[0] == 0
    assert posctl(capsys, db, "sync", "now")[0] == 0
    code, data, err = posctl(capsys, db, "audit", "verify")
    assert code == 0, err
    assert data["ok"] and data["anchor"].startswith("row ")
    with closing(__import__("sqlite3").connect(db)) as conn:
        conn.execute("DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)")
        conn.commit()
    code, data, err = posctl(capsys, db, "audit", "verify")
    assert code == 1 and "cut off" in err and not data["ok"]
    capsys.readouterr()
    monkeypatch.setenv("POS_HO_KEY_FILE", str(tmp_path / "ho.key"))
    assert hoctl(["audit", "anchors", "--db", str(tmp_path / "ho.db")]) == 0
    assert "000101" in capsys.readouterr().out
