"""Cutting a serial scanner's byte stream into codes.

A scanner sends each code as a line of printable ASCII ended by its terminator (CR, LF or
CR LF). Anything else on the wire (line noise, a half code left when the cable was
pulled, binary bytes, a runaway line) must never reach the counter as a code, so a line
is delivered only when it is whole, printable, not too long and ends with the configured
terminator. Everything else is counted as rejected, never guessed at. A stray CR or LF at
either end of a line is tolerated, so a scanner sending CR LF works on a CR or LF setting.
"""

from dataclasses import dataclass

from terminal.devices.config import DEFAULT_MAX_LENGTH, TERMINATORS

MIN_CODE_LENGTH = 1


def is_printable_ascii(data: bytes) -> bool:
    return all(0x20 <= b <= 0x7E for b in data)


@dataclass
class FramerStats:
    codes: int = 0
    rejected: int = 0  # lines thrown away: noise, binary bytes, over-long
    last_rejected: str = ""  # why the last one was thrown away, for diagnostics


class LineFramer:
    """Feed bytes as they arrive, in any pieces; get back the codes they complete."""

    def __init__(self, terminator: str = "cr", max_length: int = DEFAULT_MAX_LENGTH) -> None:
        if terminator not in TERMINATORS:
            raise ValueError(f"terminator must be one of {', '.join(TERMINATORS)}")
        self.terminator = TERMINATORS[terminator]
        self.max_length = max_length
        self.stats = FramerStats()
        self._buffer = bytearray()
        self._overflow = False  # the current line is already too long: drop it at its end

    def reset(self) -> None:
        """Forget a partial line (the port dropped: its end will never come)."""
        if self._buffer or self._overflow:
            self._reject("partial line discarded when the port closed")
        self._buffer.clear()
        self._overflow = False

    @property
    def pending(self) -> int:
        """Bytes of an unfinished line held back."""
        return len(self._buffer)

    def feed(self, data: bytes) -> list[str]:
        codes: list[str] = []
        self._buffer += data
        term = self.terminator
        while True:
            end = self._buffer.find(term)
            if end < 0:
                break
            line = bytes(self._buffer[:end])
            del self._buffer[: end + len(term)]
            code = self._accept(line, self._overflow)
            self._overflow = False
            if code is not None:
                codes.append(code)
        # Keep at most one byte more than a code may hold (plus a terminator's first byte):
        # a longer line can never become a code, so stop storing it and drop it at its end.
        limit = self.max_length + len(term)
        if len(self._buffer) > limit:
            tail = self._buffer[-(len(term) - 1) :] if len(term) > 1 else b""
            self._buffer = bytearray(tail)
            self._overflow = True
        return codes

    def _accept(self, line: bytes, overflow: bool) -> str | None:
        if overflow or len(line) > self.max_length:
            self._reject(f"line longer than {self.max_length} characters")
            return None
        # A CR or LF at either end is a terminator the scanner added on top of ours
        # (a CR LF scanner on a CR or LF setting); inside a line it is noise.
        line = line.strip(b"\r\n")
        if len(line) < MIN_CODE_LENGTH:
            # A lone terminator: some scanners send an extra one; not worth a warning.
            return None
        if not is_printable_ascii(line):
            self._reject("line with unprintable bytes (noise, wrong baud rate or terminator?)")
            return None
        if not line.strip(b" "):
            self._reject("line of spaces only")
            return None
        self.stats.codes += 1
        return line.decode("ascii")

    def _reject(self, why: str) -> None:
        self.stats.rejected += 1
        self.stats.last_rejected = why
