"""The primary desk's side of an exchange: import a station's package (verify first, all or nothing,
idempotent, replay-safe, bounded memory) merging it field by field, and answer with everything that
station does not hold yet."""

from __future__ import annotations

import hmac
import json
from dataclasses import dataclass, field
from pathlib import Path

from landdesk.domain import package_format as pf
from landdesk.domain import replica
from landdesk.domain.errors import LandDeskError
from landdesk.domain.ids import new_id
from landdesk.domain.package_format import PackageError
from landdesk.services.findings import refresh_all_duplicates
from landdesk.services.packages import crypto, keys
from landdesk.services.packages.verify import verify_package
from landdesk.services.stations import common, incoming, records
from landdesk.services.stations.outgoing import (
    Content,
    build,
    clean_parts,
    exchange_lock,
    outbox_dir,
    publish,
)
from landdesk.storage import settings as settings_store
from landdesk.storage.base import utcnow
from landdesk.storage.commune import dossiers as dossier_store
from landdesk.storage.commune import station_replica as rstore
from landdesk.storage.commune import stations as store
from landdesk.storage.commune import sync as sync_store
from landdesk.storage.uow import UnitOfWork

BATCH = 500


@dataclass
class Imported:
    station: str  # code
    kind: str
    seq: int
    status: str  # imported / superseded / replayed / hello
    counts: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        return dict(self.__dict__)


def _refused(vi: str, en: str) -> PackageError:
    return PackageError(vi + " Không nhập gì.", en + " Nothing was imported.")


def trust_station(ws):
    """The roster check every station package passes before anything in it is read."""

    def trust(header: dict) -> None:
        if header.get("kind") not in ("station-changes", "station-hello"):
            raise _refused("Tệp này không phải là gói của máy trạm gửi máy chính.",
                           "This file is not a workstation's package for the primary desk.")
        row, commune = ws.read(lambda ctx: (store.station(ctx.session, header.get("station_id", "")),
                                            settings_store.get(ctx.session, "commune_code")))
        if header.get("commune_code") != commune:
            raise _refused(f"Gói của máy trạm xã {header.get('commune_code')}, không phải xã {commune}.",
                           f"The package is from a workstation of commune {header.get('commune_code')}, not {commune}.")
        if row is None or row.code == common.PRIMARY_CODE:
            raise _refused("Gói từ một máy trạm không có trong danh sách của máy chính này.",
                           "The package is from a workstation this primary desk never enrolled.")
        if row.status == "revoked":
            raise _refused(f"Máy trạm {common.station_label(row)} đã bị thu hồi.",
                           f"Workstation {common.station_label(row)} was revoked.")
        if row.signing_key and row.signing_key != header.get("sender_public_key"):
            raise _refused(f"Gói không được ký bằng khóa đã ghim của máy trạm {row.code}.",
                           f"The package is not signed with the pinned key of workstation {row.code}.")
        if not row.signing_key:
            state = header.get("station") or {}
            want = common.proof(row.secret, header.get("sender_public_key", ""), state.get("encryption_key", ""))
            if not hmac.compare_digest(want, str(state.get("proof", ""))):
                raise _refused(f"Gói đầu tiên của máy trạm {row.code} không mở từ tệp đăng ký của nó.",
                               f"The first package of workstation {row.code} does not come from its enrolment file.")

    return trust


def import_files(ws, files: list[Path]) -> Imported:
    """Import one station package (or hello) into this primary desk."""
    with exchange_lock(ws.root):
        clean_parts(ws.root)
        return _import(ws, files)


def _import(ws, files: list[Path]) -> Imported:
    loose = incoming.peek(files) or {}
    if loose.get("package_id"):
        known = ws.read(lambda ctx: store.package(ctx.session, loose["package_id"]))
        if known is not None and known.header_hash == pf.header_hash(loose) and known.direction == "in":
            return Imported(loose.get("station_code", ""), loose.get("kind", ""), loose.get("seq", 0), "replayed")
    key = common.exchange_key(Path(ws.root) / "keys")
    pkg = verify_package(files, trust=trust_station(ws), decrypt_key=key)
    h = pkg.header
    stage = incoming.ScanStage(Path(ws.root) / "media", pkg)

    def apply(ctx: UnitOfWork) -> Imported:
        row = store.station(ctx.session, h["station_id"])
        _pin(row, h)
        out = Imported(row.code, h["kind"], h["seq"], "hello" if h["kind"] == "station-hello" else "imported")
        if h["kind"] == "station-changes":
            _chain(ctx, row, h)
            lo, hi = h["change_range"]
            if lo > row.their_change:
                raise _refused(f"Gói số {h['seq']} của máy trạm {row.code} cần một gói trước mà máy chính chưa có; "
                               "hãy đồng bộ lại.", f"Package {h['seq']} of workstation {row.code} needs an earlier "
                               "package the primary does not hold; synchronise again.")
            if hi <= row.their_change and h["audit"]["to_seq"] <= row.their_audit:
                out.status = "superseded"  # an older package after a newer one: everything in it is held
            else:
                # dossiers only from a package newer than what was merged (an older one would undo it);
                # audit entries are never changed, so they are taken from any package (once each)
                out.counts = Merger(ctx, row, stage).run(pkg, records_too=hi > row.their_change)
                if hi > row.their_change:
                    refresh_all_duplicates(ctx)  # the records list counts a merged duplicate at once
                row.their_change = max(row.their_change, hi)
                row.their_audit = max(row.their_audit, h["audit"]["to_seq"])
            row.their_seq = max(row.their_seq, h["seq"])
            store.record_package(ctx.session, id=h["package_id"], station_id=row.id, direction="in", kind=h["kind"],
                                 seq=h["seq"], header_hash=pf.header_hash(h), prev_hash=h["prev_hash"],
                                 change_from=lo, change_to=hi, audit_to=h["audit"]["to_seq"],
                                 dossiers=h["counts"].get("dossiers", 0), scans=h["counts"].get("scans", 0))
        _take_state(ctx, row, h.get("station") or {})
        store.touch_exchange(row)
        stage.place()
        ctx.touch("dossiers", "scans", "stations")
        return out

    try:
        return ws.transact(apply)
    except BaseException as exc:
        stage.undo()
        if isinstance(exc, (KeyError, TypeError, AttributeError, ValueError)):
            raise PackageError("Một bản ghi trong gói không hợp lệ; không nhập gì.",
                               "A record in the package is invalid; nothing was imported.") from exc
        raise


def _pin(row, h: dict) -> None:
    if not row.signing_key:  # the first package: its proof was checked by trust_station
        row.signing_key = h["sender_public_key"]
        row.fingerprint = h["sender_key"]
        row.encryption_key = (h.get("station") or {}).get("encryption_key", "")
        row.status = "active"


def _chain(ctx: UnitOfWork, row, h: dict) -> None:
    """A package under a number already taken by another one, or not following the one received under
    the number before it, is a fork."""
    same = store.package_at(ctx.session, row.id, "in", h["seq"])
    if same is not None and same.id != h["package_id"]:
        raise _refused(f"Máy trạm {row.code} đã gửi một gói khác mang số {h['seq']} (rẽ nhánh).",
                       f"Workstation {row.code} already sent another package numbered {h['seq']} (a fork).")
    before = store.package_at(ctx.session, row.id, "in", h["seq"] - 1) if h["seq"] > 1 else None
    if before is not None and before.header_hash != h["prev_hash"]:
        raise _refused(f"Gói số {h['seq']} của máy trạm {row.code} không nối tiếp gói số {h['seq'] - 1} (rẽ nhánh).",
                       f"Package {h['seq']} of workstation {row.code} does not follow package {h['seq'] - 1} (a fork).")


def _take_state(ctx: UnitOfWork, row, state: dict) -> None:
    """What the station says it holds of the primary (only ever moves forward)."""
    row.our_change = max(row.our_change, int(state.get("their_change", 0)))
    row.our_audit = max(row.our_audit, int(state.get("their_audit", 0)))
    row.our_receipts = max(row.our_receipts, int(state.get("their_receipts", 0)))
    applied: set[int] = set()
    for a, b in pf.missing_ranges(state.get("applied", [])):  # bounded by what was sent to it
        applied.update(range(a, min(b, row.out_seq) + 1))
        if len(applied) >= row.out_seq:
            break
    store.confirm_packages(ctx.session, row.id, sorted(applied)[-10_000:])
    if "numbers_left" in state:
        reported = dict(settings_store.get(ctx.session, "station_numbers"))
        reported[row.id] = [int(state["numbers_left"]), int(state.get("blocks_held", 0))]
        settings_store.put(ctx.session, "station_numbers", reported)


class Merger:
    """The records of one station package, merged into the primary's dossiers."""

    def __init__(self, ctx: UnitOfWork, row, stage: incoming.ScanStage):
        self.ctx, self.s, self.row, self.stage = ctx, ctx.session, row, stage
        self.user = f"{row.code}"
        self.counts = {"new": 0, "merged": 0, "unchanged": 0, "conflicts": 0, "duplicates": 0, "deleted": 0,
                       "audit": 0, "scans": 0}
        self.new: list[dict] = []  # dossiers the station created, inserted in bulk
        self.new_ids: set[str] = set()  # every one of them in this package (a second record is refused)

    def run(self, pkg, *, records_too: bool = True) -> dict:
        shas: set[str] = set()
        for rec in incoming.dossier_lines(pkg):
            if records_too:
                self.stage.need(rec.get("pages") or [])
                shas.update(p["sha256"] for p in rec.get("pages") or [])
                self.dossier(rec)
                if len(self.new) >= BATCH:
                    self.flush_new()
        self.flush_new()
        for t in incoming.tombstone_lines(pkg):
            if records_too:
                self.tombstone(t)
        self.counts["audit"] = records.append_audit(self.ctx, incoming.audit_lines(pkg))
        store.add_known_scans(self.s, self.row.id, shas)  # the station holds every page it sent
        self.counts["scans"] = len(self.stage.staged)
        return self.counts

    def dossier(self, rec: dict) -> None:
        did = rec["dossier"]["id"]
        theirs = {"dossier": rec["dossier"], "pages": rec.get("pages") or []}
        # A station's day is mostly new dossiers: one key lookup tells, before a whole record is read
        held = bool(rstore.existing_ids(self.s, [did]))
        ours = records.current_record(self.ctx, did) if held else None
        if ours is None:
            if rstore.tombstoned(self.s, did):
                self._queue("deleted", did, "", None, theirs)
                rstore.touch_tombstone(self.s, did)  # the deletion goes back to the station that kept it
                return
            if held or did in self.new_ids:
                raise _refused("Gói có hai bản ghi của cùng một hồ sơ.", "The package holds one dossier twice.")
            self.new.append(theirs)
            self.new_ids.add(did)
            return
        m = replica.merge(rec.get("base"), ours, theirs, self.row.id, store.origins(self.s, did))
        for unit, mine, station_value in m.conflicts:
            self._queue("edit", did, unit, mine, station_value)
        if m.changed:
            merged = m.record
            merged["dossier"]["revision"] = int(ours["dossier"].get("revision") or 0) + 1
            merged["dossier"]["updated_at"] = rec["dossier"].get("updated_at")
            merged["dossier"]["updated_by"] = rec["dossier"].get("updated_by")
            records.write_dossier(self.ctx, merged, self.user)
            tu = replica.units(theirs)
            store.set_origins(self.s, did, self.row.id, {u: replica.value_hash(tu.get(u)) for u in m.taken})
            self.counts["merged"] += 1
            self._duplicates(did)
        else:
            rstore.touch_dossier(self.s, did)  # back to every station, the sender included
            self.counts["unchanged"] += 1

    def flush_new(self) -> None:
        if not self.new:
            return
        batch, self.new = self.new, []
        records.write_new_dossiers(self.ctx, batch, self.user)
        store.new_origins(self.s, [(r["dossier"]["id"], self.row.id,
                                    {u: replica.value_hash(v) for u, v in replica.units(r).items()}) for r in batch])
        self.counts["new"] += len(batch)
        for r in batch:
            self._duplicates(r["dossier"]["id"])

    def tombstone(self, t: dict) -> None:
        did = t["entity_id"]
        ours = records.current_record(self.ctx, did)
        if ours is None:
            return
        b, o = replica.units(t.get("base")), replica.units(ours)
        origins = store.origins(self.s, did)
        untouched = all(o.get(k) == b.get(k) or replica._own(origins.get(k), self.row.id, o.get(k))
                        for k in set(o) | set(b))
        if not untouched:
            self._queue("delete", did, "", ours, None)
            rstore.touch_dossier(self.s, did)  # the dossier goes back to the station that deleted it
            return
        dossier_store.delete_dossier(self.s, did, self.user, t.get("reason", ""))
        store.drop_origins(self.s, did)
        self.counts["deleted"] += 1

    def _queue(self, kind: str, did: str, unit: str, primary_value, station_value, other: str = "") -> None:
        value = json.dumps(station_value, ensure_ascii=False, default=str)
        if kind == "edit":
            # Each value a station wrote waits on its own: a later edit from that station was made on the
            # primary's value it received back, not on its own waiting one, which would otherwise vanish
            # unseen (the convergence test's "issuer-116"). The same value again is the same conflict.
            old = next((c for c in store.open_conflicts(self.s, kind, did, unit, self.row.id, other)
                        if c.station_value == value), None)
        else:
            old = store.open_conflict(self.s, kind, did, unit, self.row.id, other)
        if old is not None:  # the same conflict again: its station value is the latest
            old.station_value = value
        else:
            store.add_conflict(self.s, id=new_id(), kind=kind, dossier_id=did, station_id=self.row.id, field=unit,
                               primary_value=json.dumps(primary_value, ensure_ascii=False, default=str),
                               station_value=value, other_dossier_id=other, created_at=utcnow())
        self.counts["duplicates" if kind in ("serial", "cccd", "parcel") else "conflicts"] += 1

    def _duplicates(self, did: str) -> None:
        for kind, fld, other in rstore.duplicate_candidates(self.s, did):
            if not store.any_conflict(self.s, kind, did, other):
                self._queue(kind, did, fld, None, None, other)


# ---- the answer -----------------------------------------------------------------------------------------


def answer(ws, station_id: str, out_dir: Path | None = None, *, force: bool = False) -> list[Path]:
    """Write the answer for one station (everything it does not hold yet) into the outbox and
    `out_dir`; [] when there is nothing new for it (unless `force`)."""
    with exchange_lock(ws.root):
        return _answer(ws, station_id, out_dir, force=force)


def _answer(ws, station_id: str, out_dir: Path | None, *, force: bool) -> list[Path]:
    keep = outbox_dir(ws.root)
    keep.mkdir(parents=True, exist_ok=True)
    signing = keys.signing_key(Path(ws.root) / "keys")
    grant = ws.transact(lambda ctx: _grant_block(ctx, station_id))

    def make(ctx: UnitOfWork):
        row = store.station(ctx.session, station_id)
        if row is None or row.status != "active" or not row.encryption_key:
            return None
        st = sync_store.state(ctx.session)
        receipts = rstore.receipts_count(ctx.session)
        blocks = [[b.first, b.last] for b in store.blocks(ctx.session, row.id)]
        last = store.package_at(ctx.session, row.id, "out", row.out_seq) if row.out_seq else None
        state = {"their_seq": row.their_seq, "their_change": row.their_change, "their_audit": row.their_audit,
                 "receipts": receipts, "blocks": blocks}
        holds_all = (row.our_change >= st.change_now and row.our_audit >= st.audit_now
                     and row.our_receipts >= receipts)
        if not force and not grant and holds_all and last is not None and last.confirmed \
                and _same_state(ctx, row, last, state):
            return None  # the station holds everything and was told all there is to tell
        content = Content(dossier_ids=sync_store.changed_dossier_ids(ctx.session, row.our_change, st.change_now),
                          tombstones=(row.our_change, st.change_now), audit=(row.our_audit, st.audit_now),
                          audit_skip_suffix=f"@{row.code}", known_scans=row.id,
                          extra={"users": records.user_records(ctx, json.loads(row.users or "[]")),
                                 "province": rstore.province_words(ctx.session) if receipts > row.our_receipts else []})
        header = common.base_header(ctx, signing, "station-answer", row.id, row.code)
        header.update(seq=row.out_seq + 1, prev_hash=row.out_hash, change_range=[row.our_change, st.change_now],
                      audit={"from_seq": row.our_audit, "to_seq": st.audit_now, "head_hash": st.audit_head_hash},
                      station=state)
        data_key = crypto.new_data_key()
        recipient = crypto.unb64(row.encryption_key)
        header["encryption"] = {"scheme": pf.ENC_SCHEME, "recipient": crypto.fingerprint(recipient),
                                "enc_key": crypto.b64(crypto.wrap_key(data_key, recipient))}
        stem = common.stem(header["commune_code"], row.code, header["seq"], "station-answer")
        return build(ctx, keep, stem, header, content, signing.sign, data_key=data_key)

    built = ws.read(make)
    if built is None:
        return []

    def advance(ctx: UnitOfWork) -> None:
        row = store.station(ctx.session, station_id)
        row.out_seq, row.out_hash = built.header["seq"], pf.header_hash(built.header)
        store.touch_exchange(row)

    paths = publish(ws, built, station_id, "station-answer", advance)
    if out_dir is not None and Path(out_dir).resolve() != keep.resolve():
        from landdesk.services.packages.outbox import deliver

        paths = deliver(paths, Path(out_dir), built.header["seq"])
    return paths


def _same_state(ctx: UnitOfWork, row, last, state: dict) -> bool:
    """The last answer already told the station what it would be told now."""
    from landdesk.services.packages import outbox
    from landdesk.services.stations.incoming import peek

    files = outbox.volumes_of(last.files)
    path = outbox_dir(ctx.root) / files[0]["name"] if files else None
    prev = peek([path]) if path is not None and path.is_file() else None
    return prev is not None and prev.get("station") == state


def _grant_block(ctx: UnitOfWork, station_id: str) -> bool:
    """A further block of numbers when the station reported that fewer than BLOCK_LOW are left and it
    holds every block given so far."""
    row = store.station(ctx.session, station_id)
    if row is None or row.status != "active":
        return False
    left, held = row_numbers(ctx, row)
    given = store.blocks(ctx.session, row.id)
    if left >= common.BLOCK_LOW or held < len(given):
        return False
    give_block(ctx, row.id)
    return True


def row_numbers(ctx: UnitOfWork, row) -> tuple[int, int]:
    """What the station last reported: numbers left and blocks held (kept in settings per station)."""
    got = settings_store.get(ctx.session, "station_numbers").get(row.id) or [common.BLOCK_SIZE, 0]
    return int(got[0]), int(got[1])


def give_block(ctx: UnitOfWork, station_id: str) -> tuple[int, int]:
    """The next BLOCK_SIZE numbers of the primary's counter, for that station (the primary's own next
    dossier is numbered after them)."""
    last = dossier_store.next_counter(ctx.session, "dossier_num", common.BLOCK_SIZE)
    first = last - common.BLOCK_SIZE + 1
    store.add_block(ctx.session, first, last, station_id)
    return first, last


def require_primary_role(ctx: UnitOfWork) -> None:
    common.require_not_station(ctx)
    if settings_store.get(ctx.session, "station_role") != "primary":
        raise LandDeskError("Máy này chưa đăng ký máy trạm nào.", "This desk has enrolled no workstation.")
