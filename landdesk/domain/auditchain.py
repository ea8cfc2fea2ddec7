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
