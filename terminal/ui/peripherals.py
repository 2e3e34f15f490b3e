"""Head office for the running counter: the sync runner of an enrolled terminal, and the
link state (online / offline) in the status bar, read off the GUI thread."""

import logging
from typing import Any

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
    window.status.link_reader = lambda: link_state(runner)
    window.status.set_link("offline", "")
    return runner


def link_state(runner: Any) -> tuple[str, str]:
    """(state, detail) for the status bar; reads the database, so never on the GUI thread."""
    status = runner.status()
    if status.online:
        return "online", status.base_url or ""
    return "offline", status.last_error or ""
