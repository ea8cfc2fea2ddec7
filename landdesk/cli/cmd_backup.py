"""`landdesk backup [--to DIR]`: a verified backup of the workspace (database, keys, scans)."""

from __future__ import annotations

from pathlib import Path

from landdesk.cli.common import CliEnv, StderrProgress, print_json, t


def register(sub) -> None:
    p = sub.add_parser("backup", help="back the workspace up (default into its backups folder)")
    p.add_argument("--to", type=Path, help="target folder, e.g. a USB drive (scans are copied incrementally)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def run(args, env: CliEnv) -> int:
    from landdesk.services import backup

    ws = env.open()
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
    print(result.folder)
    return 0
