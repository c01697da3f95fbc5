from __future__ import annotations

import re

from pixcertif.lib.codes import (
    ACCESS_CODE_DIGITS,
    ACCESS_CODE_LETTERS,
    PASSWORD_ALPHABET,
    SESSION_PASSWORD_PREFIX,
    generate_access_code,
    generate_session_password,
    generate_verification_code,
)

ACCESS_CODE = re.compile(rf"^[{ACCESS_CODE_LETTERS}]{{4}}[{ACCESS_CODE_DIGITS}]{{2}}$")


def test_it_draws_access_codes_of_four_letters_then_two_digits() -> None:
    for _ in range(200):
        assert ACCESS_CODE.match(generate_access_code())


def test_it_uses_the_domain_alphabets_without_look_alike_characters() -> None:
    assert ACCESS_CODE_LETTERS == "BCDFGHJKMPQRTVWXY"
    assert ACCESS_CODE_DIGITS == "2346789"
    assert PASSWORD_ALPHABET == "2346789BCDFGHJKMPQRTVWXY"
    assert not set("AEIOU01O5SZLN") & set(PASSWORD_ALPHABET)


def test_it_draws_session_passwords_of_eight_characters_without_prefix() -> None:
    for _ in range(200):
        password = generate_session_password()
        assert len(password) == 8
        assert set(password) <= set(PASSWORD_ALPHABET)
    assert SESSION_PASSWORD_PREFIX == "C-"


def test_it_does_not_repeat_itself() -> None:
    assert len({generate_access_code() for _ in range(200)}) > 190
    assert len({generate_session_password() for _ in range(200)}) == 200


def test_it_draws_verification_codes_of_eight_distinct_characters() -> None:
    for _ in range(200):
        code = generate_verification_code()
        assert code.startswith("P-")
        body = code[2:]
        assert len(body) == 8
        assert len(set(body)) == 8
        assert set(body) <= set(PASSWORD_ALPHABET)
