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

from landdesk.cli.common import CliEnv, print_json, t, usage_error


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
