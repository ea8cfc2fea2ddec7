"""`landdesk receipt apply FILE`: apply a province receipt (accepted dossiers, or why not)."""

from __future__ import annotations

import sys
from pathlib import Path

from landdesk.cli.common import CliEnv, print_json, t
from landdesk.domain import i18n


def register(sub) -> None:
    p = sub.add_parser("receipt", help="province receipts")
    ps = p.add_subparsers(dest="receipt_cmd", metavar="ACTION", required=True)
    a = ps.add_parser("apply", help="apply a receipt from the province")
    a.add_argument("files", nargs="+", type=Path, metavar="FILE")
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=run_apply)


def ranges_text(ranges) -> str:
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in ranges)


def run_apply(args, env: CliEnv) -> int:
    """Each receipt in its own transaction: a bad file is one line (exit 2), the others still apply."""
    from landdesk.domain.errors import LandDeskError
    from landdesk.services.packages import receipts

    ws = env.open()
    results, refused, rejected = [], 0, False
    for path in args.files:
        try:
            res = ws.transact(lambda ctx, path=path: receipts.apply_receipt(ctx, path))
        except LandDeskError as exc:
            refused += 1
            results.append({"file": str(path), "error": exc.message()})
            sys.stderr.write(f"landdesk: {path.name}: {exc.message()}\n")
            continue
        rejected = rejected or bool(res.rejected)
        results.append(res.as_json())
        if not args.json:
            _show(res, env)
    if args.json:
        print_json(results[0] if len(results) == 1 else results)
    return 2 if refused else (1 if rejected else 0)


def _show(res, env: CliEnv) -> None:
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
        reasons = "; ".join((i18n.pick(x.get("vi"), x.get("en"), env.lang)) or x.get("rule", "") for x in r["reasons"])
        print(f"  {r['id']}  {r['status']}: {reasons or r['note']}")
    if res.missing:
        print(t(f"Tỉnh chưa nhận các gói số: {ranges_text(res.missing)}.",
                f"The province has not received packages: {ranges_text(res.missing)}."))
