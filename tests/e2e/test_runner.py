"""The background runner: a committed sale wakes the relay at once; start and stop are
clean; spends are routed through head office only while it runs."""

import time

from terminal.services.spend import Standalone
from terminal.sync.authorise import HeadOfficeAuthoriser
from terminal.sync.runner import SyncRunner
from tests.helpers.services_kit import top_up


def wait_for(predicate, seconds=20.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False


def test_a_committed_event_wakes_the_relay_without_waiting_for_its_round(chain):
    a = chain(1, "a")
    a.runner.stop()
    a.runner = SyncRunner.for_terminal(
        a.svc, transport=a.net, push_interval=60.0, pull_interval=60.0
    )
    a.runner.start()
    assert isinstance(a.svc.ctx.spend_authoriser, HeadOfficeAuthoriser)
    assert wait_for(lambda: a.runner.status().last_pull_at is not None)
    assert wait_for(lambda: a.runner.status().queue_depth == 0)
    member = a.shop.sign_up(phone="13800138000")
    top_up(a.shop, member, 5_000)
    assert wait_for(lambda: a.runner.status().queue_depth == 0, seconds=10)
    a.runner.stop()
    assert not a.runner.running
    assert isinstance(a.svc.ctx.spend_authoriser, Standalone)
    assert a.svc.ctx.event_listeners == []
