"""The enrolment file's encryption: one fresh data key, wrapped once per allowed user under a key
derived from that user's argon2id password hash. The primary holds the hashes; the new station
re-derives the hash from the typed password and the hash's own salt and parameters. Opening the file is
exactly as hard as guessing that user's password against its hash."""

from __future__ import annotations

import base64
import hashlib
import os

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from landdesk.domain import package_format as pf
from landdesk.domain.errors import LandDeskError

INFO = b"landdesk-station-enrol-v1"


def user_tag(username: str) -> str:
    return hashlib.sha256(("landdesk-user:" + username.strip().casefold()).encode()).hexdigest()[:32]


def _b64d(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4))


def _parts(encoded: str) -> tuple[dict, bytes, bytes]:
    """{m, t, p, v}, salt, raw hash of an argon2id hash string."""
    _, kind, version, params, salt, digest = encoded.split("$")
    if kind != "argon2id":
        raise ValueError(kind)
    out = {k: int(v) for k, v in (x.split("=") for x in params.split(","))}
    out["v"] = int(version.split("=")[1])
    return out, _b64d(salt), _b64d(digest)


def _kek(raw_hash: bytes, tag: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=INFO + tag.encode()).derive(raw_hash)


def can_wrap(encoded: str) -> bool:
    try:
        _parts(encoded)
        return True
    except (ValueError, IndexError):
        return False


def wrap(data_key: bytes, users: list[tuple[str, str]]) -> dict:
    """The manifest's encryption block: users = [(username, argon2id hash)]."""
    out = []
    for name, encoded in users:
        params, salt, raw = _parts(encoded)
        tag = user_tag(name)
        nonce = os.urandom(12)
        blob = nonce + AESGCM(_kek(raw, tag)).encrypt(nonce, data_key, tag.encode())
        out.append({"tag": tag, "salt": base64.b64encode(salt).decode(), "wrapped": base64.b64encode(blob).decode(),
                    "params": f"m={params['m']},t={params['t']},p={params['p']},v={params['v']},len={len(raw)}"})
    return {"scheme": pf.PASSWORD_SCHEME, "users": out}


def _wrong() -> LandDeskError:
    return LandDeskError("Tên người dùng hoặc mật khẩu không mở được tệp đăng ký này (chỉ người dùng được phép "
                         "ở máy trạm này mới mở được).",
                         "The user name or password does not open this enrolment file (only the users allowed on "
                         "this workstation can).")


def unwrap(enc: dict, username: str, password: str) -> bytes:
    tag = user_tag(username)
    entry = next((u for u in enc.get("users", []) if u.get("tag") == tag), None)
    if entry is None or not password:
        raise _wrong()
    try:
        params = {k: int(v) for k, v in (x.split("=") for x in entry["params"].split(","))}
        if not (1 <= params["t"] <= 20 and 8 <= params["m"] <= 1 << 21 and 1 <= params["p"] <= 64
                and 16 <= params["len"] <= 64):
            raise ValueError("params")
        raw = hash_secret_raw(password.encode(), base64.b64decode(entry["salt"]), time_cost=params["t"],
                              memory_cost=params["m"], parallelism=params["p"], hash_len=params["len"],
                              type=Type.ID, version=params["v"])
        blob = base64.b64decode(entry["wrapped"])
        key = AESGCM(_kek(raw, tag)).decrypt(blob[:12], blob[12:], tag.encode())
    except (InvalidTag, ValueError, KeyError) as exc:
        raise _wrong() from exc
    if len(key) != 32:
        raise _wrong()
    return key
