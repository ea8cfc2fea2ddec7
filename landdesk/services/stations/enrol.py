"""Enrolling a workstation at the primary (its roster: enrol, list, revoke) and opening the enrolment
file at the new station."""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass
from pathlib import Path

from landdesk.domain import package_format as pf
from landdesk.domain.errors import LandDeskError, NotFound
from landdesk.domain.fileio import atomic_output, disk_full_guard
from landdesk.domain.ids import new_id
from landdesk.domain.package_format import PackageError
from landdesk.services.packages import crypto, keys
from landdesk.services.packages.verify import VerifiedPackage, verify_package
from landdesk.services.stations import common, enrol_crypto, records
from landdesk.services.stations.outgoing import Content, build, exchange_lock, outbox_dir, publish
from landdesk.services.stations.primary import give_block
from landdesk.services.users import require
from landdesk.storage import audit
from landdesk.storage import settings as settings_store
from landdesk.storage import users as user_store
from landdesk.storage.base import utcnow
from landdesk.storage.commune import station_replica as replica
from landdesk.storage.commune import stations as store
from landdesk.storage.commune import sync as sync_store
from landdesk.storage.uow import UnitOfWork


@dataclass(frozen=True)
class StationInfo:
    id: str
    code: str
    name: str
    status: str
    fingerprint: str
    users: list[str]
    blocks: list[list[int]]
    last_exchange_at: str | None
    pending_dossiers: int  # dossiers changed here that the station does not hold yet
    packages_received: int

    def as_json(self) -> dict:
        return dict(self.__dict__)


def _info(ctx: UnitOfWork, row) -> StationInfo:
    st = sync_store.state(ctx.session)
    pending = len(sync_store.changed_dossier_ids(ctx.session, row.our_change, st.change_now))
    return StationInfo(row.id, row.code, row.name, row.status, row.fingerprint, json.loads(row.users or "[]"),
                       [[b.first, b.last] for b in store.blocks(ctx.session, row.id)],
                       row.last_exchange_at.isoformat(timespec="seconds") if row.last_exchange_at else None,
                       pending, row.their_seq)


def list_stations(ctx: UnitOfWork) -> list[StationInfo]:
    require(ctx, "read")
    common.require_not_station(ctx)
    return [_info(ctx, r) for r in store.stations(ctx.session) if r.code != common.PRIMARY_CODE]


def _find(ctx: UnitOfWork, name: str):
    row = store.station_by_name(ctx.session, name)
    if row is None or row.code == common.PRIMARY_CODE:
        raise NotFound(f"Không có máy trạm '{name}'.", f"No workstation '{name}'.")
    return row


def revoke(ctx: UnitOfWork, name: str) -> StationInfo:
    """From now on the station's packages are refused (its numbers stay reserved)."""
    require(ctx, "admin")
    common.require_not_station(ctx)
    row = _find(ctx, name)
    if row.status != "revoked":
        row.status, row.revoked_at = "revoked", utcnow()
        audit.append(ctx.session, user=ctx.actor.username, action="revoke", entity="station", entity_id=row.id,
                     changes=[{"field": "status", "old": "active", "new": "revoked"}], reason=row.code)
        ctx.touch("stations")
    return _info(ctx, row)


@dataclass
class Enrolled:
    station: StationInfo
    paths: list[Path]

    def as_json(self) -> dict:
        return {"station": self.station.as_json(), "paths": [str(p) for p in self.paths]}


def _allowed(ctx: UnitOfWork, names: list[str] | None) -> list[tuple[str, str]]:
    users = [u for u in user_store.list_users(ctx.session) if u.active]
    if names:
        wanted = {n.strip() for n in names if n.strip()}
        unknown = wanted - {u.username for u in users}
        if unknown:
            raise LandDeskError(f"Không có người dùng đang hoạt động: {', '.join(sorted(unknown))}.",
                                f"No active user: {', '.join(sorted(unknown))}.")
        users = [u for u in users if u.username in wanted]
    old = [u.username for u in users if not enrol_crypto.can_wrap(u.password_hash)]
    if old:
        raise LandDeskError(f"Người dùng {', '.join(old)} cần đăng nhập một lần ở máy chính trước (mật khẩu kiểu cũ).",
                            f"User(s) {', '.join(old)} must log in once at the primary first (old password hash).")
    if not users:
        raise LandDeskError("Chưa chọn người dùng nào cho máy trạm.", "No user was chosen for the workstation.")
    return [(u.username, u.password_hash) for u in users]


def enrol_station(ws, name: str, out_file: Path, *, users: list[str] | None = None,
                  split_mb: float | None = None) -> Enrolled:
    """Enrol a workstation: its roster row, a block of dossier numbers, and the enrolment file (the
    primary's whole content, encrypted to the allowed users' passwords) written to `out_file`."""
    name = " ".join(name.split())
    if not name or len(name) > 100:
        raise LandDeskError("Tên máy trạm không hợp lệ (1–100 ký tự).", "Invalid workstation name (1–100 characters).")
    with exchange_lock(ws.root):
        keep = outbox_dir(ws.root)
        with disk_full_guard(keep):
            keep.mkdir(parents=True, exist_ok=True)
        signing = keys.signing_key(Path(ws.root) / "keys")
        exchange_pub = common.public_b64(common.exchange_key(Path(ws.root) / "keys"))

        def reserve(ctx: UnitOfWork):
            require(ctx, "admin")
            common.require_not_station(ctx)
            if any(r.name.casefold() == name.casefold() and r.status != "revoked" for r in store.stations(ctx.session)):
                raise LandDeskError(f"Đã có máy trạm tên '{name}'.", f"A workstation named '{name}' exists already.")
            allowed = _allowed(ctx, users)
            row = store.add_station(ctx.session, id=new_id(), code=store.next_code(ctx.session), name=name,
                                    status="enrolled", secret=crypto.b64(os.urandom(32)),
                                    users=json.dumps([u for u, _ in allowed]), enrolled_at=utcnow(),
                                    enrolled_by=ctx.actor.username)
            give_block(ctx, row.id)
            settings_store.put(ctx.session, "station_role", "primary")
            audit.append(ctx.session, user=ctx.actor.username, action="enrol", entity="station", entity_id=row.id,
                         changes=[{"field": "name", "old": None, "new": name}], reason=row.code)
            return row.id, allowed

        station_id, allowed = ws.transact(reserve)

        def make(ctx: UnitOfWork):
            row = store.station(ctx.session, station_id)
            st = sync_store.state(ctx.session)
            content = Content(dossier_ids=sync_store.changed_dossier_ids(ctx.session, -1, st.change_now),
                              audit=(0, st.audit_now),
                              extra={"users": records.user_records(ctx, [u for u, _ in allowed]),
                                     "province": replica.province_words(ctx.session),
                                     "station": [{"secret": row.secret, "primary_id": settings_store.get(
                                         ctx.session, "workspace_id"), "primary_encryption_key": exchange_pub,
                                                  "name": row.name}]})
            header = common.base_header(ctx, signing, "station-enrol", row.id, row.code)
            data_key = crypto.new_data_key()
            header.update(seq=1, prev_hash="", change_range=[0, st.change_now],
                          audit={"from_seq": 0, "to_seq": st.audit_now, "head_hash": st.audit_head_hash},
                          station={"their_seq": 0, "their_change": 0, "their_audit": 0,
                                   "receipts": replica.receipts_count(ctx.session),
                                   "blocks": [[b.first, b.last] for b in store.blocks(ctx.session, row.id)]},
                          encryption=enrol_crypto.wrap(data_key, allowed))
            stem = common.stem(header["commune_code"], row.code, 1, "station-enrol")
            max_bytes = int(split_mb * 1024 * 1024) if split_mb else None
            return build(ctx, keep, stem, header, content, signing.sign, data_key=data_key, max_bytes=max_bytes)

        built = ws.read(make)

        def advance(ctx: UnitOfWork) -> None:
            row = store.station(ctx.session, station_id)
            row.out_seq, row.out_hash = 1, pf.header_hash(built.header)

        kept = publish(ws, built, station_id, "station-enrol", advance)
        paths = _deliver(kept, Path(out_file))
        info = ws.read(lambda ctx: _info(ctx, store.station(ctx.session, station_id)))
    return Enrolled(info, paths)


def _deliver(kept: list[Path], out: Path) -> list[Path]:
    """The enrolment file under the name asked for (volumes: name.volNNNofMMM.ldpkg)."""
    out = out if out.name.endswith(pf.SUFFIX) else out.with_name(out.name + pf.SUFFIX)
    stem = out.name[: -len(pf.SUFFIX)]
    targets = [out] if len(kept) == 1 else [out.with_name(pf.volume_name_from_stem(stem, i + 1, len(kept)))
                                             for i in range(len(kept))]
    with disk_full_guard(out.parent):
        out.parent.mkdir(parents=True, exist_ok=True)
        for src, dest in zip(kept, targets, strict=True):
            with atomic_output(dest) as tmp, open(src, "rb") as f, open(tmp, "wb") as g:
                while block := f.read(1 << 20):
                    g.write(block)
    return targets


# ---- at the new station --------------------------------------------------------------------------------------


def open_enrolment(files: list[Path], username: str, password: str) -> VerifiedPackage:
    """Verify an enrolment file completely and decrypt it with one allowed user's name and password."""

    def trust(header: dict) -> None:
        if header.get("kind") != "station-enrol":
            raise PackageError("Tệp này không phải là tệp đăng ký máy trạm.", "This file is not a workstation enrolment file.")

    pkg = verify_package([Path(f) for f in files], trust=trust)
    pkg.data_key = enrol_crypto.unwrap(pkg.header["encryption"], username, password)
    return pkg


def enrolment_identity(pkg: VerifiedPackage) -> dict:
    """The station record inside a decrypted enrolment file (its secret, the primary's keys)."""
    rows = list(pkg.records("station"))
    if len(rows) != 1 or not isinstance(rows[0], dict) or not all(
            pf.is_text(rows[0].get(k), 200) for k in ("secret", "primary_id", "primary_encryption_key")):
        raise PackageError("Tệp đăng ký máy trạm không hợp lệ.", "The workstation enrolment file is invalid.")
    return rows[0]


def setup_station(ctx: UnitOfWork, pkg: VerifiedPackage) -> None:
    """Inside the new workspace's first transaction: this desk becomes the station the file names,
    pinned to its primary."""
    h = pkg.header
    ident = enrolment_identity(pkg)
    for key, value in (("station_role", "station"), ("station_id", h["station_id"]),
                       ("station_code", h["station_code"]), ("station_name", ident.get("name", ""))):
        settings_store.put(ctx.session, key, value)
    ctx.session.info.pop("landdesk_station_role", None)
    # entries written here before this desk was a station (its creation) go with its first package
    settings_store.put(ctx.session, "station_joined_audit", audit.head(ctx.session)[0])
    store.add_station(ctx.session, id=ident["primary_id"], code=common.PRIMARY_CODE, name="", status="active",
                      signing_key=h["sender_public_key"], fingerprint=h["sender_key"],
                      encryption_key=ident["primary_encryption_key"], secret=ident["secret"], users="[]",
                      enrolled_at=utcnow())
    base64.b64decode(ident["secret"])  # (a malformed secret is refused here, not at the first exchange)
