"""`pos-terminal`: the composition root. Reads the configuration, opens the store (a demo
store on first start without configuration), builds the services and the counter window."""

import contextlib
import logging
import signal
import socket
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

import platformdirs
from PySide6.QtCore import QCoreApplication, QSocketNotifier, QTimer
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from terminal.domain.errors import PosError
from terminal.services.facade import Services
from terminal.store.database import Database
from terminal.ui.config import APP_NAME, AppConfig, ConfigError, load_config, save_language
from terminal.ui.errors import install_excepthook
from terminal.ui.first_start import create_with_progress, is_set_up, show_recovery_code
from terminal.ui.fit import show_maximised
from terminal.ui.i18n import RESOURCES, Translations, stylesheet
from terminal.ui.main_window import MainWindow

# Noto Sans CJK SC / WenQuanYi on Linux, Microsoft YaHei on Windows: Chinese never as boxes.
FONT_FAMILIES = ["Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC"]


def setup_logging() -> Path:
    log_dir = Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
    log_path = log_dir / "terminal.log"
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = RotatingFileHandler(
            log_path, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    logging.basicConfig(level=logging.INFO, handlers=[handler])
    return log_path


def make_app(argv: list[str]) -> QApplication:
    app = QApplication.instance() or QApplication(argv)
    app.setApplicationName(APP_NAME)
    app.setWindowIcon(QIcon(str(RESOURCES / "icons" / "terminal.svg")))
    style_app(app)
    return app


def style_app(app: QApplication) -> None:
    """The counter's fonts (a CJK face first) and style sheet."""
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSize(13)
    app.setFont(font)
    app.setStyleSheet(stylesheet())


def open_services(config: AppConfig) -> Services:
    return Services(Database(config.db_path, key_path=config.key_path))


def fail(message: str) -> int:
    box = QMessageBox(QMessageBox.Icon.Critical, "Member terminal", message)
    box.exec()
    print(message, file=sys.stderr)
    return 2


def build_window(config: AppConfig, services: Services, translations: Translations) -> MainWindow:
    return MainWindow(
        services,
        translations=translations,
        save_language=lambda language: save_language(config, language),
        wedge=config.wedge,
        auto_lock_s=config.auto_lock_s,
    )


def start(config: AppConfig, translations: Translations) -> tuple[MainWindow, Services]:
    """Open the store (a demo store on first start), build and show the counter window.
    Raises PosError with a message for the person at the till."""
    services = open_services(config)
    recovery_code: str | None = None  # made on first start, shown once over the counter
    try:
        if not is_set_up(services):
            if config.db_configured:
                raise NotSetUp(
                    QCoreApplication.translate(
                        "Startup", "The database %1 is not set up yet: run 'posctl init' first."
                    ).replace("%1", str(config.db_path))
                )
            error, recovery_code = create_with_progress(services)
            if error is not None:
                logging.getLogger(__name__).error("demo store", exc_info=error)
                raise error if isinstance(error, PosError) else NotSetUp(str(error))
        window = build_window(config, services, translations)
    except BaseException:
        services.close()
        raise
    if config.fullscreen:
        window.showFullScreen()
    else:
        show_maximised(window)
    window.start()
    if recovery_code:
        show_recovery_code(window, services, recovery_code)
    # Printers, serial scanners and sync start just after the first paint: the counter
    # takes scans (keyboard wedge) and lookups without waiting for their imports.
    QTimer.singleShot(0, lambda: attach_devices(window, services))
    return window, services


def attach_devices(window: MainWindow, services: Services) -> None:
    """The receipt printer, serial scanners and (on an enrolled terminal) head office."""
    if not window.running:
        return
    try:
        from terminal.ui.devices.runtime import attach_scanners
        from terminal.ui.peripherals import start_sync
        from terminal.ui.printing.runtime import attach_printing

        window.printing = attach_printing(window, services)
        window.scanners = attach_scanners(window, services.devices.load)
        window.scanners.start()
        start_sync(window, services)
    except Exception as exc:  # noqa: BLE001 - the counter keeps working without devices
        logging.getLogger(__name__).error("devices not started", exc_info=exc)
        window.status.showMessage(
            QCoreApplication.translate("Startup", "Devices could not be started: %1").replace(
                "%1", str(exc)
            ),
            15_000,
        )


def quit_on_terminate(app: QApplication) -> None:
    """SIGTERM (shutdown, logout, `kill`) and Ctrl+C close the counter as its window would:
    devices stopped, the database closed. Python runs signal handlers only between
    bytecodes, so the signal wakes Qt's event loop through a socket."""
    if not hasattr(signal, "SIGTERM") or sys.platform == "win32":
        return
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    signal.set_wakeup_fd(writer.fileno())
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, app)

    def woken() -> None:
        with contextlib.suppress(OSError):
            reader.recv(64)

    notifier.activated.connect(woken)
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: app.quit())
    app._terminate_wakeup = (reader, writer, notifier)  # kept alive with the app


class NotSetUp(PosError):
    """The database has no terminal identity, or the demo store could not be made."""


def main(argv: list[str] | None = None) -> int:
    log_path = setup_logging()
    app = make_app(sys.argv if argv is None else argv)
    try:
        config = load_config()
    except ConfigError as exc:
        return fail(str(exc))
    translations = Translations()
    translations.apply(config.language)
    install_excepthook(str(log_path))
    quit_on_terminate(app)
    try:
        window, services = start(config, translations)
    except PosError as exc:
        return fail(str(exc))
    try:
        return app.exec()
    finally:
        window.stop()
        services.close()
        logging.getLogger(__name__).info("counter closed")


if __name__ == "__main__":
    sys.exit(main())
