"""Exchanging over the office network: the primary listens (only while its window or `station serve`
says so) and a station posts its package — or a signed hello — and receives the answer in the response.

Plain HTTP from the standard library: secrecy and authenticity come from the packages themselves (signed
with keys pinned at enrolment, encrypted to the receiver), so the channel needs neither; an unknown,
revoked or foreign station gets 403 and one line. Bodies are capped, streamed to a temporary file and
checked as a package from a USB stick is.
"""

from __future__ import annotations

import http.client
import json
import os
import secrets
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

from landdesk.domain.errors import LandDeskError
from landdesk.domain.fileio import disk_full_guard
from landdesk.domain.package_format import PackageError
from landdesk.services.stations import incoming, primary, station
from landdesk.services.stations.outgoing import outbox_dir

PATH = "/landdesk/station/v1/exchange"
MAX_BODY = 16 * 1024 ** 3  # a station's month of scans fits; a bigger claim is refused before reading
TIMEOUT = 120  # seconds without a byte before a connection is dropped
DEFAULT_PORT = 8765


def inbox_dir(root: Path) -> Path:
    return Path(root) / "stations" / "inbox"


def _receive(stream, length: int, folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f".{name}.{os.getpid()}-{secrets.token_hex(4)}.part"
    left = length
    try:
        with disk_full_guard(folder), open(path, "wb") as f:
            while left > 0:
                block = stream.read(min(1 << 20, left))
                if not block:
                    raise LandDeskError("Kết nối bị ngắt giữa chừng.", "The connection was cut off.")
                f.write(block)
                left -= len(block)
        final = folder / name
        os.replace(path, final)
        return final
    except BaseException:
        path.unlink(missing_ok=True)
        raise


class _Handler(BaseHTTPRequestHandler):
    server_version = "LandDesk"
    protocol_version = "HTTP/1.1"
    ws = None  # set per server

    def log_message(self, fmt, *args) -> None:  # no addresses or paths in the console
        return

    def _reply(self, code: int, body: bytes = b"", ctype: str = "application/json") -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def _error(self, code: int, exc: LandDeskError | str) -> None:
        msg = exc if isinstance(exc, str) else exc.message()
        self._reply(code, json.dumps({"error": msg}, ensure_ascii=False).encode())

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        self._error(404, "not found")

    def do_POST(self) -> None:  # noqa: N802
        self.connection.settimeout(TIMEOUT)
        if self.path != PATH:
            self._error(404, "not found")
            return
        try:
            length = int(self.headers.get("Content-Length", "-1"))
        except ValueError:
            length = -1
        if not 0 < length <= MAX_BODY:
            self._error(413 if length > MAX_BODY else 411, "bad length")
            self.close_connection = True
            return
        ws = self.server.ws
        got = None
        try:
            got = _receive(self.rfile, length, inbox_dir(ws.root), f"recv-{secrets.token_hex(6)}.ldpkg")
            header = incoming.peek([got]) or {}
            primary.import_files(ws, [got])
            paths = primary.answer(ws, header.get("station_id", ""))
        except PackageError as exc:
            self._error(403, exc)
            return
        except LandDeskError as exc:
            self._error(400, exc)
            return
        finally:
            if got is not None:
                got.unlink(missing_ok=True)
        if not paths:
            self._reply(204)
            return
        size = paths[0].stat().st_size
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(size))
        self.send_header("X-LandDesk-Name", paths[0].name)
        self.end_headers()
        with open(paths[0], "rb") as f:
            while block := f.read(1 << 20):
                self.wfile.write(block)


class StationServer:
    """The primary's listener. `start()` serves in a thread until `stop()`; `serve_until(event)` in
    the caller's thread (the command line)."""

    def __init__(self, ws, host: str = "0.0.0.0", port: int = DEFAULT_PORT):
        handler = type("Handler", (_Handler,), {})
        try:
            self.httpd = HTTPServer((host, port), handler)
        except OSError as exc:
            raise LandDeskError(f"Không mở được cổng {port} để chờ máy trạm ({exc.strerror or exc}).",
                                f"Cannot listen on port {port} for workstations ({exc.strerror or exc}).") from None
        self.httpd.ws = ws
        self.httpd.timeout = 0.5
        self.thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    def start(self) -> StationServer:
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.2},
                                       name="landdesk-station-server", daemon=True)
        self.thread.start()
        return self

    def serve_until(self, stop: threading.Event, seconds: float | None = None) -> None:
        import time

        end = None if seconds is None else time.monotonic() + seconds
        while not stop.is_set() and (end is None or time.monotonic() < end):
            self.httpd.handle_request()

    def stop(self) -> None:
        if self.thread is not None:
            self.httpd.shutdown()
            self.thread.join(timeout=10)
        self.httpd.server_close()


# ---- the station's side --------------------------------------------------------------------------------


def parse_address(text: str) -> tuple[str, int]:
    host, _, port = text.strip().rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise LandDeskError(f"Địa chỉ máy chính không hợp lệ: '{text}' (dạng MÁY:CỔNG, ví dụ 192.168.1.10:8765).",
                            f"Invalid primary address: '{text}' (HOST:PORT, e.g. 192.168.1.10:8765).")
    return host.strip("[]"), int(port)


def sync_lan(ws, address: str, *, timeout: float = TIMEOUT) -> dict:
    """Send this station's package (or hello) to the primary and apply its answer."""
    host, port = parse_address(address)
    sent = station.send(ws)
    path = sent.paths[0]
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        try:
            conn.putrequest("POST", PATH)
            conn.putheader("Content-Type", "application/octet-stream")
            conn.putheader("Content-Length", str(path.stat().st_size))
            conn.endheaders()
            with open(path, "rb") as f:
                while block := f.read(1 << 20):
                    conn.send(block)
            resp = conn.getresponse()
        except OSError as exc:
            raise LandDeskError(f"Không kết nối được máy chính {host}:{port} ({exc.strerror or exc}); máy chính "
                                "cần bật 'Cho phép máy trạm đồng bộ qua mạng'.",
                                f"Cannot reach the primary desk {host}:{port} ({exc.strerror or exc}); it must have "
                                "'Let workstations synchronise over the network' on.") from None
        if resp.status == 204:
            return {"sent": sent.as_json(), "answer": None}
        if resp.status != 200:
            body = resp.read(64 * 1024)
            try:
                msg = json.loads(body.decode("utf-8"))["error"]
            except (ValueError, KeyError, UnicodeDecodeError):
                msg = f"HTTP {resp.status}"
            raise LandDeskError(f"Máy chính từ chối: {msg}", f"The primary refused: {msg}")
        length = int(resp.getheader("Content-Length", "0") or 0)
        if not 0 < length <= MAX_BODY:
            raise LandDeskError("Câu trả lời của máy chính không hợp lệ.", "The primary's answer is invalid.")
        got = _receive(resp, length, inbox_dir(ws.root), f"answer-{secrets.token_hex(6)}.ldpkg")
    finally:
        conn.close()
    try:
        applied = station.apply_answer(ws, [got])
    finally:
        got.unlink(missing_ok=True)
    return {"sent": sent.as_json(), "answer": applied.as_json()}


def outbox(root: Path) -> Path:
    return outbox_dir(root)
