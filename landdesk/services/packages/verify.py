"""Verify a package (one or more volumes) without importing it, and read its records afterwards.

Order of checks, nothing trusted before the step that vouches for it: archive structure → manifest
signature (Ed25519, the sender key named in the manifest) → sender trusted (the caller's roster) →
manifest schema and version → volumes belong together and none is missing → the archive holds exactly
the listed entries, sizes as declared → every entry's SHA-256. Only then are records decrypted/parsed.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from landdesk.domain import package_format as pf
from landdesk.domain.fileio import disk_full_guard
from landdesk.domain.package_format import PackageError
from landdesk.domain.progress import Progress
from landdesk.services.packages import crypto, volumes

# trust(header) -> None, raises PackageError when the sender is unknown or not approved
Trust = Callable[[dict], None]


@dataclass
class VerifiedPackage:
    manifest: pf.Manifest  # volume 1's (the header is the same in all)
    vols: list[volumes.OpenVolume]
    data_key: bytes | None = None
    files: list[Path] = field(default_factory=list)

    @property
    def header(self) -> dict:
        return self.manifest.header

    @property
    def encrypted(self) -> bool:
        return self.header.get("encryption") is not None

    def entries(self, kind: str) -> Iterator[tuple[volumes.OpenVolume, pf.Entry]]:
        pairs = [(v, e) for v in self.vols for e in v.manifest.entries if e.kind == kind]
        pairs.sort(key=lambda p: p[1].path)
        yield from pairs

    def _checked_blob(self, vol: volumes.OpenVolume, entry: pf.Entry) -> bytes:
        """The entry as stored, its hash checked again (the file may have changed since
        verification), decrypted; still deflated if it was."""
        blob = b"".join(vol.read_entry(entry))
        if pf.sha256_hex(blob) != entry.sha256:
            raise volumes._damaged(vol.path)
        if entry.encrypted:
            if self.data_key is None:
                raise PackageError("Gói đã mã hóa; cần khóa giải mã của tỉnh.",
                                   "The package is encrypted; the province's decryption key is needed.")
            blob = crypto.open_sealed(self.data_key, entry.path, blob)
        return blob

    def plain_bytes(self, vol: volumes.OpenVolume, entry: pf.Entry) -> bytes:
        blob = self._checked_blob(vol, entry)
        if entry.zlib:
            inflater = zlib.decompressobj()
            try:
                blob = inflater.decompress(blob, entry.plain_size + 1)
            except zlib.error as exc:
                raise volumes._damaged(vol.path) from exc
        if len(blob) != entry.plain_size:
            raise volumes._damaged(vol.path, "kích thước dữ liệu không khớp", "data size does not match")
        return blob

    def records(self, kind: str) -> Iterator[dict]:
        """Parsed JSON lines of one record kind, chunk by chunk (memory bounded by the chunk size)."""
        for vol, entry in self.entries(kind):
            data = self.plain_bytes(vol, entry)
            for line in data.splitlines():
                if not line:
                    continue
                if len(line) > pf.MAX_LINE_BYTES:
                    raise _too_large()
                try:
                    rec = json.loads(line)
                except (ValueError, RecursionError) as exc:
                    raise PackageError("Một bản ghi trong gói không phải JSON hợp lệ.",
                                       "A record in the package is not valid JSON.") from exc
                if not pf.depth_within(rec, 64):
                    raise PackageError("Một bản ghi trong gói không phải JSON hợp lệ.",
                                       "A record in the package is not valid JSON.")
                yield rec

    def raw_lines(self, kind: str) -> Iterator[bytes]:
        for vol, entry in self.entries(kind):
            yield from self.plain_lines(vol, entry)

    INFLATE_PIECE = 1 << 18

    def plain_lines(self, vol: volumes.OpenVolume, entry: pf.Entry) -> Iterator[bytes]:
        """The entry's non-empty lines, as plain_bytes(...).splitlines() but inflated a piece at a
        time: the first lines come before the whole entry is inflated (an importer starts parsing
        at once) and the entry is never in memory twice. The whole stored entry is hash-checked
        first; its inflated size is checked as it goes, and at the end."""
        if not entry.zlib:
            yield from (_capped(line) for line in self.plain_bytes(vol, entry).splitlines() if line)
            return
        data = self._checked_blob(vol, entry)
        inflater = zlib.decompressobj()
        total = 0
        tail = bytearray()  # the unfinished line: grows by appending (linear), capped at MAX_LINE_BYTES
        while True:
            try:
                piece = inflater.decompress(data, self.INFLATE_PIECE)
            except zlib.error as exc:
                raise volumes._damaged(vol.path) from exc
            data = inflater.unconsumed_tail
            total += len(piece)
            if total > entry.plain_size:
                raise volumes._damaged(vol.path, "kích thước dữ liệu không khớp", "data size does not match")
            if piece:
                cut = max(piece.rfind(b"\n"), piece.rfind(b"\r"))
                if cut < 0:
                    tail += piece
                else:
                    tail += piece[:cut + 1]
                    lines = bytes(tail).splitlines()
                    tail = bytearray(piece[cut + 1:])
                    for line in lines:
                        if line:
                            yield _capped(line)
                if len(tail) > pf.MAX_LINE_BYTES:
                    raise _too_large()
            if inflater.eof or not (piece or data):
                break
        if not inflater.eof or total != entry.plain_size:
            raise volumes._damaged(vol.path, "kích thước dữ liệu không khớp", "data size does not match")
        if tail:
            yield bytes(tail)


def _too_large() -> PackageError:
    return PackageError("Một bản ghi trong gói quá lớn; không nhập gì.", "A record in the package is too large; nothing was imported.")


def _capped(line: bytes) -> bytes:
    if len(line) > pf.MAX_LINE_BYTES:
        raise _too_large()
    return line


def _authenticate(vol: volumes.OpenVolume, trust: Trust | None) -> pf.Manifest:
    # Before the signature is checked nothing in the manifest is trusted: it must be a JSON object
    # (depth-bounded, size-capped) naming its key as text, or the file is refused with one line.
    loose = pf.load_json(vol.raw_manifest)
    pub_b64 = loose.get("sender_public_key") if isinstance(loose, dict) else None
    claimed = loose.get("sender_key") if isinstance(loose, dict) else None
    if not (pf.is_text(pub_b64, 64) and pf.is_text(claimed, 64)):
        raise volumes._damaged(vol.path, "tệp kê khai không đọc được", "the manifest cannot be read")
    pub = crypto.unb64(pub_b64)
    if len(pub) != 32 or not crypto.verify_signature(pub, vol.signature, vol.raw_manifest):
        raise PackageError(f"Chữ ký của {vol.path.name} không hợp lệ: gói đã bị sửa hoặc giả mạo; không nhập gì.",
                           f"The signature of {vol.path.name} is invalid: the package was altered or forged; "
                           "nothing was imported.")
    if crypto.fingerprint(pub) != claimed:
        raise PackageError("Dấu vân tay khóa trong gói không khớp khóa ký.",
                           "The key fingerprint in the package does not match its signing key.")
    manifest = pf.parse_manifest(vol.raw_manifest)
    if trust is not None:
        trust(manifest.header)
    return manifest


def verify_package(paths: list[Path], *, trust: Trust | None = None, decrypt_key=None,
                   progress: Progress | None = None) -> VerifiedPackage:
    """All checks; returns the verified package. Raises PackageError with the first problem found."""
    if not paths:
        raise PackageError("Chưa chọn tệp gói nào.", "No package file given.")
    opened: dict[int, volumes.OpenVolume] = {}
    first_hash = None
    count = None
    for path in paths:
        vol = volumes.open_volume(Path(path))
        vol.manifest = _authenticate(vol, trust)
        h = vol.manifest.package_hash
        if first_hash is None:
            first_hash, count = h, vol.manifest.volume_count
        elif h != first_hash:
            raise PackageError("Các tệp đã chọn thuộc về những gói khác nhau; hãy nhập từng gói riêng.",
                               "The files given belong to different packages; import each package separately.")
        idx = vol.manifest.volume_index
        if idx in opened and opened[idx].raw_manifest != vol.raw_manifest:
            raise volumes._damaged(vol.path)
        opened[idx] = vol
    missing = [i for i in range(1, count + 1) if i not in opened]
    if missing:
        names = ", ".join(str(i) for i in missing)
        raise PackageError(f"Thiếu tập {names} trên tổng số {count} tập của gói; hãy chép đủ các tập rồi nhập lại.",
                           f"Volume(s) {names} of {count} of the package are missing; copy all volumes and import again.")
    vols = [opened[i] for i in range(1, count + 1)]
    all_entries = [e for v in vols for e in v.manifest.entries]
    if len({e.path for e in all_entries}) != len(all_entries):
        raise volumes._damaged(vols[0].path, "mục trùng giữa các tập", "an entry repeats across volumes")
    if pf.contents_digest(all_entries) != vols[0].manifest.header["contents_digest"]:
        raise volumes._damaged(vols[0].path, "danh sách mục không khớp", "the entry list does not match")
    for v in vols:
        volumes.check_entries(v)
    total = sum(e.size for e in all_entries) or 1
    done = 0
    for v in vols:
        for e in v.manifest.entries:
            volumes.hash_entry(v, e)
            done += e.size
            if progress:
                progress(done, total, e.path)
    pkg = VerifiedPackage(vols[0].manifest, vols, files=[v.path for v in vols])
    enc = pkg.header.get("encryption")
    if enc is not None and decrypt_key is not None:
        pkg.data_key = crypto.unwrap_key(crypto.unb64(enc["enc_key"]), decrypt_key)
    return pkg


# ---- signed single-file documents: receipts and province profiles -----------------------------

def stage_signed(path: Path, header: dict, private_key) -> volumes.VolumeWriter:
    """A container with only a signed manifest (its `body` holds the document), written and fsynced
    under a temporary name: `.publish()` gives it its final name, `.abort()` removes it."""
    path = Path(path)
    writer = volumes.VolumeWriter(path.parent, path.name[: -len(pf.SUFFIX)] if path.name.endswith(pf.SUFFIX)
                                  else path.name)
    header = dict(header)
    header["contents_digest"] = pf.contents_digest([])
    try:
        with disk_full_guard(path):
            writer.finish(header, private_key.sign)
        writer.final_paths = [path]
        return writer
    except BaseException:
        writer.abort()
        raise


def write_signed(path: Path, header: dict, private_key) -> Path:
    """stage_signed, then published at once."""
    writer = stage_signed(path, header, private_key)
    try:
        return writer.publish()[0]
    except BaseException:
        writer.abort()
        raise


def read_signed(path: Path, kind: str, *, trust: Trust | None = None) -> dict:
    pkg = verify_package([Path(path)], trust=trust)
    if pkg.header["kind"] != kind:
        raise PackageError(f"Tệp {Path(path).name} không phải là loại tệp cần nhập ({kind}).",
                           f"The file {Path(path).name} is not the expected kind of file ({kind}).")
    return pkg.header
