"""Audit trail use cases: verify the chain, show a record's history."""

from __future__ import annotations

from dataclasses import dataclass

from landdesk.domain.auditchain import AuditRecord
from landdesk.services.users import require
from landdesk.storage import audit
from landdesk.storage.uow import UnitOfWork


@dataclass(frozen=True)
class AuditCheck:
    entries: int
    broken_at: list[int]

    @property
    def ok(self) -> bool:
        return not self.broken_at


def verify_audit(ctx: UnitOfWork) -> AuditCheck:
    require(ctx, "read")
    entries, broken = audit.verify(ctx.session)
    return AuditCheck(entries, broken)


def history(ctx: UnitOfWork, entity_id: str) -> list[AuditRecord]:
    require(ctx, "read")
    return audit.history(ctx.session, entity_id)
