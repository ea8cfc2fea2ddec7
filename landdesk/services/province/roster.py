"""The province's roster of commune signing keys: approved from a roster file or on first sight.

Approving and revoking are the operator's (or the administrator's), each written to the desk's audit
trail; a viewer only reads the roster.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from landdesk.domain import package_format as pf
from landdesk.domain.changes import Change
from landdesk.domain.errors import LandDeskError
from landdesk.domain.package_format import PackageError
from landdesk.services.packages import crypto
from landdesk.services.users import require
from landdesk.storage import audit
from landdesk.storage.province import roster as roster_store
from landdesk.storage.uow import UnitOfWork


@dataclass(frozen=True)
class RosterEntry:
    commune_code: str
    fingerprint: str
    status: str
    added_at: str

    def as_json(self) -> dict:
        return {"commune_code": self.commune_code, "fingerprint": self.fingerprint, "status": self.status,
                "added_at": self.added_at}


def _known_commune(s, code: str) -> None:
    if roster_store.commune(s, code) is None:
        raise LandDeskError(f"Xã {code} không thuộc tỉnh của bàn làm việc này.",
                            f"Commune {code} does not belong to this desk's province.")


MAX_PENDING = 5  # per commune: unknown keys seen in packages, waiting for a phone check


def _fingerprint(text: str) -> str:
    return " ".join(text.upper().replace(" ", "")[i:i + 4] for i in range(0, 32, 4))


def add_key(ctx: UnitOfWork, commune_code: str, public_key_b64: str) -> RosterEntry:
    """Approve a commune key given as base64 (from `landdesk package key` at the commune).

    A key already on the roster for another commune is refused (a key belongs to one commune), and
    so is a key that was revoked or retired (a new key is made at the commune instead)."""
    raw = crypto.unb64(public_key_b64.strip()) if isinstance(public_key_b64, str) else b""
    if len(raw) != 32:
        raise LandDeskError("Khóa công khai không hợp lệ (cần 32 byte, dạng base64).",
                            "Invalid public key (32 bytes, base64 expected).")
    fp = crypto.fingerprint(raw)
    require(ctx, "operate")
    s = ctx.session
    _known_commune(s, commune_code)
    row = roster_store.roster_key(s, fp)
    if row is not None and row.commune_code != commune_code:
        raise LandDeskError(
            f"Khóa {fp} là khóa của xã {row.commune_code}, không phải của xã {commune_code}; không duyệt.",
            f"The key {fp} belongs to commune {row.commune_code}, not to commune {commune_code}; not approved.")
    if row is not None and row.status in ("retired", "revoked"):
        raise LandDeskError(f"Khóa {fp} của xã {commune_code} đã bị thu hồi; xã cần tạo khóa mới.",
                            f"The key {fp} of commune {commune_code} was withdrawn; the commune needs a new key.")
    before = row.status if row is not None else None
    row = roster_store.add_roster_key(s, commune_code, fp, crypto.b64(raw), "approved")
    _audit(ctx, "approve", row, before)
    return _entry(row)


def _entry(row) -> RosterEntry:
    return RosterEntry(row.commune_code, row.fingerprint, row.status, str(row.added_at))


def _audit(ctx: UnitOfWork, action: str, row, before: str | None) -> None:
    # the fingerprint without its spaces: 32 characters, as an entity id may hold
    audit.append(ctx.session, user=ctx.actor.username, action=action, entity="roster_key",
                 entity_id=row.fingerprint.replace(" ", ""),
                 changes=[{"field": "commune", "old": None, "new": row.commune_code},
                          {"field": "status", "old": before, "new": row.status}])
    ctx.touch(Change.ROSTER)


def add_file(ctx: UnitOfWork, path: Path) -> list[RosterEntry]:
    """A roster file: JSON list of {"commune_code": ..., "public_key": base64}. Every line is
    checked before any key is approved."""
    try:
        items = pf.load_json(Path(path).read_bytes(), max_bytes=4 * 1024 * 1024, max_depth=3,
                             what_vi="tệp danh sách khóa", what_en="the roster file")
        if not isinstance(items, list) or not items:
            raise TypeError("roster")
        pairs = [(i["commune_code"], i["public_key"]) for i in items]
        if not all(pf.is_text(c, 10) and pf.is_text(k, 64) for c, k in pairs):
            raise TypeError("roster")
    except (OSError, KeyError, TypeError, PackageError) as exc:
        raise LandDeskError(f"Tệp danh sách khóa không đọc được: {Path(path).name}",
                            f"Cannot read the roster file: {Path(path).name}") from exc
    return [add_key(ctx, code, key) for code, key in pairs]


def approve(ctx: UnitOfWork, commune_code: str, fingerprint: str) -> RosterEntry:
    """Approve a pending key after the phone check of its fingerprint."""
    require(ctx, "operate")
    want = _fingerprint(fingerprint)
    row = roster_store.roster_key(ctx.session, want)
    if row is None or row.commune_code != commune_code or row.status not in ("pending", "approved"):
        raise LandDeskError(f"Không có khóa đang chờ duyệt với dấu vân tay này cho xã {commune_code}.",
                            f"No pending key with this fingerprint for commune {commune_code}.")
    before = row.status
    row = roster_store.add_roster_key(ctx.session, commune_code, row.fingerprint, row.public_key, "approved")
    _audit(ctx, "approve", row, before)
    return _entry(row)


def revoke(ctx: UnitOfWork, commune_code: str, fingerprint: str) -> RosterEntry:
    """Withdraw a key at once (a stolen or lost machine): every package it signs is refused from now on."""
    require(ctx, "operate")
    want = _fingerprint(fingerprint)
    row = roster_store.roster_key(ctx.session, want)
    if row is None or row.commune_code != commune_code:
        raise LandDeskError(f"Xã {commune_code} không có khóa với dấu vân tay {want}.",
                            f"Commune {commune_code} has no key with the fingerprint {want}.")
    before = row.status
    roster_store.retire_roster_key(ctx.session, row.fingerprint, before_seq=None)
    _audit(ctx, "revoke", row, before)
    return _entry(row)


def list_keys(ctx: UnitOfWork) -> list[RosterEntry]:
    require(ctx, "read")
    return [_entry(r) for r in roster_store.roster(ctx.session)]


def trust_for(desk):
    """The verifier's trust check: the sender key must be approved for the commune in the manifest.

    An unknown key is recorded as pending (approve on first sight, after comparing fingerprints), in
    a unit of work of its own: it stays although the package is then refused.
    """

    def trust(header: dict) -> None:
        if header.get("province_code") != desk.province_code:
            raise PackageError(f"Gói dành cho tỉnh {header.get('province_code')}, không phải tỉnh này.",
                               f"The package is addressed to province {header.get('province_code')}, not this one.")
        code, fp, seq = header.get("commune_code", ""), header.get("sender_key", ""), header.get("seq")

        def check(ctx: UnitOfWork):
            s = ctx.session
            if roster_store.commune(s, code) is None:
                return "foreign"
            row = roster_store.roster_key(s, fp)
            if row is not None and row.commune_code == code:
                if row.status == "approved":
                    return "ok"
                if row.status == "retired" and isinstance(seq, int) and seq < (row.valid_before_seq or 0):
                    return "ok"  # a package written before the key's successor was announced
                if row.status in ("retired", "revoked"):
                    return "withdrawn"
            others = roster_store.approved_keys(s, code)
            if row is None:
                row = roster_store.add_roster_key(s, code, fp, header["sender_public_key"], "pending")
                roster_store.drop_old_pending(s, code, MAX_PENDING)
                _audit(ctx, "pending", row, None)
            return "wrong" if others else "unknown"

        verdict = desk.transact(check)
        if verdict == "foreign":
            raise PackageError(f"Xã {code} không thuộc tỉnh này.", f"Commune {code} does not belong to this province.")
        if verdict == "withdrawn":
            raise PackageError(
                f"Gói của xã {code} được ký bằng khóa đã bị thu hồi hoặc đã được thay (dấu vân tay {fp}); không nhập gì.",
                f"The package of commune {code} is signed with a key that was withdrawn or replaced (fingerprint {fp}); "
                "nothing was imported.")
        if verdict == "wrong":
            raise PackageError(
                f"Gói của xã {code} được ký bằng khóa khác với khóa đã duyệt (dấu vân tay {fp}); không nhập gì. "
                "Nếu xã đã cài lại máy, hãy xác minh qua điện thoại rồi duyệt khóa mới.",
                f"The package of commune {code} is signed with a key other than its approved key (fingerprint {fp}); "
                "nothing was imported. If the commune reinstalled, confirm by phone and approve the new key.")
        if verdict == "unknown":
            raise PackageError(
                f"Khóa của xã {code} chưa được duyệt (dấu vân tay {fp}). So sánh với dấu vân tay hiển thị trong "
                f"phần mềm của xã rồi chạy: landdesk province roster approve {code} \"{fp}\"",
                f"The key of commune {code} is not approved yet (fingerprint {fp}). Compare it with the fingerprint "
                f"shown in the commune's app, then run: landdesk province roster approve {code} \"{fp}\"")

    return trust
