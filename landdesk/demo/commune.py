"""`landdesk demo`: a realistic synthetic commune, deterministic by seed.

Everything — people, CCCD numbers, serials, ids, dates — comes from one `random.Random(seed)`, so the
same seed gives the same dossiers (ids included) on any machine: people.py makes the holders, land.py
the certificates and parcels, problems.py plants a problem in about 2.5 % of the dossiers so that
`landdesk check` and the review queue have something real to find.

Dossiers are saved with the bulk path (storage.dossiers.bulk_insert_dossiers) in one transaction:
a demo killed half-way leaves nothing behind, and the audit trail gets one entry for the import.
"""

from __future__ import annotations

import bisect
import importlib
import importlib.util
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from landdesk.demo import names
from landdesk.demo.land import Certificates, Parcels
from landdesk.demo.people import People
from landdesk.demo.problems import (  # noqa: F401  (the kinds: callers read them here)
    AREA_MISMATCH,
    CCCD_MISMATCH,
    CCCD_TYPO,
    DUPLICATE_PARCEL,
    DUPLICATE_SERIAL,
    LEGACY_LAND_USE,
    MISSING_FIELD,
    PER_DOSSIER_KINDS,
    PROBLEM_KINDS,
    PROBLEM_RATE,
    plant,
)
from landdesk.demo.stream import Stream, weighted
from landdesk.domain import reference, rules
from landdesk.domain.changes import Change
from landdesk.domain.codes import (
    ChangeReason,
    CustodyStatus,
    Gender,
    HolderKind,
    LegalForm,
    VerificationStatus,
    WorkflowStatus,
)
from landdesk.domain.errors import LandDeskError
from landdesk.domain.model import CurrentUser, Dossier
from landdesk.domain.progress import NEVER_CANCEL, CancelToken, Progress, no_progress
from landdesk.services.findings import refresh_all_duplicates
from landdesk.services.users import require
from landdesk.storage import audit
from landdesk.storage import settings as settings_store
from landdesk.storage.commune import browse
from landdesk.storage.commune import dossiers as store
from landdesk.storage.uow import UnitOfWork

GENERATOR_VERSION = 6  # bump when the same seed starts giving different data (bench caches key on it)
CAMPAIGN_START = date(2025, 9, 1)
CAMPAIGN_END = date(2025, 11, 30)
BATCH = 2000
SCANS_MODULE = "landdesk.demo.scans"

_STAGES = (WorkflowStatus.COLLECTED, WorkflowStatus.SCANNED, WorkflowStatus.ENTERED, WorkflowStatus.CHECKED,
           WorkflowStatus.VERIFIED, WorkflowStatus.SENT, WorkflowStatus.ACCEPTED, WorkflowStatus.UPDATED)
_STAGE_LIMITS = (0.10, 0.22, 0.42, 0.56, 0.74, 0.92, 1.12)


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


class Generator(Stream):
    """Builds synthetic dossiers for one commune from one random stream (people, certificates and
    parcels draw from it in turn, so a seed gives the same dossiers)."""

    def __init__(self, rng: random.Random, commune_code: str):
        super().__init__(rng)
        unit = reference.commune(commune_code)
        if unit is None:
            raise LandDeskError(f"Mã xã/phường '{commune_code}' không có trong danh mục.",
                                f"Commune code '{commune_code}' is not in the list.")
        self.unit = unit
        self.urban = unit.is_urban
        # Bắc Ninh (24): communes coded 07xxx were Bắc Giang's before the 2025 merger, the others
        # Bắc Ninh's. Another province: its own name and CCCD prefix, when the lists know it.
        if unit.province_code == "24":
            old_province = "Bắc Giang" if unit.code < "09000" else "Bắc Ninh"
        else:
            old_province = unit.province_name.removeprefix("Tỉnh ").removeprefix("Thành phố ")
        self.people = People(rng, unit, old_province)
        self.certificates = Certificates(rng, unit, old_province)
        self.villages = self._villages()
        self.old_communes = self._old_communes()
        days = (CAMPAIGN_END - CAMPAIGN_START).days + 1
        day_weights = []
        for i in range(days):
            d = CAMPAIGN_START + timedelta(days=i)
            w = 0.4 + 1.2 * i / days  # the campaign speeds up towards the deadline
            w *= {5: 0.5, 6: 0.15}.get(d.weekday(), 1.0)
            day_weights.append((d, w))
        self.days = weighted(day_weights)
        self.serial_list: list[str] = []
        self.parcels = Parcels(rng, unit, {v: self.old_communes[i % len(self.old_communes)]
                                           for i, v in enumerate(self.villages)})

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


    def dossier(self) -> Dossier:
        rng = self.rng
        received = self.pick(self.days)
        when = datetime.combine(received, time(rng.randint(7, 16), rng.randint(0, 59), rng.randint(0, 59)),
                                tzinfo=UTC)
        d = Dossier(commune_code=self.unit.code, id=self.new_id(when), received_on=received,
                    created_at=when.replace(tzinfo=None), updated_at=when.replace(tzinfo=None))  # naive UTC, as stored
        d.village = rng.choice(self.villages)
        d.serial, d.issue_date, d.registry_no, d.issuer = self.certificates.certificate()
        org = rng.random() < 0.015
        d.holders = self.people.organisation(d.village, when) if org else self.people.holders(d.village, d.issue_date, when)
        shared = d.holders[0].legal_form == LegalForm.CO_USERS
        d.parcels = [self.parcels.parcel(d.village, d.issue_date, shared, org, when)
                     for _ in range(1 if rng.random() < 0.65 else rng.choice((2, 2, 3)))]
        self.serial_list.append(d.serial)
        if not org and rng.random() < 0.06:
            reason = self.pick(_REASONS)
            g = Gender.MALE if rng.random() < 0.5 else Gender.FEMALE
            year = rng.randint(1955, 2000)
            d.current_user = CurrentUser(name=self.people.person_name(g), cccd=self.people.cccd(year, g),
                                         address=self.people.address(rng.choice(self.villages)), reason=reason)
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


_REASONS = weighted([(ChangeReason.INHERITANCE, 50), (ChangeReason.GIFT, 25), (ChangeReason.TRANSFER, 20),
                      (ChangeReason.OTHER, 5)])


def generate_batches(records: int, seed: int, commune_code: str, size: int = BATCH,
                     planted: dict[str, str] | None = None) -> Iterator[list[tuple[Dossier, int, int]]]:
    """(dossier, errors, warnings) for `records` synthetic dossiers, in batches of `size`; planted
    problems are recorded into `planted` (dossier id → kind) as they are made.

    Pure: no database, no clock, no global random state — the same arguments give the same data.
    """
    rng = random.Random(seed)
    gen = Generator(rng, commune_code)
    gen.parcels.n_sheets = max(10, records * 17 // 10 // 350 // len(gen.old_communes))
    planted = {} if planted is None else planted
    today = date.today()
    batch: list[tuple[Dossier, int, int]] = []
    for _ in range(records):
        d = gen.dossier()
        if rng.random() < PROBLEM_RATE:
            planted[d.id] = plant(gen, d)
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
    commune_code = settings_store.get(ctx.session, "commune_code")
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
    refresh_all_duplicates(ctx)  # the demo's duplicate serials and sheet/parcels show in the records list
    ctx.touch(Change.DOSSIERS)
    return result
