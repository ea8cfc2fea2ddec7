"""The backups in a folder, read without restoring them: what each holds (for the window's restore
preview) and pruning the automatic ones to the last N.

A backup's manifest is plain JSON (no personal data: counts, commune code, dates); its MAC is checked
only with the backup key, at restore. The preview therefore says what a backup *claims* to hold; the
restore verifies it before anything is replaced.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from landdesk.domain import reference
from landdesk.domain.errors import LandDeskError
from landdesk.services.backup_format import MANIFEST, PREFIX
from landdesk.services.restore import read_manifest


@dataclass(frozen=True)
class BackupSummary:
    folder: Path
    created_at: str  # ISO, with the offset it was made at
    workspace_id: str
    commune_code: str
    commune_name: str
    province_name: str
    app_version: str
    made_by: str
    trigger: str  # "manual" or "auto"
    encrypted: bool
    dossiers: int
    holders: int
    users: int
    scans: int  # scan files
    counts: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        out = dict(self.__dict__)
        out["folder"] = str(self.folder)
        return out


def _int(value) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def describe_backup(source: Path) -> BackupSummary:
    """What the backup at `source` (its folder or its manifest.json) holds; a clear LandDeskError for
    a folder that is no complete LandDesk backup (or one made by a newer LandDesk)."""
    m = read_manifest(Path(source))
    d = m.data
    counts = d.get("counts") if isinstance(d.get("counts"), dict) else {}
    code = str(d.get("commune_code") or "")
    unit = reference.commune(code) if code else None
    return BackupSummary(
        folder=m.folder, created_at=str(d.get("created_at") or ""), workspace_id=str(d.get("workspace_id") or ""),
        commune_code=code, commune_name=unit.name if unit else "", province_name=unit.province_name if unit else "",
        app_version=str(d.get("app_version") or ""), made_by=str(d.get("made_by") or ""),
        trigger="auto" if d.get("trigger") == "auto" else "manual", encrypted=m.encrypted,
        dossiers=_int(counts.get("dossiers")), holders=_int(counts.get("holders")), users=_int(counts.get("users")),
        scans=len(d.get("media", [])), counts={k: _int(v) for k, v in counts.items() if isinstance(k, str)})


def list_backups(folder: Path) -> list[BackupSummary]:
    """The complete backups in `folder` (or `folder` itself when it is one), newest first. Unfinished
    (.partial) and damaged ones are left out; a folder that cannot be read is one clear error."""
    folder = Path(folder)
    if (folder / MANIFEST).is_file():
        return [describe_backup(folder)]
    try:
        candidates = [p for p in folder.iterdir() if p.is_dir() and p.name.startswith(PREFIX)]
    except OSError as exc:
        raise LandDeskError(f"Không đọc được thư mục {folder}.", f"Cannot read the folder {folder}.") from exc
    out = []
    for p in candidates:
        try:
            out.append(describe_backup(p))
        except LandDeskError:
            continue  # half-written or damaged: not offered
    out.sort(key=lambda b: (b.created_at, b.folder.name), reverse=True)
    return out


def prune_backups(folder: Path, workspace_id: str, keep: int) -> list[Path]:
    """Remove this workspace's automatic backups in `folder` beyond the newest `keep`; manual backups and
    other workspaces' backups are never touched. Scans sealed in the shared media folder stay (other
    backups refer to them). Returns the folders removed."""
    if keep < 1 or not workspace_id:
        return []
    auto = [b for b in list_backups(folder) if b.trigger == "auto" and b.workspace_id == workspace_id
            and b.folder.parent == Path(folder)]
    removed = []
    for old in auto[keep:]:
        shutil.rmtree(old.folder, ignore_errors=True)  # a file another program holds: tried again next time
        if not old.folder.exists():
            removed.append(old.folder)
    return removed
