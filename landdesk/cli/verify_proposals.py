"""`landdesk verify figures | proposals | accept | reject`: verification totals (per holder link and per
person) and the enrichment proposals (list, accept one/several/all, reject). Called from cmd_verify."""

from __future__ import annotations

from landdesk.cli.common import CliEnv, print_json, t

_STATUS_KEYS = ("verified", "incorrect", "needs_police", "pending")


def run(args, env: CliEnv, ws) -> int:
    from landdesk.services import enrichment
    from landdesk.services import verification as v

    if args.verify_command == "figures":
        figures = ws.read(v.verification_figures)
        if args.json:
            print_json(figures)
        else:
            _print_figures(figures)
        return 0
    if args.verify_command == "proposals":
        rows = ws.read(lambda ctx: enrichment.list_proposals(ctx, limit=args.limit))
        if args.json:
            print_json({"proposals": [p.as_json(env.lang) for p in rows], "count": len(rows)})
            return 0
        for p in rows:
            j = p.as_json(env.lang)
            mark = t(" (tham khảo)", " (informative)") if p.informative else ""
            print(t(f"{p.id}  hồ sơ {p.dossier_num}  {j['field_label']}{mark}: {j['old']} → {j['new']}",
                    f"{p.id}  dossier {p.dossier_num}  {j['field_label']}{mark}: {j['old']} → {j['new']}"))
        print(t(f"{len(rows)} đề xuất đang chờ.", f"{len(rows)} open proposal(s)."))
        return 0
    ids = list(args.ids)
    if args.all:
        ids += ws.read(lambda ctx: enrichment.all_open_ids(ctx, fields=args.field))
    ids = list(dict.fromkeys(ids))
    if args.verify_command == "accept":
        result = ws.transact(lambda ctx: enrichment.accept(ctx, ids))
        if args.json:
            print_json(result)
        else:
            print(t(f"Đã áp dụng {result['accepted']} đề xuất (ghi vào nhật ký).",
                    f"Applied {result['accepted']} proposal(s) (audited)."))
            if result["stale"]:
                print(t(f"{result['stale']} đề xuất không áp dụng vì chủ sử dụng đã được sửa sau đó.",
                        f"{result['stale']} proposal(s) not applied: the holder was edited since."))
        return 0
    n = ws.transact(lambda ctx: enrichment.reject(ctx, ids, args.note))
    if args.json:
        print_json({"rejected": n})
    else:
        print(t(f"Đã từ chối {n} đề xuất (ghi vào nhật ký).", f"Rejected {n} proposal(s) (audited)."))
    return 0


def _print_figures(f: dict) -> None:
    head = t("                                 Đã xác thực  Chưa chính xác  Cần công an  Chưa đối chiếu   Tổng",
             "                                    Verified   Incorrect   Needs police   Not checked   Total")
    print(head)
    rows = (("links", "holders", t("Lượt chủ hộ/cá nhân (theo GCN)", "Holder links (per certificate)")),
            ("links", "representatives", t("Lượt người đại diện", "Representative links")),
            ("persons", "holders", t("Người: chủ hộ/cá nhân", "Persons: holders")),
            ("persons", "representatives", t("Người: người đại diện", "Persons: representatives")),
            ("persons", None, t("Người (mỗi công dân một lần)", "Persons (each citizen once)")))
    for unit, cat, label in rows:
        b = f[unit][cat] if cat else f[unit]
        print(f"{label:<33}" + "".join(f"{b[k]:>13}" for k in _STATUS_KEYS) + f"{b['total']:>8}")
    print(t("Lượt: mỗi GCN một lần (một người có hai GCN tính hai lượt). Người: mỗi công dân một lần, "
            "theo trạng thái cần xử lý nhất.",
            "Links: once per certificate (a person with two certificates counts twice). Persons: each citizen "
            "once, with the status that most needs work."))
    pr = f["proposals"]
    print(t(f"Đề xuất làm giàu dữ liệu: chờ {pr['open']}, đã áp dụng {pr['accepted']}, đã từ chối {pr['rejected']}",
            f"Enrichment proposals: open {pr['open']}, accepted {pr['accepted']}, rejected {pr['rejected']}"))
