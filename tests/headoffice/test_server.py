"""`pos-headoffice` over a real socket: migrations on start, the API and its description served,
a clear line for a database it cannot open."""

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from terminal.sync import protocol as p
from tests.helpers.headoffice import database_url


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=5) as answer:
        return answer.status, answer.read()


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_serves_the_api_on_a_new_database(backend, tmp_path, monkeypatch):
    port = free_port()
    monkeypatch.setenv("POS_HO_KEY_FILE", str(tmp_path / "ho.key"))
    with database_url(backend, tmp_path) as (url, schema):
        if schema:  # the server's own URL, pointed at this test's schema
            url = f"{url}?options=-csearch_path%3D{schema}"
        serve_and_check(url, port, tmp_path)


def serve_and_check(url: str, port: int, tmp_path) -> None:
    server = subprocess.Popen(
        [sys.executable, "-m", "headoffice.server", "--db", url, "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                status, body = get(base + p.PATH_HEALTH)
                break
            except OSError:
                assert server.poll() is None, server.stdout.read().decode()
                assert time.monotonic() < deadline, "head office did not start in 30 s"
                time.sleep(0.2)
        assert status == 200 and json.loads(body)["protocol_version"] == p.PROTOCOL_VERSION
        assert (tmp_path / "ho.key").exists()
        assert p.PATH_PUSH in json.loads(get(base + "/openapi.json")[1])["paths"]
        with pytest.raises(urllib.error.HTTPError) as no_docs:
            get(base + "/docs")
        no_docs.value.close()
        assert no_docs.value.code == 404
    finally:
        server.terminate()
        server.wait(timeout=10)
        server.stdout.close()


def test_a_database_it_cannot_open_is_one_line(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_text("not a database")
    result = subprocess.run(
        [sys.executable, "-m", "headoffice.server", "--db", str(junk)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("pos-headoffice: cannot open database")
    assert "Traceback" not in result.stderr
