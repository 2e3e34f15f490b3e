"""Device settings saved in the database: versions, manager approval, audit."""

import json

import pytest
from sqlalchemy import func, select

from terminal.devices.config import DeviceSettings, ScannerConfig
from terminal.devices.printing import PrinterConfig
from terminal.domain.errors import AuthError
from terminal.store.models import DeviceSettingsVersion
from tests.helpers.services_kit import assert_books_ok, audit_rows, tally

HAND = ScannerConfig(name="hand", port="/dev/ttyACM0", terminator="crlf")
PRINTER = PrinterConfig(kind="network", name="receipt", host="192.168.1.50", width_mm=58)


def test_a_new_terminal_has_no_devices(shop):
    saved = shop.svc.devices.current()
    assert saved.version == 0 and saved.settings == DeviceSettings()


def test_settings_saved_by_a_manager_are_in_force_and_audited(shop):
    before = tally(shop)
    settings = DeviceSettings(scanners=(HAND,), printers=(PRINTER,))
    saved = shop.svc.devices.save(settings, shop.manager)
    assert saved.version == 1 and saved.changed
    assert shop.svc.devices.load() == settings
    assert tally(shop) - before == (0, 1)  # local to the terminal: no event for head office
    row = audit_rows(shop, "devices.change")[-1]
    assert row["approver_id"] == shop.manager.id
    assert row["details"]["scanners"]["added"]["hand"]["port"] == "/dev/ttyACM0"
    assert row["details"]["printers"]["added"]["receipt"]["host"] == "192.168.1.50"
    assert_books_ok(shop)


def test_a_change_is_a_new_version_and_the_audit_shows_old_and_new(shop):
    shop.svc.devices.save(DeviceSettings(scanners=(HAND,)), shop.manager)
    moved = ScannerConfig(name="hand", port="/dev/ttyACM1", terminator="crlf")
    counter = ScannerConfig(name="counter", usb_vid=0x0C2E, usb_pid=0x0B61)
    saved = shop.svc.devices.save(DeviceSettings(scanners=(moved, counter)), shop.manager)
    assert saved.version == 2
    details = audit_rows(shop, "devices.change")[-1]["details"]["scanners"]
    assert details["changed"] == {"hand": {"port": ["/dev/ttyACM0", "/dev/ttyACM1"]}}
    assert list(details["added"]) == ["counter"] and details["removed"] == []
    saved = shop.svc.devices.save(DeviceSettings(scanners=(counter,)), shop.manager)
    assert audit_rows(shop, "devices.change")[-1]["details"]["scanners"]["removed"] == ["hand"]
    assert shop.svc.devices.load().scanners == (counter,)


def test_saving_the_same_settings_writes_nothing(shop):
    settings = DeviceSettings(scanners=(HAND,))
    shop.svc.devices.save(settings, shop.manager)
    before = tally(shop)
    again = shop.svc.devices.save(settings, shop.manager)
    assert (again.version, again.changed) == (1, False)
    assert tally(shop) - before == (0, 0)


def test_a_cashier_cannot_change_devices(shop):
    with pytest.raises(AuthError, match="manager"):
        shop.svc.devices.save(DeviceSettings(scanners=(HAND,)), shop.cashier)
    assert shop.svc.devices.current().version == 0


def test_settings_from_a_newer_version_still_load(shop):
    body = {
        "scanners": [{**HAND.to_dict(), "beep_volume": 3}],
        "printers": [],
        "displays": [],
    }
    with shop.svc.db.write() as s:
        s.add(DeviceSettingsVersion(version=1, body=json.dumps(body), created_at=shop.clock.now()))
    assert shop.svc.devices.load().scanners == (HAND,)
    with shop.svc.db.read() as s:
        assert s.scalar(select(func.count()).select_from(DeviceSettingsVersion)) == 1
