"""Phone capture: a small HTTP server on the office network that takes photos for one dossier.

Safety on a shared network:
- a random token (192 bits) in every address; compared in constant time; without it nothing is served,
  not even a different error than for a path that does not exist;
- the session ends when the window closes or after at most 30 minutes, and then nothing listens;
- uploads limited in size, count and total bytes, read to a temporary file, sniffed for a photo
  format before intake decodes them (which checks the size from the header before decoding);
- few connections at a time, each with a socket timeout; the request log is off (it would carry the
  token); Content-Security-Policy with a per-response nonce, no caching, no referrer.
The server never reaches out: the page has no outside resources and the PC makes no request.
"""

from __future__ import annotations

import hmac
import json
import os
import secrets
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from landdesk.domain import i18n
from landdesk.domain.errors import LandDeskError
from landdesk.services.capture import phone_page

MAX_MINUTES = 30
SOCKET_TIMEOUT = 30.0
CHUNK = 64 * 1024


@dataclass(frozen=True)
class PhoneLimits:
    max_bytes: int = 40 * 1024**2  # one photo (a 50-MP phone JPEG is about 25 MB)
    max_pages: int = 300
    max_total: int = 2 * 1024**3
    max_connections: int = 8


@dataclass(frozen=True)
class Received:
    """What became of one upload (shown on the phone and on the PC)."""

    ok: bool
    message_vi: str
    message_en: str
    page_ids: tuple[str, ...] = ()
    cropped: bool = False

    def message(self, lang: str) -> str:
        return i18n.pick(self.message_vi, self.message_en, lang)


Store = Callable[[Path, str, str], Received]  # (file, name the phone gave, kind) -> what happened

_MAGIC = ((0, b"\xff\xd8\xff"), (0, b"\x89PNG\r\n\x1a\n"), (8, b"WEBP"))
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"mif1", b"msf1", b"heim", b"heis", b"avif")


def looks_like_photo(head: bytes) -> bool:
    if any(head[at:at + len(magic)] == magic for at, magic in _MAGIC):
        return not head.startswith(b"RIFF") or head[8:12] == b"WEBP"
    return head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS


@dataclass
class _Counts:
    pages: int = 0
    bytes: int = 0
    refused: int = 0
    results: list[Received] = field(default_factory=list)


class PhoneServer:
    """One capture session: start() listens, url is what the phone opens, stop() ends it for good."""

    def __init__(self, store: Store, *, host: str, port: int = 0, minutes: float = MAX_MINUTES,
                 kind: str = "gcn", target: str = "", limits: PhoneLimits = PhoneLimits(),
                 work_dir: Path | None = None, on_received: Callable[[Received], None] | None = None):
        if not 0 < minutes <= MAX_MINUTES:
            raise LandDeskError(f"Phiên chụp dài từ 1 đến {MAX_MINUTES} phút.",
                                f"A capture session lasts 1 to {MAX_MINUTES} minutes.")
        self.store, self.host, self.port, self.kind, self.target = store, host, port, kind, target
        self.limits, self.minutes = limits, minutes
        self.work_dir = Path(work_dir or tempfile.gettempdir())
        self.on_received = on_received
        self.token = secrets.token_urlsafe(24)
        self.counts = _Counts()
        self._lock = threading.Lock()  # one upload into the workspace at a time
        self._slots = threading.BoundedSemaphore(limits.max_connections)
        self._httpd: ThreadingHTTPServer | None = None
        self._stopped = threading.Event()
        self._deadline = 0.0
        self.until = datetime.now()

    # ---- life ------------------------------------------------------------------------------

    def start(self) -> str:
        app = self

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            allow_reuse_address = False  # Windows: reuse would let a second program share the port

            def process_request(self, request, client_address):
                if not app._slots.acquire(blocking=False):  # too many at once: close, do not queue
                    self.shutdown_request(request)
                    return
                super().process_request(request, client_address)

            def process_request_thread(self, request, client_address):
                try:
                    super().process_request_thread(request, client_address)
                finally:
                    app._slots.release()

        try:
            self._httpd = Server((self.host, self.port), _Handler)
        except OSError as exc:
            raise LandDeskError(f"Không mở được cổng {self.port} trên {self.host}: cổng đang bận hoặc địa chỉ "
                                "không thuộc máy này.",
                                f"Cannot listen on {self.host} port {self.port}: the port is in use or the "
                                "address is not this computer's.") from exc
        self._httpd.app = self  # type: ignore[attr-defined]
        self.port = self._httpd.server_address[1]
        self._deadline = time.monotonic() + self.minutes * 60
        self.until = datetime.now() + timedelta(minutes=self.minutes)
        threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.2},
                         name="phone-capture", daemon=True).start()
        threading.Thread(target=self._expire, name="phone-capture-timer", daemon=True).start()
        return self.url

    def _expire(self) -> None:
        while not self._stopped.wait(max(0.05, min(1.0, self._deadline - time.monotonic()))):
            if time.monotonic() >= self._deadline:
                self.stop()

    def stop(self) -> None:
        """Stop listening; the token is dead from now on (a new session gets a new one)."""
        if self._stopped.is_set():
            return
        self._stopped.set()
        httpd, self._httpd = self._httpd, None
        if httpd is not None:  # (never called from the serving thread itself, where shutdown would wait forever)
            httpd.shutdown()
            httpd.server_close()

    def wait(self, timeout: float | None = None) -> bool:
        return self._stopped.wait(timeout)

    @property
    def stopped(self) -> bool:
        return self._stopped.is_set()

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/t/{self.token}/"

    def seconds_left(self) -> float:
        return 0.0 if self.stopped else max(0.0, self._deadline - time.monotonic())

    def token_ok(self, token: str) -> bool:
        return hmac.compare_digest(token.encode("utf-8", "replace"), self.token.encode())

    # ---- uploads ---------------------------------------------------------------------------

    def receive(self, path: Path, name: str, kind: str) -> Received:
        with self._lock:
            if self.stopped:
                return Received(False, "Phiên chụp đã kết thúc.", "The capture session has ended.")
            try:
                result = self.store(path, name, kind)
            except LandDeskError as exc:
                result = Received(False, exc.vi, exc.en)
            except Exception:  # never the details (they may hold personal data) to the phone
                result = Received(False, "Máy tính không lưu được ảnh này.", "The PC could not store this photo.")
            self.counts.results.append(result)
            if result.ok:
                self.counts.pages += 1
            else:
                self.counts.refused += 1
        if self.on_received is not None:
            self.on_received(result)
        return result


class _Handler(BaseHTTPRequestHandler):
    server_version = "LandDesk"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    timeout = SOCKET_TIMEOUT

    @property
    def app(self) -> PhoneServer:
        return self.server.app  # type: ignore[attr-defined]

    def log_message(self, format, *args):  # the request line carries the token: never logged
        pass

    def _send(self, status: int, body: bytes, ctype: str, nonce: str = "") -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("X-Frame-Options", "DENY")
        src = f"'nonce-{nonce}'" if nonce else "'none'"
        self.send_header("Content-Security-Policy", f"default-src 'none'; script-src {src}; style-src {src}; "
                                                    "connect-src 'self'; img-src 'self'; form-action 'none'; "
                                                    "frame-ancestors 'none'; base-uri 'none'")
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status: int, ok: bool, vi: str, en: str, **extra) -> None:
        body = {"ok": ok, "message": vi, "message_vi": vi, "message_en": en, **extra}  # the page is Vietnamese
        self._send(status, json.dumps(body, ensure_ascii=False).encode(), "application/json; charset=utf-8")

    def _route(self) -> tuple[str, dict] | None:
        """The action after a valid token, or None (answered 404 already)."""
        parts = urlsplit(self.path)
        segs = parts.path.split("/")
        if len(segs) != 4 or segs[1] != "t" or not self.app.token_ok(segs[2]):
            self.close_connection = True
            self._send(404, "Không tìm thấy.".encode(), "text/plain; charset=utf-8")
            return None
        if self.app.stopped or self.app.seconds_left() <= 0:
            self.close_connection = True
            self._json(410, False, "Phiên chụp đã hết hạn; hãy quét mã QR mới trên máy tính.",
                       "The capture session has ended; scan the new QR code on the PC.")
            return None
        return segs[3], parse_qs(parts.query)

    def do_GET(self):
        route = self._route()
        if route is None:
            return
        action, _ = route
        if action == "":
            nonce = secrets.token_urlsafe(12)
            page = phone_page.render(nonce=nonce, target=self.app.target, kind=self.app.kind,
                                     until=self.app.until.strftime("%H:%M"))
            self._send(200, page.encode(), "text/html; charset=utf-8", nonce)
        elif action == "status":
            c = self.app.counts
            self._json(200, True, f"Đã nhận {c.pages} trang.", f"{c.pages} page(s) received.", pages=c.pages,
                       seconds_left=int(self.app.seconds_left()))
        else:
            self._send(404, "Không tìm thấy.".encode(), "text/plain; charset=utf-8")

    def do_HEAD(self):
        self.do_GET()

    def do_POST(self):
        route = self._route()
        if route is None:
            return
        action, query = route
        if action != "upload":
            self.close_connection = True
            self._send(404, "Không tìm thấy.".encode(), "text/plain; charset=utf-8")
            return
        self._upload(query)

    def _refuse(self, status: int, vi: str, en: str) -> None:
        self.close_connection = True  # the unread body must not be taken for the next request
        self._json(status, False, vi, en)

    def _upload(self, query: dict) -> None:
        app, lim = self.app, self.app.limits
        if self.headers.get("Transfer-Encoding") or not (self.headers.get("Content-Length") or "").isdigit():
            return self._refuse(411, "Thiếu độ dài ảnh.", "The upload has no length.")
        size = int(self.headers["Content-Length"])
        if size == 0:
            return self._refuse(400, "Ảnh rỗng.", "The photo is empty.")
        if size > lim.max_bytes:
            return self._refuse(413, f"Ảnh quá lớn (tối đa {lim.max_bytes // 1024**2} MB).",
                                f"The photo is too large (at most {lim.max_bytes // 1024**2} MB).")
        if app.counts.pages + app.counts.refused >= lim.max_pages or app.counts.bytes + size > lim.max_total:
            return self._refuse(429, "Đã đủ số ảnh cho một phiên; hãy mở phiên mới trên máy tính.",
                                "This session has taken all the photos it may; open a new one on the PC.")
        kind = (query.get("kind") or [app.kind])[0]
        name = (query.get("name") or ["anh.jpg"])[0]
        fd, tmp = tempfile.mkstemp(prefix=".phone-", suffix=".upload", dir=app.work_dir)
        path = Path(tmp)
        try:  # the temporary file is gone before the phone hears back
            answer = self._take(path, fd, size, name, kind)
        except (OSError, TimeoutError):
            answer = None
        finally:
            path.unlink(missing_ok=True)
        if answer is None:
            self.close_connection = True
            return
        status, ok, vi, en, extra = answer
        if status == 400:
            self.close_connection = True
        self._json(status, ok, vi, en, **extra)

    def _take(self, path: Path, fd: int, size: int, name: str, kind: str):
        app = self.app
        with os.fdopen(fd, "wb") as f:
            left = size
            while left:
                chunk = self.rfile.read(min(CHUNK, left))
                if not chunk:
                    break
                f.write(chunk)
                left -= len(chunk)
        if left:
            return 400, False, "Ảnh gửi chưa hết; hãy gửi lại.", "The photo did not arrive whole; send it again.", {}
        app.counts.bytes += size
        with open(path, "rb") as f:
            head = f.read(16)
        if not looks_like_photo(head):
            result = Received(False, "Chỉ nhận ảnh chụp (JPEG, PNG, HEIC, WebP).",
                              "Only photos are taken (JPEG, PNG, HEIC, WebP).")
            with app._lock:
                app.counts.refused += 1
                app.counts.results.append(result)
            return 415, False, result.message_vi, result.message_en, {}
        result = app.receive(path, name, kind)
        return (200 if result.ok else 422, result.ok, result.message_vi, result.message_en,
                {"pages": app.counts.pages, "cropped": result.cropped})
