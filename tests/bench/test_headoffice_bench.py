"""The head-office push benchmark runs end to end, tiny (figures are read at full size)."""

import json

import pytest

from bench import headoffice
from tests.helpers.headoffice import PG_URL, pg_unavailable


def last_json_line(capsys) -> dict:
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_push_benchmark_applies_every_event_once(backend, capsys):
    argv = ["--events", "600", "--members", "50", "--batch", "100"]
    if backend == "postgresql":
        if pg_unavailable():
            pytest.skip(pg_unavailable())
        argv += ["--db", PG_URL]
    headoffice.main(argv)
    result = last_json_line(capsys)
    assert result["backend"] == backend
    assert result["results"] == {"applied": 600, "duplicate": 0, "rejected": 0}
    assert result["members"] == 50 and result["ledger_ok"] is True
    assert result["batch_latency"]["n"] == 6 and result["events_per_s"] > 0
