"""Checking land users against the population data (the commune police hold it; all offline).

Two ways in:
- a request list workbook for the police (`write_request`) and the import of their answers
  (`preview_answers`);
- matching against a population extract they provide (`preview_extract`): by 12-digit ID first,
  then the old 9-digit ID, then folded name + birth date candidates (domain.matching decides).

Both give a Preview: nothing changes until the officer confirms with `commit_preview`, which stores
the run and its results, sets each holder's verification columns and stores the enrichments offered
for verified holders (services.enrichment accepts or rejects them). A difference found is then
corrected with one action (`apply_correction`, audited old → new) or kept (`keep_record`).

A file decides only the holders it contains: a holder that no row of an extract matches and that an
earlier run already decided keeps its status (a 10-row extract must not undo a whole commune's
verification). A commit that would still take many holders out of "verified" is refused unless
forced (`UNDO_GUARD`); the window asks first, the command line needs --force.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from landdesk.domain import matching
from landdesk.domain.changes import Change
from landdesk.domain.codes import Gender, VerificationStatus
from landdesk.domain.errors import LandDeskError, NotFound
from landdesk.domain.ids import new_id
from landdesk.domain.matching import Outcome, Person
from landdesk.domain.progress import NEVER_CANCEL, CancelToken, Progress, no_progress
from landdesk.domain.text import upper_name
from landdesk.domain.values import PartialDate
from landdesk.services import dossiers as dossier_service
from landdesk.services import verification_io as io
from landdesk.services import verification_police as police
from landdesk.services.checks import run_checks
from landdesk.services.users import require
from landdesk.storage import audit
from landdesk.storage import settings as settings_store
from landdesk.storage.base import utcnow
from landdesk.storage.commune import verification as store
from landdesk.storage.uow import UnitOfWork

STATUSES = (VerificationStatus.VERIFIED, VerificationStatus.INCORRECT, VerificationStatus.NEEDS_POLICE)
# A commit taking at least UNDO_GUARD holders and UNDO_SHARE of the verified ones out of "verified"
# must be forced (a wrong or partial file, not a few real differences found).
UNDO_GUARD = 10
UNDO_SHARE = 0.01


@dataclass(frozen=True)
class HolderRef:
    holder_id: str
    dossier_id: str
    dossier_num: int
    person: Person
    status: str  # current verification status
    reason: str
    fields: str
    representative: bool = False  # of an organisation or community (counted apart in reports)


@dataclass(frozen=True)
class Classified:
    holder: HolderRef
    outcome: Outcome


@dataclass
class Preview:
    """The outcome of reading a file, before anything is stored."""

    kind: str  # "extract" or "answers"
    source: str  # file name
    items: list[Classified]
    notes: io.TableNotes
    records: int = 0  # people in the extract / answers in the file
    unknown_refs: int = 0  # answers naming a holder that is not in the workspace
    unreadable: int = 0  # answers whose result we could not read
    not_in_file: int = 0  # holders already decided that the extract does not contain: left as they are

    @property
    def undone(self) -> int:
        """Holders now verified that this file would take out of "verified"."""
        return sum(1 for c in self.items if c.holder.status == VerificationStatus.VERIFIED.value
                   and c.outcome.status != VerificationStatus.VERIFIED)

    def summary(self) -> dict:
        by_status = Counter(c.outcome.status.value for c in self.items)
        by_reason = Counter(c.outcome.reason for c in self.items if c.outcome.reason)
        changes = sum(1 for c in self.items if _changes(c))
        return {"kind": self.kind, "source": self.source, "holders": len(self.items), "records": self.records,
                "verified": by_status.get("verified", 0), "incorrect": by_status.get("incorrect", 0),
                "needs_police": by_status.get("needs_police", 0), "by_reason": dict(sorted(by_reason.items())),
                "changes": changes, "unknown_refs": self.unknown_refs, "unreadable": self.unreadable,
                "not_in_file": self.not_in_file, "undone": self.undone,
                "representatives": sum(1 for c in self.items if c.holder.representative),
                "proposals": sum(len(c.outcome.proposals) for c in self.items)}


def _changes(c: Classified) -> bool:
    h, o = c.holder, c.outcome
    return (h.status, h.reason, h.fields) != (o.status.value, o.reason, o.fields)


# --- Holders --------------------------------------------------------------------------------

def _person(row) -> Person:
    return Person(name=row.name, cccd=row.cccd, cmnd=row.cmnd, birth=PartialDate.from_iso(row.birth),
                  gender=Gender(row.gender) if row.gender else None, address=row.address)


def _ref(r) -> HolderRef:
    return HolderRef(r.id, r.dossier_id, r.num, _person(r), r.verification, r.verification_reason,
                     r.verification_fields, bool(r.representative))


def load_holders(ctx: UnitOfWork, *, only_pending: bool = False) -> list[HolderRef]:
    """Every holder checked against the population data: persons and representatives."""
    require(ctx, "read")
    return [_ref(r) for r in store.person_holders(ctx.session, only_pending=only_pending)]


# --- Matching against an extract ------------------------------------------------------------

class ExtractIndex:
    """The extract indexed by 12-digit ID, 9-digit ID and folded name + birth year."""

    def __init__(self, records: Sequence[Person]):
        self.by_cccd: dict[str, list[Person]] = defaultdict(list)
        self.by_cmnd: dict[str, list[Person]] = defaultdict(list)
        self.by_name: dict[tuple[str, int | None], list[Person]] = defaultdict(list)
        for p in records:
            if p.cccd:
                self.by_cccd[p.cccd].append(p)
            if p.cmnd:
                self.by_cmnd[p.cmnd].append(p)
            self.by_name[(matching.name_key(p.name), p.birth.year if p.birth else None)].append(p)

    def classify(self, ours: Person) -> Outcome:
        d12 = matching.id_digits(ours.cccd)
        d9 = matching.id_digits(ours.cmnd) or (d12 if len(d12) == 9 else "")
        by_id = self.by_cccd.get(d12, []) if len(d12) == 12 else []
        by_old = self.by_cmnd.get(d9, []) if d9 else []
        key = matching.name_key(ours.name)
        if ours.birth is not None:
            by_name = self.by_name.get((key, ours.birth.year), []) + self.by_name.get((key, None), [])
        else:
            by_name = [p for (k, _), people in self._names_only().get(key, {}).items() for p in people]
        return matching.classify(ours, by_id, by_old, by_name)

    def _names_only(self) -> dict:
        if not hasattr(self, "_by_name_only"):
            grouped: dict[str, dict] = defaultdict(dict)
            for (k, year), people in self.by_name.items():
                grouped[k][(k, year)] = people
            self._by_name_only = grouped
        return self._by_name_only


def match_holders(holders: Sequence[HolderRef], records: Sequence[Person], progress: Progress = no_progress,
                  cancel: CancelToken = NEVER_CANCEL) -> list[Classified]:
    """Pure matching (no database): every holder's outcome against the extract."""
    index = ExtractIndex(records)
    out: list[Classified] = []
    total = len(holders)
    for i, h in enumerate(holders):
        if i % 5000 == 0:
            cancel.check()
            progress(i, total, "")
        out.append(Classified(h, index.classify(h.person)))
    progress(total, total, "")
    return out


def preview_extract(ctx: UnitOfWork, path: Path | str, *, only_pending: bool = False,
                    progress: Progress = no_progress, cancel: CancelToken = NEVER_CANCEL) -> Preview:
    require(ctx, "supervise")
    path = Path(path)
    records, notes = io.read_extract(path)
    if not records:
        raise LandDeskError(f"Tệp {path.name} không có dòng dữ liệu nào đọc được. Không có gì được thay đổi.",
                            f"The file {path.name} has no readable rows. Nothing was changed.")
    holders = load_holders(ctx, only_pending=only_pending)
    items, kept = [], 0
    for c in match_holders(holders, records, progress, cancel):
        if c.outcome.reason == matching.NOT_FOUND and c.holder.status in (VerificationStatus.VERIFIED.value,
                                                                         VerificationStatus.INCORRECT.value):
            kept += 1  # not in this file: it does not decide them
        else:
            items.append(c)
    return Preview("extract", path.name, items, notes, len(records), not_in_file=kept)


# --- The police's answers -------------------------------------------------------------------

def request_rows(ctx: UnitOfWork, *, only_pending: bool = True) -> list[dict]:
    require(ctx, "supervise")
    rows = []
    for r in store.person_holders(ctx.session, only_pending=only_pending):
        birth = PartialDate.from_iso(r.birth)
        rows.append({"ref": r.id, "num": r.num, "name": r.name, "birth": birth.display() if birth else "",
                     "gender": Gender(r.gender).label_vi if r.gender else "", "cccd": r.cccd, "cmnd": r.cmnd,
                     "address": r.address})
    return rows


def write_request(ctx: UnitOfWork, out: Path | str, *, only_pending: bool = True) -> int:
    """Write the request list for the commune police; returns the number of holders listed."""
    rows = request_rows(ctx, only_pending=only_pending)
    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise LandDeskError("Danh sách đề nghị xác minh phải là tệp .xlsx.", "The request list must be an .xlsx file.")
    from landdesk.domain import reference

    unit = reference.commune(settings_store.get(ctx.session, "commune_code"))
    police.write_request(out, rows, unit.name if unit else "")
    audit.append(ctx.session, user=ctx.actor.username, action="verify_request", entity="verification",
                 changes=[{"field": "holders", "old": None, "new": len(rows)}], reason=out.name)
    return len(rows)


def _answer_outcome(ours: Person, answer: police.Answer) -> Outcome:
    if answer.record:
        theirs = dataclasses.replace(ours, **answer.record)
        out = matching.outcome_for(ours, theirs)
        if out.status == VerificationStatus.VERIFIED and answer.result == "not_found":
            return Outcome(VerificationStatus.NEEDS_POLICE, matching.NOT_FOUND)
        if out.status == VerificationStatus.VERIFIED and answer.result == "incorrect":
            return Outcome(VerificationStatus.INCORRECT, matching.REAL_DIFFERENCE)  # their word, unexplained
        return out
    if answer.result == "verified":
        return Outcome(VerificationStatus.VERIFIED, "", (), 1, ours)
    if answer.result == "incorrect":  # the police said wrong without saying what is right
        return Outcome(VerificationStatus.INCORRECT, matching.REAL_DIFFERENCE)
    if answer.result == "several":
        return Outcome(VerificationStatus.NEEDS_POLICE, matching.SEVERAL_CANDIDATES)
    return Outcome(VerificationStatus.NEEDS_POLICE, matching.NOT_FOUND)


def preview_answers(ctx: UnitOfWork, path: Path | str) -> Preview:
    require(ctx, "supervise")
    path = Path(path)
    answers, notes, unreadable = police.read_answers(path)
    ids = [a.ref for a in answers]
    rows = {r.id: r for r in store.person_holders(ctx.session, holder_ids=ids)} if ids else {}
    items: list[Classified] = []
    unknown = 0
    for a in answers:
        r = rows.get(a.ref)
        if r is None:
            unknown += 1
            continue
        ref = _ref(r)
        items.append(Classified(ref, _answer_outcome(ref.person, a)))
    if answers and not items:
        raise LandDeskError(f"Không dòng nào trong tệp {path.name} khớp với chủ sử dụng của không gian làm việc này "
                            "(cột Mã tham chiếu). Không có gì được thay đổi.",
                            f"No row of {path.name} matches a holder of this workspace (Reference column). "
                            "Nothing was changed.")
    return Preview("answers", path.name, items, notes, len(answers), unknown, unreadable)


# --- Committing -----------------------------------------------------------------------------

def _record_json(p: Person | None) -> dict:
    if p is None:
        return {}
    return {"name": p.name, "cccd": p.cccd, "cmnd": p.cmnd, "birth": p.birth.iso() if p.birth else None,
            "gender": p.gender.value if p.gender else None}


def undo_needs_force(ctx: UnitOfWork, preview: Preview) -> int:
    """How many holders this preview takes out of "verified" when that is many (so the officer
    must confirm, or the command line say --force); 0 otherwise."""
    require(ctx, "read")
    n = preview.undone
    verified = sum(c for (status, _), c in store.holder_counts(ctx.session).items() if status == "verified")
    return n if n >= UNDO_GUARD and n >= UNDO_SHARE * verified else 0


def commit_preview(ctx: UnitOfWork, preview: Preview, *, force: bool = False) -> dict:
    """Store the run and its results; set the holders' verification columns; store the enrichment
    proposals. Refused when it would take many holders out of "verified" (undo_needs_force),
    unless forced. Returns the summary."""
    require(ctx, "supervise")
    if not preview.items:
        raise LandDeskError("Không có kết quả nào để lưu (tệp chưa có câu trả lời nào khớp với chủ sử dụng).",
                            "Nothing to store (the file has no answer matching a holder).")
    n = undo_needs_force(ctx, preview)
    if n and not force:
        raise LandDeskError(f"Lưu kết quả của tệp {preview.source} sẽ bỏ trạng thái “đã xác thực” của {n} chủ sử dụng. "
                            "Hãy kiểm tra lại tệp; nếu đúng, lưu với --force. Không có gì được thay đổi.",
                            f"Storing the results of {preview.source} would take {n} holder(s) out of “verified”. "
                            "Check the file; if it is right, store with --force. Nothing was changed.")
    summary = preview.summary()
    run_id = new_id()
    now = utcnow()
    results, updates, proposals = [], [], []
    for c in preview.items:
        o = c.outcome
        for pr in o.proposals:
            proposals.append({"id": new_id(), "run_id": run_id, "holder_id": c.holder.holder_id,
                              "dossier_id": c.holder.dossier_id, "field": pr.field, "old": pr.old, "new": pr.new,
                              "state": "open", "decided_by": "", "decided_at": None})
        results.append({
            "id": new_id(), "run_id": run_id, "holder_id": c.holder.holder_id, "dossier_id": c.holder.dossier_id,
            "status": o.status.value, "reason": o.reason, "fields": o.fields,
            "differences": store.dumps([dataclasses.asdict(d) for d in o.differences]),
            "record": store.dumps(_record_json(o.record) if o.differences else {}),
            "resolution": "", "resolved_by": "", "resolved_at": None,
        })
        if _changes(c):
            updates.append((c.holder.holder_id, o.status.value, o.reason, o.fields))
    store.add_run(ctx.session, {"id": run_id, "kind": preview.kind, "source": preview.source, "created_at": now,
                                "created_by": ctx.actor.username, "holders": len(results),
                                "summary": store.dumps(summary)}, results)
    store.add_proposals(ctx.session, proposals)
    store.set_statuses(ctx.session, updates, ctx.actor.username, now)
    counts = {k: summary[k] for k in ("holders", "verified", "incorrect", "needs_police", "changes", "undone",
                                      "proposals")}
    audit.append(ctx.session, user=ctx.actor.username, action="verify", entity="verification_run", entity_id=run_id,
                 changes=[{"field": k, "old": None, "new": v} for k, v in counts.items()], reason=preview.source)
    ctx.touch(Change.DOSSIERS, Change.VERIFICATION)
    run_checks(ctx, advance=True)  # a finished verification may complete dossiers
    return summary | {"run_id": run_id}


# --- Resolving differences ------------------------------------------------------------------

@dataclass(frozen=True)
class OpenResult:
    """One difference waiting for the officer's decision (the review list in the window)."""

    id: str
    holder_id: str
    dossier_id: str
    status: str
    reason: str
    fields: str
    differences: list[dict] = field(default_factory=list)
    dossier_num: int = 0


def open_results(ctx: UnitOfWork, *, limit: int | None = None) -> list[OpenResult]:
    require(ctx, "read")
    import json

    rows = store.latest_results(ctx.session, limit=limit)
    nums = store.dossier_nums(ctx.session, [r.dossier_id for r in rows])
    out = [OpenResult(r.id, r.holder_id, r.dossier_id, r.status, r.reason, r.fields, json.loads(r.differences),
                      nums.get(r.dossier_id, 0))
           for r in rows]
    out.sort(key=lambda r: (r.status, r.reason, r.dossier_num))
    return out


def _result_or_fail(ctx: UnitOfWork, result_id: str):
    r = store.result(ctx.session, result_id)
    if r is None:
        raise NotFound("Không tìm thấy kết quả xác minh.", "Verification result not found.")
    if r.resolution:
        raise LandDeskError("Kết quả xác minh này đã được xử lý.", "This verification result was already handled.")
    return r


def apply_correction(ctx: UnitOfWork, result_id: str, fields: Sequence[str] | None = None) -> None:
    """Copy the population data's values into the holder (all differing fields, or those named),
    save the dossier (audited old → new) and mark the holder verified."""
    require(ctx, "supervise")
    import json

    r = _result_or_fail(ctx, result_id)
    record = json.loads(r.record)
    if r.status != VerificationStatus.INCORRECT.value or not record:
        raise LandDeskError("Chỉ sửa được khi dữ liệu dân cư cho biết giá trị đúng.",
                            "A correction needs the population data's value.")
    chosen = [f for f in (fields or r.fields.split(",")) if f in record and f in r.fields.split(",")]
    if not chosen:
        raise LandDeskError("Không có trường nào để sửa.", "No field to correct.")
    d = dossier_service.get_dossier(ctx, r.dossier_id)
    holder = next((h for h in d.holders if h.id == r.holder_id), None)
    if holder is None:
        raise NotFound("Chủ sử dụng này không còn trong hồ sơ.", "The holder is no longer in the dossier.")
    for f in chosen:
        value = record[f]
        if f == "birth":
            value = PartialDate.from_iso(value)
        elif f == "gender":
            value = Gender(value) if value else None
        elif f == "name":
            value = upper_name(value)
        setattr(holder, f, value)
    remaining = [f for f in r.fields.split(",") if f and f not in chosen]
    if remaining:
        holder.verification_fields = ",".join(remaining)
    else:
        holder.verification = VerificationStatus.VERIFIED
        holder.verification_reason = matching.CORRECTED
        holder.verification_fields = ""
    label = matching.reason_label(r.reason, "vi")
    dossier_service.save_dossier(ctx, d, reason=f"Sửa theo dữ liệu dân cư: {label}", allow_errors=True)
    store.resolve(ctx.session, result_id, "applied", ctx.actor.username)
    ctx.touch(Change.VERIFICATION)


def apply_corrections(ctx: UnitOfWork, result_ids: Sequence[str], progress: Progress = no_progress,
                      cancel: CancelToken = NEVER_CANCEL) -> int:
    """apply_correction for each result (e.g. every accent-only difference at once); each dossier save
    is audited. Results already handled or without a population value are skipped. Returns how many."""
    require(ctx, "supervise")
    done = 0
    for i, rid in enumerate(result_ids):
        cancel.check()
        r = store.result(ctx.session, rid)
        if r is not None and not r.resolution and r.status == VerificationStatus.INCORRECT.value and r.record != "{}":
            apply_correction(ctx, rid)
            done += 1
        progress(i + 1, len(result_ids), "")
    return done


def keep_record(ctx: UnitOfWork, result_id: str, note: str = "") -> None:
    """The officer keeps the land record as it is (e.g. written so on the certificate)."""
    require(ctx, "supervise")
    r = _result_or_fail(ctx, result_id)
    store.resolve(ctx.session, result_id, "kept", ctx.actor.username)
    audit.append(ctx.session, user=ctx.actor.username, action="verify_keep", entity="holder", entity_id=r.holder_id,
                 changes=[{"field": "verification_result", "old": r.reason, "new": "kept"}], reason=note)
    ctx.touch(Change.VERIFICATION)


# --- Figures --------------------------------------------------------------------------------

def verification_figures(ctx: UnitOfWork) -> dict:
    """The campaign's headline figures: holders checked against the population data.

    The flat counts (holders, verified, ...) are per holder link — one row per certificate a person
    holds — as before; "links" and "persons" give both units (a citizen with two certificates is two
    links and one person), each split into household/individual holders and representatives of
    organisations and communities."""
    require(ctx, "read")
    counts = store.holder_counts(ctx.session)
    by_status: Counter = Counter()
    by_reason: dict[str, Counter] = {s.value: Counter() for s in STATUSES}
    for (status, reason), n in counts.items():
        by_status[status] += n
        if status in by_reason and reason:
            by_reason[status][reason] += n
    resolutions = store.resolution_counts(ctx.session)
    total = sum(by_status.values())
    units = store.link_and_person_counts(ctx.session)

    def block(unit: str, categories: tuple[str, ...]) -> dict:
        out = {k: sum(units.get((unit, c, k), 0) for c in categories)
               for k in ("verified", "incorrect", "needs_police", "pending")}
        return {"total": sum(out.values())} | out

    both = ("holders", "representatives")
    proposals = store.proposal_counts(ctx.session)
    return {
        "holders": total,
        "checked": total - by_status.get("pending", 0),
        "pending": by_status.get("pending", 0),
        "verified": by_status.get("verified", 0),
        "incorrect": by_status.get("incorrect", 0),
        "needs_police": by_status.get("needs_police", 0),
        "incorrect_by_reason": dict(sorted(by_reason["incorrect"].items())),
        "needs_police_by_reason": dict(sorted(by_reason["needs_police"].items())),
        "corrected": resolutions.get("applied", 0),
        "kept": resolutions.get("kept", 0),
        "runs": store.run_count(ctx.session),
        "links": block("links", both) | {c: block("links", (c,)) for c in both},
        "persons": block("persons", ("all",)) | {c: block("persons", (c,)) for c in both},
        "proposals": {k: proposals.get(k, 0) for k in ("open", "accepted", "rejected")},
    }
