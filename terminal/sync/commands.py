"""What `posctl sync ...` does, as plain functions returning JSON-ready dicts, and the
hook that routes `posctl`'s own spends through head office on an enrolled terminal."""

from typing import Any

import httpx

from terminal.domain.errors import PosError
from terminal.services.facade import Services
from terminal.sync import keys
from terminal.sync.authorise import HeadOfficeAuthoriser
from terminal.sync.client import HeadOfficeClient, HeadOfficeError
from terminal.sync.connectivity import Connectivity
from terminal.sync.engine import SyncEngine
from terminal.sync.enrol import credentials_path, enrol, is_enrolled
from terminal.sync.lookup import MemberFinder
from terminal.sync.status import read_status


class Attached:
    """Head office wired into one `posctl` run (no background threads)."""

    def __init__(self, svc: Services, transport: httpx.BaseTransport | None = None) -> None:
        creds = keys.load(credentials_path(svc))
        self.connectivity = Connectivity()
        self.client = HeadOfficeClient(
            creds.base_url, creds.terminal_id, creds.secret, svc.ctx.clock, transport
        )
        self.engine = SyncEngine(svc, self.client, self.connectivity)
        self.finder = MemberFinder(svc, self.client, self.connectivity)
        authoriser = HeadOfficeAuthoriser(
            svc, self.client, self.connectivity, flush=lambda _m: self.engine.push_all(3)
        )
        svc.use_spend_authoriser(authoriser)

    def close(self) -> None:
        self.client.close()


def attach(svc: Services, transport: httpx.BaseTransport | None = None) -> Attached | None:
    """Route spends and member lookups through head office when the terminal is enrolled."""
    return Attached(svc, transport) if is_enrolled(svc) else None


def sync_enrol(
    svc: Services, url: str, code: str, transport: httpx.BaseTransport | None = None
) -> dict[str, Any]:
    answer = enrol(svc, url, code, transport=transport)
    return {
        "enrolled": True,
        "terminal_id": answer.terminal_id,
        "store_no": answer.store_no,
        "terminal_no": answer.terminal_no,
        "store_name": answer.store_name,
        "credentials_file": str(credentials_path(svc)),
    }


def sync_now(svc: Services, attached: Attached | None) -> dict[str, Any]:
    if attached is None:
        raise PosError("this terminal is not enrolled with head office: run 'posctl sync enrol'")
    pushed = attached.engine.push_all()
    pulled = attached.engine.pull_all()
    return {
        "pushed": {
            "sent": pushed.sent,
            "applied": pushed.applied,
            "duplicate": pushed.duplicate,
            "rejected": pushed.rejected,
            "batches": pushed.batches,
        },
        "pulled": {
            "pages": pulled.pages,
            "changes": dict(sorted(pulled.changes.items())),
            "balances_settled": pulled.settled,
            "cursor": pulled.cursor,
        },
        "queue_depth": read_status(svc).queue_depth,
    }


def sync_status(svc: Services, attached: Attached | None, probe: bool = True) -> dict[str, Any]:
    connectivity = attached.connectivity if attached else None
    if attached is not None and probe:
        try:
            attached.client.health()
            connectivity.succeeded(svc.ctx.now_utc())
        except HeadOfficeError as exc:
            connectivity.failed(svc.ctx.now_utc(), str(exc))
    return read_status(svc, connectivity).to_json()
