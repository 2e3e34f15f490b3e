"""Receipt printing: one receipt model (`terminal.domain.receipt`) printed on ESC/POS
printers (serial, USB, network, device path), saved as PDF, or drawn by a virtual
printer; a print queue that never blocks a sale; the cash drawer.

    config = PrinterConfig(kind="network", host="192.168.1.50", width_mm=80)
    printer = open_printer(config)
    queue = PrintQueue(printer, spool=data_dir / "print-spool.jsonl", listeners=(on_event,))
    job_id = queue.submit(receipt)        # returns at once; prints on the queue's thread
    queue.retry(job_id)                   # after a failure, when the cashier asks
    queue.kick_drawer()                   # "open drawer" button
    queue.test_page("Store name")         # "test print" button
    printer.status()                      # DLE EOT where the connection is two-way
"""

import importlib

from terminal.devices.printing.config import (
    CJK_ENCODINGS,
    CODE_PAGES,
    ENCODINGS,
    KINDS,
    PAPER,
    PrinterConfig,
)
from terminal.devices.printing.errors import CoverOpen, PaperOut, PrinterError, PrinterOffline

# The printers and the queue load python-escpos, whose printer database takes about a
# second to import: they are imported on first use, not by every process that only reads
# the device settings (the counter at start-up, posctl).
_LAZY = {
    "EscposPrinter": "printers",
    "PdfPrinter": "printers",
    "Printer": "printers",
    "PrinterStatus": "printers",
    "VirtualPrinter": "printers",
    "open_printer": "printers",
    "test_receipt": "printers",
    "FAILED": "queue",
    "PRINTED": "queue",
    "PRINTING": "queue",
    "QUEUED": "queue",
    "PrintJob": "queue",
    "PrintQueue": "queue",
    "QueueEvent": "queue",
    "QueueState": "queue",
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "CJK_ENCODINGS",
    "CODE_PAGES",
    "ENCODINGS",
    "FAILED",
    "KINDS",
    "PAPER",
    "PRINTED",
    "PRINTING",
    "QUEUED",
    "CoverOpen",
    "EscposPrinter",
    "PaperOut",
    "PdfPrinter",
    "PrintJob",
    "PrintQueue",
    "Printer",
    "PrinterConfig",
    "PrinterError",
    "PrinterOffline",
    "PrinterStatus",
    "QueueEvent",
    "QueueState",
    "VirtualPrinter",
    "open_printer",
    "test_receipt",
]
