"""`landdesk check [--json]`: data-quality problems; exit 1 when any were found."""

from __future__ import annotations

from collections import Counter

from landdesk.cli.common import CliEnv, StderrProgress, print_json, t


def register(sub) -> None:
    p = sub.add_parser("check", help="data-quality problems over the whole commune")
    p.add_argument("--json", action="store_true")
    p.add_argument("--rule", action="append", help="only these rule ids (repeatable)")
    p.add_argument("--full", action="store_true",
                   help="re-validate every dossier (after an upgrade) and refresh the stored problem counts")
    p.set_defaults(func=run)


def run(args, env: CliEnv) -> int:
    from landdesk.services import checks

    ws = env.open()
    progress = StderrProgress(False if args.json else None)
    # A check run also moves dossiers to 'checked' (or back) for users who may edit.
    run = ws.transact(lambda ctx: checks.check_workspace(ctx, progress, full=args.full))
    findings = run.findings
    if args.rule:
        findings = [f for f in findings if f.rule in set(args.rule)]
    if args.json:
        print_json([f.as_json(env.lang) for f in findings])
    else:
        for f in findings:
            print(f"{f.dossier_num:>7}  {f.severity.label(env.lang):<9} {f.rule:<22} {f.message(env.lang)}")
        by_rule = Counter(f.rule for f in findings)
        print(t(f"Tổng cộng {len(findings)} vấn đề", f"{len(findings)} problem(s) in total")
              + (": " + ", ".join(f"{r} {n}" for r, n in by_rule.most_common()) if by_rule else "."))
        if run.moves:
            print(t("Chuyển bước: ", "Stage moves: ") + checks.moves_text(run.moves, env.lang))
    return 1 if findings else 0
