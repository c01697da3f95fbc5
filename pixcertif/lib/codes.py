"""Codes handed to people: session access code, session password, verification code.

All drawn from `secrets` (DOMAIN.md §2, §5); alphabets leave out look-alike characters.
"""

from __future__ import annotations

import secrets

ACCESS_CODE_LETTERS = "BCDFGHJKMPQRTVWXY"
ACCESS_CODE_DIGITS = "2346789"
PASSWORD_ALPHABET = "2346789BCDFGHJKMPQRTVWXY"  # noqa: S105 - an alphabet, not a secret
SESSION_PASSWORD_LENGTH = 8
SESSION_PASSWORD_PREFIX = "C-"  # noqa: S105
VERIFICATION_CODE_PREFIX = "P-"


def generate_access_code() -> str:
    """Four letters then two digits, e.g. ``KBPM47``."""
    letters = "".join(secrets.choice(ACCESS_CODE_LETTERS) for _ in range(4))
    digits = "".join(secrets.choice(ACCESS_CODE_DIGITS) for _ in range(2))
    return letters + digits


def generate_session_password() -> str:
    """The supervisors' password without its ``C-`` prefix (the prefix is only shown)."""
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(SESSION_PASSWORD_LENGTH))


def generate_verification_code() -> str:
    """``P-`` and 8 distinct characters, e.g. ``P-7K9D2MXB``."""
    chars = list(PASSWORD_ALPHABET)
    picked = [chars.pop(secrets.randbelow(len(chars))) for _ in range(8)]
    return VERIFICATION_CODE_PREFIX + "".join(picked)
