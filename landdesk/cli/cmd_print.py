"""`landdesk print receipt ID --out FILE.pdf [--item TEXT]... [--copies 1|2]`: the citizen's receipt."""

from __future__ import annotations

from pathlib import Path

from landdesk.cli.common import CliEnv, print_json, t


def register(sub) -> None:
    p = sub.add_parser("print", help="printable documents (PDF)")
    s = p.add_subparsers(dest="print_command", metavar="WHAT", required=True)
    r = s.add_parser("receipt", help="the receipt handed to the citizen with a QR code of the dossier")
    r.add_argument("dossier", help="dossier id or number")
    r.add_argument("--out", type=Path, required=True)
    r.add_argument("--item", action="append", default=[], help="another paper received (repeatable)")
    r.add_argument("--copies", type=int, choices=[1, 2], default=2)
    r.add_argument("--json", action="store_true")
    r.set_defaults(func=run_receipt)


def run_receipt(args, env: CliEnv) -> int:
    from landdesk.services.receipts import write_receipt

    ws = env.open()
    out = ws.read(lambda ctx: write_receipt(ctx, args.dossier, args.out, items=args.item, copies=args.copies))
    if args.json:
        print_json({"path": str(out)})
    else:
        print(t(f"Đã ghi giấy biên nhận vào {out}", f"Receipt written to {out}"))
    return 0
