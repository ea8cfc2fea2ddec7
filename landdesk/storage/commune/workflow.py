"""Bulk workflow-stage moves (DOMAIN.md §5) decided from stored facts, in SQL."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import and_, exists, not_, or_, select, update
from sqlalchemy.orm import Session

from landdesk.storage.commune.models import DossierRow, HolderRow
from landdesk.storage.commune.verification import CHECKABLE, bump_dossiers

# Persons and representatives of organisations or communities are checked against the population data.
_pending_person = exists().where(
    HolderRow.dossier_id == DossierRow.id, CHECKABLE, HolderRow.verification == "pending"
)
_has_holder = exists().where(HolderRow.dossier_id == DossierRow.id)


def _ids(session: Session, *conditions) -> list[str]:
    return list(session.execute(select(DossierRow.id).where(*conditions).order_by(DossierRow.num)).scalars())


def plan_moves(session: Session, blocked: Collection[str]) -> dict[tuple[str, str], list[str]]:
    """{(from, to): dossier ids}. `blocked`: dossiers with workspace-wide errors (duplicates…)."""
    blocked = list(blocked)
    is_blocked = DossierRow.id.in_(blocked) if blocked else False
    clean = and_(DossierRow.errors == 0, not_(is_blocked))
    done = and_(_has_holder, not_(_pending_person))
    return {
        ("entered", "checked"): _ids(session, DossierRow.status == "entered", clean),
        ("checked", "entered"): _ids(session, DossierRow.status == "checked", or_(DossierRow.errors > 0, is_blocked)),
        ("checked", "verified"): _ids(session, DossierRow.status == "checked", clean, done),
        ("verified", "checked"): _ids(session, DossierRow.status == "verified", _pending_person),
    }


def move(session: Session, ids: list[str], status: str, user: str) -> None:
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        session.execute(update(DossierRow).where(DossierRow.id.in_(chunk)).values(status=status))
    # a stage change travels to the province like any other change
    bump_dossiers(session, ids, user)
