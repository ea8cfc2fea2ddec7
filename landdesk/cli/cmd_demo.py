"""`landdesk demo [--records N] [--scans] [--seed S]`: fill a workspace with realistic synthetic data.

Creates the workspace first when the folder is not one yet (commune from --commune, default 07210),
printing the administrator's initial password like `init` does.
"""

from __future__ import annotations

import random
import time
from collections import Counter

from landdesk.cli.cmd_init import initial_password, print_created, ws_backup_key
from landdesk.cli.common import CliEnv, StderrProgress, print_json, t, usage_error

DEFAULT_COMMUNE = "07210"


def register(sub) -> None:
    p = sub.add_parser("demo", help="fill a workspace with realistic synthetic data (creating it if needed)")
    p.add_argument("--records", type=int, default=2000, help="number of dossiers (default 2000)")
    p.add_argument("--seed", type=int, default=1, help="random seed: the same seed gives the same data")
    p.add_argument("--scans", action="store_true", help="also attach synthetic scanned pages")
    p.add_argument("--commune", default=DEFAULT_COMMUNE,
                   help=f"commune code when the workspace is created (default {DEFAULT_COMMUNE})")
    p.add_argument("--admin", default="admin", help="administrator of a new workspace (default admin)")
    p.add_argument("--password", help="administrator's password for a new workspace (or LANDDESK_PASSWORD)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def run(args, env: CliEnv) -> int:
    from landdesk.demo import commune as demo
    from landdesk.workspace import Workspace, is_workspace

    if args.records < 0:
        raise usage_error("--records phải là số không âm.", "--records cannot be negative.")
    if args.scans and not demo.scans_available():
        raise usage_error("Bản cài đặt này chưa có chức năng tạo bản quét mẫu (--scans).",
                          "Demo scans (--scans) are not available in this build.")
    started = time.perf_counter()
    created, password, generated, key = False, None, False, ""
    if not is_workspace(env.workspace_path):
        password, generated = initial_password(args.password)
        env.adopt(Workspace.create(env.workspace_path, args.commune, admin=args.admin, password=password))
        created = True
    ws = env.open()
    if created:
        key = ws_backup_key(ws)
    progress = StderrProgress(False if args.json else None)

    def fill(ctx):
        result = demo.fill_demo(ctx, args.records, args.seed, progress=progress)
        if args.scans:
            demo.attach_scans(ctx, result.ids, random.Random(f"scans:{args.seed}"))
        return result

    result = ws.transact(fill)
    seconds = time.perf_counter() - started
    info = ws.info
    if args.json:
        out = {"workspace": str(env.workspace_path), "commune_code": info.commune_code, "created": created,
               "records": len(result.ids), "seed": args.seed, "planted_problems": len(result.planted),
               "planted_by_kind": dict(Counter(result.planted.values()).most_common()),
               "with_errors": result.errors, "with_warnings": result.warnings, "seconds": round(seconds, 2)}
        if generated:
            out["admin"], out["admin_password"] = args.admin, password
        if created:
            out["backup_key"] = key
        print_json(out)
        return 0
    if created:
        print(t(f"Đã tạo không gian làm việc cho {info.commune_name} ({info.commune_code}) tại {env.workspace_path}",
                f"Created the workspace for {info.commune_name} ({info.commune_code}) at {env.workspace_path}"))
        print_created(args.admin, password if generated else None, key)
    print(t(f"Đã tạo {len(result.ids)} hồ sơ mẫu (seed {args.seed}) trong {seconds:.1f} giây; "
            f"{len(result.planted)} hồ sơ có lỗi cài sẵn để kiểm tra.",
            f"Created {len(result.ids)} demo dossiers (seed {args.seed}) in {seconds:.1f} s; "
            f"{len(result.planted)} carry planted problems for the checks."))
    return 0
