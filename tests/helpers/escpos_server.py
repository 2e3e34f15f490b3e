"""A pretend network receipt printer on a local TCP port (like a real one on 9100): it
keeps every byte it receives and answers status queries (DLE EOT n) with set bytes."""

import socket
import threading

# Answers of a healthy printer to DLE EOT 1, 2 and 4 (fixed bits 0x12 set, no flags).
HEALTHY = {1: 0x12, 2: 0x12, 4: 0x12}
PAPER_OUT = {1: 0x1A, 2: 0x32, 4: 0x72}  # offline because the paper ran out
COVER_OPEN = {1: 0x1A, 2: 0x16, 4: 0x12}


class FakeNetworkPrinter:
    def __init__(self, answers: dict[int, int] | None = None) -> None:
        self.answers = dict(answers or HEALTHY)
        self.received = bytearray()
        self.connections = 0
        self.silent = False  # True: never answer status queries (a one-way printer)
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(5)
        self._sock.settimeout(0.2)
        self.port = self._sock.getsockname()[1]
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            with conn:
                conn.settimeout(0.2)
                pending = b""
                while not self._stop.is_set():
                    try:
                        chunk = conn.recv(65536)
                    except TimeoutError:
                        continue
                    except OSError:
                        break
                    if not chunk:
                        break
                    with self._lock:
                        self.received += chunk
                    pending += chunk
                    while b"\x10\x04" in pending:
                        at = pending.index(b"\x10\x04")
                        if len(pending) < at + 3:
                            break
                        n = pending[at + 2]
                        pending = pending[at + 3 :]
                        if not self.silent:
                            conn.sendall(bytes((self.answers.get(n, 0x12),)))
                    pending = pending[-2:]

    @property
    def printed(self) -> bytes:
        """What was received, without the status queries."""
        with self._lock:
            data = bytes(self.received)
        for n in (1, 2, 4):
            data = data.replace(b"\x10\x04" + bytes((n,)), b"")
        return data

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self._sock.close()
