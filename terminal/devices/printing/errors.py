"""Why a print failed, in words for the status bar."""

from terminal.domain.errors import PosError


class PrinterError(PosError):
    """The printer could not print; the job is kept for a retry."""

    reason = "error"


class PrinterOffline(PrinterError):
    reason = "offline"


class PaperOut(PrinterError):
    reason = "paper_out"


class CoverOpen(PrinterError):
    reason = "cover_open"
