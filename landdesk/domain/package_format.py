"""The sync package format (docs/package-format.md): manifest schema, entry names, limits, hashing.

Pure: no I/O, no crypto library. The readers in services/packages use these checks on everything
they take from an archive before they trust it.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from landdesk.domain.errors import LandDeskError

FORMAT = "landdesk-package"
FORMAT_VERSION = 1  # bump on any incompatible change; readers refuse newer, upgrade older
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
SUFFIX = ".ldpkg"

KINDS = ("changes", "full", "receipt", "profile")
ENTRY_KINDS = ("dossiers", "tombstones", "audit", "scan")
ENC_SCHEME = "HPKE-X25519-HKDF-SHA256-AES-256-GCM"

# Caps against hostile archives (zip bombs, giant manifests, runaway lines).
MAX_MANIFEST_BYTES = 32 * 1024 * 1024
MAX_SIGNATURE_BYTES = 1024
MAX_ENTRY_BYTES = 4 * 1024 ** 3
MAX_RECORD_CHUNK_BYTES = 256 * 1024 * 1024  # plain size of one records chunk
MAX_LINE_BYTES = 8 * 1024 * 1024
MAX_DEFLATE_RATIO = 200  # stored JSON compresses ~10×; a bomb compresses 1000×
MAX_ENTRIES = 2_000_000

_ENTRY_RE = re.compile(r"^(records/(dossiers|tombstones|audit)-\d{4,6}\.jsonl|scans/[0-9a-f]{64}\.[a-z0-9]{1,5})$")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_CODE = re.compile(r"^\d{2,5}$")


class PackageError(LandDeskError):
    """A package (or receipt/profile) that must not be trusted; nothing was written."""


def canonical_json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def is_safe_entry_name(name: str) -> bool:
    """Only the names this format writes: no '..', no absolute or drive paths, no backslashes."""
    return bool(_ENTRY_RE.match(name))


def package_stem(commune: str, seq: int, kind: str) -> str:
    return f"{commune}-{seq:06d}-{kind}"


def volume_name_from_stem(stem: str, index: int, count: int) -> str:
    return stem + (f".vol{index:03d}of{count:03d}" if count > 1 else "") + SUFFIX


@dataclass(frozen=True)
class Entry:
    path: str
    size: int  # bytes stored in the archive (after decompression by the zip layer)
    sha256: str  # of those bytes — checked before anything is decrypted or parsed
    kind: str
    encrypted: bool = False
    zlib: bool = False  # records compressed before encryption
    plain_size: int = 0  # size once decrypted and inflated (caps the inflater)

    def as_json(self) -> dict:
        return {"path": self.path, "size": self.size, "sha256": self.sha256, "kind": self.kind,
                "encrypted": self.encrypted, "zlib": self.zlib, "plain_size": self.plain_size}


@dataclass(frozen=True)
class Manifest:
    header: dict  # identical in every volume of one package
    volume_index: int
    volume_count: int
    entries: tuple[Entry, ...]

    @property
    def package_hash(self) -> str:
        return header_hash(self.header)

    def __getattr__(self, name: str) -> Any:  # header fields as attributes (kind, seq, ...)
        header = self.__dict__.get("header") or {}
        if name in header:
            return header[name]
        raise AttributeError(name)


def header_hash(header: dict) -> str:
    """The package's identity in the chain: SHA-256 of its canonical header."""
    return sha256_hex(canonical_json(header))


def contents_digest(entries) -> str:
    """Digest over every entry of every volume, sorted by path: a volume set is complete iff it matches."""
    h = hashlib.sha256()
    for e in sorted(entries, key=lambda e: e.path):
        h.update(f"{e.path}\n{e.size}\n{e.sha256}\n".encode())
    return h.hexdigest()


def manifest_json(header: dict, index: int, count: int, entries) -> bytes:
    data = dict(header)
    data["volume"] = {"index": index, "count": count}
    data["entries"] = [e.as_json() for e in entries]
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1).encode()


def _bad(what_vi: str, what_en: str) -> PackageError:
    return PackageError(f"Tệp kê khai của gói không hợp lệ: {what_vi}.", f"The package manifest is invalid: {what_en}.")


def _want(data: dict, key: str, types, *, required: bool = True):
    if key not in data:
        if required:
            raise _bad(f"thiếu trường '{key}'", f"field '{key}' is missing")
        return None
    value = data[key]
    if not isinstance(value, types) or (isinstance(value, bool) and bool not in (types if isinstance(types, tuple) else (types,))):
        raise _bad(f"trường '{key}' sai kiểu", f"field '{key}' has the wrong type")
    return value


def parse_manifest(raw: bytes) -> Manifest:
    """Schema-check manifest bytes (already authenticated by the caller)."""
    if len(raw) > MAX_MANIFEST_BYTES:
        raise _bad("quá lớn", "too large")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise _bad("không phải JSON", "not JSON") from exc
    if not isinstance(data, dict):
        raise _bad("không phải đối tượng JSON", "not a JSON object")
    if data.get("format") != FORMAT:
        raise PackageError("Tệp không phải là gói đồng bộ LandDesk.", "The file is not a LandDesk sync package.")
    version = _want(data, "format_version", int)
    if version > FORMAT_VERSION:
        raise PackageError(
            f"Gói được tạo bởi phiên bản LandDesk mới hơn (định dạng {version}). Hãy cập nhật LandDesk rồi nhập lại.",
            f"The package was made by a newer LandDesk (format {version}). Update LandDesk and import it again.")
    if version < 1:
        raise _bad("phiên bản định dạng không hợp lệ", "invalid format version")
    kind = _want(data, "kind", str)
    if kind not in KINDS:
        raise _bad("loại gói không rõ", "unknown package kind")
    for key in ("package_id", "province_code", "sender_key", "sender_public_key", "created_at", "app_version"):
        _want(data, key, str)
    if kind in ("changes", "full"):
        if not _CODE.match(_want(data, "commune_code", str)):
            raise _bad("mã xã", "commune code")
        seq = _want(data, "seq", int)
        if seq < 1:
            raise _bad("số thứ tự", "sequence number")
        prev = _want(data, "prev_hash", str)
        if prev and not _HEX64.match(prev):
            raise _bad("mã băm gói trước", "previous package hash")
        rng = _want(data, "change_range", list)
        if len(rng) != 2 or not all(isinstance(x, int) and not isinstance(x, bool) for x in rng) or rng[0] > rng[1]:
            raise _bad("khoảng thay đổi", "change range")
        _want(data, "counts", dict)
        _want(data, "audit", dict)
        _want(data, "schema_version", str)
    if not _HEX64.match(_want(data, "contents_digest", str)):
        raise _bad("mã băm nội dung", "contents digest")
    nxt = data.get("next_key")
    if nxt is not None and not (isinstance(nxt, str) and 40 <= len(nxt) <= 48):
        raise _bad("khóa kế tiếp", "next key")
    enc = data.get("encryption")
    if enc is not None:
        if not isinstance(enc, dict) or enc.get("scheme") != ENC_SCHEME or not isinstance(enc.get("enc_key"), str):
            raise _bad("thông tin mã hóa", "encryption block")
    vol = _want(data, "volume", dict)
    index, count = vol.get("index"), vol.get("count")
    if not (isinstance(index, int) and isinstance(count, int) and 1 <= index <= count <= 9999):
        raise _bad("số tập", "volume numbering")
    raw_entries = _want(data, "entries", list)
    if len(raw_entries) > MAX_ENTRIES:
        raise _bad("quá nhiều mục", "too many entries")
    entries, seen = [], set()
    for item in raw_entries:
        if not isinstance(item, dict):
            raise _bad("mục không hợp lệ", "invalid entry")
        path = item.get("path")
        if not isinstance(path, str) or not is_safe_entry_name(path):
            raise PackageError("Gói chứa tên mục không an toàn hoặc không hợp lệ.",
                               "The package lists an unsafe or invalid entry name.")
        if path in seen:
            raise _bad("mục trùng tên", "duplicate entry")
        seen.add(path)
        size, digest, ekind = item.get("size"), item.get("sha256"), item.get("kind")
        plain = item.get("plain_size", 0)
        if not (isinstance(size, int) and 0 <= size <= MAX_ENTRY_BYTES and isinstance(plain, int) and plain >= 0):
            raise _bad("kích thước mục", "entry size")
        if not (isinstance(digest, str) and _HEX64.match(digest)) or ekind not in ENTRY_KINDS:
            raise _bad("mục không hợp lệ", "invalid entry")
        if ekind != "scan" and plain > MAX_RECORD_CHUNK_BYTES:
            raise _bad("khối bản ghi quá lớn", "records chunk too large")
        if (ekind == "scan") != path.startswith("scans/"):
            raise _bad("loại mục", "entry kind")
        entries.append(Entry(path, size, digest, ekind, bool(item.get("encrypted")), bool(item.get("zlib")), plain))
    header = {k: v for k, v in data.items() if k not in ("volume", "entries")}
    return Manifest(header, index, count, tuple(entries))


# ---- records ---------------------------------------------------------------------------------

def check_dossier_record(rec: Any) -> dict:
    """One line of a dossiers chunk: {"dossier": {...}, "revision": int, "base_revision": int, ...}."""
    if not isinstance(rec, dict) or not isinstance(rec.get("dossier"), dict):
        raise PackageError("Bản ghi hồ sơ trong gói không hợp lệ.", "A dossier record in the package is invalid.")
    d = rec["dossier"]
    if not isinstance(d.get("id"), str) or not (1 <= len(d["id"]) <= 36):
        raise PackageError("Bản ghi hồ sơ thiếu mã định danh.", "A dossier record has no valid id.")
    for key in ("holders", "parcels"):
        if not isinstance(d.get(key, []), list):
            raise PackageError("Bản ghi hồ sơ trong gói không hợp lệ.", "A dossier record in the package is invalid.")
    if (not isinstance(rec.get("revision"), int) or not isinstance(rec.get("scans", []), list)
            or not isinstance(rec.get("change_no", 0), int) or not isinstance(rec.get("problems", []), list)):
        raise PackageError("Bản ghi hồ sơ trong gói không hợp lệ.", "A dossier record in the package is invalid.")
    return rec


def check_tombstone_record(rec: Any) -> dict:
    if not (isinstance(rec, dict) and isinstance(rec.get("entity_id"), str) and isinstance(rec.get("entity"), str)
            and isinstance(rec.get("change_no"), int)):
        raise PackageError("Bản ghi xóa trong gói không hợp lệ.", "A deletion record in the package is invalid.")
    return rec


def check_audit_record(rec: Any) -> dict:
    if not (isinstance(rec, dict) and isinstance(rec.get("seq"), int) and isinstance(rec.get("hash"), str)
            and isinstance(rec.get("prev_hash"), str) and isinstance(rec.get("record"), dict)):
        raise PackageError("Bản ghi nhật ký trong gói không hợp lệ.", "An audit record in the package is invalid.")
    return rec


def fingerprint_of(public_key_raw: bytes) -> str:
    """What officers read aloud over the phone: 16 bytes of SHA-256 in groups of four hex digits."""
    digest = hashlib.sha256(public_key_raw).hexdigest()[:32].upper()
    return " ".join(digest[i:i + 4] for i in range(0, 32, 4))
