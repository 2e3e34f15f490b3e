"""Head office for the running counter: the sync runner of an enrolled terminal, and the
link state (online / offline) in the status bar, read off the GUI thread."""

import logging
from datetime import UTC, datetime, tzinfo
from typing import Any

from PySide6.QtCore import QCoreApplication

from terminal.domain.errors import PosError
from terminal.services.facade import Services
from terminal.sync.runner import SyncRunner

log = logging.getLogger(__name__)


def start_sync(window: Any, services: Services) -> SyncRunner | None:
    """Start pushing and pulling on an enrolled terminal; a standalone one stays so."""
    try:
        runner = SyncRunner.for_terminal(services)
    except PosError as exc:  # enrolment files unreadable: keep selling, say why
        log.error("sync not started: %s", exc)
        window.status.set_link("offline", str(exc))
        return None
    if runner is None:
        return None
    runner.start()
    window.sync = runner
    window.counter.finder = runner.finder
    window.status.link_reader = lambda: link_state(runner, window.status.tz)
    window.status.set_link("offline", "")
    return runner


def link_state(runner: Any, tz: tzinfo = UTC) -> tuple[str, str]:
    """(state, detail) for the status bar; reads the database, so never on the GUI thread.
    The detail names the last push and pull (store time) and any events head office
    refused, which a manager must look at (`posctl sync status`)."""
    status = runner.status()

    def when(at: datetime | None) -> str:
        return at.replace(tzinfo=UTC).astimezone(tz).strftime("%H:%M") if at else "-"

    lines = [
        QCoreApplication.translate("Sync", "Last push %1 · last pull %2")
        .replace("%1", when(status.last_push_at))
        .replace("%2", when(status.last_pull_at))
    ]
    if status.rejected_count:
        lines.append(
            QCoreApplication.translate(
                "Sync", "%1 event(s) refused by head office: see posctl sync status"
            ).replace("%1", str(status.rejected_count))
        )
    if status.pull_stopped_seq is not None:
        lines.append(
            QCoreApplication.translate(
                "Sync", "Changes from head office stopped at %1: update this terminal"
            ).replace("%1", str(status.pull_stopped_seq))
        )
    if status.online:
        lines.insert(0, status.base_url or "")
    elif status.last_error:
        lines.insert(0, status.last_error)
    return ("online" if status.online else "offline"), "\n".join(line for line in lines if line)
