"""The recovery code that lets a locked-out manager set a new PIN without another manager.

Shown once when the terminal is set up (and again each time one is used or replaced), kept
only as an argon2 hash. Sixteen characters of Crockford base32 (80 random bits) in groups
of four, so it can be read off paper and typed without telling 0 from O or 1 from I.
"""

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
LENGTH = 16
_SAME = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_code() -> str:
    chars = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(chars[i : i + 4] for i in range(0, LENGTH, 4))


def normalise(typed: str) -> str:
    """The code as stored: upper case, without spaces or dashes, look-alikes mapped."""
    kept = "".join(ch for ch in str(typed or "").upper() if ch not in " -\t")
    return kept.translate(_SAME)
