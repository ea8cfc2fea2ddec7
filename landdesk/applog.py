"""The app's log: a rotating file in the user's log folder, crash tracebacks beside it, no personal data.

`setup()` is called once per process by the command line and the window (the Qt message handler is
added by landdesk/ui/applog_qt.py). The log is for whoever supports the commune office: what failed,
where in the code, on which version. It must never hold what the dossiers hold, so every line is
passed through `redact()` first: runs of 6+ digits (CCCD/CMND numbers, serials, phone numbers),
dates (birth dates), words with Vietnamese letters (names, addresses) and the parameter lists that
SQLAlchemy puts into its error messages are masked. Code should still log ids and counts, not values.
"""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import os
import re
import sys
import threading
from pathlib import Path

LOG_NAME = "landdesk.log"
CRASH_NAME = "crash.log"  # faulthandler writes here: a separate file, because rotation would cut it off
MAX_BYTES = 1_000_000
BACKUPS = 4
CRASH_KEEP_BYTES = 256_000

_MASK = "<redacted>"  # ASCII: the rules below must not mask their own marks
_RULES = [
    # SQLAlchemy: "[parameters: (...)]" repeats the bound values of the failed statement
    (re.compile(r"\[parameters: [^\n]*"), "[parameters: " + _MASK + "]"),  # one line: the values' repr
    (re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b"), "<date>"),
    (re.compile(r"\d{6,}"), "<number>"),
    # a word with any letter outside ASCII: Vietnamese names, addresses, file names made from them
    (re.compile(r"[^\s'\"(),;:=\[\]{}<>/\\]*[^\x00-\x7f][^\s'\"(),;:=\[\]{}<>/\\]*"), _MASK),
    # and the capitalised plain-ASCII words next to one ("Nguyễn Văn A", "Phường Bắc Giang")
    (re.compile(r"(?:\b[A-Z][A-Za-z]*[ \t]+)*" + re.escape(_MASK) + r"(?:[ \t]+[A-Z][A-Za-z]*\b)*"), _MASK),
    (re.compile(re.escape(_MASK) + r"(?:[\s,]+" + re.escape(_MASK) + r")+"), _MASK),
]

log = logging.getLogger("landdesk")
_installed: dict[str, object] = {}


def redact(text: str) -> str:
    for pattern, repl in _RULES:
        text = pattern.sub(repl, text)
    return text


def log_dir() -> Path:
    """LANDDESK_LOG_DIR, else the user's log folder (Windows: %LOCALAPPDATA%\\LandDesk\\Logs)."""
    env = os.environ.get("LANDDESK_LOG_DIR")
    if env:
        return Path(env)
    from landdesk import paths

    return paths.log_dir()


class RedactingFormatter(logging.Formatter):
    """Time, level, logger, process/thread, then the message and any traceback, both redacted.
    (The time is formatted outside the redaction: it is not a birth date.)"""

    def format(self, record: logging.LogRecord) -> str:
        head = f"{self.formatTime(record, '%Y-%m-%d %H:%M:%S')} {record.levelname} {record.name} " \
               f"[{record.process} {record.threadName}]"
        text = redact(record.getMessage())
        if record.exc_info:
            text += "\n" + redact(self.formatException(record.exc_info))
        if record.stack_info:
            text += "\n" + redact(self.formatStack(record.stack_info))
        return f"{head} {text}"


class SharedRotatingHandler(logging.handlers.RotatingFileHandler):
    """The window, the command line and worker processes write the same file. On Windows a file another
    process has open cannot be renamed: then this process keeps writing where it is, and the rotation is
    left to the next one (instead of 'Logging error' on stderr)."""

    def doRollover(self) -> None:  # noqa: N802 (logging's name)
        try:
            super().doRollover()
        except OSError:
            if self.stream is None:
                self.stream = self._open()


def setup(kind: str) -> Path | None:
    """Log to the user's log folder (once per process); returns the log file, or None when the folder
    cannot be written (the app runs on without a log rather than not at all)."""
    if "file" in _installed:
        return _installed["file"]  # type: ignore[return-value]
    folder = log_dir()
    path = folder / LOG_NAME
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = SharedRotatingHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True)
    except OSError:
        _installed["file"] = None
        return None
    handler.setFormatter(RedactingFormatter())
    handler.setLevel(logging.INFO)
    logging.getLogger().addHandler(handler)
    if log.level == logging.NOTSET or log.level > logging.INFO:
        log.setLevel(logging.INFO)
    _installed["file"] = path
    _installed["handler"] = handler
    _crash_file(folder)
    _hooks()
    from landdesk import __version__

    log.info("LandDesk %s (%s) on %s, Python %s", __version__, kind, sys.platform, sys.version.split()[0])
    return path


def _crash_file(folder: Path) -> None:
    """faulthandler (a crash inside Qt or another library) into crash.log — unless something else
    already has it (pytest, PYTHONFAULTHANDLER)."""
    if faulthandler.is_enabled():
        return
    crash = folder / CRASH_NAME
    try:
        if crash.exists() and crash.stat().st_size > CRASH_KEEP_BYTES:
            crash.unlink()
        f = open(crash, "a", encoding="utf-8")  # noqa: SIM115 (kept open for the life of the process)
    except OSError:
        return
    _installed["crash"] = f
    faulthandler.enable(file=f, all_threads=True)


def _hooks() -> None:
    """Uncaught exceptions (main thread and other threads) go to the log, then to the previous hook."""
    previous = sys.excepthook

    def excepthook(kind, value, tb):
        if not issubclass(kind, KeyboardInterrupt):
            log.critical("uncaught exception", exc_info=(kind, value, tb))
        previous(kind, value, tb)

    previous_thread = threading.excepthook

    def thread_hook(args):
        if not issubclass(args.exc_type, SystemExit):
            log.critical("uncaught exception in thread %s", getattr(args.thread, "name", "?"),
                         exc_info=(args.exc_type, args.exc_value, args.exc_traceback))
        previous_thread(args)

    sys.excepthook = excepthook
    threading.excepthook = thread_hook


def log_file() -> Path:
    return log_dir() / LOG_NAME
