"""`landdesk backup [--to DIR] [--show-key]`: a verified, encrypted backup of the workspace (database, keys,
scans). `--show-key` prints the backup key again instead (administrators; written to the audit trail)."""

from __future__ import annotations

from pathlib import Path

from landdesk.cli.common import CliEnv, StderrProgress, print_json, t


def register(sub) -> None:
    p = sub.add_parser("backup", help="back the workspace up (default into its backups folder)")
    p.add_argument("--to", type=Path, help="target folder, e.g. a USB drive (scans are copied incrementally)")
    p.add_argument("--show-key", action="store_true", help="print the backup key (administrators) and exit")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def run(args, env: CliEnv) -> int:
    from landdesk.cli.cmd_init import print_created
    from landdesk.services import backup

    ws = env.open()
    if args.show_key:
        key = ws.transact(backup.show_backup_key)
        print_json({"backup_key": key}) if args.json else print(key)
        return 0
    progress = StderrProgress(False if args.json else None)
    result = ws.read(lambda ctx: backup.create_backup(ctx, args.to, progress=progress))
    ws.transact(lambda ctx: backup.record_backup(ctx, result))
    if args.json:
        print_json(result.as_json())
        return 0
    c = result.counts
    print(t(f"Đã sao lưu và kiểm tra: {c.get('dossiers', 0)} hồ sơ, {c.get('users', 0)} người dùng; "
            f"bản quét: {result.media_copied} tệp mới, {result.media_skipped} tệp đã có.",
            f"Backed up and verified: {c.get('dossiers', 0)} dossiers, {c.get('users', 0)} users; "
            f"scans: {result.media_copied} new files, {result.media_skipped} already there."))
    if result.new_key:  # an older workspace's first encrypted backup: its key, shown once
        print_created("", None, result.new_key)
    print(result.folder)
    return 0
