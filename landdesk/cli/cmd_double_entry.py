"""`landdesk double-entry request [--sample F] | mismatches | rates` — double entry on high-risk fields.

Re-keying itself happens in the window (blind form); the command line queues dossiers and reports.
"""

from __future__ import annotations

from landdesk.cli.common import CliEnv, print_json, t
from landdesk.domain import i18n


def register(sub) -> None:
    p = sub.add_parser("double-entry", help="double entry of high-risk fields: queue dossiers, error rates")
    dsub = p.add_subparsers(dest="de_command", metavar="ACTION", required=True)
    r = dsub.add_parser("request", help="queue dossiers for blind re-keying by a second officer")
    r.add_argument("--sample", type=float, default=1.0, help="fraction of the dossiers, e.g. 0.1 (default all)")
    r.add_argument("--seed", type=int, help="random seed of the sample")
    r.add_argument("--json", action="store_true")
    for name, helptext in (("mismatches", "fields keyed differently, waiting for the supervisor"),
                           ("rates", "error rates per officer")):
        a = dsub.add_parser(name, help=helptext)
        a.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def run(args, env: CliEnv) -> int:
    from landdesk.services import double_entry as de

    ws = env.open()
    if args.de_command == "request":
        n = ws.transact(lambda ctx: de.request_double_entry(ctx, fraction=args.sample, seed=args.seed))
        if args.json:
            print_json({"queued": n})
        else:
            print(t(f"Đã đưa {n} hồ sơ vào danh sách nhập lần hai.", f"Queued {n} dossier(s) for double entry."))
        return 0
    if args.de_command == "mismatches":
        items = ws.read(de.open_mismatches)
        if args.json:  # values stay out of the output: they may be ID numbers
            print_json([{"id": m.id, "dossier_id": m.dossier_id, "field": m.field, "first_by": m.first_by,
                         "second_by": m.second_by} for m in items])
        else:
            for m in items:
                print(f"{m.dossier_id}  {i18n.pick(m.label_vi, m.label_en, env.lang):<28} {m.first_by} / {m.second_by}")
            print(t(f"{len(items)} chênh lệch chờ giám sát xử lý.", f"{len(items)} mismatch(es) waiting for the supervisor."))
        return 0
    rates = ws.read(de.error_rates)
    if args.json:
        print_json(rates)
        return 0
    print(t(f"Hồ sơ đã nhập lần hai: {rates['dossiers_keyed']}/{rates['dossiers_queued']}; "
            f"trường: {rates['fields']}; chênh lệch: {rates['mismatches']}",
            f"Dossiers re-keyed: {rates['dossiers_keyed']}/{rates['dossiers_queued']}; "
            f"fields: {rates['fields']}; mismatches: {rates['mismatches']}"))
    for name, r in rates["officers"].items():
        print(f"  {name:<16} {r['errors']:>5}/{r['fields_entered']:<6} {r['error_rate']:.2%}   "
              + t("nhập lần hai", "re-keyed") + f" {r['rekey_errors']}/{r['fields_rekeyed']}")
    return 0
