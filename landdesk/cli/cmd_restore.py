"""`landdesk restore FILE [--key KEY] [--force]`: verify a backup and restore it into --workspace.

The backup key (for an encrypted backup) comes from --key, LANDDESK_BACKUP_KEY, or is asked on a
terminal; the acting administrator logs in as for any command (--user, LANDDESK_PASSWORD or a prompt)."""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from landdesk.cli.common import CliEnv, StderrProgress, login_password, print_json, t


def register(sub) -> None:
    p = sub.add_parser("restore", help="restore a backup (its folder or manifest.json) into --workspace")
    p.add_argument("file", type=Path, help="the backup folder or its manifest.json")
    p.add_argument("--force", action="store_true",
                   help="replace a non-empty workspace (the old one is moved aside, not deleted)")
    p.add_argument("--key", help="the backup key printed when the workspace was made (or LANDDESK_BACKUP_KEY)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def _backup_key(given: str | None) -> str | None:
    key = given or os.environ.get("LANDDESK_BACKUP_KEY")
    if not key and sys.stdin.isatty():
        key = getpass.getpass(t("Khóa sao lưu: ", "Backup key: "))
    return key or None


def run(args, env: CliEnv) -> int:
    from landdesk.services import backup

    progress = StderrProgress(False if args.json else None)
    key = _backup_key(args.key) if backup.read_manifest(args.file).encrypted else None
    result = backup.restore_backup(args.file, env.workspace_path, user=env.user,
                                   password=login_password(lambda: env.user or ""), key=key, force=args.force,
                                   progress=progress)
    if args.json:
        print_json(result.as_json())
        return 0
    c = result.counts
    print(t(f"Đã kiểm tra và khôi phục bản sao lưu ngày {result.created_at} vào {result.workspace}: "
            f"{c.get('dossiers', 0)} hồ sơ, {c.get('holders', 0)} chủ sử dụng, {c.get('users', 0)} người dùng, "
            f"{c.get('audit_log', 0)} mục nhật ký, {result.media} tệp bản quét.",
            f"Verified and restored the backup of {result.created_at} into {result.workspace}: "
            f"{c.get('dossiers', 0)} dossiers, {c.get('holders', 0)} holders, {c.get('users', 0)} users, "
            f"{c.get('audit_log', 0)} audit entries, {result.media} scan files."))
    print(t("Nhật ký thay đổi: toàn vẹn." if result.audit_ok else "CẢNH BÁO: chuỗi nhật ký thay đổi bị đứt.",
            "Audit trail: intact." if result.audit_ok else "WARNING: the audit trail's chain is broken."))
    if result.new_backup_key:
        from landdesk.cli.cmd_init import print_created

        print_created("", None, result.new_backup_key)
    if result.moved_aside:
        print(t(f"Không gian làm việc cũ được giữ tại: {result.moved_aside}",
                f"The previous workspace was kept at: {result.moved_aside}"))
    return 0
