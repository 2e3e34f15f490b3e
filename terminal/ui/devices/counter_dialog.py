"""The device settings as a counter dialog: built like the other dialogs of the function
keys (`Dialog(services, operator, member=None, parent=None, **extra)`), saving through the
device service with a manager's PIN, showing the live state of the scanners the counter
window runs (`window.scanners`, see `attach_scanners`), printing tests through the
window's print queue (`window.printing`), and handing saved settings to both. F10 opens it.
"""

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from terminal.devices.config import DeviceSettings
from terminal.ui.devices.printer_panel import DirectPrinterActions
from terminal.ui.devices.runtime import ScannerRuntime
from terminal.ui.devices.settings_dialog import DeviceSettingsDialog


class DevicesDialog(DeviceSettingsDialog):
    member_changed = Signal(str)  # the counter dialogs' contract; devices change no member

    def __init__(
        self,
        services: Any,
        operator: Any,
        member: Any = None,
        parent: QWidget | None = None,
        scanners: ScannerRuntime | None = None,
        printing: Any = None,
        **extra: Any,
    ) -> None:
        scanners = scanners or getattr(parent, "scanners", None)
        # The window's printer runtime tests through its queue, so a test page never
        # fights a receipt for the printer; without one, talk to the printer directly.
        printing = printing or getattr(parent, "printing", None)

        def save(settings: DeviceSettings, manager: str, pin: str) -> str:
            approver = services.operators.approve(manager, pin)
            saved = services.devices.save(settings, approver)
            if not saved.changed:
                return self.tr("Nothing changed.")
            return self.tr("Saved (settings version {0}).").format(saved.version)

        terminal = services.setup.status()
        super().__init__(
            services.devices.load(),
            save,
            manager=scanners.manager if scanners else None,
            printing=printing or DirectPrinterActions(),
            store_name=terminal.store_name,
            parent=parent,
        )
        for runtime in (scanners, printing):
            if hasattr(runtime, "apply"):
                self.saved.connect(runtime.apply)
        if getattr(operator, "is_manager", False):
            self.approver.setText(operator.name)
