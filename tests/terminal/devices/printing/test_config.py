"""Printer settings refuse what cannot work, with a message a store manager understands."""

import pytest

from terminal.devices.printing import PrinterConfig
from terminal.domain.errors import InvalidInput


@pytest.mark.parametrize(
    ("settings", "words"),
    [
        ({"kind": "bluetooth"}, "printer kind"),
        ({"width_mm": 76}, "58 or 80"),
        ({"encoding": "utf-8"}, "encoding"),
        ({"drawer_pin": 3}, "pin 2 or pin 5"),
        ({"drawer_pulse_ms": 1000}, "pulse"),
        ({"kind": "network"}, "host"),
        ({"kind": "serial"}, "port or path"),
        ({"kind": "usb"}, "vendor"),
        ({"baudrate": 1234}, "baud"),
        ({"language": "fr"}, "zh or en"),
    ],
)
def test_bad_settings_are_refused(settings, words):
    with pytest.raises(InvalidInput, match=words):
        PrinterConfig(**settings)


def test_settings_round_trip_and_unknown_keys():
    config = PrinterConfig(kind="network", host="192.168.1.50", width_mm=58, encoding="gbk")
    assert PrinterConfig.from_dict(config.to_dict()) == config
    with pytest.raises(InvalidInput, match="colour"):
        PrinterConfig.from_dict({**config.to_dict(), "colour": "red"})
    with pytest.raises(InvalidInput):
        PrinterConfig.from_dict({"width_mm": "80"})


def test_paper_and_wording():
    assert (PrinterConfig(width_mm=58).columns, PrinterConfig(width_mm=58).dots) == (32, 384)
    assert (PrinterConfig(width_mm=80).columns, PrinterConfig(width_mm=80).dots) == (48, 576)
    assert PrinterConfig(encoding="GB18030").cjk
    assert PrinterConfig(encoding="cp437").wording == "en"
    assert PrinterConfig(encoding="cp437", image_fallback=True).wording == "zh"
    assert PrinterConfig(encoding="big5", language="en").wording == "en"
