"""The last line of defence: an exception nobody caught is logged with its traceback and
the cashier sees one calm sentence, never a traceback; the window keeps working."""

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from terminal.ui.error_text import describe

log = logging.getLogger("terminal.ui")


def show_error(parent: QWidget | None, exc: BaseException) -> QMessageBox:
    """A non-blocking message box with the reason (PosError) or a calm generic sentence."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("Errors", "Member terminal"))
    box.setText(describe(exc))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.open()
    return box


def install_excepthook(log_path: str = "") -> None:
    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        log.error("unexpected error\n%s", "".join(traceback.format_exception(kind, exc, tb)))
        if QApplication.instance() is None:
            return
        box = show_error(QApplication.activeWindow(), exc)
        if log_path:
            box.setInformativeText(
                QCoreApplication.translate("Errors", "Details were written to %1").replace(
                    "%1", log_path
                )
            )

    sys.excepthook = hook
