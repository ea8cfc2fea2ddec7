"""Dossier use cases: load, save (validated, audited), delete, drafts."""

from __future__ import annotations

import json
from dataclasses import dataclass

from landdesk.domain import rules
from landdesk.domain.auditchain import diff
from landdesk.domain.changes import Change
from landdesk.domain.codes import CustodyStatus, Severity, WorkflowStatus
from landdesk.domain.errors import NotFound, ValidationFailed
from landdesk.domain.model import Dossier
from landdesk.domain.normalise import normalise_dossier
from landdesk.domain.serialize import comparable, dossier_from_dict, dossier_to_dict
from landdesk.services import findings
from landdesk.services.users import require
from landdesk.storage import audit
from landdesk.storage.commune import dossiers as store
from landdesk.storage.commune import drafts
from landdesk.storage.uow import UnitOfWork

# Statuses the editor may move forward by itself when a dossier is complete.
_BEFORE_ENTERED = {WorkflowStatus.COLLECTED, WorkflowStatus.SCANNED}
_RANK = {s: i for i, s in enumerate(WorkflowStatus)}


@dataclass(frozen=True)
class SaveResult:
    dossier: Dossier
    problems: list  # rules.Problem, warnings (and errors that did not block)
    created: bool


def _not_found(dossier_id: str) -> NotFound:
    return NotFound(f"Không tìm thấy hồ sơ {dossier_id}.", f"Dossier {dossier_id} not found.")


def get_dossier(ctx: UnitOfWork, dossier_id: str) -> Dossier:
    require(ctx, "read")
    d = store.load_dossier(ctx.session, dossier_id)
    if d is None and dossier_id.isdigit():  # officers quote the dossier number
        found = store.find_by_num(ctx.session, int(dossier_id))
        d = store.load_dossier(ctx.session, found) if found else None
    if d is None:
        raise _not_found(dossier_id)
    return d


def counts(problems) -> tuple[int, int]:
    errors = sum(1 for p in problems if p.severity == Severity.ERROR)
    return errors, len(problems) - errors


def _complete(d: Dossier, errors: int) -> bool:
    return errors == 0 and bool(d.holders) and bool(d.parcels) and d.custody == CustodyStatus.COLLECTED


def save_dossier(ctx: UnitOfWork, dossier: Dossier, *, reason: str = "", allow_errors: bool = False) -> SaveResult:
    """Validate with the shared rules and save. Errors block the save unless `allow_errors`
    (imports keep rows the officer will fix in the review queue); warnings never block."""
    require(ctx, "edit")
    d = normalise_dossier(dossier)
    if not d.commune_code:
        from landdesk.storage import settings

        d.commune_code = settings.get(ctx.session, "commune_code")
    problems = rules.validate_dossier(d)
    errors, warnings = counts(problems)
    if errors and not allow_errors:
        raise ValidationFailed([p for p in problems if p.severity == Severity.ERROR])
    old = store.load_dossier(ctx.session, d.id)
    if old is not None and d.status in _BEFORE_ENTERED and _RANK[d.status] < _RANK[old.status]:
        # The editor's copy is older than what the system set meanwhile (pages scanned, checks run):
        # an editor save never moves a dossier back to 'collected' or 'scanned'.
        d.status = old.status
    if d.status in _BEFORE_ENTERED and _complete(d, errors):
        d.status = WorkflowStatus.ENTERED
    saved = store.save_dossier(ctx.session, d, ctx.actor.username, errors=errors, warnings=warnings)
    findings.refresh_duplicates(ctx, old, saved)  # this one and those sharing its old or new numbers
    changes = diff(comparable(old) if old else {}, comparable(saved))
    if old is None or changes:
        audit.append(ctx.session, user=ctx.actor.username, action="create" if old is None else "update",
                     entity="dossier", entity_id=d.id, changes=changes, reason=reason)
    drafts.discard(ctx.session, d.id, ctx.actor.username)
    ctx.touch(Change.DOSSIERS)
    return SaveResult(saved, problems, old is None)


def delete_dossier(ctx: UnitOfWork, dossier_id: str, reason: str = "") -> None:
    require(ctx, "delete")
    old = store.load_dossier(ctx.session, dossier_id)
    if old is None:
        raise _not_found(dossier_id)
    store.delete_dossier(ctx.session, dossier_id, ctx.actor.username, reason)
    findings.refresh_duplicates(ctx, old, None)  # a duplicate of it may be one no longer
    audit.append(ctx.session, user=ctx.actor.username, action="delete", entity="dossier", entity_id=dossier_id,
                 changes=diff(comparable(old), {}), reason=reason)
    ctx.touch(Change.DOSSIERS)


def validate(dossier: Dossier) -> list:
    """The same rules the save applies, for inline display while editing."""
    return rules.validate_dossier(normalise_dossier(dossier))


# ---- drafts: the editor writes these continuously ----------------------------------------------

def save_draft(ctx: UnitOfWork, key: str, dossier: Dossier) -> None:
    require(ctx, "edit")
    drafts.put(ctx.session, key, ctx.actor.username, json.dumps(dossier_to_dict(dossier), ensure_ascii=False))


def pending_drafts(ctx: UnitOfWork) -> list[tuple[str, Dossier]]:
    """Drafts this user left behind (a crash or power cut), newest first."""
    require(ctx, "read")
    return [(key, dossier_from_dict(json.loads(payload)))
            for key, payload in drafts.for_user(ctx.session, ctx.actor.username)]


def discard_draft(ctx: UnitOfWork, key: str) -> None:
    drafts.discard(ctx.session, key, ctx.actor.username)
