"""Data-quality checks over the whole commune: the per-dossier rules plus workspace-wide rules.

Workspace-wide rules (duplicates across dossiers, and the cleaning rules) register themselves in
WORKSPACE_CHECKS: fn(ctx) -> list[Finding].
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from landdesk.domain import rules
from landdesk.domain.codes import Severity
from landdesk.domain.progress import NEVER_CANCEL, CancelToken, Progress, no_progress
from landdesk.services.users import require
from landdesk.storage import browse
from landdesk.storage import dossiers as store
from landdesk.storage.browse import Filters
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
        return self.message_vi if lang == "vi" else self.message_en

    def as_json(self, lang: str) -> dict:
        return {"rule": self.rule, "severity": self.severity.value, "dossier_id": self.dossier_id,
                "dossier_num": self.dossier_num, "message": self.message(lang), "path": self.path}


WORKSPACE_CHECKS: list[Callable[[UnitOfWork], list[Finding]]] = []


def dossier_findings(ctx: UnitOfWork, progress: Progress = no_progress,
                     cancel: CancelToken = NEVER_CANCEL) -> list[Finding]:
    ids = browse.ids(ctx.session, Filters())
    out: list[Finding] = []
    for start in range(0, len(ids), BATCH):
        cancel.check()
        for d in store.load_dossiers(ctx.session, ids[start:start + BATCH]):
            for p in rules.validate_dossier(d):
                out.append(Finding(p.rule, p.severity, d.id, d.num, p.message_vi, p.message_en, p.path))
        progress(min(start + BATCH, len(ids)), len(ids), "")
    return out


def run_checks(ctx: UnitOfWork, progress: Progress = no_progress,
               cancel: CancelToken = NEVER_CANCEL) -> list[Finding]:
    require(ctx, "read")
    findings = dossier_findings(ctx, progress, cancel)
    for check in WORKSPACE_CHECKS:
        cancel.check()
        findings += check(ctx)
    order = {Severity.ERROR: 0, Severity.WARNING: 1}
    findings.sort(key=lambda f: (order[f.severity], f.dossier_num, f.rule))
    return findings
