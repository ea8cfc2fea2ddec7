"""Package volumes on disk: a strict zip writer and a reader that trusts nothing.

Writing: entries go into `.NAME.part` files (zipfile, fixed timestamps and attributes, scans STORED,
records zlib-compressed by us, also STORED); when every entry is written the signed manifest is appended to each volume,
the files are fsynced and only then renamed to their final names. A `.part` file is never a package.

Reading: a small zip parser that accepts exactly the layout the writer produces. Every byte of a
volume is either compared against an expected value (headers, central directory, end record), covered
by a CRC-32 and the manifest's SHA-256 (entry data) or covered by the Ed25519 signature (manifest), so
one flipped byte anywhere is refused. Sizes are checked against the manifest before any data is read,
and inflating is capped.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from landdesk.domain import package_format as pf
from landdesk.domain.fileio import fsync_dir, replace
from landdesk.domain.package_format import PackageError
from landdesk.services.packages import crypto

CHUNK = 1024 * 1024
DATE_TIME = (1980, 1, 1, 0, 0, 0)
EXTERNAL_ATTR = 0o100644 << 16
_DOS_TIME, _DOS_DATE = 0, (0 << 9) | (1 << 5) | 1
_ZIP64_LIMIT = (1 << 31) - 1  # zipfile's own threshold for zip64 fields
_LFH = struct.Struct("<4s5H3L2H")
_CDH = struct.Struct("<4s4B4HL2L5H2L")
_EOCD = struct.Struct("<4s4H2LH")
_EOCD64 = struct.Struct("<4sQ2H2L4Q")
_EOCD64_LOC = struct.Struct("<4sLQL")
# Per-entry allowance for headers, central directory and its manifest line when sizing volumes.
ENTRY_OVERHEAD = 600
MANIFEST_BASE = 16 * 1024


def _zinfo(name: str, method: int, size: int | None = None) -> zipfile.ZipInfo:
    zi = zipfile.ZipInfo(name, date_time=DATE_TIME)
    zi.create_system = 3
    zi.external_attr = EXTERNAL_ATTR
    zi.compress_type = method
    if size is not None:
        zi.file_size = size
    return zi



@dataclass
class _Volume:
    tmp: Path
    zf: zipfile.ZipFile
    entries: list = field(default_factory=list)


class VolumeWriter:
    """Writes the entries of one package into one or more volumes of at most `max_bytes` each."""

    def __init__(self, out_dir: Path, stem: str, *, max_bytes: int | None = None, data_key: bytes | None = None):
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.stem = stem  # "<commune>-<seq>-<kind>"
        self.max_bytes = max_bytes
        self.data_key = data_key
        self.volumes: list[_Volume] = []
        self.final_paths: list[Path] = []
        self.tag = f"{os.getpid()}-{secrets.token_hex(4)}"
        self._new_volume()

    # ---- volumes ----
    def _new_volume(self) -> None:
        # unique per writer: two writers of the same package number never share a temporary file
        tmp = self.out_dir / f".{self.stem}.{len(self.volumes) + 1:03d}.{self.tag}.part"
        self.volumes.append(_Volume(tmp, zipfile.ZipFile(tmp, "x", allowZip64=True)))

    def _room_for(self, stored_size: int, name: str) -> None:
        if self.max_bytes is None:
            return
        vol = self.volumes[-1]
        need = stored_size + ENTRY_OVERHEAD + 2 * len(name)
        reserve = MANIFEST_BASE + ENTRY_OVERHEAD * (len(vol.entries) + 1)
        if vol.zf.fp.tell() + need + reserve <= self.max_bytes:
            return
        if not vol.entries or stored_size + ENTRY_OVERHEAD + MANIFEST_BASE > self.max_bytes:
            mb = stored_size / 1024 / 1024
            raise PackageError(
                f"Một mục ({mb:.1f} MB) lớn hơn kích thước tập đã chọn; hãy chọn kích thước tập lớn hơn.",
                f"One entry ({mb:.1f} MB) is larger than the chosen volume size; choose a larger volume size.")
        vol.zf.close()
        self._new_volume()

    # ---- entries ----
    def add_records(self, name: str, kind: str, data: bytes) -> None:
        """Records are zlib-compressed by us and STORED, so the manifest's SHA-256 covers every stored
        bit (a deflate stream's padding bits are invisible to the CRC of what it inflates to)."""
        blob = zlib.compress(data, 6)
        encrypted = self.data_key is not None
        if encrypted:
            blob = crypto.seal(self.data_key, name, blob)
        self._room_for(len(blob), name)
        self.volumes[-1].zf.writestr(_zinfo(name, zipfile.ZIP_STORED), blob)
        self.volumes[-1].entries.append(
            pf.Entry(name, len(blob), hashlib.sha256(blob).hexdigest(), kind, encrypted, True, len(data)))

    def add_file(self, name: str, src: Path, expect_sha256: str | None = None) -> pf.Entry:
        """A scan, streamed and STORED (JPEG/PNG don't compress); hashed while copied."""
        size = src.stat().st_size
        if self.data_key is not None:
            plain = src.read_bytes()
            if expect_sha256 and hashlib.sha256(plain).hexdigest() != expect_sha256:
                raise _damaged_scan(src)
            blob = crypto.seal(self.data_key, name, plain)
            self._room_for(len(blob), name)
            self.volumes[-1].zf.writestr(_zinfo(name, zipfile.ZIP_STORED), blob)
            entry = pf.Entry(name, len(blob), hashlib.sha256(blob).hexdigest(), "scan", True, False, len(plain))
        else:
            self._room_for(size, name)
            h = hashlib.sha256()
            with open(src, "rb") as f, self.volumes[-1].zf.open(_zinfo(name, zipfile.ZIP_STORED, size), "w") as out:
                while chunk := f.read(CHUNK):
                    h.update(chunk)
                    out.write(chunk)
            digest = h.hexdigest()
            if expect_sha256 and digest != expect_sha256:
                raise _damaged_scan(src)
            entry = pf.Entry(name, size, digest, "scan", False, False, size)
        self.volumes[-1].entries.append(entry)
        return entry

    def all_entries(self) -> list[pf.Entry]:
        return [e for v in self.volumes for e in v.entries]

    # ---- finishing ----
    def finish(self, header: dict, sign: Callable[[bytes], bytes]) -> None:
        """Append the signed manifest to every volume and fsync; files keep their .part names."""
        self.volumes[-1].zf.close()
        count = len(self.volumes)
        self.final_paths = [self.out_dir / pf.volume_name_from_stem(self.stem, i + 1, count) for i in range(count)]
        for i, vol in enumerate(self.volumes):
            raw = pf.manifest_json(header, i + 1, count, vol.entries)
            with zipfile.ZipFile(vol.tmp, "a", allowZip64=True) as zf:
                zf.writestr(_zinfo(pf.MANIFEST, zipfile.ZIP_STORED), raw)
                zf.writestr(_zinfo(pf.SIGNATURE, zipfile.ZIP_STORED), sign(raw))
            with open(vol.tmp, "rb+") as f:
                os.fsync(f.fileno())

    def publish(self) -> list[Path]:
        """Rename the finished volumes to their final names (the last step of an export)."""
        for vol, final in zip(self.volumes, self.final_paths, strict=True):
            replace(vol.tmp, final)
        fsync_dir(self.out_dir)
        return list(self.final_paths)

    def temp_paths(self) -> list[Path]:
        return [v.tmp for v in self.volumes]

    def abort(self) -> None:
        for vol in self.volumes:
            try:
                vol.zf.close()
            except Exception:  # noqa: BLE001 - best effort cleanup of our own temp files
                pass
            vol.tmp.unlink(missing_ok=True)


def _damaged_scan(src: Path) -> PackageError:
    return PackageError(f"Tệp ảnh quét bị hỏng (nội dung không khớp mã băm): {src.name}",
                        f"A scan file is damaged (content does not match its hash): {src.name}")


# ---- reading -----------------------------------------------------------------------------------

def _damaged(path: Path, why_vi: str = "", why_en: str = "") -> PackageError:
    extra_vi = f" ({why_vi})" if why_vi else ""
    extra_en = f" ({why_en})" if why_en else ""
    return PackageError(f"Tệp {path.name} bị hỏng hoặc đã bị sửa{extra_vi}; không nhập gì.",
                        f"The file {path.name} is damaged or was altered{extra_en}; nothing was imported.")


@dataclass(frozen=True)
class RawEntry:
    name: str
    method: int
    crc: int
    csize: int
    usize: int
    data_offset: int


def _parse_layout(path: Path, f) -> dict[str, RawEntry]:
    """Parse central directory and local headers; every header byte must be what the writer makes."""
    size = os.fstat(f.fileno()).st_size
    if size < _EOCD.size:
        raise _damaged(path, "quá ngắn", "too short")
    f.seek(size - _EOCD.size)
    eocd = f.read(_EOCD.size)
    sig, disk, cd_disk, n_disk, n_total, cd_size, cd_off, comment = _EOCD.unpack(eocd)
    if sig != b"PK\x05\x06" or disk or cd_disk or comment:
        raise _damaged(path, "không phải gói hoàn chỉnh", "not a complete package")
    end_of_cd = size - _EOCD.size
    if n_total == 0xFFFF or cd_size == 0xFFFFFFFF or cd_off == 0xFFFFFFFF:  # zip64 end records
        f.seek(size - _EOCD.size - _EOCD64_LOC.size - _EOCD64.size)
        e64 = f.read(_EOCD64.size)
        loc = f.read(_EOCD64_LOC.size)
        s64, rec_len, _v1, _v2, d1, d2, n1, n2, cd_size64, cd_off64 = _EOCD64.unpack(e64)
        lsig, ldisk, e64_off, ldisks = _EOCD64_LOC.unpack(loc)
        end_of_cd = size - _EOCD.size - _EOCD64_LOC.size - _EOCD64.size
        expect64 = _EOCD64.pack(b"PK\x06\x06", 44, 45, 45, 0, 0, n1, n1, cd_size64, cd_off64)
        expect_loc = _EOCD64_LOC.pack(b"PK\x06\x07", 0, end_of_cd, 1)
        if e64 != expect64 or loc != expect_loc or n1 != n2:
            raise _damaged(path)
        n_entries, cd_size, cd_off = n1, cd_size64, cd_off64
        expect = _EOCD.pack(b"PK\x05\x06", 0, 0, min(n1, 0xFFFF), min(n1, 0xFFFF),
                            min(cd_size64, 0xFFFFFFFF), min(cd_off64, 0xFFFFFFFF), 0)
    else:
        n_entries = n_total
        expect = _EOCD.pack(b"PK\x05\x06", 0, 0, n_total, n_total, cd_size, cd_off, 0)
    if eocd != expect or cd_off + cd_size != end_of_cd or n_entries > pf.MAX_ENTRIES + 2:
        raise _damaged(path)
    f.seek(cd_off)
    cd = f.read(cd_size)
    entries: dict[str, RawEntry] = {}
    pos, expected_offset = 0, 0
    for _ in range(n_entries):
        if pos + _CDH.size > len(cd):
            raise _damaged(path)
        (sig, create_version, create_system, extract_version, reserved, flags, method, t, d, crc, csize, usize,
         nlen, xlen, clen, disk_start, iattr, eattr, offset) = _CDH.unpack_from(cd, pos)
        name_b = cd[pos + _CDH.size: pos + _CDH.size + nlen]
        extra = cd[pos + _CDH.size + nlen: pos + _CDH.size + nlen + xlen]
        pos += _CDH.size + nlen + xlen + clen
        try:
            name = name_b.decode("ascii")
        except UnicodeDecodeError as exc:
            raise PackageError("Gói chứa tên mục không an toàn hoặc không hợp lệ.",
                               "The package lists an unsafe or invalid entry name.") from exc
        # decode zip64 values the way zipfile writes them
        vals = list(struct.unpack("<" + "Q" * ((xlen - 4) // 8), extra[4:])) if xlen >= 4 else []
        if usize == 0xFFFFFFFF or csize == 0xFFFFFFFF:
            if len(vals) < 2:
                raise _damaged(path)
            usize, csize = vals[0], vals[1]
            vals = vals[2:]
        if offset == 0xFFFFFFFF:
            if not vals:
                raise _damaged(path)
            offset = vals[0]
        want_extra: list[int] = []
        if usize > _ZIP64_LIMIT or csize > _ZIP64_LIMIT:
            want_extra += [usize, csize]
        if offset > _ZIP64_LIMIT:
            want_extra.append(offset)
        want_x = struct.pack("<HH" + "Q" * len(want_extra), 1, 8 * len(want_extra), *want_extra) if want_extra else b""
        if (sig != b"PK\x01\x02" or create_system != 3 or reserved or flags or clen or disk_start or iattr
                or eattr != EXTERNAL_ATTR or t != _DOS_TIME or d != _DOS_DATE or extra != want_x
                or method != zipfile.ZIP_STORED
                or extract_version not in (20, 45) or create_version != extract_version
                or offset != expected_offset or name in entries):
            if name in entries:
                raise PackageError("Gói chứa hai mục trùng tên.", "The package holds two entries with the same name.")
            raise _damaged(path)
        if name not in (pf.MANIFEST, pf.SIGNATURE) and not pf.is_safe_entry_name(name):
            raise PackageError("Gói chứa tên mục không an toàn (đường dẫn tuyệt đối hoặc '..'); không nhập gì.",
                               "The package holds an unsafe entry name (absolute path or '..'); nothing was imported.")
        # the local header must repeat the central directory exactly
        f.seek(offset)
        lfh = f.read(_LFH.size)
        if len(lfh) != _LFH.size:
            raise _damaged(path)
        (lsig, lver, lflags, lmethod, lt, ld, lcrc, lcsize, lusize, lnlen, lxlen) = _LFH.unpack(lfh)
        lname = f.read(lnlen)
        lextra = f.read(lxlen)
        if lxlen:
            expect_lx = struct.pack("<HHQQ", 1, 16, usize, csize)
            sizes_ok = lextra == expect_lx and lcsize == 0xFFFFFFFF and lusize == 0xFFFFFFFF
        else:
            sizes_ok = lcsize == csize and lusize == usize
        if (lsig != b"PK\x03\x04" or lver != extract_version or lflags != flags or lmethod != method
                or lt != t or ld != d or lcrc != crc or lname != name_b or not sizes_ok):
            raise _damaged(path)
        data_offset = offset + _LFH.size + lnlen + lxlen
        expected_offset = data_offset + csize
        entries[name] = RawEntry(name, method, crc, csize, usize, data_offset)
    if pos != len(cd) or expected_offset != cd_off:
        raise _damaged(path)
    return entries


def _stream(f, raw: RawEntry, path: Path) -> Iterator[bytes]:
    """The entry's stored bytes, CRC-checked at the end (sizes were checked against the manifest)."""
    f.seek(raw.data_offset)
    left = raw.csize
    crc = 0
    while left > 0:
        block = f.read(min(CHUNK, left))
        if not block:
            raise _damaged(path)
        left -= len(block)
        crc = zlib.crc32(block, crc)
        yield block
    if raw.csize != raw.usize or crc != raw.crc:
        raise _damaged(path)


@dataclass
class OpenVolume:
    path: Path
    raw_manifest: bytes
    signature: bytes
    manifest: pf.Manifest
    layout: dict[str, RawEntry]

    def read_entry(self, entry: pf.Entry) -> Iterator[bytes]:
        with open(self.path, "rb") as f:
            yield from _stream(f, self.layout[entry.path], self.path)


def open_volume(path: Path) -> OpenVolume:
    """Structure, manifest schema and entry list of one volume; the signature is checked by the caller."""
    path = Path(path)
    if not path.is_file():
        raise PackageError(f"Không tìm thấy tệp {path}.", f"File not found: {path}.")
    try:
        with open(path, "rb") as f:
            layout = _parse_layout(path, f)
            for name, cap in ((pf.MANIFEST, pf.MAX_MANIFEST_BYTES), (pf.SIGNATURE, pf.MAX_SIGNATURE_BYTES)):
                if name not in layout:
                    raise _damaged(path, "thiếu tệp kê khai hoặc chữ ký", "the manifest or signature is missing")
                if layout[name].usize > cap or layout[name].method != zipfile.ZIP_STORED:
                    raise _damaged(path)
            raw_manifest = b"".join(_stream(f, layout[pf.MANIFEST], path))
            signature = b"".join(_stream(f, layout[pf.SIGNATURE], path))
    except PackageError:
        raise
    except (OSError, ValueError, struct.error, zlib.error) as exc:
        raise _damaged(path) from exc
    return OpenVolume(path, raw_manifest, signature, None, layout)  # type: ignore[arg-type]


def check_entries(vol: OpenVolume) -> None:
    """The archive holds exactly the manifest's entries, with the declared sizes (before reading data)."""
    listed = {e.path: e for e in vol.manifest.entries}
    present = set(vol.layout) - {pf.MANIFEST, pf.SIGNATURE}
    extra = present - set(listed)
    if extra:
        raise PackageError("Gói chứa mục không có trong tệp kê khai đã ký; không nhập gì.",
                           "The package holds an entry that is not in its signed manifest; nothing was imported.")
    missing = set(listed) - present
    if missing:
        raise _damaged(vol.path, "thiếu mục đã kê khai", "a listed entry is missing")
    for name, e in listed.items():
        raw = vol.layout[name]
        if raw.usize != e.size:
            raise _damaged(vol.path, "kích thước mục không khớp", "an entry's size does not match")
        if e.zlib and e.plain_size > max(e.size, 1) * pf.MAX_DEFLATE_RATIO:
            raise PackageError("Gói có dấu hiệu 'bom nén' (tỉ lệ nén bất thường); không nhập gì.",
                               "The package looks like a zip bomb (abnormal compression ratio); nothing was imported.")
        if e.kind == "scan" and e.zlib:
            raise _damaged(vol.path)


def hash_entry(vol: OpenVolume, entry: pf.Entry) -> None:
    h = hashlib.sha256()
    for block in vol.read_entry(entry):
        h.update(block)
    if h.hexdigest() != entry.sha256:
        raise _damaged(vol.path, "mã băm của một mục không khớp", "an entry's hash does not match")
