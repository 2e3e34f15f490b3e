"""Sync tests: the real head-office app served by uvicorn on a free port in a thread,
terminals (each its own database) enrolled with it, and a transport that injects faults
between a terminal and head office."""

import random
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import uvicorn

from headoffice import auth
from headoffice.app import create_app
from headoffice.models import Store
from headoffice.service import HeadOffice
from terminal.sync.engine import SyncEngine
from terminal.sync.runner import SyncRunner
from tests.helpers.shop import Shop, open_shop


class LiveHeadOffice:
    """Head office over a real socket (127.0.0.1, a free port)."""

    def __init__(self, ho: HeadOffice) -> None:
        self.ho = ho
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self.port = self._sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            create_app(ho, sweep_stale=False), log_level="warning", lifespan="on"
        )
        self.server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self._sock]}, daemon=True
        )

    def start(self) -> "LiveHeadOffice":
        self._thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("head office did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self._thread.join(20)
        self._sock.close()

    def enrol_code(self, store_no: int, name: str | None = None) -> str:
        def issue(work):
            if work.session.get(Store, store_no) is None:
                auth.add_store(work, store_no, name or f"{store_no}号店", "Asia/Shanghai")
            return auth.issue_code(work, store_no)

        return self.ho.unit(issue)[1]


@contextmanager
def live_head_office(
    url: str, schema: str | None, tmp_path: Path, clock
) -> Iterator[LiveHeadOffice]:
    ho = HeadOffice(url, clock=clock, key_path=tmp_path / "ho.key", schema=schema)
    live = LiveHeadOffice(ho).start()
    try:
        yield live
    finally:
        live.stop()
        ho.close()


class Faults(httpx.BaseTransport):
    """Wraps the real transport. `offline` refuses every request; the rates inject, per
    request: a request dropped before head office sees it, an answer lost after head
    office committed, a request sent twice, a 500 without sending, a timeout."""

    def __init__(self, seed: int = 0) -> None:
        self.inner = httpx.HTTPTransport()
        self.offline = False
        self.drop = self.lose_answer = self.duplicate = self.error500 = 0.0
        self.rng = random.Random(seed)
        self.counts: dict[str, int] = {}
        self.only_paths: tuple[str, ...] = ()  # empty: every path

    def _hit(self, name: str, rate: float) -> bool:
        if rate and self.rng.random() < rate:
            self.counts[name] = self.counts.get(name, 0) + 1
            return True
        return False

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.offline:
            raise httpx.ConnectError("network down (test)", request=request)
        if self.only_paths and not request.url.path.startswith(self.only_paths):
            return self.inner.handle_request(request)
        if self._hit("dropped", self.drop):
            raise httpx.ConnectError("request dropped (test)", request=request)
        if self._hit("error500", self.error500):
            return httpx.Response(500, json={"error": "test", "message": "injected"})
        if self._hit("duplicated", self.duplicate):
            first = self.inner.handle_request(request)
            first.read()
            first.close()
        response = self.inner.handle_request(request)
        if self._hit("answer_lost", self.lose_answer):
            response.read()
            response.close()
            raise httpx.ReadTimeout(
                "answer lost after head office committed (test)", request=request
            )
        return response

    def close(self) -> None:
        self.inner.close()


@dataclass
class Terminal:
    """One terminal: its shop (database, clock, operators), its network and its sync."""

    shop: Shop
    net: Faults
    runner: SyncRunner
    name: str = ""
    notes: dict = field(default_factory=dict)

    @property
    def svc(self):
        return self.shop.svc

    @property
    def engine(self) -> SyncEngine:
        return self.runner.engine

    def sync(self, rounds: int = 1):
        """Push everything, then pull everything (what `posctl sync now` does)."""
        for _ in range(rounds):
            pushed = self.engine.push_all()
            pulled = self.engine.pull_all()
        return pushed, pulled

    def close(self) -> None:
        self.runner.stop()
        self.net.close()
        self.shop.svc.close()


def new_terminal(
    live: LiveHeadOffice, template: Path, tmp_path: Path, store_no: int, name: str, clock=None
) -> Terminal:
    from terminal.sync.enrol import enrol

    shop = open_shop(template, tmp_path / f"{name}.db")
    if clock is not None:
        shop.clock = clock
        shop.svc.ctx.clock = clock
    net = Faults(seed=hash(name) & 0xFFFF)
    enrol(shop.svc, live.url, live.enrol_code(store_no), name, transport=net)
    runner = SyncRunner.for_terminal(
        shop.svc,
        transport=net,
        push_interval=0.05,
        pull_interval=0.1,
        backoff_base=0.01,
        backoff_cap=0.1,
    )
    runner.svc.use_spend_authoriser(runner.authoriser)
    return Terminal(shop, net, runner, name)
