"""The scanner benchmark runs end to end, tiny (figures are read at full size)."""

import json

from bench import scanners


def test_scanner_benchmark_delivers_every_code_and_reports_latency(capsys):
    scanners.main(["--ops", "20", "--stream-codes", "500"])
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result["benchmark"] == "scanners"
    assert result["one_scanner"]["n"] == 20
    assert result["two_scanners_at_once"]["n"] == 20
    assert result["one_scanner"]["p99_ms"] >= result["one_scanner"]["p50_ms"] > 0
    assert result["framer"]["codes"] == 500 and result["framer"]["noise_lines"] > 0
