"""Demo data: phones that look like a real shop's, so lookups behave as they would there."""

import math
from collections import Counter

from terminal.domain.identity import last_four, national_digits, normalise_phone
from terminal.services.demo import _PREFIXES, PHONE_SPACE, demo_phone, seed


def test_demo_phones_are_distinct_valid_mobiles_with_evenly_spread_digits():
    n = 200_000
    phones = [demo_phone(g) for g in range(1, n + 1)]
    assert len(set(phones)) == n
    assert all(normalise_phone(national_digits(p)) == p for p in phones[:: n // 500])
    # Last four digits: every value occurs, none far above the Poisson spread of 20 a value.
    last4 = Counter(last_four(p) for p in phones)
    assert len(last4) == 10_000
    assert max(last4.values()) <= 20 + 6 * math.sqrt(20)
    # Each of the 8 random digits and each prefix is about equally common.
    for position in range(-8, 0):
        counts = Counter(p[position] for p in phones)
        assert len(counts) == 10
        assert max(counts.values()) - min(counts.values()) < 0.05 * n / 10
    prefixes = Counter(p[3:6] for p in phones)
    assert set(prefixes) == set(_PREFIXES)
    expected = n / len(_PREFIXES)
    assert all(abs(c - expected) < 0.1 * expected for c in prefixes.values())


def test_demo_phones_are_fixed_by_the_running_number():
    assert [demo_phone(g) for g in (1, 2, 3)] == [demo_phone(g) for g in (1, 2, 3)]
    assert demo_phone(7) == demo_phone(7 + PHONE_SPACE)  # the shuffle covers the space once
    assert len({demo_phone(g) for g in range(PHONE_SPACE - 1000, PHONE_SPACE + 1000)}) == 2000


def test_a_last_four_search_in_a_demo_shop_finds_a_handful_of_members(shop):
    seed(shop.svc, 2000)
    phones = [demo_phone(g) for g in range(1, 2001)]
    found = [len(shop.svc.members.search(last_four(p))) for p in phones[:50]]
    # 2,000 members over 10,000 endings: each search finds its member and about 0.2 others.
    assert min(found) >= 1
    assert max(found) <= 4
    assert sum(found) < 50 * 1.2 + 20
