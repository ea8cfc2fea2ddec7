"""The Form 01 corpus made by real producers (tests/fixtures/form01/make_corpus.py): LibreOffice's
.xlsx/.xls/.ods, openpyxl's .xlsx, CSV in UTF-8, UTF-8 with BOM and Windows-1258. Every field of
every dossier is compared with the register's truth file, and so is what the report says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from landdesk.domain.normalise import normalise_dossier
from landdesk.domain.serialize import comparable
from landdesk.services import dossiers
from landdesk.services.importing import import_form01
from landdesk.storage.commune import imports
from tests.fixtures.form01.make_corpus import strip

CORPUS = Path(__file__).parent.parent / "fixtures" / "form01"
VARIANTS = ("merged", "tcvn3_sheet", "vni_pasted", "vbdlis")
FILES = [(v, f"{v}{suffix}") for v in VARIANTS for suffix in (".xlsx", ".xls", ".ods", "_openpyxl.xlsx")] + \
        [("csv", name) for name in ("csv_utf8.csv", "csv_utf8_bom.csv", "csv_cp1258.csv")]


def _truth(variant: str) -> dict:
    return json.loads((CORPUS / f"{variant}.truth.json").read_text(encoding="utf-8"))


def _stored(w, keep_id: bool) -> list[dict]:
    def load(ctx):
        return [dossiers.get_dossier(ctx, i) for i in imports.all_ids_in_order(ctx.session)]
    got = w.read(load)
    for d in got:
        assert comparable(normalise_dossier(d)) == comparable(d)  # stored in its normal form
    return [strip(comparable(d), keep_id=keep_id) for d in got]


@pytest.mark.parametrize(("variant", "name"), FILES, ids=[n for _, n in FILES])
def test_every_field_as_the_truth_says(empty_ws, variant, name):
    truth = _truth(variant)
    res = empty_ws.transact(lambda ctx: import_form01(ctx, CORPUS / name))
    assert res.committed and res.refused == 0 and res.errors == 0, [p.vi for p in res.problems if p.error]
    assert _stored(empty_ws, keep_id=variant == "vbdlis") == truth["dossiers"]
    report = truth["report"]
    assert res.merged_cells == report["merged_cells"]
    assert res.skipped_rows == report["skipped_rows"]
    skipped = [p for p in res.problems if p.vi.startswith("bỏ qua dòng")]
    assert len(skipped) == report["skipped_rows"] and all(not p.error for p in skipped)
    assert any("tổng cộng" in p.vi for p in skipped) and any("chữ ký" in p.vi for p in skipped)
    assert res.legacy_encoding == report["legacy_encoding"]
    flipped = [p for p in res.problems if "đảo ngày/tháng" in p.vi]
    assert [p.value for p in flipped] == (["04/03/2011"] if report["flipped"] else [])
    assert [c.column for c in res.ignored_columns] == report["ignored_columns"]
    again = empty_ws.transact(lambda ctx: import_form01(ctx, CORPUS / name))  # re-import adds nothing
    assert (again.added, again.updated, again.unchanged) == (0, 0, len(truth["dossiers"]))


@pytest.mark.parametrize("variant", VARIANTS)
def test_same_dossiers_from_xlsx_xls_and_ods(ws_path, tmp_path, variant):
    import shutil

    from landdesk.workspace import Workspace

    seen = []
    for suffix in (".xlsx", ".xls", ".ods"):
        dest = tmp_path / suffix.strip(".")
        shutil.copytree(ws_path, dest)
        w = Workspace.open(dest)
        try:
            w.transact(lambda ctx, s=suffix: import_form01(ctx, CORPUS / f"{variant}{s}"))
            seen.append(_stored(w, keep_id=True if variant == "vbdlis" else False))
        finally:
            w.close()
    assert seen[0] == seen[1] == seen[2]


def test_headers_are_never_converted(empty_ws):
    """A Unicode header ("Vai trò pháp nhân trên GCN") reads as VNI too ("trò" is VNI for "trị"):
    decided per cell it stays what it is, and its column is found."""
    res = empty_ws.transact(lambda ctx: import_form01(ctx, CORPUS / "vni_pasted.xlsx", dry_run=True))
    assert res.map_id == "pl3-01" and not res.ignored_columns[1:]
