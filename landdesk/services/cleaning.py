"""Cleaning the commune's data: workspace-wide rules beyond single-field validity, and the
campaign's parcel groups (Nhóm 1 usable as is / Nhóm 2 needs correction, completion or owner
verification / Nhóm 3 must be rebuilt) with the "cleaned" figure.

The cross-dossier rules run as SQL aggregates (storage.cleaning_queries) and register themselves in
services.checks.WORKSPACE_CHECKS, so `landdesk check` and the review queue show them beside the
per-dossier rules (which already cover land-use areas that do not add up, legacy land-use codes with
their current equivalent, and missing required fields).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from landdesk.domain import i18n
from landdesk.domain.changes import Change
from landdesk.domain.codes import Severity
from landdesk.domain.progress import NEVER_CANCEL, CancelToken, Progress, no_progress
from landdesk.services import checks
from landdesk.services.checks import Finding
from landdesk.services.users import require
from landdesk.storage.commune import cleaning_queries as q
from landdesk.storage.commune.verification import bump_dossiers
from landdesk.storage.uow import UnitOfWork

ID_NAMES = "clean.id_names"
PERSON_IDS = "clean.person_ids"
SERIAL_DUPLICATE = "clean.serial_duplicate"
PARCEL_DUPLICATE = "clean.parcel_duplicate"

RULE_LABELS: dict[str, tuple[str, str]] = {
    ID_NAMES: ("Một số định danh, nhiều họ tên", "The same ID with different names"),
    PERSON_IDS: ("Cùng họ tên và ngày sinh, khác số định danh", "Same name and birth date, different IDs"),
    SERIAL_DUPLICATE: ("Số phát hành GCN trùng", "The same certificate serial twice"),
    PARCEL_DUPLICATE: ("Số tờ, số thửa trùng trong một bản đồ", "The same sheet and parcel twice in one map series"),
    # per-dossier rules whose message is a template: the group needs a name without the values
    "date.invalid": ("Ngày không hợp lệ", "Invalid date"),
    "date.future": ("Ngày sau ngày hôm nay", "Date in the future"),
    "area.invalid": ("Diện tích không hợp lệ", "Invalid area"),
    "area.sum_mismatch": ("Tổng diện tích các loại đất khác diện tích thửa",
                          "Land-use areas do not add up to the parcel area"),
    "landuse.unknown": ("Mã loại đất không có trong danh mục", "Land-use code not in the list"),
    "landuse.legacy": ("Mã loại đất cũ (có mã hiện hành)", "Legacy land-use code (a current code exists)"),
}

GROUP_LABELS = {1: ("Nhóm 1: sử dụng được ngay", "Group 1: usable as is"),
                2: ("Nhóm 2: cần chỉnh lý, bổ sung, xác thực", "Group 2: needs correction, completion, verification"),
                3: ("Nhóm 3: phải xây dựng lại", "Group 3: must be rebuilt")}


def _nums(nums) -> str:
    shown = sorted(set(nums))
    more = len(shown) - 10
    return ", ".join(str(n) for n in shown[:10]) + (f" (+{more})" if more > 0 else "")


def _group_findings(rows, key, did, num, rule: str, severity: Severity, vi: str, en: str, path: str,
                    distinct=None) -> list[Finding]:
    """One finding per dossier in each group of rows sharing `key`, naming the other dossiers."""
    groups: dict = defaultdict(list)
    for r in rows:
        groups[key(r)].append(r)
    out = []
    for members in groups.values():
        if distinct is not None and len({distinct(r) for r in members}) < 2:
            continue
        for r in members:
            others = _nums(num(o) for o in members if o is not r)
            out.append(Finding(rule, severity, did(r), num(r), vi.format(nums=others), en.format(nums=others), path))
    return out


def check_same_id_names(ctx: UnitOfWork) -> list[Finding]:
    return _group_findings(
        q.same_id_different_names(ctx.session), key=lambda r: r.cccd, did=lambda r: r.dossier_id,
        num=lambda r: r.num, distinct=lambda r: r.name, rule=ID_NAMES, severity=Severity.ERROR,
        vi="Số định danh của chủ sử dụng cũng được ghi cho người có họ tên khác ở hồ sơ số {nums}.",
        en="The holder's ID number is also recorded for a person with another name in dossier(s) {nums}.",
        path="holders")


def check_same_person_ids(ctx: UnitOfWork) -> list[Finding]:
    return _group_findings(
        q.same_person_different_ids(ctx.session), key=lambda r: (r.name_fold, r.birth), did=lambda r: r.dossier_id,
        num=lambda r: r.num, distinct=lambda r: r.cccd, rule=PERSON_IDS, severity=Severity.WARNING,
        vi="Cùng họ tên và ngày sinh nhưng khác số định danh với chủ sử dụng ở hồ sơ số {nums}: cùng một người?",
        en="Same name and birth date but a different ID from the holder in dossier(s) {nums}: the same person?",
        path="holders")


def check_duplicate_serials(ctx: UnitOfWork) -> list[Finding]:
    return _group_findings(
        q.duplicate_serials(ctx.session), key=lambda r: r.serial_norm, did=lambda r: r.id, num=lambda r: r.num,
        rule=SERIAL_DUPLICATE, severity=Severity.ERROR,
        vi="Số phát hành GCN trùng với hồ sơ số {nums}.", en="The certificate serial is also in dossier(s) {nums}.",
        path="serial")


def check_duplicate_parcels(ctx: UnitOfWork) -> list[Finding]:
    return _group_findings(
        q.duplicate_parcels(ctx.session), key=lambda r: (r.series, r.sheet, r.parcel), did=lambda r: r.did,
        num=lambda r: r.num, rule=PARCEL_DUPLICATE, severity=Severity.WARNING,
        vi="Số tờ bản đồ và số thửa trùng với thửa ở hồ sơ số {nums} (cùng bản đồ).",
        en="The map sheet and parcel number are also used in dossier(s) {nums} (same map series).",
        path="parcels")


CLEANING_CHECKS = (check_same_id_names, check_same_person_ids, check_duplicate_serials, check_duplicate_parcels)
for _check in CLEANING_CHECKS:
    if _check not in checks.WORKSPACE_CHECKS:
        checks.WORKSPACE_CHECKS.append(_check)


def cleaning_findings(ctx: UnitOfWork) -> list[Finding]:
    """The cross-dossier rules only (seconds at 100k dossiers)."""
    require(ctx, "read")
    out: list[Finding] = []
    for check in CLEANING_CHECKS:
        out += check(ctx)
    return out


# --- Parcel groups --------------------------------------------------------------------------

@dataclass(frozen=True)
class GroupResult:
    groups: dict[str, int]  # parcel id → group
    changed: list[tuple[str, int]]  # (parcel id, new group) that differ from the stored value
    dossiers_changed: list[str]

    def figures(self) -> dict:
        c = Counter(self.groups.values())
        return {"parcels": len(self.groups), "group_1": c.get(1, 0), "group_2": c.get(2, 0), "group_3": c.get(3, 0),
                "cleaned": c.get(1, 0)}


def compute_groups(ctx: UnitOfWork, progress: Progress = no_progress,
                   cancel: CancelToken = NEVER_CANCEL) -> GroupResult:
    """Each parcel's group from the stored rule counts, the cross-dossier rules and the holders'
    verification:
    - Nhóm 3 when what locates the parcel is missing or contested: no sheet/parcel number, no area,
      no land use, or its sheet + parcel number is used again in the same map series;
    - Nhóm 2 when its dossier has any problem (rules or cross-dossier) or a holder not yet verified
      against the population data;
    - Nhóm 1 otherwise: usable as is, i.e. cleaned.
    """
    require(ctx, "read")
    progress(0, 3, "")
    duplicate_parcels = {r.pid for r in q.duplicate_parcels(ctx.session)}
    cancel.check()
    flagged = {f.dossier_id for f in cleaning_findings(ctx) if f.rule != PARCEL_DUPLICATE}
    unverified = q.dossiers_with_unverified_holders(ctx.session)
    progress(1, 3, "")
    cancel.check()
    groups: dict[str, int] = {}
    changed: list[tuple[str, int]] = []
    dossiers: set[str] = set()
    for pid, did, has_numbers, has_area, uses, errors, warnings, stored in q.parcel_facts(ctx.session):
        if not has_numbers or not has_area or not uses or pid in duplicate_parcels:
            g = 3
        elif errors or warnings or did in flagged or did in unverified:
            g = 2
        else:
            g = 1
        groups[pid] = g
        if stored != g:
            changed.append((pid, g))
            dossiers.add(did)
    progress(2, 3, "")
    return GroupResult(groups, changed, sorted(dossiers))


def refresh_groups(ctx: UnitOfWork, progress: Progress = no_progress, cancel: CancelToken = NEVER_CANCEL) -> dict:
    """Store the computed groups (parcels.group); the dossiers whose parcels changed group get a
    new change number so the province receives them. Returns the figures."""
    require(ctx, "edit")
    result = compute_groups(ctx, progress, cancel)
    q.set_groups(ctx.session, result.changed)
    bump_dossiers(ctx.session, result.dossiers_changed, ctx.actor.username)
    if result.changed:
        from landdesk.storage import audit

        audit.append(ctx.session, user=ctx.actor.username, action="clean_groups", entity="parcels",
                     changes=[{"field": "parcels_changed", "old": None, "new": len(result.changed)}])
        ctx.touch(Change.DOSSIERS)
    progress(3, 3, "")
    return result.figures() | {"changed": len(result.changed)}


def cleaning_figures(ctx: UnitOfWork) -> dict:
    """For reports: parcels by group and cleaned (computed now), and cross-dossier problems by rule."""
    require(ctx, "read")
    figures = compute_groups(ctx).figures()
    figures["problems_by_rule"] = dict(Counter(f.rule for f in cleaning_findings(ctx)))
    return figures


# --- The review queue -----------------------------------------------------------------------

@dataclass(frozen=True)
class RuleGroup:
    rule: str
    severity: Severity
    findings: list[Finding]

    def label(self, lang: str = "vi") -> str:
        vi, en = RULE_LABELS.get(self.rule, (self.rule, self.rule))
        return i18n.pick(vi, en, lang)


def review_queue(ctx: UnitOfWork, progress: Progress = no_progress,
                 cancel: CancelToken = NEVER_CANCEL, *, full: bool = False) -> list[RuleGroup]:
    """Every problem in the commune (per-dossier rules + cross-dossier rules), grouped by rule:
    errors first, then the biggest groups.

    As `landdesk check`: by default only dossiers with stored problem counts are validated again
    (seconds at 100k dossiers); `full` validates every dossier (after the rules changed)."""
    return group_findings(checks.run_checks(ctx, progress, cancel, full=full))


def group_findings(findings: list[Finding]) -> list[RuleGroup]:
    """Findings grouped by rule: errors first, then the biggest groups."""
    by_rule: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        by_rule[f.rule].append(f)
    for fs in by_rule.values():
        fs.sort(key=lambda f: (f.dossier_num, f.path))
    groups = [RuleGroup(rule, fs[0].severity, fs) for rule, fs in by_rule.items()]
    groups.sort(key=lambda g: (g.severity != Severity.ERROR, -len(g.findings), g.rule))
    return groups


def rule_label(rule: str, lang: str = "vi") -> str:
    """A short name for a rule id: the cleaning rules' own, else the rule's message template."""
    if rule in RULE_LABELS:
        return i18n.pick(*RULE_LABELS[rule], lang)
    from landdesk.domain import rules

    r = rules.RULES.get(rule)
    if r is None:
        return rule
    text = (i18n.pick(r.vi, r.en, lang)).split(":")[0]
    # a template's placeholders never reach a title: cut the text before the first one
    return text.split("{")[0].strip(" .(;,") or rule
