"""The counter's side of printing: queue events as Qt signals, and the failed-prints panel."""

from terminal.ui.printing.bridge import PrintBridge, board_state
from terminal.ui.printing.failed_panel import FailedPrintsPanel

__all__ = ["FailedPrintsPanel", "PrintBridge", "board_state"]
