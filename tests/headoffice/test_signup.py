"""The self sign-up page: a token from the terminal's QR code, the form, the member
created at head office and published tagged with that terminal."""

from headoffice.signup_page import render_done
from terminal.sync import protocol as p


def token(till):
    answer = till.request("POST", p.PATH_SIGNUP_TOKEN)
    assert answer.status_code == 200, answer.text
    return p.SignupTokenResponse.model_validate(answer.json())


FORM = {"name": "李小龙", "phone": "139 1234 5678", "birthday": "1992-02-29", "consent": True}


def test_the_page_is_a_chinese_mobile_form(http, till):
    qr = token(till)
    assert qr.url_path == f"/signup/{qr.token}"
    page = http.get(qr.url_path)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    for text in ("会员注册", "手机号码", "生日", "隐私条款", 'name="viewport"'):
        assert text in page.text


def test_signing_up_creates_the_member_and_tags_the_terminal(ho, http, till):
    qr = token(till)
    mark = till.changes(0)["next"]
    answer = http.post(qr.url_path, json=FORM)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body == {"phone": "139****5678", "message": render_done()}
    member = [c["data"] for c in till.all_changes(mark) if c["kind"] == "member"]
    assert len(member) == 1
    record = p.MemberData.model_validate(member[0])
    assert record.card_nos[0].startswith("999999")  # head office's own card numbers
    assert (record.phone, record.name, record.birthday) == (
        "+8613912345678",
        "李小龙",
        "1992-02-29",
    )
    assert (record.signup_terminal, record.channel) == (till.terminal_id, "qr")
    found = till.request("GET", f"{p.PATH_MEMBER_LOOKUP}?phone=13912345678").json()
    assert found["member"]["member_id"] == record.member_id
    # One use per code.
    assert http.get(qr.url_path).status_code == 410
    assert http.post(qr.url_path, json=FORM).status_code == 410


def test_bad_input_gets_a_chinese_message_and_keeps_the_code(http, till):
    qr = token(till)
    cases = [
        ({**FORM, "phone": "12345"}, "手机号码"),
        ({**FORM, "phone": "+85291234567"}, "手机号码"),  # a Hong Kong number: not mainland
        ({**FORM, "name": "  "}, "姓名"),
        ({**FORM, "birthday": "1992-02-30"}, "生日"),
        ({**FORM, "consent": False}, "隐私条款"),
    ]
    for form, words in cases:
        answer = http.post(qr.url_path, json=form)
        assert answer.status_code == 400, form
        assert words in answer.json()["message"]
    garbled = http.post(qr.url_path, content=b"{oops", headers={"Content-Type": "application/json"})
    assert garbled.status_code == 400
    assert http.post(qr.url_path, json=FORM).status_code == 200


def test_a_phone_already_a_member_is_answered_like_a_new_one_and_not_signed_up_twice(
    ho, http, till
):
    """The page tells nobody whether a phone is a member: the same status, body and
    headers either way, and the code is used up either way."""
    first_qr, again_qr = token(till), token(till)
    first = http.post(first_qr.url_path, json=FORM)
    mark = till.changes(0)["next"]
    again = http.post(again_qr.url_path, json=FORM)
    assert (
        (again.status_code, again.json())
        == (first.status_code, first.json())
        == (
            200,
            {"phone": "139****5678", "message": render_done()},
        )
    )
    assert sorted(k for k in again.headers if k != "date") == sorted(
        k for k in first.headers if k != "date"
    )
    assert not [c for c in till.all_changes(mark) if c["kind"] == "member"]
    assert http.post(again_qr.url_path, json=FORM).status_code == 410
    found = ho.lookup("13912345678")
    assert found.member is not None and found.member.signup_terminal == till.terminal_id


def test_expired_or_unknown_codes_are_refused(http, till, clock):
    qr = token(till)
    clock.advance(seconds=p.SIGNUP_TOKEN_TTL_SECONDS + 1)
    assert http.get(qr.url_path).status_code == 410
    assert "过期" in http.get(qr.url_path).text
    assert http.post(qr.url_path, json=FORM).status_code == 410
    assert http.get("/signup/nonsense").status_code == 410
