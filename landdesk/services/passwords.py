"""Password hashes and password rules.

New hashes are argon2id at argon2-cffi's defaults (RFC 9106's second recommended profile: 64 MiB,
3 passes, 4 lanes; about 0.12 s on a 2-core office PC). Hashes of older LandDesk versions (scrypt,
N=2^15) still verify, and `needs_rehash` tells the login to replace them with an argon2id hash.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import re
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from landdesk.domain.errors import LandDeskError

MIN_LENGTH = 10
MAX_LENGTH = 256  # hashing a megabyte-long "password" is only a way to make the login slow
_HASHER = PasswordHasher()
_SCRYPT_MAXMEM = 256 * 1024 * 1024


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify(password: str, stored: str) -> bool:
    """Whether `password` matches the stored hash (argon2id, or an older LandDesk's scrypt)."""
    if stored.startswith("scrypt$"):
        return _verify_scrypt(password, stored)
    try:
        return _HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    if not stored.startswith("$argon2id$"):
        return True
    try:
        return _HASHER.check_needs_rehash(stored)
    except InvalidHashError:
        return True


@functools.cache
def dummy_hash() -> str:
    """A hash of a random password with the current parameters: checked for names that are no account,
    so that an unknown user takes as long to refuse as a wrong password (no user enumeration)."""
    return _HASHER.hash(secrets.token_urlsafe(16))


def _verify_scrypt(password: str, stored: str) -> bool:
    try:
        _, n, r, p, salt, digest = stored.split("$")
        got = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                             maxmem=_SCRYPT_MAXMEM, dklen=32)
        return hmac.compare_digest(got, base64.b64decode(digest))
    except (ValueError, TypeError):
        return False


# ---- rules for a new password ---------------------------------------------------------------------

@functools.cache
def common_passwords() -> frozenset[str]:
    from landdesk.domain.resources import resources_dir

    path = resources_dir() / "security" / "common-passwords.txt"
    with open(path, encoding="utf-8") as f:
        return frozenset(line.strip() for line in f if line.strip() and not line.startswith("#"))


_TAIL = re.compile(r"[\d\W_]+$")


def check_strength(password: str, username: str = "") -> None:
    """Refuse a short password, a very long one, a common one (also with digits or signs added at the
    end: 'password2024!'), one of few different characters, or the user name itself."""
    if len(password) < MIN_LENGTH:
        raise LandDeskError(f"Mật khẩu phải có ít nhất {MIN_LENGTH} ký tự.",
                            f"The password must have at least {MIN_LENGTH} characters.")
    if len(password) > MAX_LENGTH:
        raise LandDeskError(f"Mật khẩu dài quá {MAX_LENGTH} ký tự.", f"The password is longer than {MAX_LENGTH} characters.")
    folded = password.casefold()
    common = common_passwords()
    base = _TAIL.sub("", folded)
    name = username.strip().casefold()
    if (folded in common or (len(base) >= 6 and base in common) or len(set(folded)) < 4
            or (name and (folded == name or base == name))):
        raise LandDeskError("Mật khẩu này quá phổ biến hoặc dễ đoán; hãy chọn mật khẩu khác.",
                            "This password is too common or too easy to guess; choose another one.")
