import os
import random
import stat

import pytest

from terminal.sync import keys
from terminal.sync.backoff import backoff_delay


def test_credentials_live_beside_the_key_file_with_owner_only_permissions(tmp_path):
    path = keys.credentials_path(tmp_path / "terminal.db")
    assert path == tmp_path / "terminal.db.key.sync"
    creds = keys.Credentials("https://ho.example", "000102", bytes(range(32)))
    keys.save(path, creds)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert keys.load(path) == creds
    assert "secret=…" in repr(creds) and "0001" not in repr(creds).split("secret")[1]


def test_missing_or_garbled_credentials_say_what_to_do(tmp_path):
    with pytest.raises(keys.CredentialsError, match="posctl sync enrol"):
        keys.load(tmp_path / "none.sync")
    bad = tmp_path / "bad.sync"
    bad.write_text("{not json")
    with pytest.raises(keys.CredentialsError, match="unreadable"):
        keys.load(bad)


def test_backoff_grows_to_its_cap_with_full_jitter():
    rng = random.Random(1)
    assert backoff_delay(0) == 0
    for failures in range(1, 40):
        ceiling = min(60.0, 0.5 * 2 ** (failures - 1))
        delays = [backoff_delay(failures, 0.5, 60.0, rng) for _ in range(200)]
        assert all(0 <= d <= ceiling for d in delays)
        assert max(delays) > ceiling * 0.8  # full jitter spreads over the whole range
        assert min(delays) < ceiling * 0.2
