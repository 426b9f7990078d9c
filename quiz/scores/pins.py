"""A learner's PIN under `media-quiz serve`: what a PIN may be, how it is kept, how guessing is slowed.

In a served class every browser tab reaches the same score file, so a name alone would let
anyone open a classmate's history. At their first sign-in a learner chooses a PIN; it is kept
only as a salted hash, and each later sign-in with that name asks for it.

The hash: `hashlib.scrypt` with N = 2**14, r = 8, p = 1 (16 MiB of memory), a 16-byte random
salt per PIN and a 32-byte key, stored as "scrypt$N$r$p$salt$key" (salt and key in base64),
so that a later media-quiz can raise the cost and still read the PINs already chosen. One hash
took 71–81 ms (15 runs) on the shared 2-core machine this was written on, busy with other work
(load average 9; once 200 ms): thirty students signing in at once cost a few seconds of CPU.
A PIN has only 10**4 to 10**8 values, so no key derivation keeps a stolen score file's
4-digit PIN secret for long (10,000 tries × 75 ms: minutes); what keeps classmates out is
that the file stays on the teacher's machine and that guesses at the sign-in screen are
limited (`wait_after`). Comparisons are constant-time (`hmac.compare_digest`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import unicodedata

from quiz.i18n import _

PIN_MIN, PIN_MAX = 4, 8  # digits
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SALT_BYTES, KEY_BYTES = 16, 32
_MAX_MEMORY = 64 * 1024 * 1024  # bytes scrypt may use: room for N up to 2**15 at r = 8

# Wrong PINs (or class-list codes) in a row before the first wait, the first wait, and the
# longest (a classmate who types wrong PINs on purpose locks a name out for 15 minutes at most;
# a teacher's `media-quiz pin reset NAME` ends the wait at once).
FREE_TRIES = 5
FIRST_WAIT_SECONDS = 30
LONGEST_WAIT_SECONDS = 15 * 60

_DIGITS = re.compile(r"[0-9]+")


def clean_pin(typed: str) -> str:
    """The PIN as kept: digits typed on any keyboard (full-width "１２３４" too) as ASCII digits."""
    return unicodedata.normalize("NFKC", typed).strip()


def pin_problem(typed: str) -> str | None:
    """Why `typed` cannot be a PIN, in words for the learner; None when it can."""
    pin = clean_pin(typed)
    if not _DIGITS.fullmatch(pin) or not PIN_MIN <= len(pin) <= PIN_MAX:
        return _("A PIN is {least} to {most} digits, such as 4071.").format(least=PIN_MIN, most=PIN_MAX)
    return None


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_pin(typed: str) -> str:
    """The salted scrypt hash of a PIN, as the score file keeps it. Raises ValueError for a
    PIN `pin_problem` refuses."""
    problem = pin_problem(typed)
    if problem is not None:
        raise ValueError(problem)
    salt = secrets.token_bytes(SALT_BYTES)
    key = hashlib.scrypt(
        clean_pin(typed).encode("ascii"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P,
        maxmem=_MAX_MEMORY, dklen=KEY_BYTES,
    )
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(key)}"


def pin_matches(typed: str, stored: str) -> bool:
    """Whether `typed` is the PIN whose hash is `stored`; False for a hash that cannot be read."""
    try:
        kind, n, r, p, salt, key = stored.split("$")
        if kind != "scrypt":
            return False
        expected = base64.b64decode(key, validate=True)
        found = hashlib.scrypt(
            clean_pin(typed).encode("utf-8"), salt=base64.b64decode(salt, validate=True),
            n=int(n), r=int(r), p=int(p), maxmem=_MAX_MEMORY, dklen=len(expected),
        )
    except (ValueError, TypeError, MemoryError):
        return False
    return hmac.compare_digest(found, expected)


def code_matches(typed: str, code: str) -> bool:
    """Whether `typed` is a class list's `code`, in any letter case and with spaces around it."""
    def folded(text: str) -> bytes:
        return unicodedata.normalize("NFKC", text).strip().casefold().encode("utf-8")

    return hmac.compare_digest(folded(typed), folded(code))


def wait_after(failures: int) -> int:
    """Seconds before another try, after `failures` wrong ones in a row: none for the first
    four, 30 after the fifth, then twice as long after each further one, at most 15 minutes."""
    if failures < FREE_TRIES:
        return 0
    return min(FIRST_WAIT_SECONDS * 2 ** min(failures - FREE_TRIES, 16), LONGEST_WAIT_SECONDS)
