"""The sync benchmark runs end to end on a tiny data set (figures are read at full size)."""

import json

import pytest

from bench import sync


@pytest.mark.parametrize(("flags", "way"), [([], "snapshot, then feed"), (["--feed-only"], "feed")])
def test_sync_benchmark_pushes_every_event_and_catches_up_the_whole_chain(capsys, flags, way):
    sync.main(
        ["--events", "450", "--members", "20", "--chain-members", "300", "--page", "250", *flags]
    )
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    push = result["push"]
    assert push["events"] == push["applied"] == push["processed_at_head_office"] == 450
    assert push["queue"]["bulk_sale_events"] == 450 - 41
    assert push["events_per_s"] > 0 and push["per_batch"]["n"] == 3
    catch_up = result["catch_up"]
    assert catch_up["way"] == way
    assert catch_up["members_stored"] == 300
    assert catch_up["changes_applied"] >= 600
