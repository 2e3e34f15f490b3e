"""What `posctl devices list` and the settings dialog show about each device, found out
without the counter app: is the scanner's port there and free, can the printer be
reached."""

import os
import socket
from dataclasses import dataclass
from pathlib import Path

from terminal.devices.config import DeviceSettings, ScannerConfig
from terminal.devices.ports import PortError, PortLister, list_ports, open_serial
from terminal.devices.printing import PrinterConfig
from terminal.devices.scanners.probe import probe


@dataclass(frozen=True)
class DeviceCheck:
    kind: str  # scanner | printer
    name: str
    address: str  # port, USB ids, host:port or path as configured
    state: str  # present | busy | missing | denied | reachable | unreachable | ready | ...
    detail: str
    enabled: bool = True


def check_scanner(config: ScannerConfig, lister: PortLister = list_ports) -> DeviceCheck:
    address = " / ".join(a for a in (config.port, config.usb_ids and f"USB {config.usb_ids}") if a)
    if not config.enabled:
        return DeviceCheck("scanner", config.name, address, "disabled", "not read", False)
    found = probe(config, lister)
    detail = found.detail
    if found.state == "busy":
        detail += " (the counter app, if it is running, holds its scanners' ports)"
    return DeviceCheck("scanner", config.name, address, found.state, detail)


def check_printer(config: PrinterConfig, timeout_s: float = 1.0) -> DeviceCheck:
    kind = config.kind
    if kind == "network":
        address = f"{config.host}:{config.port}"
        try:
            with socket.create_connection((config.host, config.port), timeout=timeout_s):
                pass
        except OSError as exc:
            why = exc.strerror or type(exc).__name__
            return _printer(config, address, "unreachable", f"cannot connect to {address}: {why}")
        return _printer(config, address, "reachable", f"{address} accepts connections")
    if kind == "serial":
        try:
            open_serial(config.path, config.baudrate).close()
        except PortError as exc:
            state = type(exc).__name__.removeprefix("Port").lower()
            return _printer(config, config.path, state, str(exc))
        return _printer(config, config.path, "present", f"free to open on {config.path}")
    if kind == "usb":
        address = f"USB {config.usb_vendor:04X}:{config.usb_product:04X}"
        return _printer(config, address, "unchecked", "use 'test print' to check it")
    if kind == "file":
        path = Path(config.path)
        if not path.exists():
            return _printer(config, config.path, "missing", f"{path} does not exist")
        if not os.access(path, os.W_OK):
            return _printer(config, config.path, "denied", f"no permission to write to {path}")
        return _printer(config, config.path, "present", f"{path} is writable")
    folder = config.path or "(the data folder)"
    return _printer(config, folder, "ready", f"a {kind} printer writes files into {folder}")


def _printer(config: PrinterConfig, address: str, state: str, detail: str) -> DeviceCheck:
    return DeviceCheck("printer", config.name, f"{config.kind} {address}", state, detail)


def check_all(settings: DeviceSettings, lister: PortLister = list_ports) -> list[DeviceCheck]:
    checks = [check_scanner(s, lister) for s in settings.scanners]
    return checks + [check_printer(p) for p in settings.printers]


def test_print(config: PrinterConfig, store_name: str = "") -> str:
    """Print a test page now (the settings dialog's "test print"); says what happened."""
    from terminal.devices.printing import open_printer

    printer = open_printer(config)
    try:
        printer.test_page(store_name)
    finally:
        printer.close()
    return f"test page sent to printer '{config.name}'"


def open_drawer(config: PrinterConfig) -> str:
    """Kick the cash drawer wired to this printer (the dialog's "open drawer")."""
    from terminal.devices.printing import open_printer

    printer = open_printer(config)
    try:
        printer.kick_drawer()
    finally:
        printer.close()
    return f"drawer pulse sent through printer '{config.name}'"
