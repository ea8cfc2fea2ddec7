"""The commune's campaign figures (PRODUCT.md §9): one source for the report workbook, `--json` and
the GUI dashboard, so they always show the same numbers.

Figures are plain frozen dataclasses; the workbook writer lives in services.exporting.report_workbook.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import date, datetime

from landdesk.domain.changes import Change
from landdesk.domain.codes import CustodyStatus
from landdesk.domain.collation import village_key
from landdesk.domain.errors import LandDeskError
from landdesk.services.users import require
from landdesk.storage import audit
from landdesk.storage import settings as settings_store
from landdesk.storage.base import utcnow
from landdesk.storage.commune import reports as store
from landdesk.storage.uow import UnitOfWork

TARGET_SETTING = "target"  # number of certificates the commune is expected to collect

# Figure names with their Vietnamese and English labels, in report order.
FIGURE_LABELS: dict[str, tuple[str, str]] = {
    "dossiers": ("Tổng số hồ sơ", "Dossiers"),
    "collected": ("Đã thu nhận GCN", "Certificates collected"),
    "not_collected": ("Chưa thu được", "Not collected"),
    "scanned": ("Đã quét", "Scanned"),
    "entered": ("Đã nhập Mẫu 01", "Entered (Form 01)"),
    "checked": ("Đã kiểm tra", "Checked"),
    "verified": ("Hồ sơ đã xác thực", "Dossiers verified"),
    "sent": ("Đã gửi tỉnh", "Sent to province"),
    "accepted": ("Tỉnh đã tiếp nhận", "Accepted by province"),
    "returned": ("Tỉnh trả lại", "Returned by province"),
    "holders": ("Lượt người sử dụng đất trên GCN", "Land-user links on certificates"),
    "holders_pending": ("Lượt chưa xác thực", "Links not yet checked"),
    "holders_verified": ("Lượt xác thực đúng", "Links verified"),
    "holders_incorrect": ("Lượt thông tin chưa chính xác", "Links with incorrect information"),
    "holders_needs_police": ("Lượt cần phối hợp công an", "Links needing police coordination"),
    "holders_organisations": ("Lượt tổ chức (không đối chiếu dân cư)", "Organisation links (not checked)"),
    "representatives": ("Trong đó lượt người đại diện tổ chức, cộng đồng", "of which representative links"),
    "persons": ("Số người (mỗi công dân một lần)", "Persons (each citizen once)"),
    "persons_pending": ("Người chưa xác thực", "Persons not yet checked"),
    "persons_verified": ("Người xác thực đúng", "Persons verified"),
    "persons_incorrect": ("Người có thông tin chưa chính xác", "Persons with incorrect information"),
    "persons_needs_police": ("Người cần phối hợp công an", "Persons needing police coordination"),
}
# A citizen holding two certificates is two links and one person; a person's status is that of
# their link that most needs work (police, then incorrect, then verified, then not checked).
UNIT_NOTE = ("Lượt: mỗi GCN một lượt (một người có hai GCN tính hai lượt). Người: mỗi công dân tính một lần.",
             "Links: once per certificate (a person with two certificates counts twice). Persons: each citizen once.")


@dataclass(frozen=True)
class Figures:
    """Counts for a set of dossiers (whole commune or one village). Stages are cumulative."""

    dossiers: int = 0
    collected: int = 0
    not_collected: int = 0
    scanned: int = 0
    entered: int = 0
    checked: int = 0
    verified: int = 0  # dossiers whose status reached 'verified'
    sent: int = 0
    accepted: int = 0
    returned: int = 0
    holders: int = 0
    holders_pending: int = 0
    holders_verified: int = 0
    holders_incorrect: int = 0
    holders_needs_police: int = 0
    holders_organisations: int = 0
    representatives: int = 0
    persons: int = 0
    persons_pending: int = 0
    persons_verified: int = 0
    persons_incorrect: int = 0
    persons_needs_police: int = 0

    @classmethod
    def from_row(cls, row: dict) -> Figures:
        return cls(**{f.name: int(row.get(f.name, 0)) for f in fields(cls)})


@dataclass(frozen=True)
class VillageRow:
    village: str  # "" for dossiers without a village
    figures: Figures


@dataclass(frozen=True)
class DayRow:
    day: date
    received: int  # certificates received that day
    entered: int  # of those, how many are entered by now
    cumulative: int  # received up to and including that day


@dataclass(frozen=True)
class NotCollected:
    custody: CustodyStatus
    count: int


@dataclass(frozen=True)
class CampaignFigures:
    commune_code: str
    target: int | None  # certificates expected; None when not set
    totals: Figures
    by_village: tuple[VillageRow, ...]
    by_day: tuple[DayRow, ...]
    not_collected: tuple[NotCollected, ...]
    generated_at: datetime

    @property
    def progress(self) -> float | None:
        """Collected as a fraction of the target (may exceed 1); None without a target."""
        return self.totals.collected / self.target if self.target else None

    def as_json(self) -> dict:
        return {
            "commune_code": self.commune_code,
            "target": self.target,
            "progress_pct": None if self.progress is None else round(self.progress * 100, 1),
            "totals": asdict(self.totals),
            "not_collected": [{"custody": n.custody.value, "label": n.custody.label_vi, "count": n.count}
                              for n in self.not_collected],
            "by_village": [{"village": v.village, **asdict(v.figures)} for v in self.by_village],
            "by_day": [{"day": d.day.isoformat(), "received": d.received, "entered": d.entered,
                        "cumulative": d.cumulative} for d in self.by_day],
            "generated_at": self.generated_at.isoformat(timespec="seconds"),
        }


def campaign_figures(ctx: UnitOfWork) -> CampaignFigures:
    require(ctx, "read")
    s = ctx.session
    days, running = [], 0
    for r in store.by_day(s):
        running += r["received"]
        days.append(DayRow(r["day"], r["received"], r["entered"], running))
    return CampaignFigures(
        commune_code=settings_store.get(s, "commune_code") or "",
        target=get_target(ctx),
        totals=Figures.from_row(store.totals(s)),
        by_village=tuple(VillageRow(r["village"], Figures.from_row(r))
                         for r in sorted(store.by_village(s), key=lambda r: village_key(r["village"] or ""))),
        by_day=tuple(days),
        not_collected=tuple(NotCollected(CustodyStatus(c), n) for c, n in store.not_collected(s)
                            if c in CustodyStatus._value2member_map_),
        generated_at=utcnow(),
    )


def get_target(ctx: UnitOfWork) -> int | None:
    require(ctx, "read")
    value = settings_store.get(ctx.session, TARGET_SETTING)
    return int(value) if isinstance(value, int | float) and value > 0 else None


def set_target(ctx: UnitOfWork, target: int) -> None:
    """Set the number of certificates the commune is expected to collect (supervisors only)."""
    require(ctx, "supervise")
    if not isinstance(target, int) or isinstance(target, bool) or target <= 0 or target > 10_000_000:
        raise LandDeskError("Chỉ tiêu phải là một số nguyên dương.", "The target must be a positive whole number.")
    old = settings_store.get(ctx.session, TARGET_SETTING)
    settings_store.put(ctx.session, TARGET_SETTING, target)
    audit.append(ctx.session, user=ctx.actor.username, action="update", entity="setting", entity_id=TARGET_SETTING,
                 changes=[{"field": TARGET_SETTING, "old": old, "new": target}])
    ctx.touch(Change.SETTINGS)


def quality_figures(ctx: UnitOfWork) -> dict:
    """Population-data verification (by reason), data cleaning (parcel groups, problems by rule) and
    double-entry error rates per officer — the report's second half, beside campaign_figures."""
    from landdesk.services import cleaning, double_entry, verification

    return {"verification": verification.verification_figures(ctx),
            "cleaning": cleaning.cleaning_figures(ctx),
            "double_entry": double_entry.error_rates(ctx)}
