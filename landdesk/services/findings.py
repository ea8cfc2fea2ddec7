"""One count of problems (issue 13 §6): a dossier "has problems" when its own rules found some (the counts
every save stores) or a rule spanning dossiers did — the same serial or sheet/parcel twice, one ID under
two names, a scan's quality. Those are kept per dossier (storage.findings): each check run replaces
them, and every save refreshes the duplicate serial and sheet/parcel findings of the dossiers it touches
(its old and new numbers), so the records list shows a duplicate the moment it is saved.

The records list's problem column and filter, the status bar and the review view all count from here.
"""

from __future__ import annotations

from landdesk.domain.model import Dossier
from landdesk.domain.serial import normalise_serial
from landdesk.services.users import require
from landdesk.storage.commune import findings as store
from landdesk.storage.uow import UnitOfWork

SERIAL_DUPLICATE = "clean.serial_duplicate"  # the rule ids of services.cleaning (which imports checks)
PARCEL_DUPLICATE = "clean.parcel_duplicate"
DUPLICATE_SEVERITY = {SERIAL_DUPLICATE: "error", PARCEL_DUPLICATE: "warning"}


def parcel_keys(d: Dossier | None) -> set[tuple[str, str, str]]:
    """(map series, sheet, parcel) of the dossier's numbered parcels, read as the uniqueness rule reads them."""
    out = set()
    for p in d.parcels if d is not None else []:
        sheet = p.sheet_map.strip() or p.sheet_cert.strip()
        parcel = p.parcel_map.strip() or p.parcel_cert.strip()
        if sheet and parcel:
            out.add((p.map_series, sheet, parcel))
    return out


def refresh_duplicates(ctx: UnitOfWork, before: Dossier | None, after: Dossier | None) -> None:
    """After a save (or a deletion: `after` None): the duplicate findings of every dossier sharing the old
    or the new serial or sheet/parcel numbers of this one. A few indexed lookups."""
    s = ctx.session
    serials = {normalise_serial(d.serial) for d in (before, after) if d is not None} - {""}
    for serial in serials:
        ids = store.dossiers_with_serial(s, serial)
        dup = len(ids) > 1
        store.set_rule(s, SERIAL_DUPLICATE, "error", ids if dup else [], [] if dup else ids)
    if after is not None and not normalise_serial(after.serial):
        store.set_rule(s, SERIAL_DUPLICATE, "error", [], [after.id])
    _refresh_parcels(ctx, before, after)


def _refresh_parcels(ctx: UnitOfWork, before: Dossier | None, after: Dossier | None) -> None:
    """A dossier is flagged when any of its parcels shares its numbers with another parcel: every dossier
    with a parcel at the old or new numbers of this one is decided again (usually one or two)."""
    from landdesk.storage.commune import dossiers

    s = ctx.session
    keys = parcel_keys(before) | parcel_keys(after)
    affected = {after.id} if after is not None else set()
    shared = set()
    for key in keys:
        hits = store.parcels_with_key(s, *key)
        affected |= {did for _, did in hits}
        if len(hits) > 1:
            shared.add(key)
    on, off = [], []
    for did in sorted(affected):
        d = after if after is not None and did == after.id else dossiers.load_dossier(s, did)
        flag = any(key in shared or (key not in keys and len(store.parcels_with_key(s, *key)) > 1)
                   for key in parcel_keys(d))
        (on if flag else off).append(did)
    store.set_rule(s, PARCEL_DUPLICATE, "warning", on, off)


def refresh_all_duplicates(ctx: UnitOfWork) -> None:
    """After bulk writes (an import, the demo): the duplicate findings of the whole commune, in SQL."""
    from landdesk.storage.commune import cleaning_queries as q

    rows = [(r.id, SERIAL_DUPLICATE, "error") for r in q.duplicate_serials(ctx.session)]
    rows += [(r.did, PARCEL_DUPLICATE, "warning") for r in q.duplicate_parcels(ctx.session)]
    store.replace(ctx.session, DUPLICATE_SEVERITY, rows)


def store_check_findings(ctx: UnitOfWork, findings) -> None:
    """A check run's findings of the rules spanning dossiers replace every stored one."""
    store.replace(ctx.session, None, [(f.dossier_id, f.rule, f.severity.value) for f in findings])


def problem_rules(ctx: UnitOfWork, dossier_ids: list[str]) -> dict[str, list[tuple[str, str]]]:
    """{dossier_id: [(rule, severity)]} of the rules spanning dossiers, for the records list's rows."""
    require(ctx, "read")
    return store.per_dossier(ctx.session, dossier_ids)
