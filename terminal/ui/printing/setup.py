"""Wire printing for the counter in one call: the configured printer, its queue (spooled
beside the database), and the bridge the dialogs and the status bar use."""

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject

from terminal.devices.printing import PrinterConfig, PrintQueue, open_printer
from terminal.ui.printing.bridge import PrintBridge

SPOOL_NAME = "print-spool.jsonl"


def spool_path(database: Path) -> Path:
    return Path(database).parent / SPOOL_NAME


def start_printing(
    services: Any,  # terminal.services.facade.Services (not imported: the UI stays thin)
    config: PrinterConfig,
    parent: QObject | None = None,
    watch_ms: int = 30_000,
) -> PrintBridge:
    """The printer is asked how it is every `watch_ms` (0: never). Stop the queue
    (`bridge.queue.stop()`) when the terminal closes."""
    queue = PrintQueue(open_printer(config), spool_path(services.db.path))
    bridge = PrintBridge(
        queue,
        build=services.receipts.build,
        sign_up=services.receipts.sign_up,
        parent=parent,
    )
    if watch_ms:
        bridge.watch(watch_ms)  # the status bar shows the printer's state before a sale
    return bridge
