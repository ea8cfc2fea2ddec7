"""Problems planted in about 2.5 % of the demo dossiers, so that `landdesk check` and the review
queue have something real to find: a mistyped CCCD digit, a CCCD contradicting the birth year or
gender, a duplicate serial or sheet/parcel, a legacy land-use code or raw text, a missing field,
areas not adding up."""

from __future__ import annotations

from landdesk.domain import cccd as cccd_mod
from landdesk.domain.codes import CustodyStatus, Gender, HolderKind
from landdesk.domain.model import Dossier
from landdesk.domain.values import PartialDate

PROBLEM_RATE = 0.025
# Planted problem kinds (DemoResult.planted maps dossier id → kind).
CCCD_TYPO = "cccd_typo"
CCCD_MISMATCH = "cccd_mismatch"
DUPLICATE_SERIAL = "duplicate_serial"
DUPLICATE_PARCEL = "duplicate_parcel"
LEGACY_LAND_USE = "legacy_land_use"
MISSING_FIELD = "missing_field"
AREA_MISMATCH = "area_mismatch"
PROBLEM_KINDS = (CCCD_TYPO, CCCD_MISMATCH, DUPLICATE_SERIAL, DUPLICATE_PARCEL, LEGACY_LAND_USE,
                 MISSING_FIELD, AREA_MISMATCH)
# Kinds a single dossier's rules find (duplicates need the workspace-wide checks).
PER_DOSSIER_KINDS = frozenset({CCCD_TYPO, CCCD_MISMATCH, LEGACY_LAND_USE, MISSING_FIELD, AREA_MISMATCH})


def plant(gen, d: Dossier) -> str:
    """Plant one problem of a random kind in `d` (edited in place); the kind."""
    rng = gen.rng
    kind = rng.choice(PROBLEM_KINDS)
    if kind in (DUPLICATE_SERIAL, DUPLICATE_PARCEL) and len(gen.serial_list) < 2:
        kind = AREA_MISMATCH
    people = [h for h in d.holders if h.kind == HolderKind.PERSON]
    if kind in (CCCD_TYPO, CCCD_MISMATCH) and not people:
        kind = LEGACY_LAND_USE
    if kind == CCCD_TYPO:
        h = rng.choice(people)
        while True:  # a slip on one of the digits the rules can check (province, century, year)
            i = rng.randrange(0, 6)
            digits = list(h.cccd)
            digits[i] = str((int(digits[i]) + rng.randint(1, 9)) % 10)
            typo = "".join(digits)
            if cccd_mod.check_against(typo, h.birth, h.gender):
                break
        h.cccd = typo if rng.random() < 0.8 else h.cccd[:-1]
    elif kind == CCCD_MISMATCH:
        h = rng.choice(people)
        if rng.random() < 0.6:
            b = h.birth
            year = b.year + rng.choice((-3, -2, -1, 1, 2, 3))
            h.birth = PartialDate(year, b.month, b.day)
        else:
            h.gender = Gender.FEMALE if h.gender == Gender.MALE else Gender.MALE
    elif kind == DUPLICATE_SERIAL:
        d.serial = rng.choice(gen.serial_list[:-1])
    elif kind == DUPLICATE_PARCEL:
        p = d.parcels[0]
        p.map_series, p.sheet_cert, p.parcel_cert, p.sheet_map, p.parcel_map = \
            rng.choice(gen.parcels.parcel_list[:-len(d.parcels)] or gen.parcels.parcel_list)
        p.old_commune = p.map_series
    elif kind == LEGACY_LAND_USE:
        lu = d.parcels[0].land_uses[0]
        if lu.code in ("ONT", "ODT"):
            lu.code, lu.raw_text = None, rng.choice(("thổ cư", "Đất thổ cư", "T"))
        else:
            lu.code = {"CLN": "LNQ", "HNK": "BHK", "NTS": "TSN", "LUC": "LUA", "LUK": "LUA"}.get(lu.code, "LNK")
            lu.raw_text = lu.code
            if lu.code == "LUA":  # not in the 2024 list: the officer must choose the code
                lu.code, lu.raw_text = None, "2 vụ lúa"
    elif kind == MISSING_FIELD:
        what = rng.randrange(4)
        if what == 0:
            d.serial = ""
        elif what == 1:
            d.issue_date = None
        elif what == 2:
            d.registry_no = ""
        else:
            d.parcels[0].area = None
    else:
        p = d.parcels[0]
        p.area = round(p.area + rng.choice((-1, 1)) * rng.uniform(5, 120), 1)
        if p.area <= 0:
            p.area = 10.0
    if kind in (MISSING_FIELD, CCCD_TYPO, CCCD_MISMATCH, LEGACY_LAND_USE):
        d.custody = CustodyStatus.COLLECTED  # keep the problem visible to the rules
    return kind
