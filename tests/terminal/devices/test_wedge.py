"""The wedge decoder tells a scanner's burst from a person's typing."""

import pytest

from terminal.devices.wedge import WedgeDecoder, WedgeSettings


def feed(decoder: WedgeDecoder, text: str, start: float, gap: float):
    released, at = [], start
    for i, ch in enumerate(text):
        at += gap
        released += decoder.press(ch, i, at)
    return released, at + gap


def test_fast_burst_ending_in_enter_is_a_scan():
    decoder = WedgeDecoder(WedgeSettings(0.05, 6))
    released, at = feed(decoder, "001203000013", 0.0, 0.004)
    result = decoder.enter(at)
    assert (result.code, released, result.release) == ("001203000013", [], [])
    assert not decoder.holding


def test_slow_typing_is_released_key_by_key_in_order():
    decoder = WedgeDecoder(WedgeSettings(0.05, 6))
    released, at = feed(decoder, "1380013", 0.0, 0.2)
    # each new key found the previous one stale and let it go
    assert released == [0, 1, 2, 3, 4, 5]
    result = decoder.enter(at)
    assert result.code is None and result.release == [6]


def test_short_fast_burst_is_typing_not_a_scan():
    decoder = WedgeDecoder(WedgeSettings(0.05, 6))
    _, at = feed(decoder, "1234", 0.0, 0.01)
    result = decoder.enter(at)
    assert result.code is None and result.release == [0, 1, 2, 3]


def test_held_keys_expire_after_the_gap():
    decoder = WedgeDecoder(WedgeSettings(0.05, 6))
    feed(decoder, "12", 0.0, 0.01)
    assert decoder.deadline() == pytest.approx(0.07)
    assert decoder.expire(0.05) == []
    assert decoder.expire(0.08) == [0, 1]
    assert decoder.deadline() is None


def test_a_pause_inside_a_burst_breaks_it():
    decoder = WedgeDecoder(WedgeSettings(0.05, 6))
    released, at = feed(decoder, "123", 0.0, 0.005)
    released += decoder.press("4", 3, at + 0.5)
    assert released == [0, 1, 2]
    assert decoder.enter(at + 0.505).code is None


def test_thresholds_are_checked():
    with pytest.raises(ValueError):
        WedgeSettings(0, 6)
    with pytest.raises(ValueError):
        WedgeSettings(0.05, 0)
