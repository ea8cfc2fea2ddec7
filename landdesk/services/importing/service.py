"""Import a Form 01 workbook or register: read, map, convert, regroup, match, then write or not.

Re-importing the same workbook creates no duplicates: a certificate already in the workspace is
matched by the VBDLIS Guid column when it names an existing dossier, else by normalised serial. Matched dossiers keep what Form 01
does not carry (village, custody, workflow status, verification results, ids) and are updated only
when a Form 01 value changed. `all-or-nothing` writes nothing when any row is refused; `valid-only`
writes the dossiers whose rows are all readable.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from landdesk.domain import i18n, rules
from landdesk.domain.auditchain import diff
from landdesk.domain.changes import Change
from landdesk.domain.codes import CustodyStatus, VerificationStatus, WorkflowStatus
from landdesk.domain.errors import LandDeskError
from landdesk.domain.model import Dossier, LandUse
from landdesk.domain.progress import NEVER_CANCEL, CancelToken, Progress, no_progress
from landdesk.domain.serial import normalise_serial
from landdesk.domain.serialize import comparable
from landdesk.domain.text import fold
from landdesk.services.exporting.rows import land_type_text
from landdesk.services.findings import refresh_all_duplicates
from landdesk.services.importing import columnmaps, readers
from landdesk.services.importing.legacy import CellDecoder
from landdesk.services.importing.reading import SAMPLE_ROWS, IgnoredColumn, ignored_columns, locate, read_rows
from landdesk.services.importing.regroup import Group, build_dossier, disagreements, group_rows
from landdesk.services.importing.rows import RowParser, RowProblem, _text
from landdesk.services.users import require
from landdesk.storage import audit
from landdesk.storage import settings as settings_store
from landdesk.storage.commune import dossiers as store
from landdesk.storage.commune import imports
from landdesk.storage.uow import UnitOfWork

MODES = ("all-or-nothing", "valid-only")
BATCH = 2000
_ENCODING_NAMES = {"tcvn3": "TCVN3", "vni": "VNI", "tcvn3+vni": "TCVN3 và VNI"}


@dataclass
class ImportResult:
    file: str
    sheet: str
    map_id: str
    legacy_encoding: str | None
    mode: str
    dry_run: bool
    map_name_vi: str = ""
    map_name_en: str = ""
    rows: int = 0
    dossiers: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: int = 0
    committed: bool = False
    merged_cells: int = 0  # cells filled from a merged range above them
    skipped_rows: int = 0  # rows below the table (signatures, totals, notes)
    problems: list[RowProblem] = field(default_factory=list)
    ignored_columns: list[IgnoredColumn] = field(default_factory=list)
    added_ids: list[str] = field(default_factory=list)
    updated_ids: list[str] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.error)

    def summary(self, lang: str = "vi") -> str:
        what = i18n.pick("Sẽ" if self.dry_run else ("Đã" if self.committed else "Không ghi gì:"),
                         "Would" if self.dry_run else ("Done:" if self.committed else "Nothing written:"), lang)
        out = [i18n.pick(f"{what} thêm {self.added}, cập nhật {self.updated}, không đổi {self.unchanged}, "
                         f"từ chối {self.refused} hồ sơ ({self.rows} dòng, trang “{self.sheet}”, "
                         f"{self.map_name_vi or self.map_id}).",
                         f"{what} add {self.added}, update {self.updated}, unchanged {self.unchanged}, refused "
                         f"{self.refused} dossier(s) ({self.rows} rows, sheet “{self.sheet}”, "
                         f"{self.map_name_en or self.map_id}).", lang)]
        if self.legacy_encoding:
            names = _ENCODING_NAMES.get(self.legacy_encoding, self.legacy_encoding.upper())
            out.append(i18n.pick(f"Đã chuyển mã chữ {names} sang Unicode (từng ô).",
                                 f"Converted {names.replace(' và ', ' and ')} text to Unicode (cell by cell).", lang))
        if self.merged_cells:
            out.append(i18n.pick(f"Đã điền {self.merged_cells} ô từ ô gộp.",
                                 f"Filled {self.merged_cells} cells from merged cells.", lang))
        if self.skipped_rows:
            out.append(i18n.pick(f"Bỏ qua {self.skipped_rows} dòng dưới bảng (chữ ký, tổng cộng, ghi chú).",
                                 f"Skipped {self.skipped_rows} rows below the table (signatures, totals, notes).", lang))
        if self.ignored_columns:
            out.append(i18n.pick(f"{len(self.ignored_columns)} cột không lưu.",
                                 f"{len(self.ignored_columns)} column(s) not kept.", lang))
        return " ".join(out)

    def as_json(self) -> dict:
        data = {k: v for k, v in dataclasses.asdict(self).items() if k not in ("problems", "added_ids", "updated_ids")}
        data["errors"] = self.errors
        data["problems"] = [dataclasses.asdict(p) for p in self.problems]
        return data


def custom_maps(ctx: UnitOfWork) -> tuple[columnmaps.ColumnMap, ...]:
    raw = settings_store.get(ctx.session, columnmaps.CUSTOM_MAPS_SETTING) or []
    return tuple(columnmaps.ColumnMap.from_json(m, custom=True) for m in raw)


def save_custom_map(ctx: UnitOfWork, cmap: columnmaps.ColumnMap) -> None:
    """Keep a map built in the mapping dialog for the next register of the same shape."""
    require(ctx, "edit")
    raw = [m for m in (settings_store.get(ctx.session, columnmaps.CUSTOM_MAPS_SETTING) or [])
           if m.get("id") != cmap.id]
    raw.append(dataclasses.replace(cmap, custom=True).to_json())
    settings_store.put(ctx.session, columnmaps.CUSTOM_MAPS_SETTING, raw)
    ctx.touch(Change.SETTINGS)


@dataclass
class SheetPreview:
    """What the wizard and the mapping dialog show before importing."""

    sheet: str
    header_row: int  # 1-based
    headers: list[str]
    mapping: dict[int, str]  # column index → field
    map_id: str
    legacy_encoding: str | None
    sample: list[list[str]]


def preview(ctx: UnitOfWork, path: Path | str, *, sheet: str | None = None,
            column_map: columnmaps.ColumnMap | None = None, sample_rows: int = 8) -> SheetPreview:
    require(ctx, "read")
    maps = columnmaps.builtin_maps() + custom_maps(ctx)
    got = locate(Path(path), maps, sheet, column_map)
    found = got.found
    sample = [[_text(c) for c in row] for row in got.head[found.row_index + 1: found.row_index + 1 + sample_rows]]
    return SheetPreview(got.src.name, found.row_index + 1, found.headers, dict(found.mapping.by_column),
                        found.mapping.map.id, got.decoder.summary, sample)


def raw_preview(ctx: UnitOfWork, path: Path | str, *, sheet: str | None = None, sample_rows: int = 8) -> SheetPreview:
    """For a register no column map recognises: the row with the most text cells among the first
    rows is taken as its header, so the user can map its columns by hand."""
    require(ctx, "read")
    sheets = readers.read_workbook(Path(path))
    src = next((s for s in sheets if sheet is None or s.name == sheet), None)
    if src is None:
        raise LandDeskError(f"Không có trang tính “{sheet}” trong tệp.", f"No sheet “{sheet}” in the file.")
    decoder = CellDecoder(src.legacy())
    head = [[decoder.decode(c, r + 1, i) if isinstance(c, str) else c for i, c in enumerate(row)]
            for r, row in enumerate(itertools.islice(src.rows(), SAMPLE_ROWS))]
    scored = [(sum(1 for c in row if isinstance(c, str) and c.strip()), i) for i, row in enumerate(head[:40])]
    if not scored or max(scored)[0] == 0:
        raise LandDeskError("Trang tính không có dòng tiêu đề nào.", "The sheet has no header row.")
    _, r = max(scored, key=lambda x: (x[0], -x[1]))
    headers = [_text(c) for c in head[r]]
    sample = [[_text(c) for c in row] for row in head[r + 1: r + 1 + sample_rows]]
    return SheetPreview(src.name, r + 1, headers, {}, "", decoder.summary, sample)


def _same_use(old: LandUse, new: LandUse) -> LandUse:
    """Keep the stored id, and the stored code and raw text when the workbook shows what export writes."""
    keep = dict(id=old.id)
    if land_type_text(old.code, old.raw_text) == new.raw_text:
        keep.update(code=old.code, raw_text=old.raw_text)
    return dataclasses.replace(new, **keep)


def _merge(existing: Dossier, new: Dossier) -> Dossier:
    """The existing dossier with the Form 01 values of the imported one."""
    typed = new.serial_typed if new.serial != existing.serial else new.serial_typed or existing.serial_typed
    # a workbook without the scan-name or coordinate column says nothing about them: kept
    d = dataclasses.replace(existing, commune_code=new.commune_code or existing.commune_code, serial=new.serial,
                            serial_typed=typed, scan_names=new.scan_names or existing.scan_names,
                            issue_date=new.issue_date, registry_no=new.registry_no,
                            current_user=new.current_user)
    old_holders = list(existing.holders)
    holders = []
    for h in new.holders:
        key = h.cccd or h.cmnd or fold(h.name)
        match = next((o for o in old_holders if (o.cccd or o.cmnd or fold(o.name)) == key), None)
        if match is not None:
            old_holders.remove(match)
            keep = dict(id=match.id)
            if not h.cmnd and h.cccd == match.cccd:  # PL3 has one ID column: the old card number stays
                keep["cmnd"] = match.cmnd
            if h.verification in (VerificationStatus.PENDING, match.verification):
                keep.update(verification=match.verification, verification_reason=match.verification_reason,
                            verification_fields=match.verification_fields)
            h = dataclasses.replace(h, **keep)
        holders.append(h)
    parcels = []
    old_parcels = list(existing.parcels)
    for p in new.parcels:
        key = (p.sheet_cert, p.parcel_cert, p.sheet_map, p.parcel_map)
        match = next((o for o in old_parcels if (o.sheet_cert, o.parcel_cert, o.sheet_map, o.parcel_map) == key), None)
        if match is not None:
            old_parcels.remove(match)
            uses = [_same_use(match.land_uses[i], lu) if i < len(match.land_uses) else lu
                    for i, lu in enumerate(p.land_uses)]
            housing = p.housing
            if housing is not None and match.housing is not None:
                housing = dataclasses.replace(housing, id=match.housing.id)
            p = dataclasses.replace(p, id=match.id, map_series=match.map_series, old_commune=match.old_commune,
                                    group=match.group, land_uses=uses, housing=housing,
                                    coordinates=p.coordinates or match.coordinates, crs=p.crs or match.crs)
        parcels.append(p)
    d.holders, d.parcels = holders, parcels
    return d


def _same(a: Dossier, b: Dossier) -> bool:
    return comparable(a) == comparable(b)


def _counts(d: Dossier) -> tuple[int, int]:
    return rules.problem_counts(d)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """An import keeps its million small objects (rows, dossiers) alive until it ends, and makes
    next to no reference cycles: the collector's repeated full passes over them freed nothing and
    cost about a sixth of the import."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def import_form01(ctx: UnitOfWork, path: Path | str, *, dry_run: bool = False, mode: str = "all-or-nothing",
                  sheet: str | None = None, column_map: columnmaps.ColumnMap | None = None,
                  progress: Progress = no_progress, cancel: CancelToken = NEVER_CANCEL) -> ImportResult:
    with _gc_paused():
        return _import_form01(ctx, Path(path), dry_run, mode, sheet, column_map, progress, cancel)


def _import_form01(ctx: UnitOfWork, path: Path, dry_run: bool, mode: str, sheet: str | None,
                   column_map: columnmaps.ColumnMap | None, progress: Progress, cancel: CancelToken) -> ImportResult:
    require(ctx, "read" if dry_run else "edit")
    if mode not in MODES:
        raise LandDeskError(f"Chế độ nhập không hợp lệ: {mode}.", f"Unknown import mode: {mode}.")
    maps = columnmaps.builtin_maps() + custom_maps(ctx)
    located = locate(path, maps, sheet, column_map)
    found = located.found
    mapping = found.mapping
    if "serial" not in mapping.by_column.values() and "guid" not in mapping.by_column.values():
        raise LandDeskError("Không tìm thấy cột “Số phát hành GCN” trong dòng tiêu đề.",
                            "No “Số phát hành GCN” (certificate serial) column in the header row.")
    read = read_rows(located, progress, cancel)
    parsed = read.rows
    result = ImportResult(path.name, located.src.name, mapping.map.id, located.decoder.summary, mode, dry_run,
                          mapping.map.name_vi, mapping.map.name_en, rows=len(parsed), merged_cells=read.merged_cells,
                          skipped_rows=read.skipped, problems=list(read.problems),
                          ignored_columns=ignored_columns(found))
    del located  # the sheet as read (hundreds of MB at 100k rows) is not needed past this point
    parser = RowParser(result.sheet, found)
    for p in parsed:
        result.problems.extend(p.problems)
    groups = group_rows(parsed)
    commune = settings_store.get(ctx.session, "commune_code") or ""
    for g in groups:
        if not g.rows[0].values.get("serial"):
            # without serial or Guid nothing says which rows make one certificate: refused; with a
            # Guid the dossier is known and the officer completes it (the rules flag it)
            p = parser.problem(g.rows[0].row, "serial", "thiếu số phát hành GCN", "certificate serial missing",
                               error=g.key.startswith("r:"))
            g.rows[0].problems.append(p)
            result.problems.append(p)
        for r, f in disagreements(g):
            w = parser.problem(r.row, f, "khác với dòng đầu của cùng GCN; lấy giá trị dòng đầu",
                               "differs from the first row of the same certificate; the first row's value is kept",
                               error=False, value=_text(r.values.get(f, "")))
            result.problems.append(w)
    result.problems.sort(key=lambda p: (p.row, p.column))
    result.dossiers = len(groups)

    ok = [g for g in groups if not g.refused]
    result.refused = len(groups) - len(ok)
    del parsed, groups  # from here on each group's rows are only needed to build its dossier
    for i, g in enumerate(ok):
        build_dossier(g, commune)
        g.rows = []  # freed as the dossiers are made: the rows' dicts outweigh the dossiers
        if i % 2000 == 0:
            cancel.check()
            progress(i, len(ok), "dossiers")
    serial_norms = [normalise_serial(g.dossier.serial) for g in ok]
    by_serial = imports.ids_by_serial(ctx.session, serial_norms)
    by_guid = imports.existing_ids(ctx.session, (g.guid for g in ok if g.guid))
    new: list[Group] = []
    matched: list[tuple[Group, str]] = []
    for g, serial_norm in zip(ok, serial_norms, strict=True):
        # the Guid names one dossier exactly; the serial may be shared by a mistyped twin
        target = (g.guid if g.guid in by_guid else None) or by_serial.get(serial_norm)
        (matched.append((g, target)) if target else new.append(g))

    updates: list[Dossier] = []
    for part in range(0, len(matched), BATCH):
        chunk = matched[part:part + BATCH]
        existing = {d.id: d for d in store.load_dossiers(ctx.session, [t for _, t in chunk])}
        for g, target in chunk:
            old = existing[target]
            merged = _merge(old, g.dossier)
            if _same(old, merged):
                result.unchanged += 1
            else:
                updates.append(merged)
    result.added, result.updated = len(new), len(updates)
    if dry_run or (mode == "all-or-nothing" and result.refused):
        return result

    require(ctx, "edit")
    user = ctx.actor.username
    with store.BulkInserter(ctx.session, user, len(new)) as inserter:  # SQLite indexes a batch while the next is validated
        for part in range(0, len(new), BATCH):
            cancel.check()
            batch = []
            for g in new[part:part + BATCH]:
                d = g.dossier
                errors, warnings = _counts(d)
                if errors == 0 and d.holders and d.parcels and d.custody == CustodyStatus.COLLECTED:
                    d.status = WorkflowStatus.ENTERED
                batch.append((d, errors, warnings))
            inserter.add(batch)
            result.added_ids.extend(d.id for d, _, _ in batch)
            progress(part + len(batch), len(new), "write")
    for d in updates:
        errors, warnings = _counts(d)
        old = store.load_dossier(ctx.session, d.id)
        saved = store.save_dossier(ctx.session, d, user, errors=errors, warnings=warnings)
        audit.append(ctx.session, user=user, action="update", entity="dossier", entity_id=d.id,
                     changes=diff(comparable(old), comparable(saved)), reason=f"Nhập Mẫu 01: {path.name}")
        result.updated_ids.append(d.id)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    audit.append(ctx.session, user=user, action="import", entity="form01", entity_id="",
                 changes=[{"field": "added", "old": None, "new": result.added},
                          {"field": "updated", "old": None, "new": result.updated},
                          {"field": "refused", "old": None, "new": result.refused}],
                 reason=f"{path.name} sha256:{digest}")
    refresh_all_duplicates(ctx)  # the records list shows duplicate serials and sheet/parcels at once
    result.committed = True
    ctx.touch(Change.DOSSIERS)
    return result
