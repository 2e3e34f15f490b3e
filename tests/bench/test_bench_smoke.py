"""The benchmarks run end to end on a small data set (figures are read at full size)."""

import json

from sqlalchemy import func, select

from bench import checkout, lookup
from terminal.services.facade import Services
from terminal.store.models import OutboxEvent


def last_json_line(capsys) -> dict:
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_lookup_benchmark_reports_service_and_bare_figures(tmp_path, capsys):
    lookup.main(["--members", "300", "--ops", "60", "--db", str(tmp_path / "b.db")])
    result = last_json_line(capsys)
    assert result["benchmark"] == "lookup"
    assert result["members"] == 300
    for kind in ("card", "phone", "last4_name"):
        for run in ("first_touch", "repeat"):
            figures = result["service"][kind][run]
            assert figures["p99_ms"] >= figures["p50_ms"] > 0
    assert result["bare_sqlite"]["card"]["repeat"]["n"] == 60


def test_checkout_benchmark_commits_real_sales(tmp_path, capsys):
    db = tmp_path / "c.db"
    checkout.main(["--members", "200", "--ops", "30", "--db", str(db)])
    result = last_json_line(capsys)
    assert result["sale"]["n"] == 30
    assert result["sale"]["sales_per_s"] > 0
    svc = Services.open(db)
    try:
        assert svc.setup.verify_ledger().ok
        with svc.db.read() as s:
            sales = s.scalar(select(func.count()).where(OutboxEvent.kind == "sale.completed"))
        assert sales == 30
    finally:
        svc.close()


def test_dialogs_benchmark_times_quotes_and_searches(tmp_path, capsys):
    from bench import dialogs

    dialogs.main(
        [
            "--members",
            "200",
            "--ops",
            "20",
            "--name-ops",
            "2",
            "--window-ops",
            "3",
            "--db",
            str(tmp_path / "d.db"),
        ]
    )
    result = last_json_line(capsys)
    assert result["benchmark"] == "dialogs" and result["members"] == 200
    for kind in ("checkout_quote", "search_last4", "search_last4_name"):
        assert result[kind]["n"] == 20 and result[kind]["p99_ms"] >= result[kind]["p50_ms"] > 0
    assert result["search_name_only"]["n"] == 2
    assert result["open_checkout"]["n"] == 3 and result["open_topup"]["n"] == 3


def test_receipts_benchmark_builds_and_renders_real_receipts(tmp_path, capsys):
    from bench import receipts

    receipts.main(
        ["--members", "100", "--ops", "5", "--picture-ops", "2", "--db", str(tmp_path / "r.db")]
    )
    result = last_json_line(capsys)
    assert result["benchmark"] == "receipts" and result["members"] == 100
    assert result["build_from_books"]["n"] == 5
    assert result["render_escpos"]["bytes"] > 500
    assert result["render_png"]["n"] == 2
