"""Audit trail use cases: verify the chain against every anchor of its head, show a record's history.

The chain itself proves no past entry was changed; it cannot prove the last entries were not
deleted. So the head (last seq and hash) is also kept outside the table (domain.auditchain): a
checkpoint beside the database signed with the workspace key (`audit-head.json`, rewritten at every
package export, backup and successful verify), the copy inside every backup, the head each package
carried (the kept copies in the outbox) and the head the province last returned in a receipt.
`verify_audit` says which anchors it compared and what is missing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from landdesk.domain import package_format as pf
from landdesk.domain.auditchain import CHECKPOINT_FORMAT, Anchor, AuditRecord, anchor_problem, checkpoint_body
from landdesk.domain.fileio import atomic_write, sha256_file
from landdesk.services.users import require
from landdesk.storage import audit
from landdesk.storage import settings as settings_store
from landdesk.storage.base import utcnow
from landdesk.storage.uow import UnitOfWork

CHECKPOINT = "audit-head.json"
PROVINCE_ANCHOR = "audit_anchor_province"  # setting: the head the province's last receipt returned
CHECKPOINT_WRITTEN = "audit_checkpoint_written"


@dataclass(frozen=True)
class AuditCheck:
    entries: int
    broken_at: list[int]
    problems: list[tuple[str, str]] = field(default_factory=list)  # (vi, en)
    anchors: list[str] = field(default_factory=list)  # what the trail was compared with (en)

    @property
    def ok(self) -> bool:
        return not self.broken_at and not self.problems


def _sign(ctx: UnitOfWork, body: bytes) -> tuple[str, str]:
    """(signature, public key), base64, by the workspace's signing key."""
    from landdesk.services.packages import crypto, keys

    key = keys.signing_key(ctx.keys_dir)
    return crypto.b64(key.sign(body)), crypto.b64(crypto.raw_public(key.public_key()))


def _public(ctx: UnitOfWork) -> str:
    from landdesk.services.packages import crypto, keys

    return crypto.b64(crypto.raw_public(keys.signing_key(ctx.keys_dir).public_key()))


def checkpoint_json(ctx: UnitOfWork) -> bytes:
    """A signed checkpoint of the trail's head as this unit of work sees it."""
    seq, head_hash = audit.head(ctx.session)
    wid = settings_store.get(ctx.session, "workspace_id")
    body = checkpoint_body(wid, seq, head_hash, utcnow())
    signature, public = _sign(ctx, body)
    doc = {**json.loads(body), "public_key": public, "signature": signature}
    return json.dumps(doc, indent=1, sort_keys=True).encode()


def write_checkpoint(ctx: UnitOfWork, folder: Path | None = None) -> Path:
    """Write the checkpoint beside the database (or into `folder`, a backup being made).

    The one beside the database only moves forward: when the trail no longer holds the entry it
    names (entries were deleted), it is kept as the evidence `verify_audit` reports."""
    path = Path(folder or ctx.root) / CHECKPOINT
    if folder is None and not _still_holds(ctx, path):
        return path
    atomic_write(path, checkpoint_json(ctx))
    if folder is None and not ctx.readonly:
        settings_store.put(ctx.session, CHECKPOINT_WRITTEN, True)
    return path


def _recorded_head(path: Path) -> tuple[int, str] | None:
    try:
        doc = pf.load_json(path.read_bytes(), max_bytes=64 * 1024, max_depth=2)
        return (doc["seq"], doc["hash"]) if isinstance(doc, dict) and pf.is_int(doc.get("seq")) else None
    except (OSError, pf.PackageError, KeyError):
        return None


def _still_holds(ctx: UnitOfWork, path: Path) -> bool:
    """The trail still holds the entry an existing checkpoint names (or there is none to keep)."""
    recorded = _recorded_head(path) if path.is_file() else None
    return recorded is None or recorded[0] == 0 or audit.hash_at(ctx.session, recorded[0]) == recorded[1]


def checkpoint_if_moved(ws) -> None:
    """At close: rewrite the checkpoint when audited writes moved the head since it was written.
    Never stops a close (a read-only or full drive, a key that cannot be read)."""
    try:
        head = ws.read(lambda ctx: audit.head(ctx.session))
        path = Path(ws.root) / CHECKPOINT
        recorded = _recorded_head(path) if path.is_file() else None
        if head[0] == 0 or recorded == head:
            return
        ws.transact(write_checkpoint)
    except Exception:  # noqa: BLE001 - the checkpoint is an extra anchor; export and backup write it too
        return


def backup_checkpoint(ctx: UnitOfWork, work: Path) -> dict:
    """The checkpoint written into a backup being made: its manifest line ({path, sha256, size})."""
    path = write_checkpoint(ctx, work)
    return {"path": CHECKPOINT, "sha256": sha256_file(path), "size": path.stat().st_size}


def _read_checkpoint(ctx: UnitOfWork) -> tuple[Anchor | None, tuple[str, str] | None]:
    from landdesk.services.packages import crypto

    path = ctx.root / CHECKPOINT
    if not path.is_file():
        if settings_store.get(ctx.session, CHECKPOINT_WRITTEN):
            return None, ("Điểm mốc đầu nhật ký (audit-head.json) bên cạnh cơ sở dữ liệu đã bị xóa.",
                          "The audit head checkpoint (audit-head.json) beside the database was deleted.")
        return None, None
    try:
        doc = pf.load_json(path.read_bytes(), max_bytes=64 * 1024, max_depth=2,
                           what_vi="điểm mốc nhật ký", what_en="the audit checkpoint")
        body = checkpoint_body(doc["workspace_id"], doc["seq"], doc["hash"], _parse_at(doc["at"]))
        good = (doc.get("format") == CHECKPOINT_FORMAT and pf.is_int(doc["seq"]) and
                crypto.verify_signature(crypto.unb64(doc["public_key"]), crypto.unb64(doc["signature"]), body)
                and doc["public_key"] == _public(ctx)
                and doc["workspace_id"] == settings_store.get(ctx.session, "workspace_id"))
    except (pf.PackageError, KeyError, TypeError, ValueError):
        good = False
    if not good:
        return None, ("Điểm mốc đầu nhật ký (audit-head.json) không hợp lệ hoặc đã bị sửa.",
                      "The audit head checkpoint (audit-head.json) is invalid or was altered.")
    return Anchor("điểm mốc bên cạnh cơ sở dữ liệu", "the checkpoint beside the database", doc["seq"], doc["hash"]), None


def _parse_at(text):
    from datetime import datetime

    return datetime.fromisoformat(text)


def _package_anchor(ctx: UnitOfWork) -> Anchor | None:
    """The head the newest package kept in the outbox carried (its signature checked with our key)."""
    from landdesk.services.packages import crypto, outbox, volumes
    from landdesk.storage.commune import sync as sync_store

    last = sync_store.last_package(ctx.session)
    if last is None:
        return None
    files = outbox.volumes_of(last.files)
    path = outbox.outbox_dir(ctx.root) / files[0]["name"] if files else None
    if path is None or not path.is_file():
        return None
    try:
        vol = volumes.open_volume(path)
        if not crypto.verify_signature(crypto.unb64(_public(ctx)), vol.signature, vol.raw_manifest):
            return None  # signed by a key since rotated away: not an anchor this check can trust
        head = pf.parse_manifest(vol.raw_manifest).header.get("audit") or {}
    except (pf.PackageError, OSError):
        return None
    return Anchor(f"gói số {last.seq}", f"package {last.seq}", int(head.get("to_seq", 0)), head.get("head_hash", ""))


def anchors(ctx: UnitOfWork) -> tuple[list[Anchor], list[tuple[str, str]]]:
    found, problems = [], []
    cp, problem = _read_checkpoint(ctx)
    for a in (cp, _package_anchor(ctx) if ctx.kind == "commune" else None):
        if a is not None:
            found.append(a)
    if problem:
        problems.append(problem)
    prov = settings_store.get(ctx.session, PROVINCE_ANCHOR)
    if isinstance(prov, dict) and pf.is_int(prov.get("seq")):
        found.append(Anchor(f"biên nhận của tỉnh (gói số {prov.get('package_seq')})",
                            f"the province's receipt (package {prov.get('package_seq')})", prov["seq"], prov.get("hash", "")))
    return found, problems


def verify_audit(ctx: UnitOfWork) -> AuditCheck:
    require(ctx, "read")
    entries, broken = audit.verify(ctx.session)
    head_seq, _ = audit.head(ctx.session)
    found, problems = anchors(ctx)
    for a in found:
        p = anchor_problem(a, head_seq, audit.hash_at(ctx.session, a.seq))
        if p:
            problems.append(p)
    return AuditCheck(entries, broken, problems, [a.source_en for a in found])


def refresh_checkpoint(ctx: UnitOfWork) -> None:
    """After a clean verify: move the checkpoint to the current head."""
    write_checkpoint(ctx)


def history(ctx: UnitOfWork, entity_id: str) -> list[AuditRecord]:
    require(ctx, "read")
    return audit.history(ctx.session, entity_id)
