"""Scans: intake speed, first view of a page, and whether 300,000 page rows slow the desk.

    .venv/bin/python tests/perf/bench_scans.py [--pages N] [--rows N] [--records N]

Floors: intake is compared with a bare Pillow full decode of the same files (what any tool must at
least do to look at a page); first view with a bare full decode + resize; browse/get_dossier with the
same calls on the same workspace before the page rows were added.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.perf.common import Row, bars_met, copy_workspace, demo_workspace, print_table, timings  # noqa: E402

INTAKE_TARGET = 15.0  # pages/s
VIEW_TARGET = 0.100
BOX = (900, 1270)  # the viewer beside the editor, about half a 1920×1080 screen


def make_pages(folder: Path, n: int) -> list[Path]:
    """n distinct 300-dpi A4 certificate-like JPEG pages (a few drawings, re-encoded with a varied mark)."""
    from PIL import ImageDraw

    from landdesk.media import samples

    bases = [samples.certificate_page(random.Random(s), dpi=300) for s in range(4)]
    out = []
    for i in range(n):
        im = bases[i % 4].copy()
        ImageDraw.Draw(im).text((200, 3300), f"Trang mẫu {i}", fill=(30, 30, 30))
        p = folder / f"page{i:04d}.jpg"
        p.write_bytes(samples.jpeg_bytes(im, 300, quality=85))
        out.append(p)
    return out


def bench_intake(tmp: Path, files: list[Path], ws_template: Path) -> list[Row]:
    from PIL import Image

    from landdesk.domain.model import Dossier
    from landdesk.services import dossiers, scans
    from landdesk.workspace import Workspace

    per_run = []
    for run in range(3):
        root = copy_workspace(ws_template, tmp / f"ws{run}")
        with Workspace.open(root) as ws:
            did = ws.transact(lambda ctx: dossiers.save_dossier(
                ctx, Dossier(commune_code="07210", serial="CS 1"), allow_errors=True)).dossier.id
            t = time.perf_counter()
            rep = ws.transact(lambda ctx, d=did: scans.add_files(ctx, files, d))
            per_run.append((time.perf_counter() - t) / len(files))
            assert len(rep.added) == len(files), rep.refused[:3]

    def bare():
        for f in files:
            with Image.open(f) as im:
                im.load()

    floor = statistics.median(timings(bare, runs=3)) / len(files)
    value = statistics.median(per_run)
    return [Row(f"intake per page (hash+thumbnail+checks+store+row), {len(files)} pages", value, floor,
                f"≥ {INTAKE_TARGET:.0f} pages/s", 1 / value >= INTAKE_TARGET),
            Row(f"  = {1 / value:.1f} pages/s; bare decode {1 / floor:.1f} pages/s", value, floor, "-", None)]


def bench_view(files: list[Path]) -> list[Row]:
    from PIL import Image

    from landdesk.media import thumbnails

    sample = files[:20]
    first = [timings(lambda f=f: thumbnails.render(f, 0, BOX), runs=1, warmup=0)[0] for f in sample]

    def bare(f):
        with Image.open(f) as im:
            im.load()
            im.thumbnail(BOX)

    floor = [timings(lambda f=f: bare(f), runs=1, warmup=0)[0] for f in sample]
    value = statistics.median(first)
    return [Row(f"first view of a page (fit {BOX[0]}×{BOX[1]})", value, statistics.median(floor),
                "< 100 ms", value < VIEW_TARGET),
            Row("  slowest of 20 pages", max(first), None, "< 100 ms", max(first) < VIEW_TARGET)]


def add_page_rows(root: Path, n: int) -> None:
    """n page rows spread over the dossiers (bulk insert; files are not needed for these figures)."""
    from landdesk.domain.ids import new_id
    from landdesk.storage.base import utcnow
    from landdesk.storage.commune import browse
    from landdesk.storage.commune import scans as q
    from landdesk.workspace import Workspace

    rng = random.Random(3)
    with Workspace.open(root) as ws:
        def work(ctx):
            ids = browse.ids(ctx.session, browse.Filters())
            now = utcnow()
            batch = []
            for i in range(n):
                did = ids[i % len(ids)]
                h = rng.getrandbits(64)
                batch.append(dict(id=new_id(), sha256=f"{rng.getrandbits(256):064x}", ext="jpg", size=400_000,
                                  width=2480, height=3508, dpi=300, dh0=h >> 48, dh1=(h >> 32) & 0xFFFF,
                                  dh2=(h >> 16) & 0xFFFF, dh3=h & 0xFFFF, quality="", dossier_id=did,
                                  kind="gcn", position=i // len(ids) + 1, rotation=0, source="bench.jpg",
                                  source_page=1, created_at=now, created_by="bench", deleted_at=None,
                                  deleted_by="", note=""))
                if len(batch) == 20_000:
                    q.insert_many(ctx.session, batch)
                    batch = []
            q.insert_many(ctx.session, batch)
        ws.transact(work)


def desk_figures(root: Path) -> tuple[float, float, float]:
    from landdesk.services import dossiers, scans, search
    from landdesk.workspace import Workspace

    with Workspace.open(root) as ws:
        ids = ws.read(lambda ctx: search.browse_ids(ctx, search.make_filters()))
        sample = [ids[i] for i in range(0, len(ids), max(1, len(ids) // 50))][:50]
        browse_t = statistics.median(timings(lambda: ws.read(
            lambda ctx: search.browse_ids(ctx, search.make_filters())), runs=5))
        get_t = statistics.median(timings(lambda: [ws.read(lambda ctx, d=d: dossiers.get_dossier(ctx, d))
                                                   for d in sample], runs=3)) / len(sample)
        pages_t = statistics.median(timings(lambda: [ws.read(lambda ctx, d=d: scans.list_pages(ctx, d))
                                                     for d in sample], runs=3)) / len(sample)
    return browse_t, get_t, pages_t


def bench_rows(tmp: Path, records: int, rows: int) -> list[Row]:
    src, _ = demo_workspace(records)
    root = copy_workspace(src, tmp / "big")
    b0, g0, p0 = desk_figures(root)
    t = time.perf_counter()
    add_page_rows(root, rows)
    insert_s = time.perf_counter() - t
    b1, g1, p1 = desk_figures(root)
    return [Row(f"browse_ids, {records // 1000}k dossiers + {rows // 1000}k page rows", b1, b0,
                "≤ 1.2× without", b1 <= b0 * 1.2 + 0.005),
            Row("get_dossier (editor open) with page rows", g1, g0, "≤ 1.2× without", g1 <= g0 * 1.2 + 0.001),
            Row("list a dossier's pages (viewer) with page rows", p1, p0, "< 10 ms", p1 < 0.010),
            Row(f"  (bulk insert of {rows // 1000}k rows)", insert_s, None, "-", None)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=60)
    ap.add_argument("--rows", type=int, default=300_000)
    ap.add_argument("--records", type=int, default=100_000)
    args = ap.parse_args(argv)
    from landdesk.workspace import Workspace

    with tempfile.TemporaryDirectory(prefix="bench-scans-") as tmp:
        tmp = Path(tmp)
        template = tmp / "template"
        Workspace.create(template, "07210", password="bench-pass-1").close()
        (tmp / "pages").mkdir()
        files = make_pages(tmp / "pages", args.pages)
        rows = bench_intake(tmp, files, template) + bench_view(files)
        if args.rows:  # --rows 0 skips the 100k-dossier figures
            rows += bench_rows(tmp, args.records, args.rows)
    print_table("Scans", rows)
    return 0 if bars_met(rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
