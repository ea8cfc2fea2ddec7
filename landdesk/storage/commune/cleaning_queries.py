"""SQL aggregates behind the cleaning rules and the parcel groups: each is one grouped query, so the
whole commune (100k dossiers) is cleaned in seconds instead of loading every dossier."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import bindparam, text, update
from sqlalchemy.orm import Session

from landdesk.storage.commune.models import ParcelRow

# Parcel numbers as used for uniqueness: the current map's when known, else the certificate's.
_SHEET = "COALESCE(NULLIF(TRIM(p.sheet_map), ''), TRIM(p.sheet_cert))"
_PARCEL = "COALESCE(NULLIF(TRIM(p.parcel_map), ''), TRIM(p.parcel_cert))"


# The rule queries, kept as text so the benchmark can time the same SQL in bare sqlite3.
ID_NAMES_SQL = """
        SELECT h.cccd, h.dossier_id, d.num, h.name FROM holders h JOIN dossiers d ON d.id = h.dossier_id
        WHERE h.kind = 'person' AND h.cccd IN (
            SELECT cccd FROM holders WHERE kind = 'person' AND cccd != ''
            GROUP BY cccd HAVING COUNT(DISTINCT name) > 1)
        ORDER BY h.cccd, d.num"""
PERSON_IDS_SQL = """
        SELECT h.name_fold, h.birth, h.dossier_id, d.num, h.cccd FROM holders h JOIN dossiers d ON d.id = h.dossier_id
        JOIN (SELECT name_fold, birth FROM holders
              WHERE kind = 'person' AND cccd != '' AND name_fold != '' AND LENGTH(birth) = 10
              GROUP BY name_fold, birth HAVING COUNT(DISTINCT cccd) > 1) g
          ON g.name_fold = h.name_fold AND g.birth = h.birth
        WHERE h.kind = 'person' AND h.cccd != ''
        ORDER BY h.name_fold, h.birth, d.num"""
SERIALS_SQL = """
        SELECT d.serial_norm, d.id, d.num FROM dossiers d JOIN (
            SELECT serial_norm FROM dossiers WHERE serial_norm != '' GROUP BY serial_norm HAVING COUNT(*) > 1) g
          ON g.serial_norm = d.serial_norm
        ORDER BY d.serial_norm, d.num"""
PARCELS_SQL = f"""
        WITH k AS (SELECT p.id AS pid, p.dossier_id AS did, p.map_series AS series, {_SHEET} AS sheet,
                          {_PARCEL} AS parcel FROM parcels p)
        SELECT k.series, k.sheet, k.parcel, k.pid, k.did, d.num FROM k JOIN dossiers d ON d.id = k.did
        JOIN (SELECT series, sheet, parcel FROM k WHERE sheet != '' AND parcel != ''
              GROUP BY series, sheet, parcel HAVING COUNT(*) > 1) g
          ON g.series = k.series AND g.sheet = k.sheet AND g.parcel = k.parcel
        ORDER BY k.series, k.sheet, k.parcel, d.num"""


def _rows(session: Session, sql: str, **params) -> list:
    return list(session.execute(text(sql), params))


def same_id_different_names(session: Session) -> list:
    """(cccd, dossier_id, num, name) of person holders whose 12-digit ID is also recorded under
    another name — spelling variants included (names are stored NFC, upper case)."""
    return _rows(session, ID_NAMES_SQL)


def same_person_different_ids(session: Session) -> list:
    """(name_fold, birth, dossier_id, num, cccd) of holders sharing name and full birth date with
    another holder who has a different 12-digit ID."""
    return _rows(session, PERSON_IDS_SQL)


def duplicate_serials(session: Session) -> list:
    """(serial_norm, dossier_id, num) of dossiers whose certificate serial appears more than once."""
    return _rows(session, SERIALS_SQL)


def duplicate_parcels(session: Session) -> list:
    """(map_series, sheet, parcel, parcel_id, dossier_id, num) of parcels whose sheet + parcel number
    appears more than once in the same map series."""
    return _rows(session, PARCELS_SQL)


def parcel_facts(session: Session) -> list:
    """Per parcel: (id, dossier_id, has_numbers, has_area, land_uses, dossier errors, warnings, group)."""
    return _rows(session, f"""
        SELECT p.id, p.dossier_id, ({_SHEET} != '' AND {_PARCEL} != '') AS has_numbers,
               p.area IS NOT NULL AS has_area,
               (SELECT COUNT(*) FROM land_uses lu WHERE lu.parcel_id = p.id) AS uses,
               d.errors, d.warnings, p."group"
        FROM parcels p JOIN dossiers d ON d.id = p.dossier_id""")


def dossiers_with_unverified_holders(session: Session) -> set[str]:
    return set(session.execute(text(
        "SELECT DISTINCT dossier_id FROM holders WHERE kind = 'person' AND verification != 'verified'")).scalars())


def set_groups(session: Session, changes: Iterable[tuple[str, int]]) -> None:
    rows = [{"pid": pid, "g": g} for pid, g in changes]
    if rows:
        session.connection().execute(update(ParcelRow).where(ParcelRow.id == bindparam("pid"))
                                     .values(group=bindparam("g")), rows)


def group_counts(session: Session) -> dict:
    """Stored parcel group → number of parcels (None: never computed)."""
    return {g: n for g, n in session.execute(text('SELECT "group", COUNT(*) FROM parcels GROUP BY "group"'))}


# --- Candidates for the safe bulk fixes ------------------------------------------------------

def holder_names(session: Session) -> list:
    """(holder id, dossier_id, num, kind, name) of every holder."""
    return _rows(session, """SELECT h.id, h.dossier_id, d.num, h.kind, h.name FROM holders h
                             JOIN dossiers d ON d.id = h.dossier_id ORDER BY d.num, h.position""")


def land_use_codes(session: Session) -> list:
    """(land use id, dossier_id, num, code, raw_text) of every land use."""
    return _rows(session, """SELECT lu.id, p.dossier_id, d.num, lu.code, lu.raw_text FROM land_uses lu
                             JOIN parcels p ON p.id = lu.parcel_id JOIN dossiers d ON d.id = p.dossier_id
                             ORDER BY d.num, p.position, lu.position""")


def parcel_addresses(session: Session) -> list:
    """(parcel id, dossier_id, num, address, village) of every parcel."""
    return _rows(session, """SELECT p.id, p.dossier_id, d.num, p.address, d.village FROM parcels p
                             JOIN dossiers d ON d.id = p.dossier_id ORDER BY d.num, p.position""")
