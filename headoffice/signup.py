"""Self sign-up: the counter's QR code carries a short-lived token of the terminal that
shows it; the member fills in the page on their phone and head office creates the member
and publishes it tagged with that terminal, so the terminal's puller picks it up."""

import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from uuid6 import uuid7

from headoffice import members
from headoffice.auth import HEAD_OFFICE_STORE
from headoffice.errors import Gone, Invalid
from headoffice.models import Member, SignupToken
from headoffice.work import Work
from terminal.domain import identity
from terminal.domain.cards import TerminalNumber, make_card_no
from terminal.domain.errors import InvalidInput
from terminal.sync import protocol as p

TTL = timedelta(seconds=p.SIGNUP_TOKEN_TTL_SECONDS)
HEAD_OFFICE_TERMINAL = TerminalNumber(HEAD_OFFICE_STORE, 99)
ENTRY_TIER = "normal"


def new_token(work: Work, terminal_id: str) -> p.SignupTokenResponse:
    token = secrets.token_urlsafe(18)
    expires = work.at + TTL
    work.session.add(SignupToken(token=token, terminal_id=terminal_id, expires_at=expires))
    return p.SignupTokenResponse(
        token=token, url_path=p.signup_page_path(token), expires_at=p.utc_text(expires)
    )


def check_token(work: Work, token: str) -> SignupToken:
    row = work.session.get(SignupToken, token, with_for_update=True) if token else None
    if row is None:
        raise Gone("这个二维码无效，请在收银台重新扫码。")
    if row.member_id is not None:
        raise Gone("这个二维码已经用过了，请在收银台重新扫码。")
    if row.expires_at < work.at:
        raise Gone("这个二维码已过期，请在收银台重新扫码。")
    return row


@dataclass(frozen=True)
class SignupForm:
    name: str
    phone: str
    birthday: str | None
    consent: bool


@dataclass(frozen=True)
class Submitted:
    """What the page may say: the phone as typed, masked. Whether a member was created
    (`member_id`) or the phone was a member already (None) stays at head office, so the
    page is no way to find out whose phone is a member."""

    masked_phone: str
    member_id: str | None


def sign_up(work: Work, token: str, form: SignupForm) -> Submitted:
    """Errors are in Simplified Chinese: the member reads them on their phone. A phone
    that is a member already uses up the code like a sign-up and is answered the same;
    the cashier finds that member by phone."""
    row = check_token(work, token)
    name = (form.name or "").strip()
    if not name or len(name) > 50:
        raise Invalid("请填写姓名（最多 50 个字）。")
    try:
        phone = identity.normalise_phone(form.phone or "")
    except InvalidInput:
        raise Invalid("请填写有效的中国大陆手机号码。") from None
    birthday = None
    if form.birthday:
        try:
            day = date.fromisoformat(form.birthday)
        except ValueError:
            raise Invalid("生日格式不正确。") from None
        if not date(1900, 1, 1) <= day <= work.at.date():
            raise Invalid("生日格式不正确。")
        birthday = day.isoformat()
    if not form.consent:
        raise Invalid("请阅读并同意隐私条款。")
    index = work.vault.phone_index(phone)
    taken = work.session.scalars(
        select(Member.id).where(Member.phone_index == index, Member.status == "active")
    ).first()
    if taken is not None:
        row.member_id = taken
        return Submitted(identity.mask_phone(phone), None)
    card_no = make_card_no(HEAD_OFFICE_TERMINAL, work.next_counter("card_seq"))
    member = members.create(
        work,
        member_id=str(uuid7()),
        card_no=card_no,
        tier=ENTRY_TIER,
        pii={"phone": phone, "name": name, "birthday": birthday},
        signed_up_at=work.at,
        store_no=int(row.terminal_id[:4]),
        channel="qr",
        gender=None,
        origin_terminal="headoffice",
        signup_terminal=row.terminal_id,
    )
    row.member_id = member.id
    members.publish_record(work, member, [card_no])
    return Submitted(identity.mask_phone(phone), member.id)
