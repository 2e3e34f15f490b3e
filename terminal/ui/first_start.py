"""First start without configuration: a demo store is created in the default place, off
the GUI thread, with a progress dialog (operators manager/1234 and cashier/0000, as
`make run` makes them, a couple of thousand demo members, and a simulated printer). The
terminal's recovery code is made there too, to be shown once."""

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from terminal.devices.config import DeviceSettings
from terminal.devices.printing.config import PrinterConfig
from terminal.services.context import NotInitialised
from terminal.services.facade import Services
from terminal.ui.worker import run_in_background

DEMO_STORE_NAME = "演示门店"
DEMO_OPERATORS = (("manager", "manager", "1234"), ("cashier", "cashier", "0000"))
DEMO_MEMBERS = 2000


def is_set_up(services: Services) -> bool:
    try:
        services.setup.terminal()
    except NotInitialised:
        return False
    return True


def create_demo_store(
    services: Services,
    members: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> str:
    """Terminal identity, its recovery code (returned), the two demo operators, and
    `members` demo members."""
    members = DEMO_MEMBERS if members is None else members
    services.setup.init(1, 1, DEMO_STORE_NAME)
    recovery_code = services.operators.issue_recovery_code()
    manager = None
    for name, role, pin in DEMO_OPERATORS:
        op = services.operators.add(name, role, pin, by=manager)
        manager = manager or op
    # A simulated printer: receipts land as ESC/POS bytes and pictures beside the database.
    folder = Path(services.db.path).parent / "virtual-printer"
    printer = PrinterConfig(kind="virtual", name="simulated", path=str(folder))
    services.devices.save(DeviceSettings().with_printer(printer), manager)
    if members:
        from terminal.services import demo  # only on a first start

        demo.seed(services, members, progress=progress)
    return recovery_code


def create_with_progress(
    services: Services, parent: QWidget | None = None
) -> tuple[BaseException | None, str | None]:
    """Run `create_demo_store` in the background behind a progress dialog; the error if
    any, else the recovery code to show."""
    dialog = QProgressDialog(parent)
    dialog.setWindowTitle(QCoreApplication.translate("FirstStart", "First start"))
    dialog.setLabelText(QCoreApplication.translate("FirstStart", "Creating the demo store…"))
    dialog.setCancelButton(None)
    dialog.setRange(0, DEMO_MEMBERS)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(0)
    dialog.show()
    loop = QEventLoop()
    outcome: list[tuple[BaseException | None, str | None]] = []

    def finished(error: BaseException | None, code: str | None = None) -> None:
        outcome.append((error, code))
        loop.quit()

    run_in_background(
        create_demo_store,
        services,
        on_done=lambda code: finished(None, code),
        on_error=finished,
        on_progress=lambda done, _total: dialog.setValue(done),
        with_progress=True,
    )
    if not outcome:
        loop.exec()
    dialog.close()
    return outcome[0]


def show_recovery_code(parent: QWidget, services: Services, code: str) -> None:
    """Over the counter, once: the code a locked-out manager sets a new PIN with."""
    from terminal.ui.dialogs.recovery import RecoveryCodeDialog

    RecoveryCodeDialog(services, None, parent=parent, code=code).open()
