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
# Several workstations of one commune (docs/stations.md): their own kinds and record kinds.
STATION_KINDS = ("station-changes", "station-hello", "station-answer", "station-enrol")
STATION_RECORDS = ("province", "users", "station")
FORMAT_VERSION = 2  # bump on any incompatible change; readers refuse newer, upgrade older
MIN_FORMAT_VERSION = 1  # version 1 differs only in a receipt's "missing" (a list of numbers, not ranges)
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
SUFFIX = ".ldpkg"

KINDS = ("changes", "full", "receipt", "profile", *STATION_KINDS)
ENTRY_KINDS = ("dossiers", "tombstones", "audit", "scan", *STATION_RECORDS)
ENC_SCHEME = "HPKE-X25519-HKDF-SHA256-AES-256-GCM"
PASSWORD_SCHEME = "ARGON2ID-HKDF-SHA256-AES-256-GCM"  # a station's enrolment file: wrapped per allowed user

# Caps against hostile archives (zip bombs, giant manifests, runaway lines).
MAX_MANIFEST_BYTES = 32 * 1024 * 1024
MAX_SIGNATURE_BYTES = 1024
MAX_ENTRY_BYTES = 4 * 1024 ** 3
MAX_RECORD_CHUNK_BYTES = 64 * 1024 * 1024  # plain size of one records chunk (the writer makes ~4 MB)
MAX_LINE_BYTES = 8 * 1024 * 1024
MAX_SCAN_BYTES = 256 * 1024 * 1024  # one scanned page (an A0 sheet at 300 dpi is a tenth of that as JPEG)
MAX_JSON_DEPTH = 12  # the deepest document this format writes is a receipt's reasons (6 levels)
MAX_SEQ = 2 ** 31 - 1  # a sequence number beyond any commune's life (the province also bounds the jump)
MAX_RECEIPT_BYTES = 16 * 1024 * 1024  # a receipt's manifest; the reader takes up to MAX_MANIFEST_BYTES
MAX_TEXT = 4096  # any one text field of a manifest or body (codes, keys, names, notes)
MAX_DEFLATE_RATIO = 200  # stored JSON compresses ~10×; a bomb compresses 1000×
MAX_ENTRIES = 2_000_000

# Always used with fullmatch: `$` would also match before a final newline ("records/a.jsonl\n").
_ENTRY_RE = re.compile(
    r"records/(dossiers|tombstones|audit|province|users|station)-\d{4,6}\.jsonl|scans/[0-9a-f]{64}\.[a-z0-9]{1,5}")
_HEX64 = re.compile(r"[0-9a-f]{64}")
_CODE = re.compile(r"\d{2,5}")
_STATION_CODE = re.compile(r"MT\d{2,4}")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


class PackageError(LandDeskError):
    """A package (or receipt/profile) that must not be trusted; nothing was written."""


def canonical_json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def is_safe_entry_name(name: str) -> bool:
    """Only the names this format writes: no '..', no absolute or drive paths, no backslashes."""
    return isinstance(name, str) and _ENTRY_RE.fullmatch(name) is not None


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


def load_json(raw: bytes, *, max_bytes: int = MAX_MANIFEST_BYTES, max_depth: int = MAX_JSON_DEPTH,
              what_vi: str = "tệp kê khai của gói", what_en: str = "the package manifest") -> Any:
    """JSON bytes from an untrusted file: size-capped, UTF-8, nesting bounded — one PackageError
    for anything else (a 100,000-deep array must not reach a recursive walk)."""
    bad = PackageError(f"Không đọc được {what_vi}: không phải JSON hợp lệ.", f"Cannot read {what_en}: not valid JSON.")
    if not isinstance(raw, (bytes, bytearray)) or len(raw) > max_bytes:
        raise PackageError(f"{what_vi[:1].upper()}{what_vi[1:]} quá lớn.", f"{what_en[:1].upper()}{what_en[1:]} is too large.")
    try:
        data = json.loads(bytes(raw).decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:  # the C decoder guards its recursion
        raise bad from exc
    if not depth_within(data, max_depth):
        raise bad
    return data


def depth_within(data: Any, limit: int) -> bool:
    """True when no container in `data` is nested deeper than `limit` (iterative: no recursion)."""
    stack = [(data, 1)]
    while stack:
        obj, depth = stack.pop()
        if depth > limit:
            return False
        children = obj.values() if isinstance(obj, dict) else obj
        stack.extend((c, depth + 1) for c in children if isinstance(c, (dict, list)))
    return True


def is_text(value: Any, limit: int = MAX_TEXT) -> bool:
    return isinstance(value, str) and len(value) <= limit


def is_int(value: Any, lo: int = 0, hi: int = MAX_SEQ) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and lo <= value <= hi


def parse_manifest(raw: bytes) -> Manifest:
    """Schema-check manifest bytes (already authenticated by the caller)."""
    data = load_json(raw)
    if not isinstance(data, dict):
        raise _bad("không phải đối tượng JSON", "not a JSON object")
    if data.get("format") != FORMAT:
        raise PackageError("Tệp không phải là gói đồng bộ LandDesk.", "The file is not a LandDesk sync package.")
    version = _want(data, "format_version", int)
    if version > FORMAT_VERSION:
        raise PackageError(
            f"Gói được tạo bởi phiên bản LandDesk mới hơn (định dạng {version}). Hãy cập nhật LandDesk rồi nhập lại.",
            f"The package was made by a newer LandDesk (format {version}). Update LandDesk and import it again.")
    if version < MIN_FORMAT_VERSION:
        raise _bad("phiên bản định dạng không hợp lệ", "invalid format version")
    kind = _want(data, "kind", str)
    if kind not in KINDS:
        raise _bad("loại gói không rõ", "unknown package kind")
    for key in ("package_id", "province_code", "sender_key", "sender_public_key", "created_at", "app_version"):
        if not is_text(_want(data, key, str), 200):
            raise _bad(f"trường '{key}' quá dài", f"field '{key}' is too long")
    if kind in ("changes", "full"):
        if not _CODE.fullmatch(_want(data, "commune_code", str)):
            raise _bad("mã xã", "commune code")
        if not is_int(_want(data, "seq", int), 1):
            raise _bad("số thứ tự", "sequence number")
        prev = _want(data, "prev_hash", str)
        if prev and not _HEX64.fullmatch(prev):
            raise _bad("mã băm gói trước", "previous package hash")
        rng = _want(data, "change_range", list)
        if len(rng) != 2 or not all(is_int(x, 0, 2 ** 62) for x in rng) or rng[0] > rng[1]:
            raise _bad("khoảng thay đổi", "change range")
        counts = _want(data, "counts", dict)
        if not all(is_int(counts.get(k, 0), 0, 2 ** 62) for k in ("dossiers", "tombstones", "audit", "scans")):
            raise _bad("số lượng", "counts")
        audit = _want(data, "audit", dict)
        if not (is_int(audit.get("from_seq", 0), 0, 2 ** 62) and is_int(audit.get("to_seq", 0), 0, 2 ** 62)
                and isinstance(audit.get("head_hash", ""), str) and (not audit.get("head_hash")
                                                                     or _HEX64.fullmatch(audit["head_hash"]))):
            raise _bad("đầu chuỗi nhật ký", "audit head")
        _want(data, "schema_version", str)
    elif kind in STATION_KINDS:
        _check_station_header(data)
    elif "commune_code" in data and not is_text(data["commune_code"], 10):
        raise _bad("mã xã", "commune code")
    body = data.get("body")
    if body is not None and not isinstance(body, dict):
        raise _bad("nội dung", "body")
    if not _HEX64.fullmatch(_want(data, "contents_digest", str)):
        raise _bad("mã băm nội dung", "contents digest")
    nxt = data.get("next_key")
    if nxt is not None and not (isinstance(nxt, str) and 40 <= len(nxt) <= 48):
        raise _bad("khóa kế tiếp", "next key")
    enc = data.get("encryption")
    if enc is not None:
        if kind == "station-enrol":
            _check_password_wrapping(enc)
        elif not isinstance(enc, dict) or enc.get("scheme") != ENC_SCHEME or not isinstance(enc.get("enc_key"), str):
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
        if not (isinstance(digest, str) and _HEX64.fullmatch(digest)) or ekind not in ENTRY_KINDS:
            raise _bad("mục không hợp lệ", "invalid entry")
        if ekind != "scan" and (plain > MAX_RECORD_CHUNK_BYTES or size > MAX_RECORD_CHUNK_BYTES + 4096):
            raise _bad("khối bản ghi quá lớn", "records chunk too large")
        if ekind == "scan" and (plain > MAX_SCAN_BYTES or size > MAX_SCAN_BYTES + 4096):
            raise _bad("ảnh quét quá lớn", "scan too large")
        if (ekind == "scan") != path.startswith("scans/"):
            raise _bad("loại mục", "entry kind")
        entries.append(Entry(path, size, digest, ekind, bool(item.get("encrypted")), bool(item.get("zlib")), plain))
    header = {k: v for k, v in data.items() if k not in ("volume", "entries")}
    return Manifest(header, index, count, tuple(entries))


def _check_station_header(data: dict) -> None:
    """The header fields of the packages a primary and its stations exchange (docs/package-format.md)."""
    kind = data["kind"]
    if not _CODE.fullmatch(_want(data, "commune_code", str)):
        raise _bad("mã xã", "commune code")
    if not _UUID.fullmatch(_want(data, "station_id", str)) or not _STATION_CODE.fullmatch(_want(data, "station_code", str)):
        raise _bad("mã máy trạm", "station id")
    if not is_int(_want(data, "seq", int), 0 if kind == "station-hello" else 1):
        raise _bad("số thứ tự", "sequence number")
    prev = _want(data, "prev_hash", str)
    if prev and not _HEX64.fullmatch(prev):
        raise _bad("mã băm gói trước", "previous package hash")
    rng = _want(data, "change_range", list)
    if len(rng) != 2 or not all(is_int(x, 0, 2 ** 62) for x in rng) or rng[0] > rng[1]:
        raise _bad("khoảng thay đổi", "change range")
    audit = _want(data, "audit", dict)
    if not (is_int(audit.get("from_seq", 0), 0, 2 ** 62) and is_int(audit.get("to_seq", 0), 0, 2 ** 62)):
        raise _bad("đầu chuỗi nhật ký", "audit head")
    counts = _want(data, "counts", dict)
    if not all(is_int(v, 0, 2 ** 62) for v in counts.values()):
        raise _bad("số lượng", "counts")
    state = _want(data, "station", dict)
    ints = ("their_seq", "their_change", "their_audit", "their_receipts", "receipts", "numbers_left", "blocks_held")
    if not all(is_int(state.get(k, 0), 0, 2 ** 62) for k in ints):
        raise _bad("trạng thái máy trạm", "station state")
    try:
        missing_ranges(state.get("applied", []))
    except ValueError:
        raise _bad("trạng thái máy trạm", "station state") from None
    blocks = state.get("blocks", [])
    if not (isinstance(blocks, list) and len(blocks) <= 10_000 and all(
            isinstance(b, list) and len(b) == 2 and is_int(b[0], 1) and is_int(b[1], b[0]) for b in blocks)):
        raise _bad("khối số hồ sơ", "number block")
    for key in ("encryption_key", "proof", "name"):
        if key in state and not is_text(state[key], 200):
            raise _bad("trạng thái máy trạm", "station state")


def _check_password_wrapping(enc: Any) -> None:
    ok = (isinstance(enc, dict) and enc.get("scheme") == PASSWORD_SCHEME and isinstance(enc.get("users"), list)
          and 0 < len(enc["users"]) <= 1000
          and all(isinstance(u, dict) and all(is_text(u.get(k), 600) for k in ("tag", "params", "salt", "wrapped"))
                  for u in enc["users"]))
    if not ok:
        raise _bad("thông tin mã hóa", "encryption block")


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


# ---- signed documents: receipt and profile bodies -------------------------------------------------

def _bad_body(kind_vi: str, kind_en: str) -> PackageError:
    return PackageError(f"Nội dung {kind_vi} không hợp lệ; không áp dụng gì.", f"The {kind_en} is invalid; nothing was applied.")


def missing_ranges(missing: Any) -> list[tuple[int, int]]:
    """A receipt's missing packages as (first, last) ranges: format 2 sends ranges, format 1 numbers."""
    if not isinstance(missing, list) or len(missing) > 100_000:
        raise ValueError("missing")
    out = []
    for m in missing:
        if is_int(m, 1):
            out.append((m, m))
        elif isinstance(m, list) and len(m) == 2 and is_int(m[0], 1) and is_int(m[1], m[0]):
            out.append((m[0], m[1]))
        else:
            raise ValueError("missing")
    return out


def ranges_of(numbers: list[int]) -> list[list[int]]:
    """Sorted distinct numbers as [first, last] ranges."""
    out: list[list[int]] = []
    for n in numbers:
        if out and n == out[-1][1] + 1:
            out[-1][1] = n
        else:
            out.append([n, n])
    return out


def check_receipt_body(body: Any) -> dict:
    """The shape of a receipt's body, every field the commune reads (signed, but still checked)."""
    ok = (isinstance(body, dict) and _CODE.fullmatch(str(body.get("commune_code", "")))
          and is_text(body.get("package_id"), 64) and is_text(body.get("package_hash", ""), 64)
          and is_int(body.get("seq"), 1) and is_int(body.get("contiguous_through", 0))
          and is_int(body.get("next_expected_seq", 0)) and isinstance(body.get("counts", {}), dict)
          and isinstance(body.get("results", []), list))
    if ok:
        try:
            missing_ranges(body.get("missing", []))
        except ValueError:
            ok = False
    head = body.get("audit_head") if ok else None
    if head is not None and not (isinstance(head, dict) and is_int(head.get("seq"))
                                 and isinstance(head.get("hash"), str) and _HEX64.fullmatch(head["hash"])):
        ok = False
    for r in body.get("results", []) if ok else ():
        if not (isinstance(r, dict) and is_text(r.get("id"), 36) and is_text(r.get("status"), 16)
                and is_int(r.get("revision", 0), 0, 2 ** 62) and is_int(r.get("province_revision", 0), 0, 2 ** 62)
                and is_text(r.get("note", "")) and isinstance(r.get("reasons", []), list)
                and all(isinstance(x, dict) and all(is_text(x.get(k, "")) for k in ("rule", "vi", "en"))
                        for x in r.get("reasons", []))):
            ok = False
            break
    if not ok:
        raise _bad_body("biên nhận", "receipt")
    return body


def check_profile_body(body: Any) -> dict:
    ok = (isinstance(body, dict) and is_text(body.get("province_code"), 10) and is_text(body.get("province_name", ""), 200)
          and is_text(body.get("signing_key"), 64) and is_text(body.get("encryption_key", ""), 64)
          and is_text(body.get("scan_name_pattern", ""), 100) and isinstance(body.get("communes", []), list)
          and all(isinstance(c, dict) and is_text(c.get("code"), 10) and is_text(c.get("name", ""), 200)
                  and is_int(c.get("target", 0), 0, 10 ** 9) for c in body.get("communes", [])))
    if not ok:
        raise _bad_body("hồ sơ tỉnh", "province profile")
    return body
