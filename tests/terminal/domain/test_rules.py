import json
from dataclasses import FrozenInstanceError, fields

import pytest

from terminal.domain.errors import InvalidInput
from terminal.domain.rules import ANNUAL, DEFAULT_TIERS, ROLLING, BonusRule, Rules, TierRule

INT_SETTINGS = [f.name for f in fields(Rules) if f.type is int]


def _tiers(*thresholds):
    return tuple(TierRule(f"t{i}", f"Tier {i}", t) for i, t in enumerate(thresholds))


def test_default_rules_are_valid_and_match_the_design():
    rules = Rules()
    assert [t.code for t in rules.tiers] == ["normal", "silver", "gold", "diamond"]
    assert rules.redeem_points_per_yuan == 100
    assert rules.redeem_max_share_bp == 5000
    assert rules.expiry_mode == ROLLING
    assert rules.expiry_days == 365
    assert rules.tier_period_months == 12


def test_default_tier_thresholds_rise():
    thresholds = [t.threshold_fen for t in DEFAULT_TIERS]
    assert thresholds == sorted(thresholds)
    assert thresholds[0] == 0


def test_rules_are_immutable():
    with pytest.raises(FrozenInstanceError):
        Rules().card_cap_fen = 1


def test_tier_looks_up_by_code():
    assert Rules().tier("gold").discount_bp == 500


def test_unknown_tier_is_invalid_input():
    with pytest.raises(InvalidInput, match="unknown tier 'platinum'"):
        Rules().tier("platinum")


def test_tier_rank_follows_the_ladder():
    rules = Rules()
    assert [rules.tier_rank(code) for code in ("normal", "silver", "gold", "diamond")] == [
        0,
        1,
        2,
        3,
    ]


def test_tier_rank_of_unknown_tier_is_invalid_input():
    with pytest.raises(InvalidInput):
        Rules().tier_rank("nope")


def test_to_dict_is_plain_json():
    data = Rules().to_dict()
    assert isinstance(data["tiers"], list)
    assert isinstance(data["tiers"][0], dict)
    assert isinstance(data["bonus_rules"], list)
    json.dumps(data)


def test_from_dict_of_to_dict_round_trips():
    rules = Rules(expiry_mode=ANNUAL, expiry_years=1)
    assert Rules.from_dict(rules.to_dict()) == rules


def test_from_dict_round_trips_through_json():
    rules = Rules(
        tiers=_tiers(0, 100, 200),
        bonus_rules=(BonusRule(1000, 50),),
        card_cap_fen=1_000_000,
    )
    assert Rules.from_dict(json.loads(json.dumps(rules.to_dict()))) == rules


def test_from_dict_of_an_empty_object_gives_the_defaults():
    assert Rules.from_dict({}) == Rules()


def test_from_dict_of_a_partial_object_keeps_other_defaults():
    rules = Rules.from_dict({"card_cap_fen": 300_000})
    assert rules.card_cap_fen == 300_000
    assert rules.tiers == DEFAULT_TIERS


@pytest.mark.parametrize("data", [None, [], "rules", 5])
def test_from_dict_refuses_what_is_not_an_object(data):
    with pytest.raises(InvalidInput, match="must be a JSON object"):
        Rules.from_dict(data)


def test_from_dict_refuses_unknown_settings_and_names_them():
    with pytest.raises(InvalidInput, match="bogus, zzz"):
        Rules.from_dict({"zzz": 1, "bogus": 2, "card_cap_fen": 1})


@pytest.mark.parametrize(
    "tiers",
    [
        [{"code": "n", "name": "N"}],
        [{"code": "n", "name": "N", "threshold_fen": 0, "colour": "red"}],
        ["normal"],
        [5],
        5,
        None,
    ],
)
def test_from_dict_refuses_malformed_tiers(tiers):
    with pytest.raises(InvalidInput):
        Rules.from_dict({"tiers": tiers})


@pytest.mark.parametrize(
    "bonus_rules",
    [[{"min_topup_fen": 100}], [{"min_topup_fen": 100, "bonus_fen": 1, "x": 1}], [1], 1],
)
def test_from_dict_refuses_malformed_bonus_rules(bonus_rules):
    with pytest.raises(InvalidInput):
        Rules.from_dict({"bonus_rules": bonus_rules})


@pytest.mark.parametrize("name", INT_SETTINGS)
def test_every_whole_number_setting_refuses_a_negative(name):
    with pytest.raises(InvalidInput, match=name):
        Rules(**{name: -1})


@pytest.mark.parametrize("name", INT_SETTINGS)
@pytest.mark.parametrize("value", [1.5, 12.0, "12", True, None])
def test_every_whole_number_setting_refuses_a_non_integer(name, value):
    with pytest.raises(InvalidInput):
        Rules.from_dict({name: value})


def test_whole_number_settings_include_the_money_and_points_settings():
    assert {"card_cap_fen", "redeem_min_points", "checkin_points", "expiry_days"} <= set(
        INT_SETTINGS
    )


def test_the_ladder_needs_a_tier():
    with pytest.raises(InvalidInput, match="at least one tier"):
        Rules(tiers=())


def test_tier_codes_must_be_unique():
    tiers = (TierRule("a", "A", 0), TierRule("a", "A2", 100))
    with pytest.raises(InvalidInput, match="unique"):
        Rules(tiers=tiers)


def test_first_tier_must_have_no_spend_threshold():
    with pytest.raises(InvalidInput, match="first tier"):
        Rules(tiers=_tiers(1, 100))


def test_first_tier_must_have_no_points_threshold():
    with pytest.raises(InvalidInput, match="first tier"):
        Rules(tiers=(TierRule("a", "A", 0, threshold_points=10),))


@pytest.mark.parametrize("thresholds", [(0, 100, 100), (0, 200, 100), (0, 0)])
def test_tier_thresholds_must_rise_strictly(thresholds):
    with pytest.raises(InvalidInput, match="rise"):
        Rules(tiers=_tiers(*thresholds))


def test_a_single_tier_ladder_is_fine():
    assert len(Rules(tiers=_tiers(0)).tiers) == 1


@pytest.mark.parametrize(
    "field", ["threshold_points", "discount_bp", "multiplier_pct", "birthday_coupon_fen"]
)
@pytest.mark.parametrize("value", [-1, 1.5, True, "5"])
def test_tier_numbers_must_be_whole_and_not_negative(field, value):
    tier = TierRule("b", "B", 100, **{field: value})
    with pytest.raises(InvalidInput, match=f"tier 'b': {field}"):
        Rules(tiers=(TierRule("a", "A", 0), tier))


def test_tier_threshold_fen_must_be_a_whole_number():
    with pytest.raises(InvalidInput):
        Rules(tiers=(TierRule("a", "A", 0), TierRule("b", "B", 100.5)))


def test_tier_discount_may_be_exactly_100_percent():
    tier = TierRule("b", "B", 100, discount_bp=10_000)
    assert Rules(tiers=(TierRule("a", "A", 0), tier)).tier("b").discount_bp == 10_000


def test_tier_discount_cannot_exceed_100_percent():
    tier = TierRule("b", "B", 100, discount_bp=10_001)
    with pytest.raises(InvalidInput, match="cannot exceed 100%"):
        Rules(tiers=(TierRule("a", "A", 0), tier))


@pytest.mark.parametrize(
    "bonus",
    [
        BonusRule(0, 100),
        BonusRule(-100, 100),
        BonusRule(100, -1),
        BonusRule(100.0, 1),
        BonusRule(100, 1.5),
        BonusRule(True, 1),
    ],
)
def test_bad_bonus_rules_are_refused(bonus):
    with pytest.raises(InvalidInput):
        Rules(bonus_rules=(bonus,))


def test_no_bonus_rules_is_fine():
    assert Rules(bonus_rules=()).bonus_rules == ()


@pytest.mark.parametrize("months", [1, 2, 3, 4, 6, 12])
def test_tier_periods_that_divide_the_year_are_accepted(months):
    assert Rules(tier_period_months=months).tier_period_months == months


@pytest.mark.parametrize("months", [0, 5, 7, 24])
def test_other_tier_periods_are_refused(months):
    with pytest.raises(InvalidInput, match="tier period"):
        Rules(tier_period_months=months)


@pytest.mark.parametrize("mode", ["monthly", "", "ROLLING", None])
def test_unknown_expiry_mode_is_refused(mode):
    with pytest.raises(InvalidInput, match="expiry mode"):
        Rules(expiry_mode=mode)


def test_rolling_expiry_needs_a_day():
    with pytest.raises(InvalidInput, match="at least 1 day"):
        Rules(expiry_mode=ROLLING, expiry_days=0)


def test_annual_expiry_ignores_expiry_days():
    assert Rules(expiry_mode=ANNUAL, expiry_days=0, expiry_years=0).expiry_mode == ANNUAL


def test_redeem_rate_must_be_at_least_one():
    with pytest.raises(InvalidInput, match="points rates"):
        Rules(redeem_points_per_yuan=0)


def test_earn_rate_is_capped():
    assert Rules(earn_points_per_yuan=1000).earn_points_per_yuan == 1000
    with pytest.raises(InvalidInput, match="points rates"):
        Rules(earn_points_per_yuan=1001)


def test_earn_rate_of_zero_turns_earning_off():
    assert Rules(earn_points_per_yuan=0).earn_points_per_yuan == 0


def test_points_share_of_a_bill_is_at_most_100_percent():
    assert Rules(redeem_max_share_bp=10_000).redeem_max_share_bp == 10_000
    with pytest.raises(InvalidInput, match="more than 100%"):
        Rules(redeem_max_share_bp=10_001)


def test_check_in_streak_needs_a_day():
    with pytest.raises(InvalidInput, match="streak"):
        Rules(checkin_streak_days=0)


def test_replace_validates_too():
    with pytest.raises(InvalidInput):
        Rules().replace(checkin_points=-5)
    assert Rules().replace(checkin_points=8).checkin_points == 8


def test_stored_rules_with_settings_this_version_does_not_know_still_load():
    data = {**Rules().to_dict(), "a_setting_from_a_newer_version": 3}
    with pytest.raises(InvalidInput, match="unknown rule setting"):
        Rules.from_dict(data)
    assert Rules.from_dict(data, strict=False) == Rules()


def test_stored_rules_beyond_this_versions_limits_are_clamped_not_fatal():
    data = {**Rules().to_dict(), "expiry_reminder_days": 10_000}
    with pytest.raises(InvalidInput, match="expiry_reminder_days"):
        Rules.from_dict(data)
    assert Rules.from_dict(data, strict=False).expiry_reminder_days == 365


def test_a_tier_removed_from_the_ladder_counts_as_the_entry_tier():
    rules = Rules()
    assert rules.tier_or_entry("gold").code == "gold"
    assert rules.tier_or_entry("platinum") == rules.tiers[0]
