"""Enrichment proposals ("làm giàu"): what the population data knows and Form 01 leaves empty — the
full birth date behind a birth year, gender, the 12-digit ID, the old ID and the address (these two
informative) — and a name written without its accents. services.verification stores them for
verified holders when a run is committed; nothing reaches a holder until an officer accepts.

Accepting saves the dossier through the normal save, so each change is in the audit trail (old →
new, who, when); a proposal whose holder changed meanwhile is not applied (it is marked superseded
and counted). Rejecting is audited too. Both need the "supervise" permission, like corrections.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from landdesk.domain import i18n, matching
from landdesk.domain.changes import Change
from landdesk.domain.codes import Gender, HolderKind
from landdesk.domain.errors import LandDeskError, NotFound
from landdesk.domain.model import Holder
from landdesk.domain.progress import NEVER_CANCEL, CancelToken, Progress, no_progress
from landdesk.domain.values import PartialDate
from landdesk.services import dossiers as dossier_service
from landdesk.services.users import require
from landdesk.storage import audit
from landdesk.storage.commune import verification as store
from landdesk.storage.uow import UnitOfWork


def display_value(field: str, value: str, lang: str = "vi") -> str:
    """A stored proposal value as the officer reads it (dd/mm/yyyy dates, Nam/Nữ)."""
    if not value:
        return "∅"
    if field == "birth":
        return PartialDate.from_iso(value).display()
    if field == "gender":
        g = Gender(value)
        return i18n.pick(g.label_vi, g.label_en, lang)
    return value


@dataclass(frozen=True)
class ProposalView:
    id: str
    holder_id: str
    dossier_id: str
    dossier_num: int
    field: str
    old: str  # stored form
    new: str

    @property
    def informative(self) -> bool:
        return self.field in matching.INFORMATIVE_FIELDS

    def as_json(self, lang: str = "vi") -> dict:
        return {"id": self.id, "dossier_num": self.dossier_num, "dossier_id": self.dossier_id,
                "holder_id": self.holder_id, "field": self.field, "field_label": matching.fields_label(self.field, lang),
                "old": display_value(self.field, self.old, lang), "new": display_value(self.field, self.new, lang),
                "informative": self.informative}


def list_proposals(ctx: UnitOfWork, *, limit: int | None = None) -> list[ProposalView]:
    """Open proposals, by field then dossier number."""
    require(ctx, "read")
    rows = store.open_proposals(ctx.session, limit=limit)
    nums = store.dossier_nums(ctx.session, [r.dossier_id for r in rows])
    out = [ProposalView(r.id, r.holder_id, r.dossier_id, nums.get(r.dossier_id, 0), r.field, r.old, r.new)
           for r in rows]
    out.sort(key=lambda p: (matching.ENRICHED_FIELDS.index(p.field) if p.field in matching.ENRICHED_FIELDS else 99,
                            p.dossier_num))
    return out


def _attr(h: Holder, field: str) -> str:
    """The holder attribute a field fills: an organisation's person is its representative."""
    return "representative" if field == "name" and h.kind == HolderKind.ORGANISATION else field


def _stored(h: Holder, field: str) -> str:
    value = getattr(h, _attr(h, field))
    if field == "birth":
        return value.iso() if value else ""
    if field == "gender":
        return value.value if value else ""
    return value or ""


def _typed(field: str, value: str):
    if field == "birth":
        return PartialDate.from_iso(value)
    if field == "gender":
        return Gender(value)
    return value


def _open_or_fail(ctx: UnitOfWork, ids: Sequence[str]) -> list:
    if not ids:
        raise LandDeskError("Chưa chọn đề xuất nào.", "No proposal selected.")
    rows = store.proposals(ctx.session, ids)
    missing = len(set(ids)) - len(rows)
    if missing:
        raise NotFound(f"Không tìm thấy {missing} đề xuất.", f"{missing} proposal(s) not found.")
    done = [r for r in rows if r.state != "open"]
    if done:
        raise LandDeskError(f"{len(done)} đề xuất đã được xử lý trước đó. Không có gì được thay đổi.",
                            f"{len(done)} proposal(s) were already handled. Nothing was changed.")
    return rows


def accept(ctx: UnitOfWork, ids: Sequence[str], progress: Progress = no_progress,
           cancel: CancelToken = NEVER_CANCEL) -> dict:
    """Apply the proposals to their holders, one audited dossier save per dossier.

    Returns {"accepted": n, "stale": m}: a stale proposal's holder no longer has the value it was
    made against (edited meanwhile), so it is not applied and is marked superseded."""
    require(ctx, "supervise")
    rows = _open_or_fail(ctx, ids)
    by_dossier: dict[str, list] = defaultdict(list)
    for r in rows:
        by_dossier[r.dossier_id].append(r)
    accepted, stale = [], []
    for i, (dossier_id, props) in enumerate(by_dossier.items()):
        cancel.check()
        d = dossier_service.get_dossier(ctx, dossier_id)
        holders = {h.id: h for h in d.holders}
        applied: list[str] = []
        for r in props:
            h = holders.get(r.holder_id)
            if h is None or _stored(h, r.field) != r.old:
                stale.append(r.id)
                continue
            setattr(h, _attr(h, r.field), _typed(r.field, r.new))
            applied.append(r.id)
        if applied:
            fields = matching.fields_label(sorted({r.field for r in props if r.id in applied}), "vi")
            dossier_service.save_dossier(ctx, d, reason=f"Làm giàu dữ liệu theo CSDL dân cư: {fields}",
                                         allow_errors=True)
            accepted += applied
        progress(i + 1, len(by_dossier), "")
    store.decide_proposals(ctx.session, accepted, "accepted", ctx.actor.username)
    store.decide_proposals(ctx.session, stale, "superseded", ctx.actor.username)
    ctx.touch(Change.VERIFICATION)
    return {"accepted": len(accepted), "stale": len(stale)}


def reject(ctx: UnitOfWork, ids: Sequence[str], note: str = "") -> int:
    """The officer keeps Form 01 as it is for these proposals; each rejection is audited."""
    require(ctx, "supervise")
    rows = _open_or_fail(ctx, ids)
    store.decide_proposals(ctx.session, [r.id for r in rows], "rejected", ctx.actor.username)
    for r in rows:
        audit.append(ctx.session, user=ctx.actor.username, action="enrich_reject", entity="holder",
                     entity_id=r.holder_id, changes=[{"field": f"proposal.{r.field}", "old": "open", "new": "rejected"}],
                     reason=note)
    ctx.touch(Change.VERIFICATION)
    return len(rows)


def all_open_ids(ctx: UnitOfWork, *, fields: Sequence[str] | None = None) -> list[str]:
    """Ids of every open proposal (of these fields): for "accept all" on the command line."""
    require(ctx, "read")
    return [r.id for r in store.open_proposals(ctx.session) if fields is None or r.field in fields]
