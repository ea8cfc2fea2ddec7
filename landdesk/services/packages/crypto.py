"""Signatures (Ed25519), key wrapping (HPKE, RFC 9180) and entry sealing (AES-256-GCM).

The installed `cryptography` ships HPKE (`hazmat.primitives.hpke`): base mode, single shot, suite
X25519 + HKDF-SHA256 + AES-256-GCM. The enc‖ciphertext it returns is what the manifest carries.
"""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hpke, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from landdesk.domain.package_format import PackageError, fingerprint_of

HPKE_INFO = b"landdesk-package-v1 data key"
_SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)
NONCE_LEN = 12


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError) as exc:
        raise PackageError("Khóa trong tệp không hợp lệ.", "A key in the file is invalid.") from exc


def raw_public(key) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def fingerprint(key_or_raw) -> str:
    raw = key_or_raw if isinstance(key_or_raw, bytes) else raw_public(key_or_raw)
    return fingerprint_of(raw)


def sign(private: Ed25519PrivateKey, data: bytes) -> bytes:
    return private.sign(data)


def verify_signature(public_raw: bytes, signature: bytes, data: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_raw).verify(signature, data)
        return True
    except (InvalidSignature, ValueError):
        return False


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def wrap_key(data_key: bytes, recipient_raw: bytes) -> bytes:
    """HPKE base-mode seal of the package's data key to the province's X25519 public key."""
    return _SUITE.encrypt(data_key, X25519PublicKey.from_public_bytes(recipient_raw), info=HPKE_INFO)


def unwrap_key(wrapped: bytes, recipient: X25519PrivateKey) -> bytes:
    try:
        key = _SUITE.decrypt(wrapped, recipient, info=HPKE_INFO)
    except Exception as exc:  # the library raises its own error types for a wrong key
        raise PackageError("Không giải mã được gói: gói không được mã hóa cho khóa của tỉnh này.",
                           "Cannot decrypt the package: it was not encrypted to this province's key.") from exc
    if len(key) != 32:
        raise PackageError("Khóa dữ liệu của gói không hợp lệ.", "The package data key is invalid.")
    return key


def seal(data_key: bytes, path: str, plaintext: bytes) -> bytes:
    """nonce ‖ AES-256-GCM(plaintext), the entry name as associated data (entries can't be swapped)."""
    nonce = os.urandom(NONCE_LEN)
    return nonce + AESGCM(data_key).encrypt(nonce, plaintext, path.encode())


def open_sealed(data_key: bytes, path: str, blob: bytes) -> bytes:
    try:
        return AESGCM(data_key).decrypt(blob[:NONCE_LEN], blob[NONCE_LEN:], path.encode())
    except (InvalidTag, ValueError) as exc:
        raise PackageError("Một mục của gói không giải mã được (dữ liệu bị sửa).",
                           "An entry of the package failed to decrypt (data was altered).") from exc


def new_signing_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def new_encryption_key() -> X25519PrivateKey:
    return X25519PrivateKey.generate()


def private_pem(key) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def load_private_pem(data: bytes):
    return serialization.load_pem_private_key(data, password=None)
