"""Moving dossiers through the campaign stages from the facts (DOMAIN.md §5).

entered → checked: no blocking problem, neither in the dossier nor across dossiers (duplicates);
checked → verified: every person holder has a population-data result (verified, incorrect or needs
police; organisations need none). Moves back when the facts no longer hold. Earlier stages are set
by saving (entered) and scanning (scanned); later ones by sync (sent, accepted).
"""

from __future__ import annotations

from collections.abc import Collection

from landdesk.domain.changes import Change
from landdesk.services.users import PERMISSIONS
from landdesk.storage import audit
from landdesk.storage.commune import workflow as store
from landdesk.storage.uow import UnitOfWork


def advance_workflow(ctx: UnitOfWork, blocked: Collection[str]) -> dict[str, int]:
    """Apply the moves; returns counts like {'entered→checked': 12}. Needs the edit right; for a
    viewer (or a read-only unit of work) nothing moves and {} is returned."""
    if ctx.readonly or ctx.actor.role not in PERMISSIONS["edit"]:
        return {}
    counts: dict[str, int] = {}
    plan = store.plan_moves(ctx.session, blocked)
    moved: set[str] = set()
    for (old, new), ids in plan.items():
        ids = [i for i in ids if i not in moved]  # one move per dossier per run
        if not ids:
            continue
        store.move(ctx.session, ids, new, ctx.actor.username)
        moved.update(ids)
        counts[f"{old}→{new}"] = len(ids)
    if counts:
        audit.append(ctx.session, user=ctx.actor.username, action="workflow", entity="dossiers",
                     changes=[{"field": k, "old": None, "new": v} for k, v in counts.items()])
        ctx.touch(Change.DOSSIERS)
    return counts
