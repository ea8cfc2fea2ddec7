"""Apply a province receipt at the commune: each dossier shows "accepted by the province" or why not,
acknowledged packages leave the next export, acknowledged scans are never sent again."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from landdesk.domain import package_format as pf
from landdesk.domain.changes import Change
from landdesk.domain.errors import LandDeskError
from landdesk.domain.package_format import PackageError
from landdesk.services.audit import PROVINCE_ANCHOR
from landdesk.services.packages.verify import read_signed
from landdesk.services.users import require
from landdesk.storage import settings as settings_store
from landdesk.storage.commune import sync as sync_store
from landdesk.storage.uow import UnitOfWork


@dataclass
class ReceiptResult:
    seq: int
    already_applied: bool
    counts: dict = field(default_factory=dict)
    rejected: list[dict] = field(default_factory=list)  # [{id, note, reasons}]
    missing: list[list[int]] = field(default_factory=list)  # [first, last] ranges
    next_expected_seq: int = 0

    def as_json(self) -> dict:
        return dict(self.__dict__)


def apply_receipt(ctx: UnitOfWork, path: Path) -> ReceiptResult:
    require(ctx, "edit")
    prof = sync_store.get_profile(ctx.session)
    if prof is None:
        raise LandDeskError("Chưa nhập hồ sơ tỉnh: không kiểm tra được chữ ký của biên nhận.",
                            "No province profile imported: the receipt's signature cannot be checked.")

    def trust(header: dict) -> None:
        if header.get("sender_public_key") != prof.signing_key:
            raise PackageError("Biên nhận không được ký bằng khóa của tỉnh; không áp dụng.",
                               "The receipt is not signed with the province's key; nothing was applied.")

    header = read_signed(Path(path), "receipt", trust=trust)
    body = pf.check_receipt_body(header.get("body"))
    commune = settings_store.get(ctx.session, "commune_code")
    if body.get("commune_code") != commune:
        raise LandDeskError(f"Biên nhận dành cho xã {body.get('commune_code')}, không phải xã này.",
                            f"The receipt is for commune {body.get('commune_code')}, not this one.")
    pkg = sync_store.package_by_id(ctx.session, body.get("package_id", ""))
    if pkg is None:
        raise LandDeskError("Biên nhận nói về một gói không do máy này xuất.",
                            "The receipt is about a package this workspace did not export.")
    results = body.get("results") or []
    out = ReceiptResult(body.get("seq", 0), False, missing=[list(r) for r in pf.missing_ranges(body.get("missing", []))],
                        next_expected_seq=body.get("next_expected_seq", 0))
    out.rejected = [{"id": r["id"], "status": r["status"], "note": r.get("note", ""), "reasons": r.get("reasons", [])}
                    for r in results if r.get("status") in ("rejected", "conflict", "duplicate")]
    if sync_store.receipt_applied(ctx.session, header["package_id"]):
        out.already_applied = True
        out.counts = body.get("counts", {})
        return out
    head = body.get("audit_head")
    old = settings_store.get(ctx.session, PROVINCE_ANCHOR)
    if head and not (isinstance(old, dict) and pf.is_int(old.get("seq")) and old["seq"] > head["seq"]):
        settings_store.put(ctx.session, PROVINCE_ANCHOR, {**head, "package_seq": body["seq"]})
    out.counts = sync_store.apply_receipt(ctx.session, receipt_id=header["package_id"], package_id=pkg.id,
                                          contiguous_through=int(body.get("contiguous_through", 0)),
                                          results=results, seq=int(body.get("seq", 0)))
    ctx.touch(Change.DOSSIERS, Change.SYNC)
    return out


def dossier_status(ctx: UnitOfWork) -> dict[str, tuple[str, str]]:
    """{dossier_id: (status, note)} as the province last reported."""
    require(ctx, "read")
    return sync_store.dossier_acks(ctx.session)


@dataclass(frozen=True)
class SentPackage:
    seq: int
    kind: str
    dossiers: int
    scans: int
    created_at: str
    acknowledged: bool
    files: list

    def as_json(self) -> dict:
        return dict(self.__dict__)


def sent_packages(ctx: UnitOfWork) -> list[SentPackage]:
    from landdesk.services.packages.outbox import volumes_of

    require(ctx, "read")
    return [SentPackage(p.seq, p.kind, p.dossiers, p.scans, str(p.created_at), p.acknowledged_at is not None,
                        [f["name"] for f in volumes_of(p.files)]) for p in sync_store.packages(ctx.session)]
