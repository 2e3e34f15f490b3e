"""Cutting a scanner's byte stream into codes: only whole, printable, terminated lines."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from terminal.devices.config import TERMINATORS
from terminal.devices.scanners.framing import LineFramer


def feed_all(framer: LineFramer, *pieces: bytes) -> list[str]:
    codes = []
    for piece in pieces:
        codes += framer.feed(piece)
    return codes


@pytest.mark.parametrize(
    ("terminator", "wire"),
    [("cr", b"6901234567892\r"), ("lf", b"6901234567892\n"), ("crlf", b"6901234567892\r\n")],
)
def test_a_code_ends_with_the_configured_terminator(terminator, wire):
    framer = LineFramer(terminator)
    assert framer.feed(wire) == ["6901234567892"]
    assert framer.pending == 0


def test_a_code_in_pieces_is_delivered_once_whole():
    framer = LineFramer("crlf")
    assert feed_all(framer, b"6901", b"2345", b"67892\r") == []
    assert framer.feed(b"\n") == ["6901234567892"]


def test_several_codes_in_one_read():
    assert LineFramer("lf").feed(b"A1\nB2\nC3\n") == ["A1", "B2", "C3"]


def test_unterminated_code_is_held_back():
    framer = LineFramer("cr")
    assert framer.feed(b"6901234567892") == []
    assert framer.pending == 13


def test_noise_and_binary_bytes_spoil_only_their_own_line():
    framer = LineFramer("cr")
    codes = framer.feed(b"\x00\xff\x1b[garbage\r" + "码".encode() + b"\rGOOD1\r")
    assert codes == ["GOOD1"]
    assert framer.stats.rejected == 2
    assert "unprintable" in framer.stats.last_rejected


def test_lone_terminators_are_not_codes():
    assert LineFramer("cr").feed(b"\r\r\r") == []
    assert LineFramer("crlf").feed(b"\r\n\r\n") == []


def test_a_stray_cr_inside_a_crlf_line_spoils_it():
    assert LineFramer("crlf").feed(b"12\r34\r\nOK\r\n") == ["OK"]


def test_a_crlf_scanner_works_on_a_cr_or_lf_setting():
    # The extra CR or LF at the edge of a line is a terminator, not part of the code.
    assert LineFramer("cr").feed(b"A1\r\nB2\r\n") == ["A1", "B2"]
    assert LineFramer("lf").feed(b"A1\r\nB2\r\n") == ["A1", "B2"]


def test_a_cr_scanner_on_a_crlf_setting_never_yields_a_code():
    framer = LineFramer("crlf", max_length=16)
    assert framer.feed(b"A1\rB2\rC3\r" * 5) == []


def test_over_long_line_is_dropped_whole_even_when_it_arrives_in_pieces():
    framer = LineFramer("cr", max_length=16)
    codes = feed_all(framer, b"X" * 10, b"Y" * 10, b"Z" * 1000, b"TAIL\r", b"OK\r")
    assert codes == ["OK"]
    assert framer.pending == 0
    assert "longer than 16" in framer.stats.last_rejected


def test_over_long_crlf_line_keeps_the_terminator_split_across_reads():
    framer = LineFramer("crlf", max_length=8)
    assert feed_all(framer, b"0123456789ABCDEF\r", b"\nOK\r\n") == ["OK"]


def test_a_line_exactly_at_the_limit_is_a_code():
    assert LineFramer("cr", max_length=8).feed(b"12345678\r123456789\r") == ["12345678"]


def test_reset_discards_a_partial_line():
    framer = LineFramer("cr")
    framer.feed(b"690123")
    framer.reset()
    assert framer.feed(b"4567892\r") == ["4567892"]  # the tail alone is a new line
    assert framer.stats.rejected == 1


# --- fuzzing ----------------------------------------------------------------------------

CODE_CHARS = st.characters(min_codepoint=0x20, max_codepoint=0x7E)
codes = st.text(CODE_CHARS, min_size=1, max_size=40).filter(lambda c: c.strip())
# Garbage that can never pass for a code: one line (no CR or LF inside) that holds at
# least one unprintable byte.
UNPRINTABLE = [b for b in range(256) if not 0x20 <= b <= 0x7E and b not in (0x0D, 0x0A)]


def _one_line(data: bytes) -> bytes:
    return data.replace(b"\r", b"").replace(b"\n", b"")


garbage = st.tuples(
    st.binary(max_size=30), st.sampled_from(UNPRINTABLE), st.binary(max_size=30)
).map(lambda t: _one_line(t[0]) + bytes([t[1]]) + _one_line(t[2]))


def chunked(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(data) + 1) for c in cuts})
    pieces, start = [], 0
    for p in points:
        pieces.append(data[start:p])
        start = p
    pieces.append(data[start:])
    return pieces


@given(
    st.sampled_from(sorted(TERMINATORS)),
    st.binary(max_size=600),
    st.lists(st.integers(min_value=0, max_value=10_000), max_size=12),
)
def test_random_bytes_never_crash_and_yield_only_terminated_printable_lines(term, data, cuts):
    framer = LineFramer(term, max_length=32)
    whole = framer.feed(data)
    # however the bytes are split into reads, the codes are the same
    pieced = LineFramer(term, max_length=32)
    assert feed_all(pieced, *chunked(data, cuts)) == whole
    # every code is one whole line of the stream (bar a stray CR/LF at its ends), in order
    lines = iter(line.strip(b"\r\n") for line in data.split(TERMINATORS[term])[:-1])
    for code in whole:
        assert 1 <= len(code) <= 32
        assert code.isascii() and code.isprintable()
        assert code.encode() in lines


@given(
    st.sampled_from(sorted(TERMINATORS)),
    st.lists(st.tuples(st.booleans(), codes, garbage), max_size=15),
    st.lists(st.integers(min_value=0, max_value=10_000), max_size=12),
)
def test_codes_between_garbage_lines_all_arrive_and_nothing_else(term, items, cuts):
    terminator = TERMINATORS[term]
    wire, expected = b"", []
    for noisy, code, junk in items:
        if noisy:
            wire += junk + terminator
        wire += code.encode() + terminator
        expected.append(code)
    framer = LineFramer(term, max_length=40)
    assert feed_all(framer, *chunked(wire, cuts)) == expected


def test_a_line_of_spaces_is_not_a_code():
    framer = LineFramer("cr")
    assert framer.feed(b"\x00\r \r0\r") == ["0"]
    assert framer.stats.rejected == 2
