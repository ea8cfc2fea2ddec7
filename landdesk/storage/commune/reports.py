"""SQL aggregates behind the campaign report and the dashboard: one grouped query per table.

Workflow status is cumulative (DOMAIN.md §5): a dossier in 'verified' was also collected, scanned,
entered and checked. Each stage count is "status rank >= stage rank", computed in SQL so 100k
dossiers cost one scan of the dossiers table.
"""

from __future__ import annotations

from sqlalchemy import case, func, literal, or_, select
from sqlalchemy.orm import Session

from landdesk.storage.commune.models import DossierRow, HolderRow
from landdesk.storage.commune.verification import CHECKABLE, IS_REPRESENTATIVE, PERSON_KEY, RANKED_STATUS
from landdesk.storage.commune.verification import STATUS_RANK as VERIFICATION_RANK

# Rank of each workflow status; 'returned' was sent but not accepted.
STATUS_RANK = {"collected": 0, "scanned": 1, "entered": 2, "checked": 3, "verified": 4,
               "sent": 5, "returned": 5, "accepted": 6, "updated": 7}
STAGES = ("scanned", "entered", "checked", "verified")
DOSSIER_FIGURES = ("dossiers", "collected", "not_collected", "scanned", "entered", "checked", "verified",
                   "sent", "accepted", "returned")
# Holder figures count holder links (one per certificate a holder is on): the verification ones
# only the links checked against the population data (persons and representatives), so
# holders = pending + verified + incorrect + needs_police + organisations.
HOLDER_FIGURES = ("holders", "holders_pending", "holders_verified", "holders_incorrect", "holders_needs_police",
                  "holders_organisations", "representatives")
# The same per person: each citizen once, with the status of their link that most needs work.
PERSON_FIGURES = ("persons", "persons_pending", "persons_verified", "persons_incorrect", "persons_needs_police")

_rank = case(STATUS_RANK, value=DossierRow.status, else_=0)
_sent = or_(_rank >= STATUS_RANK["sent"], DossierRow.province_status != "")
_accepted = or_(DossierRow.status.in_(("accepted", "updated")), DossierRow.province_status == "accepted")
# A receipt says "rejected" for a dossier the province returned (older data says "returned").
_returned = or_(DossierRow.status == "returned", DossierRow.province_status.in_(("returned", "rejected")))
# A dossier that moved past 'collected' was received, whatever its custody field says.
_collected = or_(DossierRow.custody == "collected", _rank > 0)


def _count_if(cond):
    return func.coalesce(func.sum(case((cond, 1), else_=0)), 0)


def _dossier_columns():
    cols = [func.count().label("dossiers"), _count_if(_collected).label("collected"),
            _count_if(~_collected).label("not_collected")]
    cols += [_count_if(_rank >= STATUS_RANK[s]).label(s) for s in STAGES]
    cols += [_count_if(_sent).label("sent"), _count_if(_accepted).label("accepted"),
             _count_if(_returned).label("returned")]
    return cols


def _holder_columns():
    v = HolderRow.verification
    return [func.count().label("holders"), _count_if(CHECKABLE & (v == "pending")).label("holders_pending"),
            _count_if(CHECKABLE & (v == "verified")).label("holders_verified"),
            _count_if(CHECKABLE & (v == "incorrect")).label("holders_incorrect"),
            _count_if(CHECKABLE & (v == "needs_police")).label("holders_needs_police"),
            _count_if(~CHECKABLE).label("holders_organisations"),
            _count_if(IS_REPRESENTATIVE).label("representatives")]


def _persons(session: Session, by_village: bool) -> dict[str, dict[str, int]]:
    """village ('' for the whole commune) → PERSON_FIGURES; a person living in two villages' records
    counts in each village once, and once in the commune."""
    rank = func.max(case(VERIFICATION_RANK, value=HolderRow.verification, else_=1)).label("rank")
    village = DossierRow.village if by_village else literal("")
    people = (select(village.label("village"), PERSON_KEY.label("person"), rank)
              .select_from(HolderRow).join(DossierRow, DossierRow.id == HolderRow.dossier_id)
              .where(CHECKABLE).group_by(village, PERSON_KEY).subquery())
    out: dict[str, dict[str, int]] = {}
    for vil, r, n in session.execute(select(people.c.village, people.c.rank, func.count())
                                     .group_by(people.c.village, people.c.rank)):
        row = out.setdefault(vil, dict.fromkeys(PERSON_FIGURES, 0))
        row["persons"] += n
        row[f"persons_{RANKED_STATUS[r]}"] += n
    return out


def totals(session: Session) -> dict[str, int]:
    """Every dossier, holder-link and person figure for the whole commune."""
    d = session.execute(select(*_dossier_columns())).one()
    h = session.execute(select(*_holder_columns())).one()
    persons = _persons(session, False).get("", dict.fromkeys(PERSON_FIGURES, 0))
    return {**{k: int(v) for k, v in d._mapping.items()}, **{k: int(v) for k, v in h._mapping.items()}, **persons}


def by_village(session: Session) -> list[dict]:
    """The same figures per village (thôn / tổ dân phố), sorted by village name."""
    rows = {r.village: {k: int(v) if k != "village" else v for k, v in r._mapping.items()}
            for r in session.execute(select(DossierRow.village, *_dossier_columns()).group_by(DossierRow.village))}
    hq = (select(DossierRow.village, *_holder_columns()).select_from(HolderRow)
          .join(DossierRow, DossierRow.id == HolderRow.dossier_id).group_by(DossierRow.village))
    empty = dict.fromkeys(HOLDER_FIGURES + PERSON_FIGURES, 0)
    for r in rows.values():
        r.update(empty)
    for r in session.execute(hq):
        rows[r.village].update({k: int(r._mapping[k]) for k in HOLDER_FIGURES})
    for village, persons in _persons(session, True).items():
        rows[village].update(persons)
    return [rows[k] for k in sorted(rows)]


def by_day(session: Session) -> list[dict]:
    """Certificates received per day (received_on), oldest first; dossiers without a date are left out."""
    q = (select(DossierRow.received_on.label("day"), _count_if(_collected).label("received"),
                _count_if(_rank >= STATUS_RANK["entered"]).label("entered"))
         .where(DossierRow.received_on.is_not(None)).group_by(DossierRow.received_on)
         .order_by(DossierRow.received_on))
    return [{"day": r.day, "received": int(r.received), "entered": int(r.entered)} for r in session.execute(q)]


def not_collected(session: Session) -> list[tuple[str, int]]:
    """(custody status, count) for dossiers whose certificate was not handed in, largest first."""
    q = (select(DossierRow.custody, func.count().label("n")).where(~_collected)
         .group_by(DossierRow.custody).order_by(func.count().desc(), DossierRow.custody))
    return [(r.custody, int(r.n)) for r in session.execute(q)]
