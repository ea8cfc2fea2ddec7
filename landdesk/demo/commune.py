"""`landdesk demo`: a realistic synthetic commune, deterministic by seed.

Everything — people, CCCD numbers, serials, ids, dates — comes from one `random.Random(seed)`, so the
same seed gives the same dossiers (ids included) on any machine. Roughly 2–3% of the dossiers carry a
planted problem (a mistyped CCCD digit, a CCCD contradicting the birth year or gender, a duplicate
serial or sheet/parcel, a legacy land-use code or raw text, a missing field, areas not adding up) so
that `landdesk check` and the review queue have something real to find.

Dossiers are saved with the bulk path (storage.dossiers.bulk_insert_dossiers) in one transaction:
a demo killed half-way leaves nothing behind, and the audit trail gets one entry for the import.
"""

from __future__ import annotations

import bisect
import importlib
import importlib.util
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from landdesk.demo import names
from landdesk.domain import cccd as cccd_mod
from landdesk.domain import reference, rules
from landdesk.domain.codes import (
    ChangeReason,
    CustodyStatus,
    Gender,
    HolderKind,
    LegalForm,
    Role,
    UseForm,
    VerificationStatus,
    WorkflowStatus,
)
from landdesk.domain.errors import LandDeskError
from landdesk.domain.model import CurrentUser, Dossier, Holder, Housing, LandUse, Parcel
from landdesk.domain.progress import NEVER_CANCEL, CancelToken, Progress, no_progress
from landdesk.domain.values import PartialDate
from landdesk.services.users import require
from landdesk.storage import audit, browse
from landdesk.storage import dossiers as store
from landdesk.storage import settings as settings_store
from landdesk.storage.uow import UnitOfWork

GENERATOR_VERSION = 6  # bump when the same seed starts giving different data (bench caches key on it)
CAMPAIGN_START = date(2025, 9, 1)
CAMPAIGN_END = date(2025, 11, 30)
BATCH = 2000
PROBLEM_RATE = 0.025
SCANS_MODULE = "landdesk.demo.scans"

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

_STAGES = (WorkflowStatus.COLLECTED, WorkflowStatus.SCANNED, WorkflowStatus.ENTERED, WorkflowStatus.CHECKED,
           WorkflowStatus.VERIFIED, WorkflowStatus.SENT, WorkflowStatus.ACCEPTED, WorkflowStatus.UPDATED)
_STAGE_LIMITS = (0.10, 0.22, 0.42, 0.56, 0.74, 0.92, 1.12)
_GEOHASH = "0123456789bcdefghjkmnpqrstuvwxyz"


@dataclass
class DemoResult:
    ids: list[str]
    planted: dict[str, str] = field(default_factory=dict)  # dossier id → problem kind
    errors: int = 0  # dossiers saved with rule errors
    warnings: int = 0  # dossiers saved with warnings only


def scans_available() -> bool:
    """Whether this build can attach synthetic page images (`demo --scans`)."""
    return importlib.util.find_spec(SCANS_MODULE) is not None


def attach_scans(ctx: UnitOfWork, ids: list[str], rng: random.Random) -> None:
    """Hook for `demo --scans`: the scans module attaches synthetic pages to the given dossiers."""
    if not scans_available():
        raise LandDeskError("Bản cài đặt này chưa có chức năng tạo bản quét mẫu (--scans).",
                            "Demo scans (--scans) are not available in this build.")
    importlib.import_module(SCANS_MODULE).attach_demo_scans(ctx, ids, rng)


def _weighted(pairs):
    values = [v for v, _ in pairs]
    cum = list(itertools.accumulate(w for _, w in pairs))
    return values, cum


def _geohash(lat: float, lon: float, length: int) -> str:
    lat_r, lon_r = [-90.0, 90.0], [-180.0, 180.0]
    out, bits, ch, even = [], 0, 0, True
    while len(out) < length:
        rng_, val = (lon_r, lon) if even else (lat_r, lat)
        mid = (rng_[0] + rng_[1]) / 2
        ch = (ch << 1) | (val >= mid)
        rng_[0 if val >= mid else 1] = mid
        even, bits = not even, bits + 1
        if bits == 5:
            out.append(_GEOHASH[ch])
            bits, ch = 0, 0
    return "".join(out)


class Generator:
    """Builds synthetic dossiers for one commune from one random stream."""

    def __init__(self, rng: random.Random, commune_code: str):
        unit = reference.commune(commune_code)
        if unit is None:
            raise LandDeskError(f"Mã xã/phường '{commune_code}' không có trong danh mục.",
                                f"Commune code '{commune_code}' is not in the list.")
        self.rng = rng
        self.unit = unit
        self.urban = unit.is_urban
        # Bắc Ninh (24): communes coded 07xxx were Bắc Giang's before the 2025 merger, the others
        # Bắc Ninh's. Another province: its own name and CCCD prefix, when the lists know it.
        if unit.province_code == "24":
            self.old_province = "Bắc Giang" if unit.code < "09000" else "Bắc Ninh"
        else:
            self.old_province = unit.province_name.removeprefix("Tỉnh ").removeprefix("Thành phố ")
        by_name = {name: code for code, name in reference.cccd_provinces().items()}
        home = by_name.get(self.old_province, "001")
        other = {"024": "027", "027": "024"}.get(home, "001")
        self.prefixes = _weighted([(home, 70), (other, 14), ("001", 4), ("030", 2), ("019", 2), ("020", 2),
                                   ("022", 1), ("025", 1), ("026", 1), ("033", 1), ("038", 1), ("040", 1)])
        self.surnames = _weighted([(s.upper(), w) for s, w in names.SURNAMES])
        self.mid_m = _weighted([(s.upper(), w) for s, w in names.MIDDLE_MALE])
        self.mid_f = _weighted([(s.upper(), w) for s, w in names.MIDDLE_FEMALE])
        self.given_m = [g.upper() for g in names.GIVEN_MALE]
        self.given_f = [g.upper() for g in names.GIVEN_FEMALE]
        self.villages = self._villages()
        self.old_communes = self._old_communes()
        districts = names.DISTRICTS.get(self.old_province, (self.old_province,))
        self.issuer_town = f"UBND thành phố {self.old_province}" if self.urban \
            else f"UBND huyện {districts[int(unit.code) % len(districts)]}"
        days = (CAMPAIGN_END - CAMPAIGN_START).days + 1
        day_weights = []
        for i in range(days):
            d = CAMPAIGN_START + timedelta(days=i)
            w = 0.4 + 1.2 * i / days  # the campaign speeds up towards the deadline
            w *= {5: 0.5, 6: 0.15}.get(d.weekday(), 1.0)
            day_weights.append((d, w))
        self.days = _weighted(day_weights)
        self.residential = "ODT" if self.urban else "ONT"
        self.names_vi = {u.code: u.name_vi for u in reference.land_use_codes()}
        self.used_serials: set[str] = set()
        self.serial_list: list[str] = []
        # (map series, sheet/parcel on the certificate, on the current map) of every parcel made
        self.parcel_list: list[tuple[str, str, str, str, str]] = []
        # each village lies in one of the merged communes, whose cadastral map series it uses
        self.village_series = {v: self.old_communes[i % len(self.old_communes)] for i, v in enumerate(self.villages)}
        self.used_parcels: set[tuple[str, int, int]] = set()
        self.n_sheets = 40
        self.geohash_cell = _geohash(21.27, 106.19, 5)  # around Bắc Giang

    # ---- small helpers ------------------------------------------------------------------------

    def pick(self, weighted):
        values, cum = weighted
        return values[bisect.bisect(cum, self.rng.random() * cum[-1])]

    def new_id(self, when: datetime) -> str:
        """A UUIDv7-shaped id: the given time in ms, then random bits from the seeded stream."""
        ms = int(when.timestamp() * 1000) & ((1 << 48) - 1)
        rand = self.rng.getrandbits(74)
        v = (ms << 80) | (0x7 << 76) | ((rand >> 62) << 64) | (0b10 << 62) | (rand & ((1 << 62) - 1))
        h = f"{v:032x}"
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def _villages(self) -> list[str]:
        if self.urban:
            numbered = [f"Tổ dân phố số {i}" for i in range(1, 15)]
            return numbered + list(names.URBAN_VILLAGE_NAMES)
        return list(names.RURAL_VILLAGE_NAMES)

    def _old_communes(self) -> list[str]:
        text = self.unit.predecessors
        for prefix in ("các phường", "các xã", "phường", "xã", "thị trấn"):
            text = text.replace(prefix, ",")
        parts = [p.strip(" ,") for chunk in text.split(",") for p in chunk.split(" và ")]
        return [p for p in parts if p] or [self.unit.name]

    def date_between(self, start: date, end: date) -> date:
        return start + timedelta(days=self.rng.randrange((end - start).days + 1))

    # ---- people -------------------------------------------------------------------------------

    def person_name(self, gender: Gender, surname: str | None = None) -> str:
        rng = self.rng
        surname = surname or self.pick(self.surnames)
        if gender == Gender.MALE:
            mid, given = self.pick(self.mid_m), rng.choice(self.given_m)
        else:
            mid, given = self.pick(self.mid_f), rng.choice(self.given_f)
        if rng.random() < 0.12:  # four-word names: NGUYỄN THỊ THU HÀ
            second = self.pick(self.mid_f if gender == Gender.FEMALE else self.mid_m)
            if second != mid:
                return f"{surname} {mid} {second} {given}"
        return f"{surname} {mid} {given}"

    def cccd(self, birth_year: int, gender: Gender, prefix: str | None = None) -> str:
        century = (birth_year // 100 - 19) * 2 + (1 if gender == Gender.FEMALE else 0)
        prefix = prefix or self.pick(self.prefixes)
        return f"{prefix}{century}{birth_year % 100:02d}{self.rng.randrange(1_000_000):06d}"

    def birth(self, lo: int, hi: int) -> PartialDate:
        rng = self.rng
        year = rng.randint(lo, hi)
        if rng.random() < 0.04:  # legacy records often know the year only
            return PartialDate(year)
        return PartialDate(year, rng.randint(1, 12), rng.randint(1, 28))

    def address(self, village: str) -> str:
        rng = self.rng
        place = f"{village}, {self.unit.name}, {self.unit.province_name}"
        if self.urban and rng.random() < 0.45:
            return f"Số {rng.randint(1, 250)}, {rng.choice(names.STREETS)}, {place}"
        return place

    def person(self, gender: Gender, birth: PartialDate, address: str, legal: LegalForm, role: Role,
               when: datetime, surname: str | None = None) -> Holder:
        rng = self.rng
        cmnd = ""
        if birth.year < 1990 and rng.random() < 0.2:
            cmnd = f"12{rng.randrange(10_000_000):07d}"
        return Holder(kind=HolderKind.PERSON, name=self.person_name(gender, surname),
                      cccd=self.cccd(birth.year, gender), cmnd=cmnd, birth=birth, gender=gender,
                      address=address, legal_form=legal, role=role, id=self.new_id(when))

    def holders(self, village: str, issue: date, when: datetime) -> list[Holder]:
        rng = self.rng
        latest = min(issue.year - 18, 2005)
        addr = self.address(village)
        # Certificates before 2009 went mostly to households ("Hộ ông/bà …"), later ones mostly to
        # couples and individuals: about 1.6 holders a dossier overall.
        couple, household, individual = (0.10, 0.70, 0.95) if issue.year < 2009 else (0.50, 0.57, 0.95)
        r = rng.random()
        if r < couple:  # married couple
            hb = self.birth(max(1930, latest - 50), latest)
            wb = self.birth(max(1930, hb.year - 2), min(latest, hb.year + 6))
            return [self.person(Gender.MALE, hb, addr, LegalForm.COUPLE, Role.HUSBAND, when),
                    self.person(Gender.FEMALE, wb, addr, LegalForm.COUPLE, Role.WIFE, when)]
        if r < household:  # household: the head, often the spouse, sometimes grown children
            gender = Gender.MALE if rng.random() < 0.8 else Gender.FEMALE
            hb = self.birth(max(1930, latest - 45), latest)
            head = self.person(gender, hb, addr, LegalForm.HOUSEHOLD, Role.HEAD, when)
            family = head.name.split(" ")[0]
            out = [head]
            members = rng.random()
            if members < 0.55:
                sg = Gender.FEMALE if gender == Gender.MALE else Gender.MALE
                out.append(self.person(sg, self.birth(hb.year - 3, min(2005, hb.year + 5)), addr,
                                       LegalForm.HOUSEHOLD, Role.MEMBER, when))
            for _ in range(rng.randint(1, 3) if members < 0.2 else 0):
                lo, hi = hb.year + 20, min(2005, hb.year + 38, issue.year - 1)
                if lo > hi:  # children born after the certificate are not on it
                    break
                cg = Gender.MALE if rng.random() < 0.5 else Gender.FEMALE
                child_surname = family if gender == Gender.MALE else None
                out.append(self.person(cg, self.birth(lo, hi), addr,
                                       LegalForm.HOUSEHOLD, Role.MEMBER, when, child_surname))
            return out
        if r < individual:  # one person
            gender = Gender.MALE if rng.random() < 0.6 else Gender.FEMALE
            return [self.person(gender, self.birth(max(1930, latest - 55), latest), addr,
                                LegalForm.INDIVIDUAL, Role.INDIVIDUAL, when)]
        # co-users (siblings inheriting together)
        surname = self.pick(self.surnames)
        out = []
        for k in range(rng.randint(2, 3)):
            gender = Gender.MALE if rng.random() < 0.55 else Gender.FEMALE
            out.append(self.person(gender, self.birth(max(1935, latest - 40), latest), self.address(village),
                                   LegalForm.CO_USERS, Role.REPRESENTATIVE if k == 0 else Role.MEMBER, when,
                                   surname))
        return out

    def organisation(self, village: str, when: datetime) -> list[Holder]:
        rng = self.rng
        rep = self.person_name(Gender.MALE if rng.random() < 0.7 else Gender.FEMALE)
        if rng.random() < 0.6:
            return [Holder(kind=HolderKind.ORGANISATION, name=rng.choice(names.ORGANISATIONS),
                           org_id=f"2400{rng.randrange(1_000_000):06d}", address=self.address(village),
                           legal_form=LegalForm.ORGANISATION, role=Role.REPRESENTATIVE, representative=rep,
                           id=self.new_id(when))]
        name = f"{rng.choice(names.COMMUNITIES)} {village}"
        return [Holder(kind=HolderKind.ORGANISATION, name=name, org_id=f"CĐDC-{self.unit.code}-{rng.randint(1, 99):02d}",
                       address=self.address(village), legal_form=LegalForm.COMMUNITY,
                       role=Role.REPRESENTATIVE, representative=rep, id=self.new_id(when))]

    # ---- certificate --------------------------------------------------------------------------

    def certificate(self) -> tuple[str, date, str, str]:
        """(serial, issue date, registry number, issuer) of a random era."""
        rng = self.rng
        r = rng.random()
        if r < 0.32:  # old forms, 1 letter + 6 digits
            issue = self.date_between(date(1993, 1, 1), date(2008, 12, 31))
            letter = names.OLD_SERIAL_LETTERS[min(len(names.OLD_SERIAL_LETTERS) - 1, (issue.year - 1993) * 4 // 3)]
            serial = self._unique_serial(letter, 6)
            n = rng.randint(1, 9999)
            registry = f"{n:05d}/QSDĐ/{rng.choice(('BG', 'YD', 'VY', 'LN'))}" if rng.random() < 0.6 \
                else f"H{n:05d}/NQSDĐ"
            issuer = self.issuer_town
        elif r < 0.9:  # 2009–2024 forms, 2 letters + 6 digits
            letters, y0, y1 = rng.choice(names.SERIAL_BLOCKS_2009)
            issue = self.date_between(date(y0, 1, 1), date(y1, 12, 31) if y1 < 2024 else date(2024, 7, 31))
            serial = self._unique_serial(letters, 6)
            n = rng.randint(1, 29999)
            registry = f"CH {n:05d}" if rng.random() < 0.55 else f"CS{n:05d}"
            issuer = self.issuer_town if issue.year < 2015 else f"Sở Tài nguyên và Môi trường tỉnh {self.old_province}"
        else:  # 2025 form, 2 letters + 8 digits
            issue = self.date_between(date(2024, 8, 1), date(2025, 8, 31))
            serial = self._unique_serial(rng.choice(names.SERIAL_BLOCKS_2025), 8)
            registry = f"CS {rng.randint(1, 99999):05d}"
            issuer = "Sở Nông nghiệp và Môi trường tỉnh Bắc Ninh" if issue.year == 2025 \
                else f"Sở Tài nguyên và Môi trường tỉnh {self.old_province}"
        return serial, issue, registry, issuer

    def _unique_serial(self, letters: str, digits: int) -> str:
        while True:
            serial = f"{letters} {self.rng.randrange(10 ** digits):0{digits}d}"
            if serial not in self.used_serials:
                self.used_serials.add(serial)
                return serial

    # ---- parcels ------------------------------------------------------------------------------

    def sheet_parcel(self, series: str, current_map: bool = False) -> tuple[str, str]:
        """A (sheet, parcel) pair not used yet in this map series; sheets are sized so that about
        half of the numbers get used, as on a real cadastral map. Several merged communes' series
        reuse the same numbers, as they do after the 2025 mergers."""
        rng = self.rng
        while True:
            sheet, number = rng.randint(1, self.n_sheets), rng.randint(1, 700)
            if current_map:  # the current map's sheets are numbered above the certificate-era ones
                sheet += (self.n_sheets // 100 + 1) * 100
            key = (series, sheet, number)
            if key not in self.used_parcels:
                self.used_parcels.add(key)
                return str(sheet), str(number)

    def geohash(self) -> str:
        """A 12-character GeoHash inside the commune: the 5-character cell around its centre
        (about 5 × 5 km) and random finer characters — every such string is a valid GeoHash."""
        return self.geohash_cell + "".join(self.rng.choice(_GEOHASH) for _ in range(7))

    def land_use(self, code: str, area: float, origin: str, form: UseForm, term: str, when: datetime) -> LandUse:
        return LandUse(code=code, raw_text=self.names_vi[code], area=area, origin=origin, use_form=form,
                       term=term, id=self.new_id(when))

    def parcel(self, village: str, issue: date, shared: bool, org: bool, when: datetime) -> Parcel:
        rng = self.rng
        series = self.village_series[village]
        sheet, number = self.sheet_parcel(series)
        form = UseForm.SHARED if shared else UseForm.PRIVATE
        farm_term = f"đến ngày {issue.day:02d}/{issue.month:02d}/{issue.year + 50}" if issue.year >= 2013 \
            else "đến ngày 15/10/2063"
        housing = None
        r = rng.random()
        if org:
            code = rng.choice(("TMD", "SKC", "DGD", "TON", "DVH"))
            area = round(rng.uniform(300, 6000), 1)
            term = "Lâu dài" if code in ("TON", "DVH", "DGD") else f"đến ngày {issue.day:02d}/{issue.month:02d}/{issue.year + 50}"
            origin = "Nhà nước cho thuê đất trả tiền hằng năm" if code in ("TMD", "SKC") \
                else "Nhà nước giao đất không thu tiền sử dụng đất"
            uses = [self.land_use(code, area, origin, form, term, when)]
        elif r < 0.58:  # house plot, often with its garden
            res = round(rng.uniform(40, 180) if self.urban else rng.uniform(100, 400), 1)
            origin = rng.choice(names.ORIGINS_RESIDENTIAL)
            uses = [self.land_use(self.residential, res, origin, form, "Lâu dài", when)]
            if rng.random() < (0.2 if self.urban else 0.55):
                garden = round(rng.uniform(30, 600), 1)
                uses.append(self.land_use("CLN", garden, origin, form, "Lâu dài", when))
                if rng.random() < 0.15:
                    uses.append(self.land_use("NTS", round(rng.uniform(50, 400), 1), origin, form, farm_term, when))
            area = round(sum(u.area for u in uses), 1)
            if rng.random() < 0.35:
                built = round(min(res, rng.uniform(40, 160)), 1)
                floors = rng.choice((1, 1, 2, 2, 3, 4))
                housing = Housing(asset_type="Nhà ở riêng lẻ", construction_area=built,
                                  floor_area=round(built * floors, 1), ownership_form="Sở hữu riêng",
                                  ownership_term="Lâu dài", grade=rng.choice(("Cấp 4", "Cấp 3", "Cấp 3", "Cấp 2")),
                                  id=self.new_id(when))
        else:  # fields, gardens and ponds: plots counted in sào (360 m² in the north)
            code = rng.choice(("LUC", "LUC", "LUC", "LUK", "CLN", "HNK", "NTS"))
            origin = rng.choice(names.ORIGINS_AGRICULTURAL)
            sao = rng.choice((0.5, 1, 1, 1.5, 2, 2, 3, 4))
            area = round(sao * 360 + rng.uniform(-40, 40), 1)
            if rng.random() < 0.2:
                first = round(area * rng.uniform(0.3, 0.7), 1)
                other = "HNK" if code != "HNK" else "CLN"
                uses = [self.land_use(code, first, origin, form, farm_term, when),
                        self.land_use(other, round(area - first, 1), origin, form, farm_term, when)]
            else:
                uses = [self.land_use(code, area, origin, form, farm_term, when)]
        p = Parcel(sheet_cert=sheet, parcel_cert=number, sheet_map=sheet, parcel_map=number,
                   map_series=series, old_commune=series, address=f"{village}, {self.unit.name}",
                   area=area, land_uses=uses, housing=housing, id=self.new_id(when))
        if issue.year < 2009 and rng.random() < 0.3:  # renumbered on the current cadastral map
            p.sheet_map, p.parcel_map = self.sheet_parcel(series, current_map=True)
        if rng.random() < 0.25:
            p.national_id = self.geohash()
        self.parcel_list.append((series, p.sheet_cert, p.parcel_cert, p.sheet_map, p.parcel_map))
        return p

    # ---- the dossier --------------------------------------------------------------------------

    def dossier(self) -> Dossier:
        rng = self.rng
        received = self.pick(self.days)
        when = datetime.combine(received, time(rng.randint(7, 16), rng.randint(0, 59), rng.randint(0, 59)),
                                tzinfo=UTC)
        d = Dossier(commune_code=self.unit.code, id=self.new_id(when), received_on=received,
                    created_at=when.replace(tzinfo=None), updated_at=when.replace(tzinfo=None))  # naive UTC, as stored
        d.village = rng.choice(self.villages)
        d.serial, d.issue_date, d.registry_no, d.issuer = self.certificate()
        org = rng.random() < 0.015
        d.holders = self.organisation(d.village, when) if org else self.holders(d.village, d.issue_date, when)
        shared = d.holders[0].legal_form == LegalForm.CO_USERS
        d.parcels = [self.parcel(d.village, d.issue_date, shared, org, when)
                     for _ in range(1 if rng.random() < 0.65 else rng.choice((2, 2, 3)))]
        self.serial_list.append(d.serial)
        if not org and rng.random() < 0.06:
            reason = self.pick(_REASONS)
            g = Gender.MALE if rng.random() < 0.5 else Gender.FEMALE
            year = rng.randint(1955, 2000)
            d.current_user = CurrentUser(name=self.person_name(g), cccd=self.cccd(year, g),
                                         address=self.address(rng.choice(self.villages)), reason=reason)
        self._custody(d)
        return d

    def _custody(self, d: Dossier) -> None:
        rng = self.rng
        r = rng.random()
        if r < 0.90:
            return
        if r < 0.945:
            d.custody, d.custody_note = CustodyStatus.BANK, rng.choice(names.BANKS)
        elif r < 0.965:
            d.custody, d.custody_note = CustodyStatus.LOST, rng.choice(names.LOST_NOTES)
        elif r < 0.99:
            d.custody, d.custody_note = CustodyStatus.HOLDER_ABSENT, rng.choice(names.ABSENT_NOTES)
        else:
            d.custody, d.custody_note = CustodyStatus.OTHER, rng.choice(names.OTHER_CUSTODY_NOTES)

    def advance(self, d: Dossier, has_errors: bool) -> None:
        """Workflow status from how long ago the file was received; holders' verification to match."""
        rng = self.rng
        if d.custody != CustodyStatus.COLLECTED:
            return
        elapsed = (CAMPAIGN_END - d.received_on).days / 90
        score = elapsed * 1.25 + rng.random() * 0.45 - 0.1
        stage = bisect.bisect(_STAGE_LIMITS, score)
        if has_errors:
            stage = min(stage, 2)  # errors keep a dossier from "checked"
        status = _STAGES[stage]
        if status == WorkflowStatus.ACCEPTED and rng.random() < 0.06:
            status = WorkflowStatus.RETURNED
            d.province_status, d.province_note = "returned", rng.choice(names.RETURN_NOTES)
        elif status in (WorkflowStatus.ACCEPTED, WorkflowStatus.UPDATED):
            d.province_status = "accepted"
        d.status = status
        if stage >= 4:
            for h in d.holders:
                if h.kind != HolderKind.PERSON:
                    continue
                v = rng.random()
                if v < 0.9:
                    h.verification = VerificationStatus.VERIFIED
                elif v < 0.95:
                    h.verification = VerificationStatus.INCORRECT
                    h.verification_fields = rng.choice(("birth", "name", "cccd", "address"))
                else:
                    h.verification = VerificationStatus.NEEDS_POLICE
        if stage > 0:
            d.updated_at = d.created_at + timedelta(days=min(stage * 3, (CAMPAIGN_END - d.received_on).days),
                                                    minutes=rng.randint(0, 600))

    # ---- planted problems ---------------------------------------------------------------------

    def plant(self, d: Dossier) -> str:
        rng = self.rng
        kind = rng.choice(PROBLEM_KINDS)
        if kind in (DUPLICATE_SERIAL, DUPLICATE_PARCEL) and len(self.serial_list) < 2:
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
            d.serial = rng.choice(self.serial_list[:-1])
        elif kind == DUPLICATE_PARCEL:
            p = d.parcels[0]
            p.map_series, p.sheet_cert, p.parcel_cert, p.sheet_map, p.parcel_map = \
                rng.choice(self.parcel_list[:-len(d.parcels)] or self.parcel_list)
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


_REASONS = _weighted([(ChangeReason.INHERITANCE, 50), (ChangeReason.GIFT, 25), (ChangeReason.TRANSFER, 20),
                      (ChangeReason.OTHER, 5)])


def generate_batches(records: int, seed: int, commune_code: str, size: int = BATCH,
                     planted: dict[str, str] | None = None) -> Iterator[list[tuple[Dossier, int, int]]]:
    """(dossier, errors, warnings) for `records` synthetic dossiers, in batches of `size`; planted
    problems are recorded into `planted` (dossier id → kind) as they are made.

    Pure: no database, no clock, no global random state — the same arguments give the same data.
    """
    rng = random.Random(seed)
    gen = Generator(rng, commune_code)
    gen.n_sheets = max(10, records * 17 // 10 // 350 // len(gen.old_communes))
    planted = {} if planted is None else planted
    today = date.today()
    batch: list[tuple[Dossier, int, int]] = []
    for _ in range(records):
        d = gen.dossier()
        if rng.random() < PROBLEM_RATE:
            planted[d.id] = gen.plant(d)
        problems = rules.validate_dossier(d, today=today)
        errors = sum(1 for p in problems if p.blocking)
        gen.advance(d, errors > 0 or d.id in planted)
        batch.append((d, errors, len(problems) - errors))
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def generate(records: int, seed: int, commune_code: str) -> tuple[list[Dossier], dict[str, str]]:
    """All the demo dossiers and the planted problems, in memory (tests, small counts)."""
    planted: dict[str, str] = {}
    out = [d for batch in generate_batches(records, seed, commune_code, planted=planted) for d, _, _ in batch]
    return out, planted


def fill_demo(ctx: UnitOfWork, records: int, seed: int = 1, *, progress: Progress = no_progress,
              cancel: CancelToken = NEVER_CANCEL) -> DemoResult:
    """Add `records` synthetic dossiers to the workspace in this unit of work."""
    require(ctx, "edit")
    if records < 0:
        raise LandDeskError("Số hồ sơ mẫu phải là số không âm.", "The number of demo records cannot be negative.")
    if browse.total(ctx.session):
        raise LandDeskError("Không gian làm việc đã có hồ sơ: chỉ tạo dữ liệu mẫu trong không gian làm việc trống.",
                            "The workspace already has dossiers: demo data only goes into an empty workspace.")
    commune_code = settings_store.get(ctx.session, "commune_code", "")
    result = DemoResult(ids=[])
    user = ctx.actor.username
    # Generated and saved batch by batch: memory stays flat at 100k dossiers.
    for batch in generate_batches(records, seed, commune_code, planted=result.planted):
        cancel.check()
        store.bulk_insert_dossiers(ctx.session, batch, user)
        for d, errors, warnings in batch:
            result.ids.append(d.id)
            if errors:
                result.errors += 1
            elif warnings:
                result.warnings += 1
        progress(len(result.ids), records, "")
    audit.append(ctx.session, user=user, action="import", entity="workspace", entity_id="demo",
                 changes=[{"field": "dossiers", "old": 0, "new": records}],
                 reason=f"Dữ liệu mẫu (seed {seed}) / demo data (seed {seed})")
    settings_store.put(ctx.session, "demo_seed", seed)
    ctx.touch("dossiers")
    return result
