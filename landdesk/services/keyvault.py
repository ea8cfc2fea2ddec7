"""Secrets at rest (signing keys, the backup key), encrypted for the operating-system account that made them.

A vault file is `LDVAULT1`, one protector byte, the length-prefixed protected data key, a 12-byte nonce
and the secret sealed with AES-256-GCM under that data key. The data key is kept

- on Windows by DPAPI (CryptProtectData, user scope): only this Windows account on this PC opens it,
  whoever can read the file — `chmod` protects nothing there;
- elsewhere by this account's own key file (`account.key` in the user's data folder, mode 0600),
  which is never inside a workspace or a backup.

Either way a copy of the workspace folder (a USB stick, a synced folder) carries no usable key: keys
travel only inside encrypted backups, and a restore protects them again for the restoring account.
"""

from __future__ import annotations

import ctypes
import os
import struct
import sys
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from landdesk.domain.errors import LandDeskError
from landdesk.domain.fileio import atomic_write

MAGIC = b"LDVAULT1"
DPAPI, LOCAL = 1, 2
_ENTROPY = b"LandDesk key vault v1"
ACCOUNT_KEY = "account.key"


def is_vault(data: bytes) -> bool:
    return data.startswith(MAGIC)


def protect(secret: bytes) -> bytes:
    data_key = AESGCM.generate_key(256)
    nonce = os.urandom(12)
    if sys.platform == "win32":
        kind, kept = DPAPI, _dpapi(data_key, protect=True)
    else:
        kind, kept = LOCAL, b""
        data_key = _account_key()
    sealed = AESGCM(data_key).encrypt(nonce, secret, MAGIC + bytes([kind]))
    return MAGIC + bytes([kind]) + struct.pack(">I", len(kept)) + kept + nonce + sealed


def unprotect(blob: bytes, name: str = "") -> bytes:
    try:
        kind = blob[len(MAGIC)]
        (n,) = struct.unpack_from(">I", blob, len(MAGIC) + 1)
        start = len(MAGIC) + 5
        kept, nonce, sealed = blob[start:start + n], blob[start + n:start + n + 12], blob[start + n + 12:]
        if kind == DPAPI:
            data_key = _dpapi(kept, protect=False)
        elif kind == LOCAL:
            data_key = _account_key(create=False)
        else:
            raise ValueError("unknown protector")
        return AESGCM(data_key).decrypt(nonce, sealed, MAGIC + bytes([kind]))
    except (ValueError, IndexError, struct.error, InvalidTag, OSError, FileNotFoundError) as exc:
        raise LandDeskError(
            f"Không mở được khóa {name}: khóa được bảo vệ cho một tài khoản hoặc máy tính khác. "
            "Hãy khôi phục không gian làm việc từ bản sao lưu trên máy này (bản sao lưu mang theo khóa).",
            f"Cannot open the key {name}: it is protected for another account or PC. Restore the "
            "workspace from its backup on this PC (backups carry the keys).") from exc


def write_protected(path: Path, secret: bytes) -> None:
    """The protected secret under `path`, owner-only from its first byte (and whole or untouched)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    blob = protect(secret)

    def write(f) -> None:
        os.chmod(f.name, 0o600)
        f.write(blob)

    atomic_write(path, write)


def read_protected(path: Path) -> bytes:
    return unprotect(path.read_bytes(), path.name)


# ---- where the data key is kept ------------------------------------------------------------------

def _account_key(create: bool = True) -> bytes:
    """This account's 32-byte key (made once, 0600, first writer wins when two processes race)."""
    from landdesk.paths import data_dir

    folder = Path(os.environ.get("LANDDESK_KEYSTORE") or data_dir())
    path = folder / ACCOUNT_KEY
    try:
        key = path.read_bytes()
        if len(key) == 32:
            return key
        raise ValueError("the account key file is damaged")
    except FileNotFoundError:
        if not create:
            raise
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    tmp = folder / f".{ACCOUNT_KEY}.{os.getpid()}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, os.urandom(32))
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(tmp, path)  # fails if another process made it first: then theirs is the key
    except FileExistsError:
        pass
    finally:
        tmp.unlink()
    return path.read_bytes()


class _Blob(ctypes.Structure):
    _fields_ = [("cbData", ctypes.c_uint32), ("pbData", ctypes.POINTER(ctypes.c_char))]


def _blob(data: bytes) -> tuple[_Blob, ctypes.Array]:
    buf = ctypes.create_string_buffer(data, len(data))
    return _Blob(len(data), ctypes.cast(buf, ctypes.POINTER(ctypes.c_char))), buf


def _dpapi(data: bytes, *, protect: bool) -> bytes:
    """CryptProtectData / CryptUnprotectData for the current Windows user (no UI)."""
    crypt32 = ctypes.WinDLL("crypt32", use_last_error=True)  # type: ignore[attr-defined]
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    blob_in, _keep_in = _blob(data)
    entropy, _keep_entropy = _blob(_ENTROPY)
    out = _Blob()
    ui_forbidden = 0x1
    if protect:
        ok = crypt32.CryptProtectData(ctypes.byref(blob_in), ctypes.c_wchar_p("LandDesk"), ctypes.byref(entropy),
                                      None, None, ui_forbidden, ctypes.byref(out))
    else:
        ok = crypt32.CryptUnprotectData(ctypes.byref(blob_in), None, ctypes.byref(entropy),
                                        None, None, ui_forbidden, ctypes.byref(out))
    if not ok:
        raise OSError(ctypes.get_last_error(), "DPAPI refused the key")  # type: ignore[attr-defined]
    try:
        return ctypes.string_at(out.pbData, out.cbData)
    finally:
        kernel32.LocalFree(out.pbData)
