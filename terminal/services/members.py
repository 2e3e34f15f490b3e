"""Members: sign-up at the counter, lookup by card / phone / last four digits, profile
changes (approved by a manager, a second person; head office refuses a change without
both) and audited unmasking."""

import json
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from terminal.domain import identity
from terminal.domain.cards import MIN_LENGTH as CARD_MIN_LENGTH
from terminal.domain.cards import clean_card_no, make_card_no
from terminal.domain.errors import Conflict, InvalidInput, NotFound, PosError
from terminal.domain.rules import Rules
from terminal.domain.tiers import TierProgress, period_start, progress
from terminal.domain.wallet import WalletBalance, is_low
from terminal.services.context import Context
from terminal.services.operators import OperatorView
from terminal.store.crypto import FieldCipher
from terminal.store.ids import new_id
from terminal.store.models import Card, Member, TerminalConfig

CONSENT_VERSION = "2026-01"
CHANNELS = ("counter", "self", "import", "demo")
MAX_SEARCH_RESULTS = 50


@dataclass(frozen=True)
class SignUp:
    phone: str
    name: str
    consent: bool
    birthday: date | None = None
    gender: str | None = None
    id_number: str | None = None
    preferences: dict = field(default_factory=dict)
    referrer: str | None = None  # card number of the member who referred them
    channel: str = "counter"


@dataclass(frozen=True)
class MemberView:
    id: str
    card_no: str
    status: str
    name_masked: str
    phone_masked: str
    tier: str
    tier_name: str
    tier_progress: TierProgress
    points: int  # spendable now
    points_expiring: int  # within the reminder window (default 30 days)
    points_expired: int  # past their date, taken off by the next expiry run
    wallet_principal_fen: int
    wallet_bonus_fen: int
    low_balance: bool
    birthday_this_month: bool
    coupons: tuple[str, ...]
    created_at: datetime
    existing: bool = False  # sign-up found a member with this phone already
    # When head office last confirmed the balances (UTC; None if never): the panel shows
    # "confirmed at HH:MM" while the terminal is offline.
    balance_confirmed_at: datetime | None = None
    hotlisted: bool = False  # head office holds a debt: no offline spends
    # False for a member of another store this terminal holds without phone, name and
    # birthday; a look-up at head office brings them.
    details_held: bool = True

    @property
    def wallet_fen(self) -> int:
        return self.wallet_principal_fen + self.wallet_bonus_fen


def phone_index_without_phone(cipher: FieldCipher, member_id: str) -> bytes:
    """The phone index of a member held without personal data (head office sends other
    stores' members without it, see headoffice/visibility.py). Made from the member's id
    under another field name than phones': it matches no phone and no other member, so
    the one-live-member-per-phone index holds. Such a member has no last four digits."""
    return cipher.blind_index(member_id, "member_without_phone")


def parse_birthday(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(str(text).strip())
    except ValueError:
        raise InvalidInput(
            "'{text}' is not a date (YYYY-MM-DD)", code="date.not_a_date", text=text
        ) from None


class MemberService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.cipher = ctx.db.cipher

    # --- sign-up -------------------------------------------------------------------------

    def sign_up(self, form: SignUp, operator: OperatorView | None) -> MemberView:
        """Sign a member up; `operator` is None for an admin sign-up from `posctl`."""
        phone = identity.normalise_phone(form.phone)
        name = _clean_name(form.name)
        if not form.consent:
            raise InvalidInput(
                "the member must consent to the privacy terms to sign up", code="signup.no_consent"
            )
        if form.gender not in (None, "F", "M"):
            raise InvalidInput("gender is F, M or left empty", code="signup.bad_gender")
        if form.channel not in CHANNELS:
            raise InvalidInput(
                "unknown sign-up channel '{channel}'",
                code="signup.unknown_channel",
                channel=form.channel,
            )
        id_number = identity.normalise_id_number(form.id_number) if form.id_number else None
        phone_index = self.cipher.blind_index(phone, "phone")
        with self.ctx.transaction() as txn:
            s = txn.session
            if form.birthday:
                _check_birthday(form.birthday, txn.today)
            found = s.scalar(
                select(Member).where(Member.phone_index == phone_index, Member.status == "active")
            )
            if found is not None:
                txn.business = False  # nothing written: the existing member is returned
                view = self._view(s, found.id, txn.rules()[1], txn.today)
                return replace(view, existing=True)
            id_index = None
            if id_number:
                id_index = self.cipher.blind_index(id_number, "id_number")
                if s.scalar(
                    select(Member.id).where(
                        Member.id_number_index == id_index, Member.status == "active"
                    )
                ):
                    raise Conflict(
                        "another member is already registered with this ID number",
                        code="member.id_number_taken",
                    )
            referrer_id = None
            if form.referrer:
                referrer_id = self.resolve_id(s, form.referrer)
            config = s.get(TerminalConfig, 1)
            config.card_seq += 1
            card_no = make_card_no(txn.terminal.number, config.card_seq)
            _, rules = txn.rules()
            member = Member(
                id=new_id(),
                status="active",
                phone_enc=self.cipher.encrypt(phone, "phone"),
                phone_index=phone_index,
                phone_last4=identity.last_four(phone),
                name_enc=self.cipher.encrypt(name, "name"),
                birthday_enc=(
                    self.cipher.encrypt(form.birthday.isoformat(), "birthday")
                    if form.birthday
                    else None
                ),
                birth_month=form.birthday.month if form.birthday else None,
                id_number_enc=self.cipher.encrypt(id_number, "id_number") if id_number else None,
                id_number_index=id_index,
                gender=form.gender,
                preferences=json.dumps(form.preferences, ensure_ascii=False),
                channel=form.channel,
                store_no=txn.terminal.number.store_no,
                consent_at=txn.at,
                consent_version=CONSENT_VERSION,
                tier=rules.tiers[0].code,
                referrer_id=referrer_id,
                created_at=txn.at,
                updated_at=txn.at,
            )
            s.add(member)
            s.flush()
            s.add(Card(card_no=card_no, member_id=member.id, status="active", issued_at=txn.at))
            txn.audit(
                "member.sign_up",
                "member",
                member.id,
                {
                    "card_no": card_no,
                    "phone": identity.mask_phone(phone),
                    "channel": form.channel,
                    "referrer_id": referrer_id,
                },
                operator.id if operator else None,
            )
            txn.event(
                "member.signed_up",
                member.id,
                {
                    "member_id": member.id,
                    "card_no": card_no,
                    "tier": member.tier,
                    "channel": form.channel,
                    "store_no": member.store_no,
                    "referrer_id": referrer_id,
                    "consent_version": CONSENT_VERSION,
                    "gender": form.gender,
                    "preferences": form.preferences,
                },
                sealed={
                    "phone": phone,
                    "name": name,
                    "birthday": form.birthday.isoformat() if form.birthday else None,
                    "id_number": id_number,
                },
            )
            return self._view(s, member.id, rules, txn.today)

    # --- lookup --------------------------------------------------------------------------

    def find(self, query: str) -> MemberView:
        """By card number or mobile number, whichever `query` is."""
        with self.ctx.reading() as s:
            member_id = self.resolve_id(s, str(query).strip())
            _, rules = self.ctx.current_rules(s)
            return self._view(s, member_id, rules, self.ctx.business_day(self.ctx.now_utc()))

    def get(self, member_id: str) -> MemberView:
        """By member id (a dialog reports the member it changed by id)."""
        with self.ctx.reading() as s:
            if s.get(Member, str(member_id).strip()) is None:
                raise NotFound("this member no longer exists", code="member.gone")
            _, rules = self.ctx.current_rules(s)
            today = self.ctx.business_day(self.ctx.now_utc())
            return self._view(s, str(member_id).strip(), rules, today)

    def resolve(self, s: Session, query: str) -> Member:
        """The live member a card or phone number belongs to, for a write transaction."""
        return s.get(Member, self.resolve_id(s, query))

    def resolve_id(self, s: Session, query: str) -> str:
        query = str(query).strip()
        digits = "".join(ch for ch in query if ch not in " -")
        # A long run of digits is a card number, unless it is a phone number written with
        # the country code (0086 138 ...): try the card first, then the phone.
        card_error: PosError | None = None
        if digits.isdigit() and len(digits) >= CARD_MIN_LENGTH:
            try:
                card_no = clean_card_no(digits)
            except InvalidInput as exc:
                card_error = exc
            else:
                row = s.execute(_BY_CARD, {"card": card_no}).first()
                if row is not None:
                    if row.status != "active":
                        raise NotFound(
                            "card {card_no} belongs to a closed membership",
                            code="member.card_closed",
                            card_no=card_no,
                        )
                    return row.id
                card_error = NotFound(
                    "no member with card {card_no}", code="member.no_card", card_no=card_no
                )
        try:
            phone = identity.normalise_phone(query)
        except InvalidInput:
            if card_error is not None:
                raise card_error from None
            raise InvalidInput(
                "'{query}' is neither a card number nor a mobile number",
                code="member.bad_query",
                query=query,
            ) from None
        member_id = s.scalar(_BY_PHONE, {"ix": self.cipher.blind_index(phone, "phone")})
        if member_id is None:
            raise card_error or NotFound(
                "no member with phone {phone}",
                code="member.no_phone",
                phone=identity.mask_phone(phone),
            )
        return member_id

    def search(self, last4: str, name: str = "") -> list[MemberView]:
        """Members whose phone ends in `last4` and whose name contains `name`."""
        if not (len(last4) == 4 and last4.isdigit()):
            raise InvalidInput(
                "give the last four digits of the phone number", code="search.last4_needed"
            )
        needle = name.strip().casefold()
        with self.ctx.reading() as s:
            _, rules = self.ctx.current_rules(s)
            today = self.ctx.business_day(self.ctx.now_utc())
            results = []
            for member_id, name_enc in s.execute(_BY_LAST4, {"last4": last4}):
                if needle and needle not in self.cipher.decrypt(name_enc, "name").casefold():
                    continue
                results.append(self._view(s, member_id, rules, today))
                if len(results) >= MAX_SEARCH_RESULTS:
                    break
            return results

    def reveal(self, query: str, approver: OperatorView) -> dict[str, str | None]:
        """The unmasked phone, name and birthday, for a manager; the access is audited."""
        if not approver.is_manager:
            raise InvalidInput(
                "only a manager can unmask member data", code="member.unmask_needs_manager"
            )
        with self.ctx.transaction(business=False) as txn:
            member = self.resolve(txn.session, query)
            txn.audit(
                "member.unmask",
                "member",
                member.id,
                {"fields": ["phone", "name", "birthday"]},
                approver.id,
                approver.id,
            )
            return self._plain(member)

    def _plain(self, member: Member) -> dict[str, str | None]:
        c = self.cipher
        return {
            "phone": c.decrypt(member.phone_enc, "phone") or None,
            "name": c.decrypt(member.name_enc, "name"),
            "birthday": c.decrypt(member.birthday_enc, "birthday") if member.birthday_enc else None,
        }

    # --- profile changes -----------------------------------------------------------------

    def update(
        self,
        query: str,
        operator: OperatorView,
        *,
        name: str | None = None,
        birthday: date | None = None,
        gender: str | None = None,
        phone: str | None = None,
        approver: OperatorView | None = None,
    ) -> MemberView:
        with self.ctx.transaction() as txn:
            s = txn.session
            member = self.resolve(s, query)
            if not member.phone_last4:
                raise Conflict(
                    "this terminal does not hold this member's details: look the member up "
                    "while head office can be reached, then change them",
                    code="member.details_not_held",
                )
            old = self._plain(member)
            changes: dict[str, dict[str, str | None]] = {}
            sealed: dict[str, str | None] = {}
            if name is not None and _clean_name(name) != old["name"]:
                new = _clean_name(name)
                member.name_enc = self.cipher.encrypt(new, "name")
                changes["name"] = {
                    "old": identity.mask_name(old["name"]),
                    "new": identity.mask_name(new),
                }
                sealed["name"] = new
            if birthday is not None and birthday.isoformat() != old["birthday"]:
                _check_birthday(birthday, txn.today)
                member.birthday_enc = self.cipher.encrypt(birthday.isoformat(), "birthday")
                member.birth_month = birthday.month
                changes["birthday"] = {
                    "old": "****-**-**" if old["birthday"] else None,
                    "new": "****-**-**",
                }
                sealed["birthday"] = birthday.isoformat()
            if gender is not None and gender != member.gender:
                if gender not in ("F", "M"):
                    raise InvalidInput("gender is F or M", code="member.bad_gender")
                changes["gender"] = {"old": member.gender, "new": gender}
                member.gender = gender
            if phone is not None:
                new_phone = identity.normalise_phone(phone)
                if new_phone != old["phone"]:
                    index = self.cipher.blind_index(new_phone, "phone")
                    if s.scalar(
                        select(Member.id).where(
                            Member.phone_index == index, Member.status == "active"
                        )
                    ):
                        raise Conflict(
                            "another member already has this phone number",
                            code="member.phone_taken",
                        )
                    member.phone_enc = self.cipher.encrypt(new_phone, "phone")
                    member.phone_index = index
                    member.phone_last4 = identity.last_four(new_phone)
                    changes["phone"] = {
                        "old": identity.mask_phone(old["phone"]),
                        "new": identity.mask_phone(new_phone),
                    }
                    sealed["phone"] = new_phone
            if not changes:
                raise InvalidInput("nothing to change", code="member.nothing_to_change")
            # Head office refuses a change without both people (headoffice/trust.py).
            if approver is None or approver.id == operator.id:
                raise InvalidInput(
                    "a change of member details needs a second person's approval",
                    code="member.change_needs_second",
                )
            if not approver.is_manager:
                raise InvalidInput(
                    "a change of member details must be approved by a manager",
                    code="member.change_needs_manager",
                )
            member.updated_at = txn.at
            txn.audit(
                "member.update",
                "member",
                member.id,
                changes,
                operator.id,
                approver.id if approver else None,
            )
            txn.event(
                "member.updated",
                member.id,
                {
                    "member_id": member.id,
                    "fields": sorted(changes),
                    **({"gender": member.gender} if "gender" in changes else {}),
                    "operator_id": operator.id,
                    "approved_by": approver.id,
                },
                sealed=sealed or None,
            )
            return self._view(s, member.id, txn.rules()[1], txn.today)

    # --- views ---------------------------------------------------------------------------

    def _view(self, s: Session, member_id: str, rules: Rules, today: date) -> MemberView:
        if s.new or s.dirty:
            s.flush()  # the panel query below reads what this transaction wrote
        horizon = today + timedelta(days=rules.expiry_reminder_days)
        m = s.execute(
            _PANEL,
            {
                "id": member_id,
                "today": today.isoformat(),
                "horizon": horizon.isoformat(),
                "period": period_start(today, rules.tier_period_months).isoformat(),
            },
        ).one()
        tier = rules.tier_or_entry(m.tier)
        wallet = WalletBalance(m.wallet_principal_fen, m.wallet_bonus_fen)
        return MemberView(
            id=m.id,
            card_no=m.card_no or "",
            status=m.status,
            name_masked=identity.mask_name(self.cipher.decrypt(m.name_enc, "name")),
            phone_masked=identity.mask_phone(self.cipher.decrypt(m.phone_enc, "phone")),
            tier=tier.code,
            tier_name=tier.name,
            tier_progress=progress(rules, tier.code, m.spend or 0),
            points=m.points_balance - m.expired,
            points_expiring=m.expiring,
            points_expired=m.expired,
            wallet_principal_fen=m.wallet_principal_fen,
            wallet_bonus_fen=m.wallet_bonus_fen,
            low_balance=bool(m.has_wallet) and is_low(wallet, rules),
            birthday_this_month=m.birth_month == today.month,
            coupons=tuple(sorted(m.coupons.split(","))) if m.coupons else (),
            created_at=datetime.fromisoformat(m.created_at),
            balance_confirmed_at=(
                datetime.fromisoformat(m.confirmed_at) if m.confirmed_at else None
            ),
            hotlisted=bool(m.hotlisted),
            details_held=bool(m.phone_last4),
        )


# The counter looks members up all day: plain SQL, compiled once, keeps a lookup to a
# couple of index probes (see bench/lookup.py).
_BY_CARD = text(
    "SELECT m.id, m.status FROM cards c JOIN members m ON m.id = c.member_id "
    "WHERE c.card_no = :card"
)
_BY_PHONE = text("SELECT id FROM members WHERE phone_index = :ix AND status = 'active'")
_BY_LAST4 = text(
    "SELECT id, name_enc FROM members WHERE phone_last4 = :last4 AND status = 'active'"
)
_PANEL = text("""
SELECT m.id, m.status, m.phone_enc, m.phone_last4, m.name_enc, m.tier, m.points_balance,
       m.wallet_principal_fen, m.wallet_bonus_fen, m.has_wallet, m.birth_month, m.created_at,
       (SELECT card_no FROM cards WHERE member_id = m.id AND status = 'active'
         ORDER BY issued_at DESC LIMIT 1) AS card_no,
       (SELECT spend_fen FROM member_period_stats
         WHERE member_id = m.id AND period_start = :period) AS spend,
       (SELECT coalesce(sum(remaining), 0) FROM points_lots
         WHERE member_id = m.id AND remaining > 0
           AND expires_on >= :today AND expires_on <= :horizon) AS expiring,
       (SELECT coalesce(sum(remaining), 0) FROM points_lots
         WHERE member_id = m.id AND remaining > 0 AND expires_on < :today) AS expired,
       (SELECT group_concat(code) FROM coupons
         WHERE member_id = m.id AND used_at IS NULL
           AND valid_from <= :today AND valid_until >= :today) AS coupons,
       (SELECT settled_at FROM sync_confirmed_balances WHERE member_id = m.id) AS confirmed_at,
       EXISTS (SELECT 1 FROM sync_hotlist WHERE member_id = m.id) AS hotlisted
FROM members m WHERE m.id = :id
""")


def _check_birthday(birthday: date, today: date) -> None:
    if not date(today.year - 120, 1, 1) <= birthday <= today:
        raise InvalidInput(
            "the birthday must be a real date in the past", code="member.bad_birthday"
        )


def _clean_name(name: str) -> str:
    name = " ".join(str(name or "").split())
    if not 1 <= len(name) <= 40:
        raise InvalidInput("a name of 1 to 40 characters is needed", code="member.bad_name")
    return name
