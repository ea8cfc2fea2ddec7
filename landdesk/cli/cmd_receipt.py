"""`landdesk receipt apply FILE`: apply a province receipt (accepted dossiers, or why not)."""

from __future__ import annotations

from pathlib import Path

from landdesk.cli.common import CliEnv, print_json, t


def register(sub) -> None:
    p = sub.add_parser("receipt", help="province receipts")
    ps = p.add_subparsers(dest="receipt_cmd", metavar="ACTION", required=True)
    a = ps.add_parser("apply", help="apply a receipt from the province")
    a.add_argument("file", type=Path)
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=run_apply)


def run_apply(args, env: CliEnv) -> int:
    from landdesk.services.packages import receipts

    ws = env.open()
    res = ws.transact(lambda ctx: receipts.apply_receipt(ctx, args.file))
    if args.json:
        print_json(res.as_json())
        return 1 if res.rejected else 0
    c = res.counts
    if res.already_applied:
        print(t("Biên nhận này đã được áp dụng trước đây; không thay đổi gì.",
                "This receipt was applied before; nothing changed."))
    print(t(f"Gói số {res.seq}: tỉnh nhận {c.get('accepted', 0)} hồ sơ, trả lại {c.get('rejected', 0)}, "
            f"xung đột {c.get('conflict', 0)}, trùng với xã khác {c.get('duplicate', 0)}.",
            f"Package {res.seq}: the province accepted {c.get('accepted', 0)} dossiers, returned "
            f"{c.get('rejected', 0)}, conflicts {c.get('conflict', 0)}, duplicates with other communes "
            f"{c.get('duplicate', 0)}."))
    for r in res.rejected:
        reasons = "; ".join((x.get("vi") if env.lang == "vi" else x.get("en")) or x.get("rule", "") for x in r["reasons"])
        print(f"  {r['id']}  {r['status']}: {reasons or r['note']}")
    if res.missing:
        print(t(f"Tỉnh chưa nhận các gói số: {', '.join(map(str, res.missing))}.",
                f"The province has not received packages: {', '.join(map(str, res.missing))}."))
    return 1 if res.rejected else 0
