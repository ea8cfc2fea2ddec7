"""Data-quality checks over the whole commune: the per-dossier rules plus workspace-wide rules.

Workspace-wide rules (duplicates across dossiers, the cleaning rules, scan quality) register
themselves in WORKSPACE_CHECKS: fn(ctx) -> list[Finding]; the modules in CHECK_PROVIDERS are imported
before a run so their rules are always present.

Every save stores the dossier's error and warning counts from the same rules, so a normal run
re-validates only dossiers that had problems (seconds at 100k). `full=True` re-validates every
dossier — after an upgrade that changed the rules — and refreshes the stored counts.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from landdesk.domain import i18n, rules
from landdesk.domain.codes import Severity, WorkflowStatus
from landdesk.domain.progress import NEVER_CANCEL, CancelToken, Progress, no_progress
from landdesk.services.users import require
from landdesk.services.workflow import advance_workflow
from landdesk.storage.commune import browse
from landdesk.storage.commune import dossiers as store
from landdesk.storage.commune.browse import Filters
from landdesk.storage.uow import UnitOfWork

BATCH = 500


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    dossier_id: str
    dossier_num: int
    message_vi: str
    message_en: str
    path: str = ""

    def message(self, lang: str) -> str:
        return i18n.pick(self.message_vi, self.message_en, lang)

    def as_json(self, lang: str) -> dict:
        return {"rule": self.rule, "severity": self.severity.value, "dossier_id": self.dossier_id,
                "dossier_num": self.dossier_num, "message": self.message(lang), "path": self.path}


WORKSPACE_CHECKS: list[Callable[[UnitOfWork], list[Finding]]] = []
CHECK_PROVIDERS = ("landdesk.services.cleaning", "landdesk.services.scans")


def _load_providers() -> None:
    for name in CHECK_PROVIDERS:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise


def dossier_findings(ctx: UnitOfWork, progress: Progress = no_progress,
                     cancel: CancelToken = NEVER_CANCEL, *, full: bool = False) -> list[Finding]:
    ids = browse.ids(ctx.session, Filters(problems=None if full else True))
    out: list[Finding] = []
    for start in range(0, len(ids), BATCH):
        cancel.check()
        chunk = ids[start:start + BATCH]
        stored = browse.problem_counts(ctx.session, chunk) if not ctx.readonly else {}
        for d in store.load_dossiers(ctx.session, chunk):
            problems = rules.validate_dossier(d)
            for p in problems:
                out.append(Finding(p.rule, p.severity, d.id, d.num, p.message_vi, p.message_en, p.path))
            errors = sum(1 for p in problems if p.severity == Severity.ERROR)
            counts = (errors, len(problems) - errors)
            if not ctx.readonly and stored.get(d.id) != counts:  # a write run keeps the stored counts true
                store.set_problem_counts(ctx.session, d.id, *counts)
        progress(min(start + BATCH, len(ids)), len(ids), "")
    return out


@dataclass(frozen=True)
class CheckRun:
    """A check run: every problem, and the stage moves it made ({'entered→checked': 12})."""

    findings: list[Finding]
    moves: dict[str, int]


def run_checks(ctx: UnitOfWork, progress: Progress = no_progress,
               cancel: CancelToken = NEVER_CANCEL, *, full: bool = False, advance: bool = False) -> list[Finding]:
    """All problems. Inside ws.transact, `full` stores refreshed counts and `advance` moves dossiers
    between the checked/verified stages by the result (services.workflow)."""
    return _run(ctx, progress, cancel, full, advance).findings


def check_workspace(ctx: UnitOfWork, progress: Progress = no_progress, cancel: CancelToken = NEVER_CANCEL,
                    *, full: bool = False) -> CheckRun:
    """What `landdesk check` and the window's check run do (inside ws.transact): every problem, and
    clean dossiers moved to 'checked' (or back, or on to 'verified') for users who may edit."""
    return _run(ctx, progress, cancel, full, True)


def moves_text(moves: dict[str, int], lang: str = "vi") -> str:
    """'12 Đã nhập → Đã kiểm tra, 3 Đã kiểm tra → Đã xác thực' (the statuses in the user's language)."""
    parts = []
    for key, n in moves.items():
        old, new = key.split("→")
        parts.append(f"{n} {WorkflowStatus(old).label(lang)} → {WorkflowStatus(new).label(lang)}")
    return ", ".join(parts)


def _run(ctx: UnitOfWork, progress: Progress, cancel: CancelToken, full: bool, advance: bool) -> CheckRun:
    require(ctx, "read")
    _load_providers()
    findings = dossier_findings(ctx, progress, cancel, full=full)
    spanning: list[Finding] = []
    for check in WORKSPACE_CHECKS:
        cancel.check()
        spanning += check(ctx)
    if not ctx.readonly:  # kept per dossier: the records list and the status bar count them too
        from landdesk.services.findings import store_check_findings

        store_check_findings(ctx, spanning)
    findings += spanning
    moves = advance_workflow(ctx, {f.dossier_id for f in findings if f.severity == Severity.ERROR}) if advance else {}
    order = {Severity.ERROR: 0, Severity.WARNING: 1}
    findings.sort(key=lambda f: (order[f.severity], f.dossier_num, f.rule))
    return CheckRun(findings, moves)
