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

from terminal.devices.printing.config import (
    CJK_ENCODINGS,
    CODE_PAGES,
    ENCODINGS,
    KINDS,
    PAPER,
    PrinterConfig,
)
from terminal.devices.printing.errors import CoverOpen, PaperOut, PrinterError, PrinterOffline
from terminal.devices.printing.printers import (
    EscposPrinter,
    PdfPrinter,
    Printer,
    PrinterStatus,
    VirtualPrinter,
    open_printer,
    test_receipt,
)
from terminal.devices.printing.queue import (
    FAILED,
    PRINTED,
    PRINTING,
    QUEUED,
    Outcome,
    PrintJob,
    PrintQueue,
    QueueEvent,
    QueueState,
)

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
    "Outcome",
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
