"""The province profile a commune imports: the province's signing and encryption public keys, its
code, the commune list and targets, and optionally how the communes name exported scan PDFs —
signed by the province's own key."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from landdesk import __version__
from landdesk.domain import package_format as pf
from landdesk.domain import reference
from landdesk.domain.changes import Change
from landdesk.domain.errors import LandDeskError
from landdesk.domain.filenames import check_scan_pattern
from landdesk.domain.ids import new_id
from landdesk.services.packages import crypto, keys
from landdesk.services.packages.verify import write_signed
from landdesk.services.users import require
from landdesk.storage import audit
from landdesk.storage import settings as settings_store
from landdesk.storage.base import utcnow
from landdesk.storage.province import roster as roster_store
from landdesk.storage.uow import UnitOfWork


def export_profile(ctx: UnitOfWork, out: Path, *, scan_name_pattern: str = "") -> Path:
    """Write the signed profile (an operator's or the administrator's: it carries the province's keys).
    `scan_name_pattern` ({serial}, {serial_spaced}, {num}, {commune}, {kind}; checked here as the commune
    checks it) names the communes' scan PDFs; "" leaves their default ({serial}-{kind})."""
    require(ctx, "operate")
    pattern = unicodedata.normalize("NFC", scan_name_pattern or "")
    if pattern:
        check_scan_pattern(pattern)
    key = keys.signing_key(ctx.keys_dir)
    pub = key.public_key()
    enc_pub = keys.encryption_key(ctx.keys_dir).public_key()
    code = settings_store.get(ctx.session, "province_code")
    name = next((p.name for p in reference.provinces() if p.code == code), "")
    communes = [{"code": c.code, "name": c.name, "target": c.target} for c in roster_store.communes(ctx.session)]
    body = {"province_code": code, "province_name": name,
            "signing_key": crypto.b64(crypto.raw_public(pub)), "encryption_key": crypto.b64(crypto.raw_public(enc_pub)),
            "communes": communes}
    if pattern:
        body["scan_name_pattern"] = pattern
    header = {"format": pf.FORMAT, "format_version": pf.FORMAT_VERSION, "app_version": __version__,
              "package_id": new_id(), "kind": "profile", "province_code": code,
              "sender_key": crypto.fingerprint(pub), "sender_public_key": body["signing_key"],
              "created_at": utcnow().isoformat(timespec="seconds") + "Z", "encryption": None, "body": body}
    out = Path(out)
    if not out.name.endswith(pf.SUFFIX):
        out = out.with_name(out.name + pf.SUFFIX)
    return write_signed(out, header, key)


def set_targets(ctx: UnitOfWork, targets: dict[str, int]) -> int:
    """Set the communes' targets (the administrator's); a code that is not one of the province's
    communes, or a negative target, refuses the whole file (a typo must not leave half the targets old)."""
    require(ctx, "admin")
    communes = {c.code: c for c in roster_store.communes(ctx.session)}
    unknown = sorted(set(targets) - set(communes))
    if unknown:
        shown = ", ".join(unknown[:5]) + (" …" if len(unknown) > 5 else "")
        raise LandDeskError(f"Mã xã không thuộc tỉnh này: {shown}. Chưa đặt chỉ tiêu nào.",
                            f"Commune codes not in this province: {shown}. No target was set.")
    if any(int(v) < 0 for v in targets.values()):
        raise LandDeskError("Chỉ tiêu không được âm. Chưa đặt chỉ tiêu nào.",
                            "A target cannot be negative. No target was set.")
    changed = [{"field": code, "old": communes[code].target, "new": int(value)} for code, value in sorted(targets.items())
               if communes[code].target != int(value)]
    for code, value in targets.items():
        communes[code].target = int(value)
    ctx.session.flush()
    if changed:
        audit.append(ctx.session, user=ctx.actor.username, action="update", entity="targets", changes=changed)
        ctx.touch(Change.TARGETS)
    return len(targets)
