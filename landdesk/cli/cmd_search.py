"""`landdesk search TEXT [--limit N] [--exact] [--json]`."""

from __future__ import annotations

from landdesk.cli.common import CliEnv, print_json, t
from landdesk.domain.values import format_area


def register(sub) -> None:
    p = sub.add_parser("search", help="find dossiers (accents, case and tone placement ignored)")
    p.add_argument("text", help="names, ID numbers, serials, sheet/parcel, addresses")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--exact", action="store_true", help="require the accents as typed")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def run(args, env: CliEnv) -> int:
    from landdesk.services import search

    if args.limit < 1:
        from landdesk.cli.common import usage_error

        raise usage_error("--limit phải là số dương.", "--limit must be positive.")
    ws = env.open()
    found = ws.read(lambda ctx: search.search(ctx, args.text, args.limit, exact=args.exact))
    if args.json:
        print_json([s.as_json() for s in found])
        return 0
    if not found:
        print(t("Không tìm thấy hồ sơ nào.", "No dossier found."))
        return 0
    for s in found:
        print(f"{s.num:>7}  {s.serial:<14} {'; '.join(s.holders)[:48]:<48} {s.parcels[:16]:<16} "
              f"{format_area(s.area, env.lang):>10}  {s.status.label(env.lang)}")
    return 0
