"""`province check [--clean]`: the province store and its media agree, and the database is sound.

An import puts its new scans into the media store just before its commit and removes them if the
commit does not happen; a kill in that moment leaves files no row names (orphans), which the next
opening of the desk removes (scan_files.recover). Orphans of older versions remain possible. They are
harmless (content-addressed: a later import of the same scan reuses them) but take space, and
`--clean` removes them, with leftover temporary files, while holding the import lock (so no import
is between its scans and its commit). A row whose file is missing is reported: the scan must be sent
again by its commune (a full package).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from landdesk.services.province import scan_files
from landdesk.services.province.scan_files import import_lock
from landdesk.services.users import require
from landdesk.storage import audit
from landdesk.storage.province import receipts as receipt_store
from landdesk.storage.province import schema as prov_schema

_NAME = re.compile(r"([0-9a-f]{64})\.([a-z0-9]{1,5})")


@dataclass
class StoreCheck:
    scans: int = 0
    orphans: list[str] = field(default_factory=list)  # media files no row names (relative paths)
    temporary: list[str] = field(default_factory=list)  # leftovers of an interrupted write
    missing: list[str] = field(default_factory=list)  # sha256 of rows without their file
    wrong_size: list[str] = field(default_factory=list)
    database: str = "ok"
    removed: int = 0

    @property
    def ok(self) -> bool:
        return not (self.orphans or self.temporary or self.missing or self.wrong_size) and self.database == "ok"

    def as_json(self) -> dict:
        return {**self.__dict__, "ok": self.ok}


def check_store(desk, *, clean: bool = False) -> StoreCheck:
    """Check (anyone who may read); clean (an operator or the administrator: it is audited)."""
    desk.read(lambda ctx: require(ctx, "operate" if clean else "read"))
    with import_lock(desk):
        if clean:  # a killed import's journal first: its scans without a row, its staged parts
            scan_files.recover_locked(desk, desk.root / "receipts")
        return _check(desk, clean)


def _check(desk, clean: bool) -> StoreCheck:
    media = Path(desk.media_dir)
    rows = desk.read(lambda ctx: receipt_store.scan_index(ctx.session))
    out = StoreCheck(scans=len(rows), database=desk.read(lambda ctx: prov_schema.integrity(ctx.session)))
    seen: set[str] = set()
    files = sorted(p for p in media.rglob("*") if p.is_file()) if media.is_dir() else []
    for path in files:
        rel = path.relative_to(media).as_posix()
        m = _NAME.fullmatch(path.name)
        if m is None or rel.startswith(".tmp/"):  # .tmp: a killed import's journal and staged parts
            (out.temporary if path.name.endswith((".part", ".journal")) else out.orphans).append(rel)
            continue
        sha, ext = m.groups()
        row = rows.get(sha)
        if row is None or row[0] != ext or rel != f"{sha[:2]}/{sha[2:4]}/{path.name}":
            out.orphans.append(rel)
            continue
        seen.add(sha)
        if row[1] and path.stat().st_size != row[1]:
            out.wrong_size.append(sha)
    out.missing = sorted(set(rows) - seen)
    if clean and (out.orphans or out.temporary):
        for rel in out.orphans + out.temporary:
            (media / rel).unlink(missing_ok=True)
            out.removed += 1
        out.orphans, out.temporary = [], []
        desk.transact(lambda ctx: audit.append(
            ctx.session, user=ctx.actor.username, action="clean", entity="media",
            changes=[{"field": "files removed", "old": None, "new": out.removed}]))
    return out
