"""`landdesk verify request OUT.xlsx | apply FILE | extract FILE | figures | proposals | accept ID... |
reject ID... | demo-extract OUT` — population-data verification.

apply / extract are dry runs by default: they print the classification summary and change nothing;
`--commit` stores the results (and `--force` when they would take many holders out of "verified").
proposals lists the enrichments offered for verified holders; accept / reject decide them (one, several,
or `--all`). Exit 0 done, 2 bad input.
"""

from __future__ import annotations

from landdesk.cli.common import CliEnv, StderrProgress, print_json, t


def register(sub) -> None:
    p = sub.add_parser("verify", help="check land users against the population data (police)")
    vsub = p.add_subparsers(dest="verify_command", metavar="ACTION", required=True)
    r = vsub.add_parser("request", help="write the request list for the commune police")
    r.add_argument("out", metavar="OUT.xlsx")
    r.add_argument("--all", action="store_true", help="list every holder, not only those not yet verified")
    r.add_argument("--json", action="store_true")
    for name, helptext in (("apply", "import the police's answers to a request list"),
                           ("extract", "match holders against a population extract (xlsx/xls/ods/csv)")):
        a = vsub.add_parser(name, help=helptext)
        a.add_argument("file", metavar="FILE")
        a.add_argument("--commit", action="store_true", help="store the results (default: dry run)")
        a.add_argument("--force", action="store_true",
                       help="store even when many holders would lose their 'verified' status")
        a.add_argument("--json", action="store_true")
        if name == "extract":
            a.add_argument("--pending-only", action="store_true", help="only holders not yet verified")
    f = vsub.add_parser("figures", help="verification totals per holder link and per person")
    f.add_argument("--json", action="store_true")
    pr = vsub.add_parser("proposals", help="list the enrichments the population data offers")
    pr.add_argument("--limit", type=int)
    pr.add_argument("--json", action="store_true")
    for name, helptext in (("accept", "apply enrichment proposals to the holders (audited)"),
                           ("reject", "keep Form 01 as it is for these proposals (audited)")):
        a = vsub.add_parser(name, help=helptext)
        a.add_argument("ids", nargs="*", metavar="ID", help="proposal ids (from `verify proposals`)")
        a.add_argument("--all", action="store_true", help="every open proposal (of --field, when given)")
        a.add_argument("--field", action="append", choices=["name", "cccd", "cmnd", "birth", "gender", "address"])
        a.add_argument("--note", default="", help="why (kept in the audit trail)")
        a.add_argument("--json", action="store_true")
    d = vsub.add_parser("demo-extract", help="write a synthetic population extract of this workspace's holders "
                                           "with planted errors, its ground truth, and score the matcher")
    d.add_argument("out", metavar="OUT.xlsx|OUT.csv")
    d.add_argument("--seed", type=int, default=1)
    d.add_argument("--rate", type=float, default=0.03, help="share of holders planted per error kind")
    d.add_argument("--size", type=int, help="people in the extract (invented people fill it up)")
    d.add_argument("--headers", choices=["standard", "variant"], default="standard")
    d.add_argument("--legacy", choices=["tcvn3", "vni"], help="write the text in a legacy 8-bit font encoding")
    d.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def run(args, env: CliEnv) -> int:
    from landdesk.services import verification as v

    ws = env.open()
    if args.verify_command == "request":
        n = ws.transact(lambda ctx: v.write_request(ctx, args.out, only_pending=not args.all))
        if args.json:
            print_json({"holders": n, "path": str(args.out)})
        else:
            print(t(f"Đã ghi danh sách {n} chủ sử dụng cần xác minh: {args.out}",
                    f"Wrote the request list of {n} holder(s): {args.out}"))
        return 0
    if args.verify_command == "demo-extract":
        return _demo_extract(args, env, ws)
    if args.verify_command in ("figures", "proposals", "accept", "reject"):
        from landdesk.cli import verify_proposals

        return verify_proposals.run(args, env, ws)
    progress = StderrProgress(False if args.json else None)
    if args.verify_command == "extract":
        preview = ws.read(lambda ctx: v.preview_extract(ctx, args.file, only_pending=args.pending_only,
                                                        progress=progress))
    else:
        preview = ws.read(lambda ctx: v.preview_answers(ctx, args.file))
    summary = preview.summary()
    if args.commit:
        summary = ws.transact(lambda ctx: v.commit_preview(ctx, preview, force=args.force))
    summary["committed"] = bool(args.commit)
    summary["notes"] = preview.notes.lines(env.lang)
    if args.json:
        print_json(summary)
        return 0
    _print_summary(summary, env.lang)
    return 0


def _print_summary(s: dict, lang: str) -> None:
    from landdesk.domain.matching import reason_label

    for line in s["notes"]:
        print(line)
    print(t(f"Chủ sử dụng đã đối chiếu: {s['holders']} (tệp có {s['records']} dòng)",
            f"Holders compared: {s['holders']} ({s['records']} row(s) in the file)"))
    print(t(f"  Đã xác thực:               {s['verified']}", f"  Verified:                  {s['verified']}"))
    print(t(f"  Thông tin chưa chính xác:  {s['incorrect']}", f"  Incorrect information:     {s['incorrect']}"))
    print(t(f"  Cần phối hợp công an:      {s['needs_police']}", f"  Needs police coordination: {s['needs_police']}"))
    for reason, n in s["by_reason"].items():
        print(f"    {reason_label(reason, lang):<45} {n}")
    if s.get("representatives"):
        print(t(f"  (trong đó {s['representatives']} người đại diện của tổ chức, cộng đồng)",
                f"  (of which {s['representatives']} representative(s) of organisations or communities)"))
    if s.get("not_in_file"):
        print(t(f"{s['not_in_file']} chủ sử dụng đã xác minh trước đây không có trong tệp: giữ nguyên trạng thái.",
                f"{s['not_in_file']} holder(s) decided earlier are not in the file: their status is kept."))
    if s.get("undone"):
        print(t(f"{s['undone']} chủ sử dụng đang “đã xác thực” sẽ đổi trạng thái.",
                f"{s['undone']} holder(s) now verified would change status."))
    if s.get("proposals"):
        print(t(f"{s['proposals']} đề xuất làm giàu dữ liệu (xem: landdesk verify proposals).",
                f"{s['proposals']} enrichment proposal(s) (see: landdesk verify proposals)."))
    if s.get("unknown_refs"):
        print(t(f"Bỏ qua {s['unknown_refs']} dòng có mã tham chiếu không có trong không gian làm việc.",
                f"Skipped {s['unknown_refs']} row(s) whose reference is not in this workspace."))
    if s.get("unreadable"):
        print(t(f"{s['unreadable']} dòng có kết quả không đọc được (bỏ qua).",
                f"{s['unreadable']} row(s) with an unreadable result (skipped)."))
    if s["committed"]:
        print(t(f"Đã lưu kết quả; {s['changes']} chủ sử dụng thay đổi trạng thái.",
                f"Results stored; {s['changes']} holder(s) changed status."))
    else:
        print(t(f"Chạy thử: chưa thay đổi gì ({s['changes']} chủ sử dụng sẽ đổi trạng thái). Thêm --commit để lưu.",
                f"Dry run: nothing changed ({s['changes']} holder(s) would change). Add --commit to store."))


def _demo_extract(args, env: CliEnv, ws) -> int:
    """Synthetic extract + ground truth (OUT.truth.json, holder ids only) + precision/recall of a dry run."""
    import json
    from pathlib import Path

    from landdesk.demo import extract as ed
    from landdesk.domain.errors import LandDeskError
    from landdesk.services import verification as v

    out = Path(args.out)
    if out.suffix.lower() not in (".xlsx", ".csv"):
        raise LandDeskError("Tệp trích xuất mẫu phải là .xlsx hoặc .csv.", "The demo extract must be .xlsx or .csv.")
    holders = ws.read(v.load_holders)
    demo = ed.make_extract(holders, seed=args.seed, rate=args.rate, size=args.size)
    headers = ed.HEADERS_VARIANT if args.headers == "variant" else ed.HEADERS_STANDARD
    ed.write_extract(out, demo.records, headers=headers, encoding=args.legacy, extra_columns=args.headers == "variant")
    truth_path = out.with_name(out.stem + ".truth.json")
    truth_path.write_text(json.dumps({h: {"status": t.status.value, "reason": t.reason, "planted": t.planted,
                                          "kind": t.kind}
                                      for h, t in demo.truth.items()}, indent=1), encoding="utf-8")
    preview = ws.read(lambda ctx: v.preview_extract(ctx, out))
    score = ed.score(demo.truth, {c.holder.holder_id: (c.outcome.status.value, c.outcome.reason) for c in preview.items})
    result = {"extract": str(out), "truth": str(truth_path), "records": len(demo.records), "holders": len(holders),
              "unjudged": demo.unjudged, "planted": dict(demo.planted)} | score
    if args.json:
        print_json(result)
    else:
        print(t(f"Đã ghi {out} ({len(demo.records)} người) và đáp án {truth_path}.",
                f"Wrote {out} ({len(demo.records)} people) and the ground truth {truth_path}."))
        print(t(f"Đã cài {sum(demo.planted.values())} lỗi; đánh giá {score['judged']} chủ sử dụng "
                f"({demo.unjudged} không đánh giá được).",
                f"Planted {sum(demo.planted.values())} error(s); {score['judged']} holder(s) judged "
                f"({demo.unjudged} could not be)."))
        print(f"precision {score['flag_precision']:.4f}  recall {score['flag_recall']:.4f}  "
              f"reason accuracy {score['reason_accuracy']:.4f}")
        for kind, c in score["per_kind"].items():
            print(f"  {kind:<22} {c.get('right', 0):>6}/{c.get('expected', 0)}")
    return 0 if not score["wrong"] else 1
