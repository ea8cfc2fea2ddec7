"""`landdesk cover-sheets (--dossier ID... | --village V | --all-unscanned) --out FILE.pdf`: print cover
sheets (QR code of the dossier) to put on top of each dossier's papers before batch scanning."""

from __future__ import annotations

from pathlib import Path

from landdesk.cli.common import CliEnv, print_json, t


def register(sub) -> None:
    p = sub.add_parser("cover-sheets", help="a PDF of cover sheets (QR code per dossier) for batch scanning")
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--dossier", nargs="+", help="dossier ids or numbers")
    g.add_argument("--village", help="every dossier of this village")
    g.add_argument("--all-unscanned", action="store_true", help="every dossier without pages yet")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def run(args, env: CliEnv) -> int:
    from landdesk.services import scans

    ws = env.open()
    sheets, size = ws.read(lambda ctx: scans.cover_sheets(ctx, args.out, dossier_ids=args.dossier,
                                                          village=args.village, unscanned=args.all_unscanned))
    if args.json:
        print_json({"file": str(args.out), "sheets": sheets, "bytes": size})
    else:
        print(t(f"Đã ghi {sheets} tờ bìa vào {args.out} ({size / 1024:.0f} KB).",
                f"Wrote {sheets} cover sheet(s) to {args.out} ({size / 1024:.0f} KB)."))
    return 0
