"""The aggregates behind the province progress report: one grouped query over every dossier."""

from __future__ import annotations

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from landdesk.storage.province.models import ProvDossier

SCANNED_STATUSES = ("scanned", "entered", "checked", "verified", "sent", "accepted", "returned", "updated")
FIGURES = ("collected", "scanned", "entered", "verified", "incorrect", "needs_police", "accepted")


def progress_rows(s: Session) -> dict[str, dict]:
    """Per commune counts for the progress report, in one grouped query."""
    entered_statuses = SCANNED_STATUSES[1:]
    q = select(
        ProvDossier.commune_code,
        func.count().label("collected"),
        func.sum(case(((ProvDossier.scanned) | ProvDossier.status.in_(SCANNED_STATUSES), 1), else_=0)).label("scanned"),
        func.sum(case((ProvDossier.status.in_(entered_statuses), 1), else_=0)).label("entered"),
        func.sum(ProvDossier.verified).label("verified"),
        func.sum(ProvDossier.incorrect).label("incorrect"),
        func.sum(ProvDossier.needs_police).label("needs_police"),
        func.sum(case((ProvDossier.province_status == "accepted", 1), else_=0)).label("accepted"),
    ).group_by(ProvDossier.commune_code)
    return {r.commune_code: {k: int(getattr(r, k) or 0) for k in FIGURES} for r in s.execute(q)}
