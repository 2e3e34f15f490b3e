"""Device settings: validated, and the same after a trip through JSON."""

import json

import pytest

from terminal.devices.config import DeviceSettings, ScannerConfig, parse_usb_id
from terminal.devices.printing import PrinterConfig
from terminal.domain.errors import InvalidInput


def test_scanner_settings_round_trip_through_json():
    settings = DeviceSettings(
        scanners=(
            ScannerConfig(name="hand", port="/dev/ttyACM0", baudrate=115200, terminator="crlf"),
            ScannerConfig(
                name="counter",
                port="COM5",
                bytesize=7,
                parity="e",
                stopbits="2",
                usb_vid=0x0C2E,
                usb_pid=0x0B61,
                usb_serial="17011B2A53",
                max_length=64,
            ),
        )
    )
    settings = DeviceSettings(
        scanners=settings.scanners,
        printers=(
            PrinterConfig(kind="network", name="receipt", host="192.168.1.50", width_mm=58),
            PrinterConfig(kind="serial", name="kitchen", path="COM4", encoding="cp437"),
        ),
    )
    again = DeviceSettings.from_dict(json.loads(json.dumps(settings.to_dict())))
    assert again == settings
    assert again.printer().host == "192.168.1.50"
    assert again.printer("kitchen").encoding == "cp437"
    assert again.scanner("counter").parity == "E"
    assert again.scanner("counter").usb_ids == "0C2E:0B61 SN=17011B2A53"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": ""}, "name"),
        ({"baudrate": 9601}, "baud rate"),
        ({"baudrate": "9600"}, "baud rate"),
        ({"bytesize": 9}, "data bits"),
        ({"parity": "X"}, "parity"),
        ({"stopbits": "3"}, "stop bits"),
        ({"terminator": "tab"}, "terminator"),
        ({"max_length": 2}, "longest code"),
        ({"usb_vid": 0x10000, "usb_pid": 1}, "vendor id"),
        ({"usb_vid": 0x0C2E}, "both USB ids"),
        ({"port": ""}, "serial port or its USB ids"),
        ({"port": 5}, "text"),
    ],
)
def test_bad_scanner_settings_say_what_is_wrong(fields, message):
    with pytest.raises(InvalidInput, match=message):
        ScannerConfig(**{"port": "/dev/ttyUSB0", **fields})


def test_a_scanner_found_by_usb_ids_needs_no_port_name():
    config = ScannerConfig(usb_vid=1, usb_pid=2)
    assert config.by_usb and config.port == ""


def test_unknown_settings_are_refused_from_a_manager_but_skipped_from_the_database():
    data = {
        "scanners": [{"name": "hand", "port": "COM3", "beep": True}],
        "printers": [{"kind": "virtual", "paper_colour": "pink"}],
        "lights": 1,
    }
    with pytest.raises(InvalidInput, match="unknown"):
        DeviceSettings.from_dict(data)
    assert DeviceSettings.from_dict(data, strict=False).scanner("hand").port == "COM3"


def test_malformed_settings_are_invalid_input_not_a_crash():
    for bad in ({"scanners": "hand"}, {"scanners": [3]}, [1, 2]):
        with pytest.raises(InvalidInput):
            DeviceSettings.from_dict(bad)


def test_scanner_and_printer_names_are_unique():
    with pytest.raises(InvalidInput, match="two scanners"):
        DeviceSettings(scanners=(ScannerConfig(port="a"), ScannerConfig(port="b")))
    with pytest.raises(InvalidInput, match="two printers"):
        DeviceSettings(printers=(PrinterConfig(), PrinterConfig()))


def test_bad_printer_settings_are_invalid_input():
    for bad in ({"kind": "fax"}, {"width_mm": 76}, {"kind": "network"}, {"colour": "red"}):
        with pytest.raises(InvalidInput):
            DeviceSettings.from_dict({"printers": [bad]})
    with pytest.raises(InvalidInput, match="no printer is set up"):
        DeviceSettings().printer()


def test_usb_ids_are_read_as_hex():
    assert parse_usb_id("0C2E") == 0x0C2E
    assert parse_usb_id("0x0c2e") == 0x0C2E
    for bad in ("xyz", "10000", ""):
        with pytest.raises(InvalidInput, match="USB id"):
            parse_usb_id(bad)
