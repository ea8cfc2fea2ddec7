"""`landdesk export form01 OUT.xlsx [--variant pl3|vbdlis] [--scans DIR] [--json]`."""

from __future__ import annotations

from pathlib import Path

from landdesk.cli.common import CliEnv, StderrProgress, print_json, t


def register(sub) -> None:
    p = sub.add_parser("export", help="export data to files")
    s = p.add_subparsers(dest="export_command", metavar="WHAT", required=True)
    f = s.add_parser("form01", help="write the Form 01 workbook (PL3-01 or VBDLIS) and the named scan PDFs")
    f.add_argument("out", type=Path)
    f.add_argument("--variant", choices=["pl3", "vbdlis"], default="pl3")
    f.add_argument("--scans", type=Path, metavar="DIR", help="also write {serial}-GCN.pdf, {serial}-GT.pdf here")
    f.add_argument("--json", action="store_true")
    f.set_defaults(func=run)


def run(args, env: CliEnv) -> int:
    from landdesk.services.exporting import export_form01

    ws = env.open()
    res = ws.read(lambda ctx: export_form01(ctx, args.out, variant=args.variant, scans_dir=args.scans,
                                            progress=StderrProgress(False if args.json else None)))
    if args.json:
        print_json({"path": str(res.path), "variant": res.variant, "dossiers": res.dossiers, "rows": res.rows,
                    "scan_files": res.scan_files, "dropped_land_uses": res.dropped_land_uses})
    else:
        print(t(f"Đã ghi {res.rows} dòng ({res.dossiers} hồ sơ) vào {res.path}",
                f"Wrote {res.rows} rows ({res.dossiers} dossiers) to {res.path}")
              + (t(f"; {res.scan_files} tệp quét", f"; {res.scan_files} scan files") if args.scans else "") + ".")
        if res.dropped_land_uses:
            print(t(f"Lưu ý: {res.dropped_land_uses} mục đích sử dụng thứ 4 trở đi không có cột trong Mẫu 01.",
                    f"Note: {res.dropped_land_uses} land use(s) beyond the third have no Form 01 column."))
    return 0
