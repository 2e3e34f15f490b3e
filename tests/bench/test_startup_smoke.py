"""The start-up benchmark runs end to end on a small database (figures are read at full size)."""

import json

from bench import startup


def test_startup_benchmark_starts_the_counter_and_scans(tmp_path, capsys):
    db = str(tmp_path / "s.db")
    startup.main(["--members", "150", "--starts", "1", "--ops", "15", "--db", db])
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result["benchmark"] == "startup" and result["members"] == 150
    assert result["ready"]["n"] == 1 and result["ready"]["p50_ms"] > 0
    assert result["devices_ready"]["p50_ms"] >= result["ready"]["p50_ms"]
    assert result["scan_to_member"]["n"] == 15
    assert result["scan_to_member"]["p99_ms"] >= result["scan_to_member"]["p50_ms"] > 0
    phases = {"interpreter", "imports", "database", "ready", "devices"}
    assert set(result["phases_last_ms"]) == phases
