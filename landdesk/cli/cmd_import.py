"""`landdesk import form01 FILE [--dry-run] [--report OUT.xlsx] [--json] [--mode all-or-nothing|valid-only]`.

Exit 0 imported (or would import) with no refused row, 1 rows were refused, 2 bad input.
"""

from __future__ import annotations

import json
from pathlib import Path

from landdesk.cli.common import CliEnv, StderrProgress, print_json, t
from landdesk.domain import i18n


def register(sub) -> None:
    p = sub.add_parser("import", help="import data from files")
    s = p.add_subparsers(dest="import_command", metavar="WHAT", required=True)
    f = s.add_parser("form01", help="import a Form 01 workbook or register (xlsx, xls, ods, csv)")
    f.add_argument("file", type=Path)
    f.add_argument("--dry-run", action="store_true", help="show what would be added, updated and refused")
    f.add_argument("--report", type=Path, help="write the per-row problems to this .xlsx")
    f.add_argument("--json", action="store_true")
    f.add_argument("--mode", choices=["all-or-nothing", "valid-only"], default="all-or-nothing")
    f.add_argument("--sheet", help="the sheet to read (default: the one with a Form 01 header)")
    f.add_argument("--map", type=Path, help="a column map (.json) for a register of another shape")
    f.set_defaults(func=run)


def run(args, env: CliEnv) -> int:
    from landdesk.domain.errors import LandDeskError
    from landdesk.services.importing import import_form01
    from landdesk.services.importing.columnmaps import ColumnMap
    from landdesk.services.importing.problem_report import write_problem_report

    cmap = None
    if args.map:
        try:
            cmap = ColumnMap.from_json(json.loads(args.map.read_text(encoding="utf-8")), custom=True)
        except (OSError, ValueError) as exc:
            raise LandDeskError("Không đọc được tệp bảng ánh xạ cột.", "Cannot read the column map file.") from exc
    ws = env.open()
    progress = StderrProgress(False if args.json else None)

    def work(ctx):
        return import_form01(ctx, args.file, dry_run=args.dry_run, mode=args.mode, sheet=args.sheet,
                             column_map=cmap, progress=progress)

    result = ws.read(work) if args.dry_run else ws.transact(work)
    if args.report:
        write_problem_report(result, args.report)
    if args.json:
        print_json(result.as_json())
    else:
        print(result.summary(env.lang))
        for c in result.ignored_columns:
            print(f"  {t('cột', 'col')} {c}: {t('không lưu', 'not kept')} — {i18n.pick(c.vi, c.en, env.lang)}")
        for p in result.problems[:20]:
            kind = t("Lỗi", "Error") if p.error else t("Cảnh báo", "Warning")
            print(f"  {p.sheet} {t('dòng', 'row')} {p.row} {t('cột', 'col')} {p.column or '-'}: {kind}: "
                  f"{i18n.pick(p.vi, p.en, env.lang)}")
        if len(result.problems) > 20:
            print(t(f"  … và {len(result.problems) - 20} vấn đề khác (xem --report).",
                    f"  … and {len(result.problems) - 20} more (see --report)."))
    return 1 if result.refused else 0
