"""Writing a station package (either direction, or an enrolment file) with the commune export's
guarantees: built inside one read snapshot into uniquely named `.part` files, recorded in one short
write transaction (with the sender's new state), and only then renamed into place. A kill before the
record leaves `.part` files the next exchange removes; a kill after it leaves a recorded package that was
never delivered — harmless, since every package carries everything since the other side's last
confirmation and the next one covers it."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from landdesk.domain import filelock
from landdesk.domain import package_format as pf
from landdesk.domain.progress import NEVER_CANCEL, CancelToken
from landdesk.services.packages import outbox as commune_outbox
from landdesk.services.packages.volumes import VolumeWriter
from landdesk.services.stations import records
from landdesk.services.stations.common import Records, scan_file
from landdesk.storage.commune import stations as store
from landdesk.storage.commune import sync as sync_store
from landdesk.storage.uow import UnitOfWork


def outbox_dir(root: Path) -> Path:
    return Path(root) / "stations" / "outbox"


def exchange_lock(root: Path):
    """One station exchange (export, import, answer) at a time per workspace, across processes."""
    folder = Path(root) / "stations"
    folder.mkdir(parents=True, exist_ok=True)
    return filelock.exclusive(folder / ".exchange.lock", "Việc đồng bộ máy trạm của không gian làm việc này",
                              "A workstation exchange of this workspace")


def clean_parts(root: Path) -> None:
    """Temporary files of exchanges a kill interrupted (call under the exchange lock)."""
    for stale in outbox_dir(root).glob(".*.part"):
        stale.unlink(missing_ok=True)
    for stale in (Path(root) / "stations" / "staging").glob("*.part"):  # scans a killed import was staging
        stale.unlink(missing_ok=True)


@dataclass
class Content:
    """What one package carries (ids and ranges; the builder reads the rows in its snapshot)."""

    dossier_ids: list[str] = field(default_factory=list)
    with_base: bool = False
    tombstones: tuple[int, int] | None = None  # change range
    audit: tuple[int, int] = (0, 0)  # audit seq range (after, upto]
    audit_skip_suffix: str = ""  # entries the receiver wrote itself ("@MT02") are not sent back
    audit_only_suffix: str = ""  # a station sends only the entries written on it ("@MT02")
    known_scans: str = ""  # station id whose known scans are not sent
    extra: dict[str, list[dict]] = field(default_factory=dict)  # province / users / station records


@dataclass
class Built:
    writer: VolumeWriter
    header: dict
    scans: list[str]
    counts: dict


def build(ctx: UnitOfWork, out_dir: Path, stem: str, header: dict, content: Content, sign: Callable[[bytes], bytes],
          *, data_key: bytes | None, max_bytes: int | None = None, cancel: CancelToken = NEVER_CANCEL) -> Built:
    s = ctx.session
    writer = VolumeWriter(out_dir, stem, max_bytes=max_bytes, data_key=data_key)
    try:
        dossiers = Records(writer, "dossiers")
        scans: dict[str, str] = {}
        for rec in records.dossier_records(ctx, content.dossier_ids, with_base=content.with_base):
            cancel.check()
            dossiers.add(rec)
            for p in rec["pages"]:
                scans.setdefault(p["sha256"], p["ext"])
        dossiers.flush()
        tombs = Records(writer, "tombstones")
        if content.tombstones is not None:
            for t in records.tombstone_records(ctx, *content.tombstones, with_base=content.with_base):
                tombs.add(t)
        tombs.flush()
        audit = Records(writer, "audit")
        after, upto = content.audit
        for batch in sync_store.audit_batches(s, after, upto):
            cancel.check()
            for a in batch:
                user = a["record"]["user"]
                if content.audit_skip_suffix and user.endswith(content.audit_skip_suffix):
                    continue
                if content.audit_only_suffix and not user.endswith(content.audit_only_suffix):
                    continue
                audit.add(a)
        audit.flush()
        for kind, rows in content.extra.items():
            out = Records(writer, kind)
            for r in rows:
                out.add(r)
            out.flush()
        if content.known_scans and scans:
            for sha in store.known_scans(s, content.known_scans, list(scans)):
                scans.pop(sha, None)
        for sha, ext in scans.items():
            cancel.check()
            writer.add_file(f"scans/{sha}.{ext}", scan_file(ctx.media_dir, sha, ext), expect_sha256=sha)
        counts = {"dossiers": dossiers.count, "tombstones": tombs.count, "audit": audit.count, "scans": len(scans)}
        header = {**header, "counts": counts, "contents_digest": pf.contents_digest(writer.all_entries())}
        writer.finish(header, sign)
        return Built(writer, header, list(scans), counts)
    except BaseException:
        writer.abort()
        raise


def publish(ws, built: Built, station_id: str, direction_kind: str, on_commit: Callable[[UnitOfWork], None]) -> list[Path]:
    """Record the package (and the sender's new state) in one transaction, then give it its final name."""
    h = built.header
    files = commune_outbox.describe(built.writer)

    def commit(ctx: UnitOfWork) -> None:
        store.record_package(
            ctx.session, scan_shas=built.scans, id=h["package_id"], station_id=station_id, direction="out",
            kind=direction_kind, seq=h["seq"], header_hash=pf.header_hash(h), prev_hash=h["prev_hash"],
            change_from=h["change_range"][0], change_to=h["change_range"][1], audit_to=h["audit"]["to_seq"],
            dossiers=built.counts["dossiers"], scans=built.counts["scans"], files=json.dumps(files))
        on_commit(ctx)
        ctx.touch("stations")

    try:
        ws.transact(commit)
    except BaseException:
        built.writer.abort()
        raise
    return built.writer.publish()
