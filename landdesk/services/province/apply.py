"""The write phase of a province import: one verified package applied inside one unit of work.

The chain is checked (forks, replays, gaps), dossiers are written in batches (inserted, replaced, or
merged with the province's own edits; cross-commune duplicates queued), deletions applied, the
commune's audit trail appended, and scans put into the media store only once the package checks out.
services/province/importer.py verifies the package first and runs this; the store side is
storage/province/.
"""

from __future__ import annotations

import json
from datetime import datetime

import orjson

from landdesk.domain import package_format as pf
from landdesk.domain.auditchain import AuditRecord, chain_hash
from landdesk.domain.ids import new_id
from landdesk.domain.package_format import PackageError
from landdesk.domain.progress import Progress
from landdesk.services.packages.verify import VerifiedPackage
from landdesk.services.province import conflicts as conflict_logic
from landdesk.services.province import records
from landdesk.services.province.scan_files import ScanFiles
from landdesk.storage.base import utcnow
from landdesk.storage.province import bulk as prov_bulk
from landdesk.storage.province import conflicts as conflict_store
from landdesk.storage.province import dossiers as dossier_store
from landdesk.storage.province import keys as key_store
from landdesk.storage.province import packed
from landdesk.storage.province import receipts as receipt_store
from landdesk.storage.uow import UnitOfWork


def _reasons(rec: dict) -> list[dict]:
    """The commune's own reasons, returned in the receipt: bounded (a receipt has a size limit)."""
    return [{"rule": str(p.get("rule", ""))[:80], "vi": str(p.get("vi", ""))[:300], "en": str(p.get("en", ""))[:300]}
            for p in (rec.get("problems") or [])[:MAX_REASONS] if isinstance(p, dict)]


MAX_REASONS = 20


_COL = {c: i for i, c in enumerate(prov_bulk.DOSSIER_ROW)}
_STATUS, _PROV_REV, _REVISION = _COL["province_status"], _COL["province_revision"], _COL["revision"]
_DATA, _BASE, _KEY_ROWS = _COL["data"], _COL["base"], _COL["key_rows"]


def _with(row: tuple, **changes) -> tuple:
    """A DOSSIER_ROW tuple with some columns changed."""
    out = list(row)
    for name, value in changes.items():
        out[_COL[name]] = value
    return tuple(out)


class Apply:
    """The write phase for one verified package, inside one unit of work (`ctx`); look-ups for the
    next batch run on the desk's reader while a batch is written."""

    def __init__(self, desk, ctx: UnitOfWork, pkg: VerifiedPackage, progress: Progress):
        self.desk, self.ctx, self.s, self.pkg, self.progress = desk, ctx, ctx.session, pkg, progress
        s = self.s
        h = pkg.header
        self.commune, self.seq, self.package_id = h["commune_code"], h["seq"], h["package_id"]
        self.now = utcnow()
        self.results: dict[str, dict] = {}
        self.keys: list[bytes] = []  # the written dossiers' [id, id hash, key hash, ...] arrays, added after the last batch
        self.counts = {"accepted": 0, "rejected": 0, "conflict": 0, "duplicate": 0, "unchanged": 0,
                       "superseded": 0, "deleted": 0, "scans": 0, "audit": 0}
        self.package_scans = {e.path[6:70] for _, e in pkg.entries("scan")}
        self.needed_scans: set[str] = set()
        self.files: ScanFiles | None = None  # the new scans (set by the caller, who undoes them on failure)
        # deletions already received for this commune (this package's own are applied after its dossiers)
        self.had_tombstones = dossier_store.any_tombstones(s, self.commune)

    def chain(self) -> list[list[int]]:
        """Fork and replay checks; the packages missing before this one, as [first, last] ranges."""
        s, h = self.s, self.pkg.header
        have = receipt_store.imported_seqs(s, self.commune)
        last = have[-1] if have else 0
        if self.seq > last + SEQ_WINDOW:
            raise PackageError(
                f"Xã {self.commune}: gói số {self.seq} vượt quá xa gói cuối đã nhận ({last}); không nhập gì. "
                f"Chỉ nhận gói trong khoảng {SEQ_WINDOW} số sau gói cuối cùng.",
                f"Commune {self.commune}: package {self.seq} is too far beyond the last one received ({last}); "
                f"nothing was imported. Only packages within {SEQ_WINDOW} numbers of the last one are taken.")
        here = receipt_store.package_at(s, self.commune, self.seq)
        if here is not None:
            raise PackageError(
                f"Xã {self.commune}: đã nhập một gói số {self.seq} khác với gói này (rẽ nhánh); không nhập gì.",
                f"Commune {self.commune}: a different package number {self.seq} was already imported (fork); "
                "nothing was imported.")
        prev = receipt_store.package_at(s, self.commune, self.seq - 1) if self.seq > 1 else None
        if prev is not None and prev.header_hash != h["prev_hash"]:
            raise PackageError(
                f"Xã {self.commune}: gói số {self.seq} không nối tiếp gói số {self.seq - 1} đã nhập (rẽ nhánh); không nhập gì.",
                f"Commune {self.commune}: package {self.seq} does not follow the imported package {self.seq - 1} "
                "(fork); nothing was imported.")
        if self.seq == 1 and h["prev_hash"]:
            raise PackageError("Gói số 1 không được có gói trước.", "Package 1 cannot have a previous package.")
        nxt = receipt_store.package_at(s, self.commune, self.seq + 1)
        if nxt is not None and nxt.prev_hash != pf.header_hash(h):
            raise PackageError(
                f"Xã {self.commune}: gói số {self.seq + 1} đã nhập không nối tiếp gói này (rẽ nhánh); không nhập gì.",
                f"Commune {self.commune}: the imported package {self.seq + 1} does not follow this one (fork); "
                "nothing was imported.")
        return gaps(have, self.seq)

    def dossiers(self) -> None:
        done, total = 0, self.pkg.header["counts"].get("dossiers", 0) or 1
        self.tiers = key_store.key_tiers(self.s)  # read by the lookups, on the reader connection
        # this import's keys go to the current run of the key index
        self.form = form = prov_bulk.row_form(self.s, self.now, self.tiers.current)
        # A batch's lookups run on a reader connection while the previous batch is written (with a
        # worker process; the database works without the GIL). They see what is committed: on SQLite
        # the store as this transaction found it (it holds the write lock), on PostgreSQL what this
        # transaction's own reads would see of others (read committed). Not seeing this import's own
        # rows is fine: a dossier listed twice is caught here, and the keys it adds are its commune's.
        with records.dossier_batches(self.pkg, self.commune, self.seq, form, prepare=self._lookups) as batches:
            for batch, found in batches:
                self._batch(batch, *found)
                done += len(batch)
                self.progress(done, total, "hồ sơ / dossiers")
        # all the package's keys at once, in hash order: one sweep over the recent tier instead of one per batch
        key_store.add_keys(self.s, self.commune, key_store.key_array(self.keys), self.tiers)
        key_store.seal_recent(self.s, self.tiers)  # the current run full: sealed, once every few imports

    def _lookups(self, batch: list[records.Parsed]) -> tuple[dict, dict, list]:
        """What the store already holds about a batch: its dossiers, deletions, other communes' keys."""
        ids = [p.id for p in batch]
        keys_json = key_store.key_array(p.keys for p in batch)
        keys_of = {p.id: p.row[_KEY_ROWS] for p in batch if p.row[_KEY_ROWS]}

        def run(ctx: UnitOfWork):
            s = ctx.session
            return (dossier_store.existing_dossiers(s, self.commune, ids),
                    dossier_store.tombstoned(s, self.commune, ids) if self.had_tombstones else {},
                    key_store.key_matches(s, self.commune, keys_json, keys_of, self.tiers))

        return self.desk.read(run)

    def _result(self, did: str, status: str, revision: int, prov_rev: int, note: str = "", reasons=None) -> None:
        self.results[did] = {"id": did, "status": status, "revision": revision,
                             "province_revision": prov_rev, "note": note, "reasons": reasons or []}
        self.counts[status if status in self.counts else "accepted"] += 1

    def _batch(self, batch: list[records.Parsed], existing: dict, tombs: dict, matches: list) -> None:
        s = self.s
        texts = dossier_store.dossier_texts(s, self.commune, [i for i, r in existing.items() if r.edited])
        inserts, replaces, keys, touched = [], [], [], []
        conflicts = []
        seen: set[str] = set()
        taken = {did for did, kind, _, _ in matches if kind == "id"}  # ids another commune's dossier has
        for p in batch:
            did = p.id
            if did in seen or did in self.results:
                raise PackageError("Gói liệt kê một hồ sơ hai lần; không nhập gì.",
                                   "The package lists a dossier twice; nothing was imported.")
            seen.add(did)
            for sha in p.scans:
                if sha not in self.package_scans:
                    self.needed_scans.add(sha)
            if p.commune and p.commune != self.commune:
                self._result(did, "rejected", p.revision, 0, "Hồ sơ thuộc xã khác với xã gửi gói.",
                             [{"rule": "sync.wrong_commune", "vi": "Hồ sơ thuộc xã khác với xã gửi gói.",
                               "en": "The dossier belongs to another commune than the sender."}])
                continue
            cn = p.change_no
            if tombs.get(did, -1) > cn:
                self._result(did, "superseded", p.revision, 0, "Hồ sơ đã bị xóa ở gói sau.")
                continue
            if did in taken:
                self._result(did, "rejected", p.revision, 0, "Mã hồ sơ trùng với hồ sơ của xã khác.",
                             [{"rule": "sync.id_taken", "vi": "Mã hồ sơ trùng với hồ sơ của xã khác.",
                               "en": "The dossier id is taken by another commune's dossier."}])
                continue
            row = existing.get(did)
            if row is None:
                inserts.append(p.row)
            elif row.change_no >= cn:
                self._result(did, "unchanged" if row.change_no == cn else "superseded", p.revision,
                             row.province_revision)
                continue
            elif not row.edited:
                replaces.append(_with(p.row, province_revision=row.province_revision))
            else:  # changed at the province too: the merged version, with its own keys
                p = self._merged(p, row, texts[did], conflicts)
                replaces.append(p.row)
            touched.append(did)
            keys.append(p.keys)
        # the same serial / citizen id / parcel from another commune → queued for a person
        written = set(touched)
        flagged: dict[str, str] = {}
        for did, kind, other, other_commune in matches:
            if did not in written or kind == "id":
                continue
            conflicts.append({"id": new_id(), "kind": kind, "commune_code": self.commune, "dossier_id": did,
                              "other_commune": other_commune, "other_dossier_id": other, "field": kind,
                              "province_value": "", "commune_value": "", "status": "open", "resolution": "",
                              "package_id": self.package_id, "created_at": self.now})
            flagged.setdefault(did, f"Trùng {_KIND_VI[kind]} với hồ sơ của xã {other_commune}.")
        if flagged:  # written as duplicates (the lookups came before the writes: no update after them)
            inserts, replaces = ([_with(r, province_status="duplicate") if r[0] in flagged and r[_STATUS] == "accepted"
                                  else r for r in rows] for rows in (inserts, replaces))
        key_store.remove_keys(s, self.commune, [r[0] for r in replaces])
        dossier_store.insert_dossier_rows(s, inserts)
        dossier_store.replace_dossier_rows(s, self.commune, replaces)
        self.keys += keys
        conflict_store.add_conflicts(s, conflicts)
        written_rows = {r[0]: r for r in inserts}
        written_rows.update((r[0], r) for r in replaces)
        for did in touched:  # in package order, as the receipt lists them
            r = written_rows[did]
            status, prov_rev, revision = r[_STATUS], r[_PROV_REV], r[_REVISION]
            if status == "duplicate":
                self._result(did, "duplicate", revision, prov_rev, flagged[did])
            elif status == "rejected":
                reasons = _reasons(orjson.loads(self._text(r[_BASE] or r[_DATA])))
                self._result(did, "rejected", revision, prov_rev, "; ".join(x["vi"] for x in reasons), reasons)
            elif status == "conflict":
                self._result(did, "conflict", revision, prov_rev,
                             "Tỉnh đã sửa hồ sơ này; các thay đổi trùng nhau đang chờ xử lý.")
            else:
                self._result(did, "accepted", revision, prov_rev)

    def _merged(self, p: records.Parsed, row, text: tuple[str, str], conflicts: list[dict]) -> records.Parsed:
        """The commune's new version merged with the province's edits since the last one (a three-way
        merge on the last version received); clashing changes are queued as conflicts."""
        raw = self._text(p.row[_DATA])
        data, base_raw = text
        rec = json.loads(raw)
        base = json.loads(base_raw or data)["dossier"]
        merged, clashes = conflict_logic.merge(base, json.loads(data)["dossier"], rec["dossier"])
        rec["dossier"] = merged
        merged_raw = json.dumps(rec, ensure_ascii=False, separators=(",", ":"))
        for unit, ov, tv in clashes:
            conflicts.append({"id": new_id(), "kind": "edit", "commune_code": self.commune,
                              "dossier_id": p.id, "other_commune": "", "other_dossier_id": "", "field": unit,
                              "province_value": json.dumps(ov, ensure_ascii=False),
                              "commune_value": json.dumps(tv, ensure_ascii=False), "status": "open",
                              "resolution": "", "package_id": self.package_id, "created_at": self.now})
        out = records.parse(merged_raw.encode("utf-8"), self.commune, self.seq, self.form)
        changes = {"province_revision": row.province_revision + 1, "edited": merged_raw != raw,
                   "base": packed.pack(raw) if self.form.packed else raw}
        if clashes:
            changes["province_status"] = "conflict"
        return out._replace(row=_with(out.row, **changes))

    def _text(self, value: str | bytes) -> str:
        """A row tuple's data or base as JSON text (they are packed, or UTF-8 bytes, or text)."""
        if isinstance(value, bytes):
            return packed.unpack(value) if self.form.packed else value.decode("utf-8")
        return value

    def tombstones(self) -> None:
        tombs = [pf.check_tombstone_record(t) for t in self.pkg.records("tombstones")]
        tombs = [t for t in tombs if t["entity"] == "dossier"]
        self.counts["deleted"] = dossier_store.delete_dossiers(self.s, self.commune, tombs)

    def audit(self) -> None:
        prev_hash = None
        rows = []
        first = None
        for a in self.pkg.records("audit"):
            pf.check_audit_record(a)
            r = a["record"]
            try:
                rec = AuditRecord(id=r["id"], at=datetime.fromisoformat(r["at"]), user=r["user"], action=r["action"],
                                  entity=r["entity"], entity_id=r["entity_id"], changes=r["changes"],
                                  reason=r.get("reason", ""))
            except (KeyError, TypeError, ValueError) as exc:
                raise PackageError("Bản ghi nhật ký trong gói không hợp lệ.",
                                   "An audit record in the package is invalid.") from exc
            if (prev_hash is not None and a["prev_hash"] != prev_hash) or chain_hash(a["prev_hash"], rec) != a["hash"]:
                raise PackageError(f"Nhật ký thay đổi của xã {self.commune} trong gói bị đứt chuỗi; không nhập gì.",
                                   f"The audit trail of commune {self.commune} in the package is broken; "
                                   "nothing was imported.")
            first = first or a
            prev_hash = a["hash"]
            rows.append({"commune_code": self.commune, "seq": a["seq"], "hash": a["hash"],
                         "prev_hash": a["prev_hash"], "record": json.dumps(r, ensure_ascii=False)})
        if not rows:
            return
        before = receipt_store.audit_hash_at(self.s, self.commune, first["seq"] - 1) if first["seq"] > 1 else "0" * 64
        if before is not None and before != first["prev_hash"]:
            raise PackageError(f"Nhật ký thay đổi của xã {self.commune} không nối tiếp nhật ký đã nhận; không nhập gì.",
                               f"The audit trail of commune {self.commune} does not continue the one received; "
                               "nothing was imported.")
        have = receipt_store.audit_seqs(self.s, self.commune, rows[0]["seq"], rows[-1]["seq"])
        new = [r for r in rows if r["seq"] not in have]
        receipt_store.insert_audit(self.s, new)
        self.counts["audit"] = len(new)

    def scans(self, missing_packages: list[list[int]]) -> None:
        s = self.s
        need = sorted(self.needed_scans)
        absent = set(need) - receipt_store.known_scans(s, need) if need else set()
        if absent:
            before = ranges_text(missing_packages) or "?"
            raise PackageError(
                f"Xã {self.commune}: gói số {self.seq} cần ảnh quét nằm trong gói chưa nhận ({before}); "
                "hãy nhập gói đó trước. Không nhập gì.",
                f"Commune {self.commune}: package {self.seq} needs scans carried by a package not received yet "
                f"({before}); import that one first. Nothing was imported.")
        entries = list(self.pkg.entries("scan"))
        shas = [e.path[6:70] for _, e in entries]
        known = receipt_store.known_scans(s, shas)
        rows = []
        # every new scan is staged (hashed, its pixel size checked) before any reaches the media store:
        # a refusal leaves nothing behind, and a kill nothing after the next start (scan_files)
        for vol, e in entries:
            sha, ext = e.path[6:70], e.path.rsplit(".", 1)[1]
            if sha in known:
                continue
            if not self.files.store.path_for(sha, ext).is_file():
                self.files.stage(self.pkg, vol, e, sha, ext)
            rows.append({"sha256": sha, "ext": ext, "size": e.plain_size, "commune_code": self.commune})
            known.add(sha)
        self.files.place()
        receipt_store.insert_scans(s, rows)
        self.counts["scans"] = len(rows)


SEQ_WINDOW = 1000  # a commune's packages arrive at most this far beyond the last one received


def gaps(have: list[int], upto: int) -> list[list[int]]:
    """Sequence numbers in 1..upto-1 not in the sorted list `have`, as [first, last] ranges: the
    size of the answer is bounded by the packages received, not by the numbers."""
    out, expect = [], 1
    for n in have:
        if n >= upto:
            break
        if n > expect:
            out.append([expect, n - 1])
        expect = max(expect, n + 1)
    if expect < upto:
        out.append([expect, upto - 1])
    return out


def ranges_text(ranges) -> str:
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in ranges)


_KIND_VI = {"serial": "số seri GCN", "cccd": "số CCCD", "parcel": "thửa đất (tờ/thửa/bản đồ)"}
