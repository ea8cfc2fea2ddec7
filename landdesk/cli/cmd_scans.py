"""`landdesk scans add|watch|check|export`: scanned pages from the command line.

    scans add FILE... --dossier ID [--kind gcn|gt|tbxn|ddk|other]
    scans watch DIR [--once] [--settle S] [--interval S]
    scans check [--json] [--clean]
    scans gate [--block CODES]
    scans export (--dossier ID | --all) --out DIR
Exit 0 done, 1 something was refused or found, 2 bad input (`add`: nothing could be stored).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from landdesk.cli.common import CliEnv, StderrProgress, print_json, t, usage_error


def register(sub) -> None:
    p = sub.add_parser("scans", help="scanned pages: add, watch a hot folder, check the store, export PDFs")
    s = p.add_subparsers(dest="scans_command", metavar="ACTION", required=True)

    a = s.add_parser("add", help="store image/PDF files as pages of a dossier")
    a.add_argument("files", nargs="+", type=Path)
    a.add_argument("--dossier", required=True, help="dossier id or number")
    a.add_argument("--kind", default="gcn", choices=["gcn", "gt", "tbxn", "ddk", "other"])
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=run_add)

    w = s.add_parser("watch", help="watch a hot folder the scanner writes into (batches split at cover sheets)")
    w.add_argument("folder", type=Path)
    w.add_argument("--once", action="store_true", help="process what is there now, then exit")
    w.add_argument("--settle", type=float, default=2.0, help="seconds a file must stay unchanged (default 2)")
    w.add_argument("--interval", type=float, default=2.0, help="seconds between looks (default 2)")
    w.add_argument("--json", action="store_true")
    w.set_defaults(func=run_watch)

    c = s.add_parser("check", help="missing files, wrong hashes, orphans")
    c.add_argument("--json", action="store_true")
    c.add_argument("--clean", action="store_true", help="remove orphan files and rows whose file is gone")
    c.set_defaults(func=run_check)

    qg = s.add_parser("gate", help="which quality problems keep a dossier from 'scanned' (show or set)")
    qg.add_argument("--block", help="comma-separated codes: low_dpi,blank,too_dark,too_light,skewed,small_file "
                                    "(empty string: nothing blocks)")
    qg.add_argument("--json", action="store_true")
    qg.set_defaults(func=run_gate)

    e = s.add_parser("export", help="write {serial}-GCN.pdf, {serial}-GT.pdf ... per dossier")
    g = e.add_mutually_exclusive_group(required=True)
    g.add_argument("--dossier", action="append", help="dossier id or number (repeatable)")
    g.add_argument("--all", action="store_true", help="every dossier with pages")
    e.add_argument("--out", type=Path, required=True)
    e.add_argument("--json", action="store_true")
    e.set_defaults(func=run_export)

    from landdesk.cli import scans_capture  # phone, network scanner, ID-card QR codes

    scans_capture.register(s)


def _print_report(rep, lang: str, as_json: bool) -> None:
    if as_json:
        print_json({"added": [{"page_id": a.page_id, "dossier_id": a.dossier_id, "dossier_num": a.dossier_num,
                               "kind": a.kind, "position": a.position, "problems": list(a.problems),
                               "near_duplicates": list(a.near)} for a in rep.added],
                    "refused": [{"file": r.file, "page": r.page, "message": r.message(lang),
                                 "duplicate_of": r.duplicate_of} for r in rep.refused],
                    "files_ok": rep.files_ok, "files_failed": rep.files_failed, "cover_sheets": rep.covers,
                    "became_scanned": rep.scanned, "not_stored": rep.not_stored,
                    "stopped": rep.stop_message(lang) or None})
        return
    from landdesk.media.quality import label

    for a in rep.added:
        where = t(f"hồ sơ số {a.dossier_num}", f"dossier {a.dossier_num}") if a.dossier_id else \
            t("khay chưa gán", "unassigned tray")
        line = f"+ {where}, {a.kind.upper()} {t('trang', 'page')} {a.position}"
        if a.problems:
            line += "  ⚠ " + ", ".join(label(c, lang) for c in a.problems)
        if a.near:
            line += "  " + t("gần giống: ", "looks like: ") + "; ".join(a.near)
        print(line)
    for r in rep.refused:
        print(f"✗ {r.message(lang)}")
    print(t(f"Đã lưu {len(rep.added)} trang; từ chối {len(rep.refused)}.",
            f"Stored {len(rep.added)} page(s); refused {len(rep.refused)}."))


def run_add(args, env: CliEnv) -> int:
    """Each file is stored and committed on its own. Exit 0 all stored, 1 some stored and some refused
    (or the drive filled up after some), 2 nothing stored (bad input: every file refused, or no room)."""
    from landdesk.services import scans

    for f in args.files:
        if not f.is_file():
            raise usage_error(f"Không tìm thấy tệp: {f}", f"File not found: {f}")
    ws = env.open()
    rep = scans.intake_files(ws, args.files, args.dossier, args.kind,
                             progress=StderrProgress(False if args.json else None))
    if rep.added or args.json:
        _print_report(rep, env.lang, args.json)
    else:  # nothing stored: bad input, one line per refused file on stderr
        for r in rep.refused:
            sys.stderr.write(f"landdesk: {r.message(env.lang)}\n")
    stop = rep.stop_message(env.lang)
    if stop and not args.json:
        if rep.added:
            print(f"✗ {stop}")
        else:
            sys.stderr.write(f"landdesk: {stop}\n")
    if not rep.added and (rep.refused or rep.stopped is not None):
        return 2
    return 0 if rep.ok else 1


def process_hot_files(ws, folder, files: list[Path]) -> list[dict]:
    """Take each ready file (its own transaction), then move it to done/ or failed/. A file that met
    a full drive stays where it is and is taken again at a later look."""
    from landdesk.services import scans

    results = []
    for path in files:
        try:
            rep = scans.intake_files(ws, [path], None, covers=True)
        except Exception as exc:  # the file stays where it is and is reported; the watch goes on
            msg = exc.message() if hasattr(exc, "message") else type(exc).__name__
            results.append({"file": path.name, "ok": False, "reason": msg, "pages": 0})
            continue
        if rep.stopped is not None:
            results.append({"file": path.name, "ok": False, "reason": rep.stopped.message(), "pages": 0})
            continue
        failed = [r for r in rep.refused if r.page == 0]
        ok = not failed
        reason = "\n".join(r.message_vi + " / " + r.message_en for r in rep.refused)
        moved = folder.finish(path, ok, reason)
        results.append({"file": path.name, "ok": ok, "moved_to": str(moved) if moved else None,  # None: still held
                        "pages": len(rep.added),
                        "cover_sheets": rep.covers, "refused": [r.message_vi for r in rep.refused]})
    return results


def run_watch(args, env: CliEnv) -> int:
    from landdesk.media.hotfolder import HotFolder

    if not args.folder.is_dir():
        raise usage_error(f"Không tìm thấy thư mục: {args.folder}", f"Folder not found: {args.folder}")
    ws = env.open()
    folder = HotFolder(args.folder, settle=args.settle)
    with folder.claimed():  # another watcher on this folder: one line, exit 2
        if args.once:
            results = process_hot_files(ws, folder, folder.take_ready())
            _print_watch(results, args.json)
            return 0 if all(r["ok"] for r in results) else 1
        print(t(f"Đang theo dõi {args.folder} (Ctrl+C để dừng)…", f"Watching {args.folder} (Ctrl+C to stop)…"))
        while True:
            results = process_hot_files(ws, folder, folder.poll())
            if results:
                _print_watch(results, args.json)
            time.sleep(args.interval)


def _print_watch(results: list[dict], as_json: bool) -> None:
    if as_json:
        print_json(results)
        return
    for r in results:
        mark = "✓" if r["ok"] else "✗"
        print(f"{mark} {r['file']}: " + t(f"{r['pages']} trang", f"{r['pages']} page(s)")
              + ("" if r["ok"] else f" — {r.get('reason') or '; '.join(r.get('refused', []))}"))


def run_check(args, env: CliEnv) -> int:
    from landdesk.services import scans

    ws = env.open()
    if args.clean:
        rep = ws.transact(lambda ctx: scans.check_store(ctx, clean=True))
    else:
        rep = ws.read(lambda ctx: scans.check_store(ctx))
    if args.json:
        print_json(rep.as_json())
    else:
        print(t(f"{rep.rows} trang trong cơ sở dữ liệu, {rep.files} tệp trong kho.",
                f"{rep.rows} page row(s) in the database, {rep.files} file(s) in the store."))
        for pid in rep.missing:
            print(t(f"Thiếu tệp của trang {pid}", f"Missing file of page {pid}"))
        for pid in rep.wrong_hash:
            print(t(f"Tệp của trang {pid} không khớp mã băm", f"File of page {pid} does not match its hash"))
        for rel in rep.orphan_files:
            print(t(f"Tệp mồ côi (không có trong cơ sở dữ liệu): {rel}", f"Orphan file (no row): {rel}"))
        for rel in rep.stray:
            print(t(f"Tệp tạm còn sót: {rel}", f"Leftover temporary file: {rel}"))
        if args.clean:
            print(t(f"Đã dọn {rep.cleaned_files} tệp và {rep.cleaned_rows} dòng.",
                    f"Cleaned {rep.cleaned_files} file(s) and {rep.cleaned_rows} row(s)."))
        elif rep.ok:
            print(t("Kho bản quét khớp với cơ sở dữ liệu.", "The scan store matches the database."))
    return 0 if rep.ok or (args.clean and not rep.wrong_hash) else 1


def run_export(args, env: CliEnv) -> int:
    from landdesk.services import scans

    ws = env.open()
    if args.all:
        files = ws.read(lambda ctx: scans.export_all(ctx, args.out, StderrProgress(False if args.json else None)))
    else:
        files = ws.read(lambda ctx: [f for d in args.dossier for f in scans.export_dossier(ctx, d, args.out)])
    if args.json:
        print_json([{"dossier_num": f.dossier_num, "file": str(f.path), "pages": f.pages, "bytes": f.size}
                    for f in files])
    else:
        for f in files:
            print(f"{f.path.name}: " + t(f"{f.pages} trang, {f.size / 1024:.0f} KB",
                                         f"{f.pages} page(s), {f.size / 1024:.0f} KB"))
        total = sum(f.size for f in files)
        print(t(f"Đã xuất {len(files)} tệp PDF, tổng {total / 1024 / 1024:.1f} MB.",
                f"Exported {len(files)} PDF file(s), {total / 1024 / 1024:.1f} MB in total."))
    return 0


def run_gate(args, env: CliEnv) -> int:
    from landdesk.media.quality import CODES, label
    from landdesk.services import scans

    ws = env.open()
    if args.block is not None:
        codes = [c.strip() for c in args.block.split(",") if c.strip()]
        ws.transact(lambda ctx: scans.set_blocking_problems(ctx, codes))
    blocking = ws.read(scans.blocking_problems)
    if args.json:
        print_json({"blocking": list(blocking), "codes": list(CODES)})
    else:
        for code in CODES:
            mark = t("chặn", "blocks") if code in blocking else t("chỉ cảnh báo", "warns only")
            print(f"{code:<11} {mark:<13} {label(code, env.lang)}")
    return 0
