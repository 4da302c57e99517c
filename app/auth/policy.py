"""The staff password policy, applied wherever a password is set (create, change, reset).

1. At least :data:`MIN_LENGTH` characters (at most :data:`MAX_LENGTH`, so hashing stays cheap).
2. Not containing the local part of the account's email address (``aiko.sato`` in
   ``aiko.sato@example.com``), in any case.
3. Not one of the 30,000 most common passwords, and not guessable from them: the list and the
   estimator come from `zxcvbn <https://github.com/dwolfhub/zxcvbn-python>`_ 4.5 (MIT licence),
   whose ``passwords`` frequency list holds the 30,000 most frequent passwords of Mark Burnett's
   10-million-password corpus (xato.net). A plain lookup alone is little use at 12 characters —
   only a few hundred entries are that long — so zxcvbn also matches the list with
   l33t substitutions, reversals, appended digits and years, keyboard walks (``qwertyuiop12``),
   repeats (``aaaaaaaaaaaa``), sequences (``123456789012``), dates and the English dictionary,
   and the password must need at least 10^:data:`MIN_GUESSES_LOG10` guesses (zxcvbn score 3,
   "safely unguessable") counting the user's email and name as known words.

Passwords are stored as argon2id hashes (argon2-cffi defaults, RFC 9106 low-memory profile:
time cost 3, memory 64 MiB, parallelism 4, 16-byte salt, 32-byte hash); see
:mod:`app.auth.passwords`.
"""

from __future__ import annotations

import math

from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS

MIN_LENGTH = 12
MAX_LENGTH = 256
MIN_GUESSES_LOG10 = 8
# zxcvbn's own limit; the rest of a longer password only adds strength.
_ESTIMATE_CHARS = 72
COMMON_PASSWORDS: frozenset[str] = frozenset(FREQUENCY_LISTS["passwords"])


def password_problem(password: str, email: str = "", name: str = "") -> str | None:
    """Why ``password`` is refused for this account, or None when it meets the policy."""
    if len(password) < MIN_LENGTH:
        return f"password must have at least {MIN_LENGTH} characters"
    if len(password) > MAX_LENGTH:
        return f"password must have at most {MAX_LENGTH} characters"
    lowered = password.lower()
    local = email.split("@", 1)[0].lower()
    if len(local) >= 3 and local in lowered:
        return "password must not contain your email address"
    if lowered in COMMON_PASSWORDS:
        return "password is one of the most common passwords; choose another"
    known = [w for w in (email, local, name, *name.split(), "voc") if w]
    estimate = zxcvbn(password[:_ESTIMATE_CHARS], user_inputs=known)
    if math.log10(max(float(estimate["guesses"]), 1.0)) < MIN_GUESSES_LOG10:
        hint = (estimate.get("feedback") or {}).get("warning") or "it is easy to guess"
        return (
            f"password is too easy to guess ({hint.rstrip('.')}); "
            "use a longer passphrase of unrelated words"
        )
    return None
