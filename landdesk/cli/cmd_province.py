"""`landdesk province ...`: the province desk (--workspace names the province folder).

init --province CODE [--db URL] [--targets CSV] [--admin NAME] [--password PW] · import FILE...
[--receipts DIR] [--json] · report [OUT.xlsx] [--json] · roster add|list|approve|revoke ·
profile export OUT · conflicts [--commune CODE] [--page N] [--json] · dossiers CODE [--page N] [--json] ·
resolve ID CHOICE · targets CSV · check [--clean]

Every command but `init` logs in as every command on a commune does (`--user`, LANDDESK_PASSWORD or
the prompt); `init` sets the first administrator's password (`--password` or LANDDESK_PASSWORD), and
in the folder of a desk made before province logins, sets its first administrator once.
"""

from __future__ import annotations

import csv
from pathlib import Path

from landdesk.cli.common import CliEnv, StderrProgress, print_json, t
from landdesk.domain.errors import LandDeskError


def register(sub) -> None:
    p = sub.add_parser("province", help="the province desk: import packages, receipts, conflicts, report")
    ps = p.add_subparsers(dest="province_cmd", metavar="ACTION", required=True)
    i = ps.add_parser("init", help="create a province desk in --workspace")
    i.add_argument("--province", required=True, help="province code (e.g. 24)")
    i.add_argument("--db", help="SQLAlchemy URL of the province database (default: SQLite file in the folder)")
    i.add_argument("--targets", type=Path, help="CSV with columns code,target")
    i.add_argument("--admin", default="admin", help="first administrator's user name (default admin)")
    i.add_argument("--full-name", default="", help="administrator's full name")
    i.add_argument("--password", help="administrator's password (or LANDDESK_PASSWORD; asked when interactive; "
                   "else one is made up and printed)")
    i.add_argument("--json", action="store_true")
    i.set_defaults(func=run_init)
    m = ps.add_parser("import", help="verify and import packages; one signed receipt per package")
    m.add_argument("files", nargs="+", type=Path)
    m.add_argument("--receipts", type=Path, help="folder for the receipts (default <desk>/receipts)")
    m.add_argument("--db", help="database URL (overrides the desk's)")
    m.add_argument("--json", action="store_true")
    m.set_defaults(func=run_import)
    r = ps.add_parser("report", help="province progress report (workbook, JSON or screen)")
    r.add_argument("out", nargs="?", type=Path)
    r.add_argument("--db")
    r.add_argument("--json", action="store_true")
    r.set_defaults(func=run_report)
    ro = ps.add_parser("roster", help="commune signing keys")
    ros = ro.add_subparsers(dest="roster_cmd", metavar="ACTION", required=True)
    ra = ros.add_parser("add", help="approve a commune key (--commune CODE --key BASE64, or --file ROSTER.json)")
    ra.add_argument("--commune")
    ra.add_argument("--key")
    ra.add_argument("--file", type=Path)
    ra.add_argument("--json", action="store_true")
    ra.set_defaults(func=run_roster_add)
    rl = ros.add_parser("list", help="keys known, approved or pending")
    rl.add_argument("--json", action="store_true")
    rl.set_defaults(func=run_roster_list)
    rp = ros.add_parser("approve", help="approve a pending key after comparing fingerprints")
    rp.add_argument("commune")
    rp.add_argument("fingerprint")
    rp.set_defaults(func=run_roster_approve, json=False)
    rv = ros.add_parser("revoke", help="withdraw a commune key at once (a lost or stolen machine)")
    rv.add_argument("commune")
    rv.add_argument("fingerprint")
    rv.set_defaults(func=run_roster_revoke, json=False)
    pr = ps.add_parser("profile", help="the province profile communes import")
    prs = pr.add_subparsers(dest="profile_cmd", metavar="ACTION", required=True)
    pe = prs.add_parser("export", help="write the signed province profile")
    pe.add_argument("out", type=Path)
    pe.add_argument("--scan-names", metavar="PATTERN", default="",
                    help="how communes name exported scan PDFs, e.g. '{commune}_{serial}_{kind}' "
                         "(fields: serial, serial_spaced, num, commune, kind; default {serial}-{kind})")
    pe.set_defaults(func=run_profile_export)
    c = ps.add_parser("conflicts", help="the conflict queue")
    c.add_argument("--all", action="store_true", help="resolved ones too")
    c.add_argument("--commune", metavar="CODE", help="one commune's conflicts only")
    c.add_argument("--page", type=_page_number, metavar="N", help=f"one page of {PAGE_SIZE} (1 = the oldest)")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=run_conflicts)
    ds = ps.add_parser("dossiers", help=f"a commune's dossiers as received, {PAGE_SIZE} a page")
    ds.add_argument("commune", metavar="CODE")
    ds.add_argument("--page", type=_page_number, default=1, metavar="N", help="which page (default 1)")
    ds.add_argument("--json", action="store_true")
    ds.set_defaults(func=run_dossiers)
    rs = ps.add_parser("resolve", help="resolve a conflict: province|commune (edits), keep_both|reject (duplicates)")
    rs.add_argument("conflict_id")
    rs.add_argument("choice")
    rs.set_defaults(func=run_resolve)
    ck = ps.add_parser("check", help="the store and its scans agree, the database is sound (--clean: remove orphans)")
    ck.add_argument("--clean", action="store_true", help="remove scan files no record names")
    ck.add_argument("--json", action="store_true")
    ck.set_defaults(func=run_check)
    tg = ps.add_parser("targets", help="set commune targets from a CSV (code,target)")
    tg.add_argument("csv", type=Path)
    tg.set_defaults(func=run_targets)


PAGE_SIZE = 200  # (services.province.pages.PAGE_SIZE: the command line does not import services at start)


def _page_number(text: str) -> int:
    import argparse

    try:
        n = int(text)
    except ValueError:
        n = 0
    if not 1 <= n <= 10_000_000:
        raise argparse.ArgumentTypeError(t(f"số trang không hợp lệ: {text[:20]!r} (từ 1 trở lên)",
                                           f"invalid page number: {text[:20]!r} (1 or more)"))
    return n


def _open(env: CliEnv, db: str | None = None):
    """The desk, its user logged in (closed by the command line's env at the end)."""
    return env.open(kinds=("province",), db_url=db)


def _read_targets(path: Path) -> dict[str, int]:
    """code,target rows; a header row is optional (a spreadsheet saved as CSV often has none)."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            rows = [r for r in csv.reader(f) if any(c.strip() for c in r)]
        if rows and not rows[0][0].strip().isdigit():  # a header (any wording): codes are digits
            rows = rows[1:]
        targets = {r[0].strip(): int(r[1].strip().replace(".", "").replace(",", "")) for r in rows}
    except (OSError, IndexError, ValueError, UnicodeDecodeError) as exc:
        raise LandDeskError(f"Tệp chỉ tiêu không đọc được (cần hai cột: mã xã, chỉ tiêu): {path.name}",
                            f"Cannot read the targets file (two columns needed: commune code, target): "
                            f"{path.name}") from exc
    if not targets:
        raise LandDeskError(f"Tệp chỉ tiêu không có dòng nào: {path.name}", f"The targets file has no rows: {path.name}")
    return targets


def run_init(args, env: CliEnv) -> int:
    from landdesk.cli.cmd_init import initial_password
    from landdesk.workspace import is_desk
    from landdesk.workspace.province import ProvinceDesk

    targets = _read_targets(args.targets) if args.targets else None
    password, generated = initial_password(args.password)
    if is_desk(env.workspace_path):  # made before province logins: its first administrator, once
        desk = ProvinceDesk.set_first_admin(env.workspace_path, admin=args.admin, password=password,
                                            full_name=args.full_name, db_url=args.db)
        created = False
    else:
        desk = ProvinceDesk.create(env.workspace_path, args.province, db_url=args.db, targets=targets,
                                   admin=args.admin, password=password, full_name=args.full_name)
        created = True
    fp = desk.fingerprint()
    desk.close()
    if args.json:
        out = {"workspace": str(env.workspace_path), "province_code": desk.province_code, "fingerprint": fp,
               "admin": args.admin}
        if generated:
            out["admin_password"] = password
        print_json(out)
        return 0
    if created:
        print(t(f"Đã tạo bàn làm việc của {desk.province_name} tại {env.workspace_path}; dấu vân tay khóa tỉnh: {fp}",
                f"Created the desk of {desk.province_name} at {env.workspace_path}; province key fingerprint: {fp}"))
    else:
        print(t(f"Đã đặt quản trị viên '{args.admin}' cho bàn làm việc của {desk.province_name}.",
                f"Set the administrator '{args.admin}' of the desk of {desk.province_name}."))
    if generated:
        print(t(f"Mật khẩu ban đầu của '{args.admin}': {password}  (hãy đổi bằng 'landdesk users passwd')",
                f"Initial password of '{args.admin}': {password}  (change it with 'landdesk users passwd')"))
    return 0


def run_import(args, env: CliEnv) -> int:
    from landdesk.services.province import importer
    from landdesk.services.province.apply import ranges_text

    desk = _open(env, args.db)
    receipts = args.receipts or (desk.root / "receipts")
    results = importer.import_files(desk, args.files, receipts_dir=receipts,
                                    progress=StderrProgress(False if args.json else None))
    if args.json:
        print_json([r.as_json() for r in results])
    else:
        for r in results:
            if r.status == "refused":
                print(t(f"TỪ CHỐI {', '.join(Path(f).name for f in r.files)}: {r.error}",
                        f"REFUSED {', '.join(Path(f).name for f in r.files)}: {r.error}"))
                continue
            c = r.counts
            head = t("Đã nhập" if r.status == "imported" else "Đã nhập trước đây (gửi lại), không thay đổi gì:",
                     "Imported" if r.status == "imported" else "Already imported (replay), nothing changed:")
            print(t(f"{head} xã {r.commune_code} gói số {r.seq}: nhận {c.get('accepted', 0)}, trả lại "
                    f"{c.get('rejected', 0)}, xung đột {c.get('conflict', 0)}, trùng {c.get('duplicate', 0)}, "
                    f"xóa {c.get('deleted', 0)}, ảnh quét {c.get('scans', 0)}.",
                    f"{head} commune {r.commune_code} package {r.seq}: accepted {c.get('accepted', 0)}, returned "
                    f"{c.get('rejected', 0)}, conflicts {c.get('conflict', 0)}, duplicates {c.get('duplicate', 0)}, "
                    f"deleted {c.get('deleted', 0)}, scans {c.get('scans', 0)}."))
            if r.missing:
                gap = ranges_text(r.missing)
                print(t(f"  Xã {r.commune_code}: thiếu gói số {gap}.",
                        f"  Commune {r.commune_code}: package(s) {gap} missing."))
        for r in results:  # receipt paths last
            if r.receipt:
                print(r.receipt)
    return 2 if any(r.status == "refused" for r in results) else 0


def run_report(args, env: CliEnv) -> int:
    from landdesk.services.province import report

    desk = _open(env, args.db)
    rows = desk.read(report.progress_report)
    if args.out:
        report.write_workbook(rows, args.out, env.lang)
    if args.json:
        print_json({"communes": [r.as_json() for r in rows], "totals": report.totals(rows)})
        return 0
    vi = env.lang == "vi"
    for r in rows:
        if not (r.collected or r.target or r.last_seq):
            continue
        days = "-" if r.days_since_last is None else str(r.days_since_last)
        print(f"{r.code}  {r.name[:26]:<26} {r.collected:>7}/{r.target:<7} {r.percent:>6.1f}%  "
              f"{report.BAND_LABELS[r.band][0 if vi else 1]:<18} {days:>4}")
    tot = report.totals(rows)
    of = f"/{tot['target']}" if tot["target"] else t(" (chưa đặt chỉ tiêu)", " (no targets set)")
    print(t(f"Tổng: đã thu {tot['collected']}{of}, tỉnh đã nhận {tot['accepted']}; nhóm: ",
            f"Total: collected {tot['collected']}{of}, accepted {tot['accepted']}; bands: ")
          + ", ".join(f"{report.BAND_LABELS[b][0 if vi else 1]} {n}" for b, n in tot["bands"].items()))
    if args.out:
        print(args.out)
    return 0


def run_roster_add(args, env: CliEnv) -> int:
    from landdesk.services.province import roster

    desk = _open(env)
    if args.file:
        rows = desk.transact(lambda ctx: roster.add_file(ctx, args.file))
    elif args.commune and args.key:
        rows = [desk.transact(lambda ctx: roster.add_key(ctx, args.commune, args.key))]
    else:
        raise LandDeskError("Cần --commune và --key, hoặc --file.", "Give --commune and --key, or --file.")
    if args.json:
        print_json([r.as_json() for r in rows])
    for r in rows:
        if not args.json:
            print(t(f"Đã duyệt khóa của xã {r.commune_code}: {r.fingerprint}",
                    f"Approved the key of commune {r.commune_code}: {r.fingerprint}"))
    return 0


def run_roster_list(args, env: CliEnv) -> int:
    from landdesk.services.province import roster

    desk = _open(env)
    rows = desk.read(roster.list_keys)
    if args.json:
        print_json([r.as_json() for r in rows])
    else:
        for r in rows:
            print(f"{r.commune_code}  {r.fingerprint}  {r.status}")
    return 0


def run_roster_approve(args, env: CliEnv) -> int:
    from landdesk.services.province import roster

    desk = _open(env)
    r = desk.transact(lambda ctx: roster.approve(ctx, args.commune, args.fingerprint))
    print(t(f"Đã duyệt khóa của xã {r.commune_code}: {r.fingerprint}",
            f"Approved the key of commune {r.commune_code}: {r.fingerprint}"))
    return 0


def run_roster_revoke(args, env: CliEnv) -> int:
    from landdesk.services.province import roster

    desk = _open(env)
    r = desk.transact(lambda ctx: roster.revoke(ctx, args.commune, args.fingerprint))
    print(t(f"Đã thu hồi khóa của xã {r.commune_code}: {r.fingerprint}; mọi gói ký bằng khóa này sẽ bị từ chối.",
            f"Revoked the key of commune {r.commune_code}: {r.fingerprint}; every package it signs is refused."))
    return 0


def run_check(args, env: CliEnv) -> int:
    from landdesk.services.province import check

    desk = _open(env)
    r = check.check_store(desk, clean=args.clean)
    if args.json:
        print_json(r.as_json())
        return 0 if r.ok else 1
    print(t(f"{r.scans} ảnh quét; tệp thừa {len(r.orphans)}, tệp tạm {len(r.temporary)}, thiếu tệp {len(r.missing)}, "
            f"sai kích thước {len(r.wrong_size)}; cơ sở dữ liệu: {r.database}.",
            f"{r.scans} scans; orphan files {len(r.orphans)}, temporary files {len(r.temporary)}, missing files "
            f"{len(r.missing)}, wrong size {len(r.wrong_size)}; database: {r.database}."))
    if r.removed:
        print(t(f"Đã xóa {r.removed} tệp thừa.", f"Removed {r.removed} orphan file(s)."))
    elif r.orphans or r.temporary:
        print(t("Chạy lại với --clean để xóa các tệp thừa.", "Run again with --clean to remove the orphan files."))
    return 0 if r.ok else 1


def run_profile_export(args, env: CliEnv) -> int:
    from landdesk.services.province import profile

    desk = _open(env)
    out = desk.read(lambda ctx: profile.export_profile(ctx, args.out, scan_name_pattern=args.scan_names))
    fp = desk.fingerprint()
    print(t(f"Hồ sơ tỉnh (dấu vân tay {fp}):", f"Province profile (fingerprint {fp}):"))
    print(out)
    return 0


def run_conflicts(args, env: CliEnv) -> int:
    from landdesk.services.province import conflicts, pages

    desk = _open(env)
    status = None if args.all else "open"
    if args.page:
        page = desk.read(lambda ctx: pages.conflict_page(ctx, status=status, commune_code=args.commune,
                                                         offset=(args.page - 1) * pages.PAGE_SIZE))
        rows, total = page.rows, page.total
    else:
        rows = desk.read(lambda ctx: conflicts.list_conflicts(ctx, status=status, commune_code=args.commune))
        total = len(rows)
    if args.json:
        print_json([c.as_json() for c in rows])
    else:
        for c in rows:
            other = f" ↔ {c.other_commune}/{c.other_dossier_id}" if c.other_dossier_id else ""
            print(f"{c.id}  {c.kind:<7} {c.commune_code}/{c.dossier_id}  {c.field}{other}  {c.status}")
        if args.page:
            print(_page_line(page, t("xung đột", "conflict(s)")))
        else:
            print(t(f"{total} xung đột.", f"{total} conflict(s)."))
    return 1 if total and not args.all else 0


def run_dossiers(args, env: CliEnv) -> int:
    from landdesk.services.province import pages

    desk = _open(env)
    page = desk.read(lambda ctx: pages.dossier_page(ctx, args.commune, offset=(args.page - 1) * pages.PAGE_SIZE))
    if args.json:
        print_json({"commune": args.commune, "page": page.number, "pages": page.pages, "total": page.total,
                    "dossiers": [{**d.__dict__, "updated_at": d.updated_at.isoformat() if d.updated_at else None}
                                 for d in page.rows]})
        return 0
    for d in page.rows:
        print(f"{d.id}  {d.serial or '-':<12} {d.status:<10} {d.province_status:<9} {d.verified:>5}  {d.holders}")
    print(_page_line(page, t("hồ sơ", "dossier(s)")))
    return 0


def _page_line(page, what: str) -> str:
    return t(f"Trang {page.number}/{page.pages} — {page.total} {what}.",
             f"Page {page.number} of {page.pages} — {page.total} {what}.")


def run_resolve(args, env: CliEnv) -> int:
    from landdesk.services.province import conflicts

    desk = _open(env)
    c = desk.transact(lambda ctx: conflicts.resolve(ctx, args.conflict_id, args.choice))
    print(t(f"Đã giải quyết xung đột {c.id}: {c.resolution}", f"Resolved conflict {c.id}: {c.resolution}"))
    return 0


def run_targets(args, env: CliEnv) -> int:
    from landdesk.services.province import profile

    desk = _open(env)
    targets = _read_targets(args.csv)
    n = desk.transact(lambda ctx: profile.set_targets(ctx, targets))
    print(t(f"Đã đặt chỉ tiêu cho {n} xã.", f"Set targets for {n} communes."))
    return 0
