"""The log file (landdesk/applog.py): written to the user's log folder, crash tracebacks beside it,
rotation that survives a file another process holds (Windows), and no personal data — a real failing
import whose database error carries the holders' names, ID numbers and birth dates leaves none of
them in the log."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

from landdesk import applog

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "register_vni.csv"  # legacy VNI text, converted on import
# The synthetic people of that workbook, as written there, as stored (upper case) and as searched (folded).
PERSONAL = ["Nguyễn Văn Thành", "NGUYỄN VĂN THÀNH", "nguyen van thanh", "Trần Thị Hoà", "TRẦN THỊ HOÀ",
            "tran thi hoa", "24058001234", "024162005678", "024070003456", "1962-04-03", "03/04/1962",
            "05/11/1970", "1970-11-05", "Thôn Đông", "LÊ VĂN BÌNH", "le van binh", "Nguyeãn Vaên"]


def _env(log_dir: Path) -> dict:
    return dict(os.environ, LANDDESK_LOG_DIR=str(log_dir), LANDDESK_LANG="en")


def test_a_failing_import_is_logged_without_personal_data(ws_path, tmp_path):
    logs = tmp_path / "logs"
    r = subprocess.run([sys.executable, str(Path(__file__).with_name("log_child.py")), "--workspace", str(ws_path),
                        "import", "form01", str(FIXTURE)], env=_env(logs), capture_output=True, timeout=120)
    stderr = r.stderr.decode("utf-8", "replace")
    assert r.returncode != 0 and "OperationalError" in stderr
    text = (logs / applog.LOG_NAME).read_text(encoding="utf-8")
    assert "uncaught exception" in text and "sqlite3.OperationalError" in text and "cmd_import.py" in text
    # the engine hides statement parameters; where a message carries them anyway, the log masks them
    assert "[parameters: <redacted>]" in text or "parameters hidden" in text
    leaked = [p for p in PERSONAL if p in text]
    assert not leaked, leaked


def test_redact_masks_ids_dates_and_vietnamese_words():
    line = ("ValueError: holder 'Nguyễn Văn A' born 12/03/1985 (1985-03-12), CCCD 001234567890, Thôn Đông, "
            "Phường Bắc Giang; File \"/app/landdesk/cli/main.py\", line 1234, in main\n[parameters: ('Tran Van B', 7)]")
    out = applog.redact(line)
    for secret in ("Nguyễn", "Văn A", "12/03/1985", "1985-03-12", "001234567890", "Thôn", "Giang", "Tran Van B"):
        assert secret not in out
    assert "ValueError" in out and "main.py" in out and "line 1234" in out and "in main" in out


def test_log_folder_is_the_users_and_setup_writes_the_version(tmp_path):
    r = subprocess.run([sys.executable, "-m", "landdesk", "--version"], env=_env(tmp_path / "l1"),
                       capture_output=True, timeout=60)
    assert r.returncode == 0
    env = {k: v for k, v in os.environ.items() if k != "LANDDESK_LOG_DIR"}
    code = "from landdesk import applog; print(applog.log_dir())"
    r = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    import platformdirs

    assert Path(r.stdout.strip()) == Path(platformdirs.user_log_dir("LandDesk", appauthor=False))
    r = subprocess.run([sys.executable, "-m", "landdesk", "--workspace", str(tmp_path / "none"), "search", "x"],
                       env=_env(tmp_path / "l2"), capture_output=True, timeout=60)
    assert r.returncode == 2
    text = (tmp_path / "l2" / applog.LOG_NAME).read_text(encoding="utf-8")
    assert "LandDesk " in text and "(search)" in text


def test_a_hard_crash_leaves_its_traceback_in_crash_log(tmp_path):
    code = "from landdesk import applog; applog.setup('test'); import faulthandler; faulthandler._sigsegv()"
    env = _env(tmp_path)
    env.pop("PYTHONFAULTHANDLER", None)
    r = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, timeout=60)
    assert r.returncode != 0
    crash = (tmp_path / applog.CRASH_NAME).read_text(encoding="utf-8")
    assert "Fatal Python error" in crash and "<string>" in crash


def test_rotation_when_another_process_holds_the_file(tmp_path, monkeypatch, capsys):
    """Windows refuses to rename a log the window has open while the command line rotates it: the
    writer keeps writing to the current file, and nothing is printed about it."""
    handler = applog.SharedRotatingHandler(tmp_path / "x.log", maxBytes=2000, backupCount=2, encoding="utf-8")
    handler.setFormatter(applog.RedactingFormatter())
    logger = logging.getLogger("landdesk.test-rotation")
    logger.propagate = False
    logger.addHandler(handler)
    try:
        for i in range(100):
            logger.warning("line %d of the rotation test", i)
        assert (tmp_path / "x.log.1").exists() and (tmp_path / "x.log.2").exists()

        def held(src, dst):
            raise PermissionError(32, "The process cannot access the file because it is being used")

        monkeypatch.setattr(os, "rename", held)
        before = (tmp_path / "x.log").stat().st_size
        for i in range(100):
            logger.warning("held line %d", i)
        assert (tmp_path / "x.log").stat().st_size > before
        assert "held line 99" in (tmp_path / "x.log").read_text(encoding="utf-8")
        assert "Logging error" not in capsys.readouterr().err
    finally:
        logger.removeHandler(handler)
        handler.close()
