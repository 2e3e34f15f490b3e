"""The counter's side of printing: queue events as Qt signals, and the failed-prints panel."""

from terminal.ui.printing.bridge import PrintBridge, board_state
from terminal.ui.printing.failed_dialog import FailedPrintsDialog
from terminal.ui.printing.setup import spool_path, start_printing

__all__ = ["FailedPrintsDialog", "PrintBridge", "board_state", "spool_path", "start_printing"]
