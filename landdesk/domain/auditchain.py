"""The audit trail's hash chain: each entry's hash covers its content and the previous hash, so an
edited, inserted or deleted past entry breaks every hash after it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditRecord:
    id: str
    at: datetime
    user: str
    action: str  # create / update / delete / login / import / verify / ...
    entity: str  # dossier / user / settings / ...
    entity_id: str
    changes: list  # [{"field": ..., "old": ..., "new": ...}]
    reason: str = ""


def canonical(rec: AuditRecord) -> bytes:
    body = {
        "id": rec.id, "at": rec.at.isoformat(timespec="microseconds"), "user": rec.user,
        "action": rec.action, "entity": rec.entity, "entity_id": rec.entity_id,
        "changes": rec.changes, "reason": rec.reason,
    }
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str).encode()


def chain_hash(prev_hash: str, rec: AuditRecord) -> str:
    return hashlib.sha256(prev_hash.encode() + canonical(rec)).hexdigest()


def diff(old, new, prefix: str = "") -> list[dict]:
    """Field-level differences between two JSON-like values: [{field, old, new}], paths like
    'holders[0].name'. Lists are compared by position (the editor keeps order meaningful)."""
    out: list[dict] = []
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(set(old) | set(new)):
            out += diff(old.get(key), new.get(key), f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(old, list) and isinstance(new, list):
        for i in range(max(len(old), len(new))):
            o = old[i] if i < len(old) else None
            n = new[i] if i < len(new) else None
            out += diff(o, n, f"{prefix}[{i}]")
    elif old != new:
        out.append({"field": prefix, "old": old, "new": new})
    return out


# ---- anchors: the chain's head kept outside the table ----------------------------------------------
# Deleting the last entries (or all of them) leaves a chain whose every link still checks. What
# catches it is a record of the head made earlier and kept elsewhere: a signed checkpoint beside the
# database, the one written into every backup, the head each package carried, and the head the
# province returns in its receipts. The trail must still hold that entry, with that hash.

CHECKPOINT_FORMAT = "landdesk-audit-head"


@dataclass(frozen=True)
class Anchor:
    source_vi: str  # where this head was recorded ("điểm mốc bên cạnh cơ sở dữ liệu", ...)
    source_en: str
    seq: int
    hash: str


def checkpoint_body(workspace_id: str, seq: int, head_hash: str, at: datetime) -> bytes:
    """The exact bytes a checkpoint signs."""
    body = {"format": CHECKPOINT_FORMAT, "workspace_id": workspace_id, "seq": seq, "hash": head_hash,
            "at": at.isoformat(timespec="seconds")}
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def anchor_problem(anchor: Anchor, head_seq: int, hash_at_seq: str | None) -> tuple[str, str] | None:
    """What is wrong with the trail against one anchor (vi, en), or None. `hash_at_seq` is the
    hash of the trail's entry numbered anchor.seq (None when there is none)."""
    if anchor.seq <= 0:
        return None
    if head_seq < anchor.seq:
        first = head_seq + 1
        span_vi = f"mục {first}" if first == anchor.seq else f"các mục {first}–{anchor.seq}"
        span_en = f"entry {first}" if first == anchor.seq else f"entries {first}–{anchor.seq}"
        return (f"Thiếu {span_vi} ở cuối nhật ký (bị xóa): {anchor.source_vi} ghi nhận nhật ký đến mục {anchor.seq}.",
                f"{span_en[0].upper()}{span_en[1:]} at the end of the trail are missing (deleted): "
                f"{anchor.source_en} recorded the trail up to entry {anchor.seq}.")
    if hash_at_seq != anchor.hash:
        return (f"Mục {anchor.seq} của nhật ký khác với điều {anchor.source_vi} ghi nhận.",
                f"Entry {anchor.seq} of the trail differs from what {anchor.source_en} recorded.")
    return None
