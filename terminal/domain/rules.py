"""The configurable business rules, as one immutable, versioned value.

Rules live in the database as JSON (a new version on every change); a sale records the
version it was priced with. `Rules.from_dict` validates what a manager or head office
sends, so a bad setting is refused before it can price a sale.
"""

from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from terminal.domain.errors import InvalidInput

ROLLING = "rolling"
ANNUAL = "annual"


@dataclass(frozen=True)
class TierRule:
    code: str
    name: str
    threshold_fen: int  # spend in the tier period that reaches this tier
    threshold_points: int = 0  # points earned in the period that also reach it (0 = unused)
    discount_bp: int = 0  # 500 = 5% off
    multiplier_pct: int = 100  # 150 = points x1.5
    birthday_coupon_fen: int = 0
    priority: bool = False


@dataclass(frozen=True)
class BonusRule:
    min_topup_fen: int
    bonus_fen: int


DEFAULT_TIERS = (
    TierRule("normal", "Normal", 0, 0, 0, 100, 1000),
    TierRule("silver", "Silver", 500_000, 0, 200, 120, 2000),
    TierRule("gold", "Gold", 1_000_000, 0, 500, 150, 5000),
    TierRule("diamond", "Diamond", 3_000_000, 0, 1000, 200, 10000, True),
)


@dataclass(frozen=True)
class Rules:
    tiers: tuple[TierRule, ...] = DEFAULT_TIERS
    tier_period_months: int = 12  # periods start in January; 12 = calendar year
    earn_points_per_yuan: int = 1
    redeem_points_per_yuan: int = 100  # 100 points = 1 yuan off
    redeem_min_points: int = 100
    redeem_max_share_bp: int = 5000  # points pay at most 50% of a bill
    expiry_mode: str = ROLLING
    expiry_days: int = 365  # rolling: points expire this many days after earning
    expiry_years: int = 0  # annual: cleared on 31 December of (year earned + N)
    expiry_reminder_days: int = 30
    checkin_points: int = 5
    checkin_streak_days: int = 7
    checkin_streak_bonus: int = 20
    referral_points: int = 100
    bonus_rules: tuple[BonusRule, ...] = (BonusRule(50_000, 4_000), BonusRule(100_000, 10_000))
    low_balance_fen: int = 20_000
    card_cap_fen: int = 500_000
    offline_max_age_hours: int = 24
    offline_sale_cap_fen: int = 50_000
    offline_member_cap_fen: int = 100_000
    offline_terminal_cap_fen: int = 1_000_000
    # Offline, a terminal may redeem at most this many of each catalogue item until it
    # syncs again, and never more than the stock it last heard of from head office.
    offline_item_allowance: int = 2

    def __post_init__(self) -> None:
        _validate(self)

    def tier(self, code: str) -> TierRule:
        for tier in self.tiers:
            if tier.code == code:
                return tier
        raise InvalidInput("unknown tier '{tier}'", code="rules.unknown_tier", tier=code)

    def tier_or_entry(self, code: str) -> TierRule:
        """A member's tier; one since removed from the ladder counts as the entry tier."""
        for tier in self.tiers:
            if tier.code == code:
                return tier
        return self.tiers[0]

    def tier_rank(self, code: str) -> int:
        return [t.code for t in self.tiers].index(self.tier(code).code)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["tiers"] = [asdict(t) for t in self.tiers]
        data["bonus_rules"] = [asdict(b) for b in self.bonus_rules]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any], strict: bool = True) -> "Rules":
        """Validate rules. `strict=False` reads stored rules: settings this version does not
        know (dropped ones, or newer ones from head office) are ignored, not fatal."""
        if not isinstance(data, dict):
            raise InvalidInput("rules must be a JSON object", code="rules.not_object")
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown and strict:
            raise InvalidInput(
                "unknown rule setting(s): {names}",
                code="rules.unknown_settings",
                names=", ".join(sorted(unknown)),
            )
        values = {k: v for k, v in data.items() if k in known}
        if not strict:
            # Stored by another version with other limits: keep the terminal selling with
            # the nearest allowed value; a manager sees and corrects it in the settings.
            for name, limit in _LIMITS.items():
                if _is_int(values.get(name)) and values[name] > limit:
                    values[name] = limit
        try:
            if "tiers" in values:
                values["tiers"] = tuple(TierRule(**t) for t in values["tiers"])
            if "bonus_rules" in values:
                values["bonus_rules"] = tuple(BonusRule(**b) for b in values["bonus_rules"])
        except TypeError as exc:
            raise InvalidInput(
                "malformed tier or bonus rule: {detail}", code="rules.malformed_tier", detail=exc
            ) from None
        return cls(**values)

    def replace(self, **changes: Any) -> "Rules":
        return replace(self, **changes)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# Upper bounds keep a mistyped setting from breaking every sale (dates out of range,
# amounts SQLite cannot store). Money is capped at ¥1,000,000, points at 100 million.
MAX_MONEY_FEN = 100_000_000
MAX_POINTS = 100_000_000
_LIMITS = {
    "redeem_points_per_yuan": 100_000,
    "redeem_min_points": MAX_POINTS,
    "expiry_days": 36_500,  # 100 years: "never" in practice
    "expiry_years": 10,
    "expiry_reminder_days": 365,
    "checkin_points": 100_000,
    "checkin_streak_days": 366,
    "checkin_streak_bonus": 100_000,
    "referral_points": MAX_POINTS,
    "low_balance_fen": MAX_MONEY_FEN,
    "card_cap_fen": MAX_MONEY_FEN,
    "offline_max_age_hours": 24 * 365,
    "offline_sale_cap_fen": MAX_MONEY_FEN,
    "offline_member_cap_fen": MAX_MONEY_FEN,
    "offline_terminal_cap_fen": MAX_MONEY_FEN,
    "offline_item_allowance": 1_000,
}
_TIER_LIMITS = {
    "threshold_fen": MAX_MONEY_FEN * 100,
    "threshold_points": MAX_POINTS,
    "discount_bp": MAX_MONEY_FEN,  # the 100% check below says it better
    "multiplier_pct": 10_000,
    "birthday_coupon_fen": MAX_MONEY_FEN,
}


def _validate(rules: Rules) -> None:
    for f in fields(rules):
        if f.type in (int, "int"):
            value = getattr(rules, f.name)
            if not _is_int(value) or not 0 <= value <= _LIMITS.get(f.name, MAX_MONEY_FEN):
                raise InvalidInput(
                    "rule '{name}' must be a whole number from 0 to {limit:,}",
                    code="rules.setting_range",
                    name=f.name,
                    limit=_LIMITS.get(f.name, MAX_MONEY_FEN),
                )
    if not rules.tiers:
        raise InvalidInput("the tier ladder needs at least one tier", code="rules.no_tiers")
    codes = [t.code for t in rules.tiers]
    if len(set(codes)) != len(codes):
        raise InvalidInput("tier codes must be unique", code="rules.tier_codes_unique")
    if rules.tiers[0].threshold_fen != 0 or rules.tiers[0].threshold_points != 0:
        raise InvalidInput(
            "the first tier must have no threshold", code="rules.first_tier_threshold"
        )
    previous = -1
    for tier in rules.tiers:
        for name, limit in _TIER_LIMITS.items():
            value = getattr(tier, name)
            if not _is_int(value) or not 0 <= value <= limit:
                raise InvalidInput(
                    "tier '{tier}': {setting} must be a whole number from 0 to {limit:,}",
                    code="rules.tier_setting_range",
                    tier=tier.code,
                    setting=name,
                    limit=limit,
                )
        if tier.threshold_fen <= previous:
            raise InvalidInput(
                "tier thresholds must rise from one tier to the next", code="rules.thresholds_rise"
            )
        if tier.discount_bp > 10000:
            raise InvalidInput(
                "tier '{tier}': discount cannot exceed 100%",
                code="rules.tier_discount_over",
                tier=tier.code,
            )
        previous = tier.threshold_fen
    for bonus in rules.bonus_rules:
        if not (_is_int(bonus.min_topup_fen) and _is_int(bonus.bonus_fen)):
            raise InvalidInput("bonus rules need whole-fen amounts", code="rules.bonus_whole_fen")
        if not (0 < bonus.min_topup_fen <= MAX_MONEY_FEN and 0 <= bonus.bonus_fen <= MAX_MONEY_FEN):
            raise InvalidInput(
                "a bonus rule needs a positive top-up amount", code="rules.bonus_positive"
            )
    if rules.tier_period_months not in (1, 2, 3, 4, 6, 12):
        raise InvalidInput(
            "tier period must be 1, 2, 3, 4, 6 or 12 months", code="rules.tier_period"
        )
    if rules.expiry_mode not in (ROLLING, ANNUAL):
        raise InvalidInput("expiry mode must be 'rolling' or 'annual'", code="rules.expiry_mode")
    if rules.expiry_mode == ROLLING and rules.expiry_days < 1:
        raise InvalidInput("rolling expiry needs at least 1 day", code="rules.rolling_days")
    if rules.redeem_points_per_yuan < 1 or rules.earn_points_per_yuan > 1000:
        raise InvalidInput("points rates are out of range", code="rules.points_rates")
    if rules.redeem_max_share_bp > 10000:
        raise InvalidInput("points cannot pay more than 100% of a bill", code="rules.points_share")
    if rules.checkin_streak_days < 1:
        raise InvalidInput("a check-in streak needs at least 1 day", code="rules.checkin_streak")
