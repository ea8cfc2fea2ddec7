"""Exchanging through a shared folder or a USB stick: each side writes its outgoing package into the
folder and takes every package there addressed to it (`station sync --dir`). A station and the primary
that run it in turn converge; what a side has taken is removed from the folder."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from landdesk.domain.errors import LandDeskError
from landdesk.domain.fileio import disk_full_guard
from landdesk.services.province.importer import group_files
from landdesk.services.stations import common, incoming, primary, station
from landdesk.storage.commune import stations as store

_STATION_FILE = re.compile(r"\d{2,5}-(MT\d{2,4})-(\d{6}-station-changes|hello)(\.vol\d{3}of\d{3})?\.ldpkg")
_ANSWER_FILE = re.compile(r"\d{2,5}-(MT\d{2,4})-\d{6}-station-answer(\.vol\d{3}of\d{3})?\.ldpkg")


@dataclass
class SyncResult:
    role: str
    sent: list[dict] = field(default_factory=list)
    taken: list[dict] = field(default_factory=list)
    refused: list[dict] = field(default_factory=list)  # [{"files", "error"}]

    def as_json(self) -> dict:
        return dict(self.__dict__)


def sync_dir(ws, folder: Path) -> SyncResult:
    folder = Path(folder)
    with disk_full_guard(folder):
        folder.mkdir(parents=True, exist_ok=True)
    r = ws.read(lambda ctx: common.role(ctx))
    if r[0] == "station":
        return _station_sync(ws, folder, r[2])
    if r[0] != "primary":
        raise LandDeskError("Máy này chưa đăng ký máy trạm nào và không phải máy trạm.",
                            "This desk has enrolled no workstation and is not one.")
    return _primary_sync(ws, folder)


def _station_sync(ws, folder: Path, code: str) -> SyncResult:
    out = SyncResult("station")
    mine = [p for p in sorted(folder.glob("*.ldpkg")) if (m := _ANSWER_FILE.fullmatch(p.name)) and m.group(1) == code]
    for group in group_files(mine):
        try:
            got = station.apply_answer(ws, group)
            out.taken.append({"files": [str(p) for p in group], **got.as_json()})
            for p in group:
                p.unlink(missing_ok=True)
        except LandDeskError as exc:
            out.refused.append({"files": [str(p) for p in group], "error": exc.message()})
    sent = station.send(ws, folder)
    out.sent.append(sent.as_json())
    _remove_confirmed(ws, folder)
    return out


def _remove_confirmed(ws, folder: Path) -> None:
    """This station's packages in the folder that the primary has merged are of no more use there."""
    def names(ctx):
        row = station.primary_row(ctx)
        return [n for p in store.packages(ctx.session, row.id, "out") if p.confirmed
                for n in _file_names(p.files)]

    for name in ws.read(names):
        (folder / name).unlink(missing_ok=True)


def _file_names(files_json: str) -> list[str]:
    from landdesk.services.packages.outbox import volumes_of

    return [f["name"] for f in volumes_of(files_json)]


def _primary_sync(ws, folder: Path) -> SyncResult:
    out = SyncResult("primary")
    theirs = [p for p in sorted(folder.glob("*.ldpkg")) if _STATION_FILE.fullmatch(p.name)]
    for group in group_files(theirs):
        try:
            got = primary.import_files(ws, group)
            out.taken.append({"files": [str(p) for p in group], **got.as_json()})
            for p in group:
                p.unlink(missing_ok=True)
        except LandDeskError as exc:
            out.refused.append({"files": [str(p) for p in group], "error": exc.message()})
    for sid, code in ws.read(lambda ctx: [(r.id, r.code) for r in store.stations(ctx.session)
                                           if r.status == "active"]):
        paths = primary.answer(ws, sid, folder)
        if paths:
            out.sent.append({"station": code, "paths": [str(p) for p in paths]})
            for old in folder.glob(f"*-{code}-*-station-answer*.ldpkg"):  # an older answer: this one covers it
                if old not in paths:
                    old.unlink(missing_ok=True)
    return out


def peek_kind(path: Path) -> str:
    return (incoming.peek([path]) or {}).get("kind", "")
