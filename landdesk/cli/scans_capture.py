"""`landdesk scans phone|escl|idcards`: capture without a scanner (registered into `scans`).

    scans phone (--dossier N | --tray) [--kind K] [--port P] [--minutes M] [--host ADDR] [--no-crop] [--json]
        serves the phone page; its address (with the token) is the last line printed before serving
        (on stderr with --json, whose one document comes at the end)
    scans escl [--scanner URL] (--dossier N | --tray) [--source feeder|flatbed] [--dpi 200|300]
               [--color grey|colour] [--json]
    scans escl --discover [--seconds S] [--json]
    scans idcards [--dossier N] [--all-kinds] [--json]
Exit 0 done, 1 something was refused or differs, 2 bad input.
"""

from __future__ import annotations

import sys

from landdesk.cli.common import CliEnv, StderrProgress, print_json, t, usage_error


def register(s) -> None:
    p = s.add_parser("phone", help="take pages with a phone over the office network (prints the address last)")
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--dossier", help="dossier id or number")
    g.add_argument("--tray", action="store_true", help="into the unassigned tray")
    p.add_argument("--kind", default="gcn", help="document kind preselected on the phone (default gcn)")
    p.add_argument("--port", type=int, default=0, help="port to listen on (default: a free one)")
    p.add_argument("--minutes", type=float, default=30, help="session length, at most 30 (default 30)")
    p.add_argument("--host", help="address to listen on (default: this PC's address on the office network)")
    p.add_argument("--no-crop", action="store_true", help="keep photos as taken (no crop to the page)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_phone)

    e = s.add_parser("escl", help="scan from a network (eSCL/AirScan) scanner")
    e.add_argument("--scanner", help="the scanner's address, e.g. http://192.168.1.20/eSCL (default: the last used)")
    e.add_argument("--discover", action="store_true", help="list the scanners found on the network and exit")
    e.add_argument("--seconds", type=float, default=3.0, help="how long to look for scanners (default 3)")
    g = e.add_mutually_exclusive_group()
    g.add_argument("--dossier", help="dossier id or number")
    g.add_argument("--tray", action="store_true", help="into the batch tray (cover sheets split the batch)")
    e.add_argument("--kind", default="gcn", help="document kind of the pages (default gcn)")
    e.add_argument("--source", choices=["feeder", "flatbed"], default="feeder")
    e.add_argument("--dpi", type=int, choices=[200, 300], default=300)
    e.add_argument("--color", choices=["grey", "colour"], default="colour")
    e.add_argument("--json", action="store_true")
    e.set_defaults(func=run_escl)

    i = s.add_parser("idcards", help="chip-card QR codes read from the pages, compared with the typed holders")
    i.add_argument("--dossier", help="dossier id or number (default: every dossier)")
    i.add_argument("--all-kinds", action="store_true",
                   help="read every page, not only identity papers (GT), when no dossier is given")
    i.add_argument("--json", action="store_true")
    i.set_defaults(func=run_idcards)



# ---- phone -------------------------------------------------------------------------------------


def run_phone(args, env: CliEnv) -> int:
    from landdesk.services.capture import netaddr, phone, photos

    if not 0 < args.minutes <= phone.MAX_MINUTES:
        raise usage_error(f"--minutes: từ 1 đến {phone.MAX_MINUTES}.", f"--minutes: 1 to {phone.MAX_MINUTES}.")
    if not 0 <= args.port <= 65535:
        raise usage_error("--port: từ 0 đến 65535.", "--port: 0 to 65535.")
    ws = env.open()
    kind = photos.check_kind(args.kind)
    did, label_vi, label_en = ws.read(lambda ctx: photos.target(ctx, None if args.tray else args.dossier))
    crop = not args.no_crop
    work = ws.read(photos.work_dir)

    def store(path, name, k):
        res = ws.transact(lambda ctx: photos.add_photo(ctx, path, name, did, k, crop=crop))
        return photos.received(res)

    def show(r: phone.Received) -> None:
        if not args.json:
            print(("✓ " if r.ok else "✗ ") + r.message(env.lang), flush=True)

    server = phone.PhoneServer(store, host=args.host or netaddr.best_address(), port=args.port,
                               minutes=args.minutes, kind=kind, target=label_vi, work_dir=work, on_received=show)
    url = server.start()
    out = sys.stderr if args.json else sys.stdout
    print(t(f"Mở địa chỉ này trên điện thoại (cùng mạng văn phòng) — {label_vi}; hết hạn lúc "
            f"{server.until:%H:%M}; Ctrl+C để dừng:",
            f"Open this address on the phone (same office network) — {label_en}; ends at "
            f"{server.until:%H:%M}; Ctrl+C to stop:"), file=out)
    print(url, file=out, flush=True)
    try:
        server.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    c = server.counts
    if args.json:
        print_json({"address": url, "dossier_id": did, "pages": c.pages, "refused": c.refused,
                    "results": [{"ok": r.ok, "message": r.message(env.lang), "page_ids": list(r.page_ids),
                                 "cropped": r.cropped} for r in c.results]})
    else:
        print(t(f"Phiên chụp đã kết thúc: nhận {c.pages} trang, từ chối {c.refused}.",
                f"Capture session ended: {c.pages} page(s) received, {c.refused} refused."))
    return 1 if c.refused else 0


# ---- network scanner ---------------------------------------------------------------------------


def run_escl(args, env: CliEnv) -> int:
    from landdesk.services.capture import escl_scan

    if args.discover:
        found = escl_scan.discover(args.seconds)
        if args.json:
            print_json([{"name": f.name, "url": f.url, "model": f.model} for f in found])
        else:
            for f in found:
                print(f"{f.url}  {f.name}" + (f" ({f.model})" if f.model else ""))
            if not found:
                print(t("Không tìm thấy máy quét mạng nào.", "No network scanner found."))
        return 0
    if not (args.dossier or args.tray):
        raise usage_error("Cần --dossier N hoặc --tray.", "Give --dossier N or --tray.")
    ws = env.open()
    url = args.scanner or ws.read(escl_scan.last_scanner)
    if not url:
        raise usage_error("Cần --scanner URL (chưa dùng máy quét mạng nào trước đây).",
                          "Give --scanner URL (no network scanner has been used before).")
    req = escl_scan.ScanRequest(source=args.source, dpi=args.dpi, color=args.color != "grey")
    rep = escl_scan.scan_into(ws, url, None if args.tray else args.dossier, args.kind, req,
                              progress=StderrProgress(False if args.json else None))
    if rep.error is not None and not rep.pages and not rep.refused:
        raise rep.error  # nothing came: one line on stderr, exit 2
    if args.json:
        print_json(rep.as_json(env.lang))
    else:
        for line in rep.lines(env.lang):
            print(line)
    return 1 if rep.error is not None or rep.refused else 0


# ---- chip-card QR codes ------------------------------------------------------------------------


def run_idcards(args, env: CliEnv) -> int:
    from landdesk.services.capture import idcards

    ws = env.open()
    found = ws.read(lambda ctx: idcards.read_cards(ctx, args.dossier, all_kinds=args.all_kinds,
                                                   progress=StderrProgress(False if args.json else None)))
    if args.json:
        print_json([d.as_json(env.lang) for d in found])
    else:
        for d in found:
            for line in d.lines(env.lang):
                print(line)
        if not found:
            print(t("Không có trang nào mang mã QR căn cước.", "No page carries an ID card's QR code."))
    return 1 if any(d.has_problems for d in found) else 0
