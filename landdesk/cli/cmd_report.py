"""`landdesk report [OUT.xlsx] [--json] [--set-target N]`: the commune's campaign figures."""

from __future__ import annotations

from pathlib import Path

from landdesk.cli.common import CliEnv, print_json, t
from landdesk.domain import i18n


def register(sub) -> None:
    p = sub.add_parser("report", help="campaign figures for the commune (workbook with charts, or --json)")
    p.add_argument("out", nargs="?", type=Path, help="write the report workbook (.xlsx) here")
    p.add_argument("--json", action="store_true")
    p.add_argument("--set-target", type=int, metavar="N", help="number of certificates the commune must collect")
    p.set_defaults(func=run)


def run(args, env: CliEnv) -> int:
    from landdesk.domain.errors import LandDeskError
    from landdesk.services import reports
    from landdesk.services.exporting.report_workbook import write_report

    if args.out and args.out.suffix.lower() != ".xlsx":
        raise LandDeskError("Tệp báo cáo phải có đuôi .xlsx.", "The report file must end in .xlsx.")
    ws = env.open()
    if args.set_target is not None:
        ws.transact(lambda ctx: reports.set_target(ctx, args.set_target))
    fig = ws.read(reports.campaign_figures)
    if args.out:
        write_report(fig, args.out)
    if args.json:
        print_json(fig.as_json() | ws.read(reports.quality_figures))
        return 0
    tt = fig.totals
    pct = f" ({fig.progress * 100:.1f}%)" if fig.progress is not None else ""
    target = fig.target if fig.target else t("chưa đặt", "not set")
    print(t(f"Chỉ tiêu: {target}; đã thu nhận {tt.collected}{pct}; chưa thu được {tt.not_collected}",
            f"Target: {target}; collected {tt.collected}{pct}; not collected {tt.not_collected}"))
    for key in ("scanned", "entered", "checked", "verified", "sent", "accepted", "returned"):
        print(f"  {i18n.pick(*reports.FIGURE_LABELS[key], env.lang):<28} {getattr(tt, key):>8}")
    print(t(f"Người sử dụng đất (mỗi công dân một lần): {tt.persons}; xác thực đúng {tt.persons_verified}, "
            f"chưa chính xác {tt.persons_incorrect}, cần phối hợp công an {tt.persons_needs_police}",
            f"Land users (each citizen once): {tt.persons}; verified {tt.persons_verified}, incorrect "
            f"{tt.persons_incorrect}, needs police {tt.persons_needs_police}"))
    print(t(f"Lượt trên GCN (một người có hai GCN tính hai lượt): {tt.holders}; xác thực đúng {tt.holders_verified}, "
            f"chưa chính xác {tt.holders_incorrect}, cần phối hợp công an {tt.holders_needs_police}, "
            f"tổ chức {tt.holders_organisations}; trong đó người đại diện {tt.representatives}",
            f"Links on certificates (two certificates, two links): {tt.holders}; verified {tt.holders_verified}, "
            f"incorrect {tt.holders_incorrect}, needs police {tt.holders_needs_police}, organisations "
            f"{tt.holders_organisations}; of which representatives {tt.representatives}"))
    for n in fig.not_collected:
        print(f"  {n.custody.label(env.lang):<28} {n.count:>8}")
    if args.out:
        print(t(f"Đã ghi báo cáo vào {args.out}", f"Report written to {args.out}"))
    return 0
