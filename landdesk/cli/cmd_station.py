"""`landdesk station …`: several workstations of one commune (docs/stations.md).

    station enrol NAME --out FILE [--users A,B] [--split-mb N]   (primary; prints the file's path last)
    station join FILE... [--password P]                            (creates the station's workspace)
    station sync --dir FOLDER | --lan HOST:PORT                    (either side / a station)
    station serve [--port N] [--host H] [--minutes M]              (primary, until stopped)
    station list | status | revoke NAME | conflicts | resolve ID CHOICE
"""

from __future__ import annotations

import sys
from pathlib import Path

from landdesk.cli.common import CliEnv, print_json, t, usage_error


def register(sub) -> None:
    p = sub.add_parser("station", help="workstations of one commune: enrol, join, sync, serve")
    ps = p.add_subparsers(dest="station_cmd", metavar="ACTION", required=True)
    a = ps.add_parser("enrol", help="enrol a workstation (primary): writes its enrolment file")
    a.add_argument("name")
    a.add_argument("--out", type=Path, required=True, metavar="FILE")
    a.add_argument("--users", help="user names allowed there, comma separated (default: every active user)")
    a.add_argument("--split-mb", type=float, help="volumes of at most N MB")
    a.set_defaults(func=run_enrol)
    a = ps.add_parser("join", help="make this PC a workstation from its enrolment file")
    a.add_argument("files", nargs="+", type=Path, metavar="FILE")
    a.add_argument("--password", help="the password of --user (or LANDDESK_PASSWORD; asked when interactive)")
    a.set_defaults(func=run_join)
    a = ps.add_parser("sync", help="exchange with the other side through a folder, or over the network")
    how = a.add_mutually_exclusive_group(required=True)
    how.add_argument("--dir", type=Path, metavar="FOLDER")
    how.add_argument("--lan", metavar="HOST:PORT")
    a.set_defaults(func=run_sync)
    a = ps.add_parser("serve", help="let workstations synchronise over the network (primary) until stopped")
    a.add_argument("--port", type=int, default=8765)
    a.add_argument("--host", default="0.0.0.0", help="address to listen on (default: every interface)")
    a.add_argument("--minutes", type=float, help="stop after M minutes")
    a.set_defaults(func=run_serve)
    for name, fn, hlp in (("list", run_list, "the primary's workstations"),
                          ("status", run_status, "this workstation: its code, primary, last exchange"),
                          ("conflicts", run_conflicts, "the primary's station conflict queue")):
        a = ps.add_parser(name, help=hlp)
        a.set_defaults(func=fn)
    a = ps.add_parser("revoke", help="refuse a workstation's packages from now on")
    a.add_argument("name")
    a.set_defaults(func=run_revoke)
    a = ps.add_parser("resolve", help="settle a station conflict: primary|station (edits), keep_both|delete")
    a.add_argument("id")
    a.add_argument("choice")
    a.set_defaults(func=run_resolve)
    for parser in ps.choices.values():
        parser.add_argument("--json", action="store_true")


def run_enrol(args, env: CliEnv) -> int:
    from landdesk.services.stations import enrol

    users = [u for u in (args.users or "").split(",") if u.strip()] or None
    if args.split_mb is not None and args.split_mb < 1:
        raise usage_error("Kích thước tập phải từ 1 MB trở lên.", "The volume size must be at least 1 MB.")
    got = enrol.enrol_station(env.open(), args.name, args.out, users=users, split_mb=args.split_mb)
    if args.json:
        print_json(got.as_json())
        return 0
    s = got.station
    print(t(f"Đã đăng ký máy trạm {s.code} ({s.name}); số hồ sơ {s.blocks[0][0]}–{s.blocks[0][1]}; "
            f"người dùng: {', '.join(s.users)}. Mang tệp sau sang máy trạm:",
            f"Enrolled workstation {s.code} ({s.name}); dossier numbers {s.blocks[0][0]}–{s.blocks[0][1]}; "
            f"users: {', '.join(s.users)}. Take this file to the workstation:"))
    for p in got.paths:
        print(p)
    return 0


def run_join(args, env: CliEnv) -> int:
    import getpass
    import os

    from landdesk.paths import check_workspace_location
    from landdesk.services.stations import join, station
    from landdesk.workspace import Workspace

    check_workspace_location(env.workspace_path)
    user = env.user or "admin"
    password = args.password or os.environ.get("LANDDESK_PASSWORD")
    if not password and sys.stdin.isatty():
        password = getpass.getpass(t(f"Mật khẩu của {user}: ", f"Password of {user}: "))
    if not password:
        raise usage_error("Cần mật khẩu của người dùng được phép ở máy trạm (--password hoặc LANDDESK_PASSWORD).",
                          "The password of a user allowed on the workstation is needed (--password or LANDDESK_PASSWORD).")

    def create(code, admin, pw):
        return Workspace.create(env.workspace_path, code, admin=admin, password=pw)

    ws = join.join(create, args.files, user, password)
    env.adopt(ws)
    st = ws.read(station.status)
    if args.json:
        print_json({"workspace": str(env.workspace_path), **st})
        return 0
    print(t(f"Máy này là máy trạm {st['station_code']} ({st['station_name']}) của xã {ws.info.commune_name}; "
            f"số hồ sơ {st['blocks'][0][0]}–{st['blocks'][0][1]}.",
            f"This PC is workstation {st['station_code']} ({st['station_name']}) of {ws.info.commune_name}; "
            f"dossier numbers {st['blocks'][0][0]}–{st['blocks'][0][1]}."))
    print(env.workspace_path)
    return 0


def run_sync(args, env: CliEnv) -> int:
    from landdesk.services.stations import exchange, lan

    ws = env.open()
    if args.lan:
        got = lan.sync_lan(ws, args.lan)
        if args.json:
            print_json(got)
        else:
            ans = got["answer"]
            print(t("Đã gửi cho máy chính; " + ("đã nhận và áp dụng câu trả lời." if ans else "máy trạm đã có đủ."),
                    "Sent to the primary; " + ("its answer was received and applied." if ans else "nothing new.")))
        return 0
    got = exchange.sync_dir(ws, args.dir)
    for r in got.refused:
        sys.stderr.write(f"landdesk: {Path(r['files'][0]).name}: {r['error']}\n")
    if args.json:
        print_json(got.as_json())
    else:
        print(t(f"Đã nhận {len(got.taken)} gói, đã ghi {len(got.sent)} gói vào {args.dir}.",
                f"Took {len(got.taken)} package(s), wrote {len(got.sent)} into {args.dir}."))
        for s in got.sent:
            for p in s.get("paths", []):
                print(p)
    if got.refused:
        return 2 if not got.taken else 1
    return 0


def run_serve(args, env: CliEnv) -> int:
    import threading

    from landdesk.services.stations import lan, primary

    ws = env.open()
    ws.read(primary.require_primary_role)
    server = lan.StationServer(ws, args.host, args.port)
    where = f"{args.host}:{server.port}"
    if args.json:
        print_json({"listening": where})
    else:
        print(t(f"Đang chờ máy trạm đồng bộ tại {where} (Ctrl+C để dừng).",
                f"Waiting for workstations at {where} (Ctrl+C to stop)."))
    sys.stdout.flush()
    try:
        server.serve_until(threading.Event(), None if args.minutes is None else args.minutes * 60)
    finally:
        server.stop()
    return 0


def run_list(args, env: CliEnv) -> int:
    from landdesk.services.stations import enrol

    rows = env.open().read(enrol.list_stations)
    if args.json:
        print_json([r.as_json() for r in rows])
        return 0
    for r in rows:
        last = r.last_exchange_at or t("chưa đồng bộ", "never")
        print(f"{r.code}  {r.name}  {r.status}  {last}  "
              + t(f"{r.pending_dossiers} hồ sơ chờ gửi", f"{r.pending_dossiers} dossier(s) to send"))
    return 0


def run_status(args, env: CliEnv) -> int:
    from landdesk.services.stations import station

    st = env.open().read(station.status)
    if args.json:
        print_json(st)
        return 0
    if st["role"] != "station":
        print(t("Máy này không phải máy trạm.", "This desk is not a workstation."))
        return 0
    print(t(f"Máy trạm {st['station_code']} ({st['station_name']}); đồng bộ lần cuối: {st['last_exchange_at'] or 'chưa'}; "
            f"còn {st['numbers_left']} số hồ sơ.",
            f"Workstation {st['station_code']} ({st['station_name']}); last synchronised: "
            f"{st['last_exchange_at'] or 'never'}; {st['numbers_left']} dossier numbers left."))
    return 0


def run_revoke(args, env: CliEnv) -> int:
    from landdesk.services.stations import enrol

    got = env.open().transact(lambda ctx: enrol.revoke(ctx, args.name))
    if args.json:
        print_json(got.as_json())
    else:
        print(t(f"Đã thu hồi máy trạm {got.code} ({got.name}).", f"Revoked workstation {got.code} ({got.name})."))
    return 0


def run_conflicts(args, env: CliEnv) -> int:
    from landdesk.services.stations import conflicts

    rows = env.open().read(conflicts.list_conflicts)
    if args.json:
        print_json([r.as_json() for r in rows])
        return 0
    for r in rows:
        print(f"{r.id}  {r.kind}  HS {r.dossier_num}  {r.station}  {r.field}")
    return 0


def run_resolve(args, env: CliEnv) -> int:
    from landdesk.services.stations import conflicts

    got = env.open().transact(lambda ctx: conflicts.resolve(ctx, args.id, args.choice))
    if args.json:
        print_json(got.as_json())
    else:
        print(t(f"Đã giải quyết: {got.resolution}.", f"Resolved: {got.resolution}."))
    return 0
