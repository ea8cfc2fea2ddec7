"""One window per workspace: a second start brings the first window forward instead of opening a copy.

Two windows on one workspace would each run the hot folder, the idle lock and the drafts on the same
files. The first start holds a QLockFile named after the workspace (Qt removes it when its holder has
died, whatever the way) and listens on a QLocalServer of the same name (a named pipe on Windows, a
socket file elsewhere). A later start that cannot take the lock sends "raise" there and ends.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDir, QLockFile, QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger("landdesk.ui")
RAISE = b"raise\n"
CONNECT_MS = 1500


def instance_key(workspace: Path) -> str:
    """The same name for the same folder, for this user ('C:\\X' and 'c:\\x\\' alike on Windows)."""
    folder = os.path.normcase(os.path.abspath(workspace)).rstrip("\\/")
    try:
        user = getpass.getuser()
    except Exception:  # no user name in the environment
        user = "user"
    digest = hashlib.sha256(f"{user}\0{folder}".encode()).hexdigest()[:20]
    return f"landdesk-{digest}"


class WindowLock(QObject):
    """Held by the one window on a workspace; `on_raise` is called when another start asks for it."""

    def __init__(self, workspace: Path, on_raise: Callable[[], None] | None = None):
        super().__init__()
        self.key = instance_key(workspace)
        self.on_raise = on_raise
        self._lock = QLockFile(QDir.temp().filePath(self.key + ".lock"))
        self._lock.setStaleLockTime(0)  # never stale by age: only when its process is gone
        self._server: QLocalServer | None = None

    def acquire(self) -> bool:
        """True: this process is the window for the workspace (the server is listening)."""
        if not self._lock.tryLock(100):
            return False
        QLocalServer.removeServer(self.key)  # a socket file left by a killed process (Unix)
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.key):
            log.warning("single-instance server not listening: %s", server.errorString())
        server.newConnection.connect(self._connection)
        self._server = server
        return True

    def _connection(self) -> None:
        """Read each caller's one short message at once and close it: no socket outlives this slot."""
        while self._server is not None and self._server.hasPendingConnections():
            sock = self._server.nextPendingConnection()
            if sock.bytesAvailable() or sock.waitForReadyRead(CONNECT_MS):
                data = bytes(sock.readAll().data())
            else:
                data = b""
            sock.abort()
            sock.deleteLater()
            if RAISE.strip() in data and self.on_raise is not None:
                self.on_raise()

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        self._lock.unlock()


def ask_first_to_raise(workspace: Path) -> bool:
    """From a second start: ask the window already open on `workspace` to come forward."""
    if os.name == "nt":  # let the running window take the foreground (Windows refuses it otherwise)
        try:
            import ctypes

            ctypes.windll.user32.AllowSetForegroundWindow(-1)  # ASFW_ANY
        except Exception:
            pass
    sock = QLocalSocket()
    sock.connectToServer(instance_key(workspace))
    if not sock.waitForConnected(CONNECT_MS):
        return False
    sock.write(RAISE)
    ok = sock.waitForBytesWritten(CONNECT_MS)
    sock.disconnectFromServer()
    return ok


def bring_forward(widget) -> None:
    """Show `widget` (the main window or the login dialog) in front, restored if it was minimised."""
    if widget is None:
        return
    if widget.isMinimized():
        widget.showNormal()
    widget.show()
    widget.raise_()
    widget.activateWindow()
