"""Helpers for the sync tests: demo communes, a province desk, custom-built (hostile) packages."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

from landdesk.demo import commune as demo
from landdesk.domain import package_format as pf
from landdesk.domain.ids import new_id
from landdesk.services.packages import crypto, export, keys, profile, receipts, verify
from landdesk.services.packages.volumes import VolumeWriter, _zinfo
from landdesk.services.province import importer, roster
from landdesk.workspace import Workspace
from landdesk.workspace.province import ProvinceDesk

PASSWORD = "admin-pass-1"
COMMUNES = ("07210", "07228", "07246")


def make_commune(root: Path, code: str, records: int, seed: int) -> Workspace:
    ws = Workspace.create(root, code, admin="admin", password=PASSWORD)
    if records:
        ws.transact(lambda ctx: demo.fill_demo(ctx, records, seed))
    return ws


def make_desk(root: Path, db_url: str | None = None, targets: dict | None = None) -> ProvinceDesk:
    return ProvinceDesk.create(root, "24", password=PASSWORD, db_url=db_url, targets=targets)


def link(desk: ProvinceDesk, ws: Workspace, tmp: Path, *, replace: bool = False) -> None:
    """Profile to the commune, commune key to the roster (as the operators do)."""
    prof = tmp / "profile.ldpkg"
    if not prof.exists():
        from landdesk.services.province import profile as prov_profile

        desk.read(lambda ctx: prov_profile.export_profile(ctx, prof))
    ws.transact(lambda ctx: profile.import_profile(ctx, prof, replace=replace))
    desk.transact(lambda ctx: roster.add_key(ctx, ws.info.commune_code, ws.read(keys.public_key_b64)))


def export_(ws, out: Path, **kw):
    return export.export_package(ws, out, **kw)


def import_(desk, paths, receipts_dir: Path):
    return importer.import_package(desk, [Path(p) for p in paths], receipts_dir=receipts_dir)


def apply(ws, receipt: str):
    return ws.transact(lambda ctx: receipts.apply_receipt(ctx, Path(receipt)))


def rebuild_zip(src: Path, dest: Path, *, extra: list[tuple[str, bytes]] = ()) -> Path:
    """Copy a package entry by entry (same layout rules), optionally adding entries."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w") as zout:
        for info in zin.infolist():
            zout.writestr(_zinfo(info.filename, info.compress_type), zin.read(info.filename))
        for name, data in extra:
            zi = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            zi.create_system = 3
            zi.external_attr = 0o100644 << 16
            zout.writestr(zi, data)
    return dest


def forge(out_dir: Path, signing, commune: str, *, seq: int = 1, prev: str = "", records: bytes = b"",
          province: str = "24", package_id: str = "") -> Path:
    """A correctly signed package with arbitrary records (to test what the reader does with them)."""
    w = VolumeWriter(out_dir, pf.package_stem(commune, seq, "changes"))
    if records:
        w.add_records("records/dossiers-0001.jsonl", "dossiers", records)
    pub = signing.public_key()
    header = {"format": pf.FORMAT, "format_version": pf.FORMAT_VERSION, "app_version": "test",
              "schema_version": "0004", "package_id": package_id or f"00000000-0000-7000-8000-{seq:012d}", "kind": "changes",
              "province_code": province, "commune_code": commune, "sender_key": crypto.fingerprint(pub),
              "sender_public_key": crypto.b64(crypto.raw_public(pub)), "seq": seq, "prev_hash": prev,
              "change_range": [0, 1], "created_at": "2026-01-01T00:00:00Z",
              "counts": {"dossiers": records.count(b"\n"), "tombstones": 0, "audit": 0, "scans": 0},
              "audit": {"from_seq": 0, "to_seq": 0, "head_hash": "0" * 64},
              "contents_digest": pf.contents_digest(w.all_entries()), "encryption": None}
    w.finish(header, signing.sign)
    return w.publish()[0]


def snapshot(desk) -> dict:
    from landdesk.storage.province import conflicts as conflict_store
    from landdesk.storage.province import dossiers as dossier_store
    from landdesk.storage.province import receipts as receipt_store

    def run(ctx):
        s = ctx.session
        return {"dossiers": dossier_store.dossier_count(s), "packages": len(receipt_store.packages(s)),
                "conflicts": len(conflict_store.conflicts(s, status=None))}

    return desk.read(run)


def copy(src: Path, dest: Path) -> Path:
    shutil.copy2(src, dest)
    return dest


def manifest_of(path: Path) -> dict:
    with zipfile.ZipFile(path) as z:
        return json.loads(z.read(pf.MANIFEST))


def attach_scans(ws, dossier_ids, pages: int = 2, size: int = 2000, seed: int = 0, payload: bytes | None = None,
                 ext: str = "jpg") -> list[str]:
    """Synthetic page files in the media store + scan_pages rows (what the scan intake leaves)."""
    import random

    from landdesk.domain.ids import new_id
    from landdesk.media.store import MediaStore
    from landdesk.storage.commune import scans as scan_store

    rng = random.Random(seed)
    media = MediaStore(ws.root / "media")
    rows, shas = [], []
    for did in dossier_ids:
        for pos in range(pages):
            stored = media.put_bytes(payload if payload is not None else rng.randbytes(size), ext)
            shas.append(stored.sha256)
            rows.append(dict(id=new_id(), sha256=stored.sha256, ext=ext, size=size, width=100, height=140, dpi=300,
                             dh0=0, dh1=0, dh2=0, dh3=0, quality="", dossier_id=did, kind="gcn", position=pos,
                             rotation=0, source="x.jpg", source_page=1, created_by="admin", deleted_by="", note=""))
    ws.transact(lambda ctx: scan_store.insert_many(ctx.session, rows))
    return shas


def dossier_line(did: str, serial: str, cccd: str, parcel: str, change_no: int) -> bytes:
    """One package dossier line with a serial, a holder's citizen ID and a parcel (its three keys)."""
    dossier = {"id": did, "serial": serial, "status": "entered",
               "holders": [{"cccd": cccd, "verification": "verified"}],
               "parcels": [{"map_series": "2015", "sheet_map": "4", "parcel_map": parcel}]}
    return json.dumps({"dossier": dossier, "revision": change_no, "change_no": change_no, "scans": [],
                       "problems": []}).encode() + b"\n"


def send(tmp, ws, desk, name: str, lines: bytes, *, seq: int = 1, prev: str = ""):
    """Forge and import a package of lines; (the import's result, the package's header hash)."""
    signing = keys.signing_key(ws.root / "keys")
    pkg = forge(tmp / name, signing, ws.info.commune_code, seq=seq, prev=prev, records=lines,
                        package_id=new_id())
    result = importer.import_package(desk, [pkg])
    assert result.status == "imported", result
    return result, pf.header_hash(verify.verify_package([pkg]).header)


def sync_ids(ctx, n: int) -> list[str]:
    """The first n dossier ids a package of the commune carries."""
    from landdesk.storage.commune import sync as sync_store

    return sync_store.changed_dossier_ids(ctx.session, 0, 10 ** 9)[:n]


def edit(ws, did: str, **fields) -> None:
    """A commune officer's save of some fields of one dossier."""
    from landdesk.services import dossiers

    def run(ctx):
        d = dossiers.get_dossier(ctx, did)
        for k, v in fields.items():
            setattr(d, k, v)
        return dossiers.save_dossier(ctx, d, allow_errors=True)

    ws.transact(run)
