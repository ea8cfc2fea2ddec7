"""`landdesk init --commune CODE`: create a commune workspace."""

from __future__ import annotations

import getpass
import os
import secrets
import sys

from landdesk.cli.common import CliEnv, print_json, t


def register(sub) -> None:
    p = sub.add_parser("init", help="create a workspace for a commune")
    p.add_argument("--commune", required=True, help="5-digit commune code (statistics office)")
    p.add_argument("--admin", default="admin", help="first administrator's user name (default admin)")
    p.add_argument("--full-name", default="", help="administrator's full name")
    p.add_argument("--password", help="administrator's password (or LANDDESK_PASSWORD; asked when interactive; "
                   "else one is made up and printed)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def initial_password(given: str | None) -> tuple[str, bool]:
    """(password, generated). A generated one is printed once so scripts can run unattended."""
    pw = given or os.environ.get("LANDDESK_PASSWORD")
    if pw:
        return pw, False
    if sys.stdin.isatty():
        pw = getpass.getpass(t("Mật khẩu quản trị: ", "Administrator password: "))
        if pw:
            return pw, False
    return secrets.token_urlsafe(9), True


def run(args, env: CliEnv) -> int:
    from landdesk.paths import check_workspace_location
    from landdesk.workspace import Workspace

    check_workspace_location(env.workspace_path)  # not in OneDrive, not on a network drive
    password, generated = initial_password(args.password)
    ws = Workspace.create(env.workspace_path, args.commune, admin=args.admin, password=password,
                          full_name=args.full_name)
    info, key = ws.info, ws_backup_key(ws)
    ws.close()
    if args.json:
        out = {"workspace": str(env.workspace_path), "commune_code": info.commune_code,
               "commune_name": info.commune_name, "admin": args.admin, "backup_key": key}
        if generated:
            out["admin_password"] = password
        print_json(out)
        return 0
    print(t(f"Đã tạo không gian làm việc cho {info.commune_name} ({info.commune_code}) tại {env.workspace_path}",
            f"Created the workspace for {info.commune_name} ({info.commune_code}) at {env.workspace_path}"))
    print_created(args.admin, password if generated else None, key)
    return 0


def ws_backup_key(ws) -> str:
    from landdesk.services.packages import keys

    return keys.backup_key(ws.root / "keys")


def print_created(admin: str, generated_password: str | None, backup_key: str) -> None:
    """What a new workspace's administrator must keep: shown once."""
    if generated_password:
        print(t(f"Mật khẩu ban đầu của '{admin}': {generated_password}  (hãy đổi bằng 'landdesk users passwd')",
                f"Initial password of '{admin}': {generated_password}  (change it with 'landdesk users passwd')"))
    print(t(f"Khóa sao lưu: {backup_key}\n  Các bản sao lưu được mã hóa bằng khóa này. Hãy in hoặc chép lại và cất vào "
            "tủ an toàn của văn phòng: không có nó thì không khôi phục được bản sao lưu.",
            f"Backup key: {backup_key}\n  Backups are encrypted with this key. Print or copy it and keep it in the "
            "office safe: without it a backup cannot be restored."))
