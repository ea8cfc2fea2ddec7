"""Phone capture end to end on real workspaces, over real HTTP on loopback: the page, uploads through the
same intake as files, the command line, and every hostile input refused with nothing stored."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from PIL import Image

from landdesk.domain.errors import LandDeskError
from landdesk.domain.model import Dossier
from landdesk.services import dossiers, scans
from landdesk.services.capture import phone, photos
from tests.capture import synth_photos, webdriver

HOST = "127.0.0.1"  # tests only ever talk to loopback


def new_dossier(ws, serial="CS 200001") -> tuple[str, int]:
    d = Dossier(commune_code="07210", village="Thôn Đông", serial=serial)
    saved = ws.transact(lambda ctx: dossiers.save_dossier(ctx, d, allow_errors=True)).dossier
    return saved.id, saved.num


def start(ws, dossier_id, **kw) -> phone.PhoneServer:
    work = ws.read(photos.work_dir)

    def store(path, name, kind):
        return photos.received(ws.transact(lambda ctx: photos.add_photo(ctx, path, name, dossier_id, kind)))

    server = phone.PhoneServer(store, host=HOST, target="Hồ sơ thử", work_dir=work, **kw)
    server.start()
    return server


def post(url: str, body: bytes, headers: dict | None = None) -> tuple[int, dict]:
    req = urllib.request.Request(url, data=body, method="POST",
                                 headers={"Content-Type": "application/octet-stream", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        raw = e.read()
        try:
            return e.code, json.loads(raw)
        except ValueError:
            return e.code, {"raw": raw.decode("utf-8", "replace")}
    except urllib.error.URLError as e:
        if isinstance(e.reason, ConnectionError):  # refused before the body was read: the server closed
            return -1, {}
        raise
    except ConnectionError:
        return -1, {}


def stored(ws) -> int:
    from landdesk.storage.commune import scans as q

    return ws.read(lambda ctx: q.count(ctx.session))


def media_files(ws_path: Path) -> list[Path]:
    return [p for p in (ws_path / "media").rglob("*") if p.is_file()]


def photo_bytes(seed: int = 2) -> bytes:
    return synth_photos.photo(seed).jpeg


def test_photo_arrives_cropped_in_the_dossier(ws, ws_path):
    did, num = new_dossier(ws)
    server = start(ws, did)
    try:
        page = urllib.request.urlopen(server.url, timeout=10)
        html = page.read().decode()
        assert page.headers["Content-Security-Policy"].startswith("default-src 'none'")
        assert 'capture="environment"' in html and "Hồ sơ thử" in html and "Chụp trang" in html
        # Its bar (on the PC within a second) is measured in tests/perf/bench_capture.py, not here.
        status, body = post(server.url + "upload?kind=gt&name=IMG_0001.jpg", photo_bytes())
    finally:
        server.stop()
    assert status == 200 and body["ok"], body
    assert body["cropped"] and f"hồ sơ số {num}, GT trang 1" in body["message"]
    pages = ws.read(lambda ctx: scans.list_pages(ctx, did))
    assert [(p.kind, p.source) for p in pages] == [("gt", "dien-thoai-IMG_0001.jpg")]
    # Cropped and straightened: a portrait page of A4 proportions, its resolution from its width.
    assert abs(pages[0].height / pages[0].width - 297 / 210) < 0.01
    assert not list(ws.read(photos.work_dir).iterdir()), "nothing left behind in the work folder"


def test_uncropped_photo_keeps_exif_orientation_and_duplicate_is_refused(ws, tmp_path):
    did, _ = new_dossier(ws)
    im = Image.new("RGB", (1200, 900), (250, 250, 250))  # a blank sheet filling the frame: no edges seen
    exif = Image.Exif()
    exif[0x0112] = 6
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=85, exif=exif)
    server = start(ws, did)
    try:
        s1, b1 = post(server.url + "upload?kind=gcn&name=a.jpg", buf.getvalue())
        s2, b2 = post(server.url + "upload?kind=gcn&name=b.jpg", buf.getvalue())
    finally:
        server.stop()
    assert s1 == 200 and not b1["cropped"]
    assert s2 == 422 and not b2["ok"] and "đã có trong" in b2["message"]
    pages = ws.read(lambda ctx: scans.list_pages(ctx, did))
    assert len(pages) == 1 and pages[0].rotation == 90  # the same intake as a file: EXIF turn kept


def test_hostile_inputs_are_refused_and_nothing_is_stored(ws, ws_path, tmp_path):
    did, _ = new_dossier(ws)
    lim = phone.PhoneLimits(max_bytes=2 * 1024**2, max_pages=3)
    server = start(ws, did, limits=lim)
    base = server.url
    wrong = base.replace(server.token, server.token[:-4] + "AAAA")
    try:
        # A wrong token, or none: nothing is served, not even the page.
        for url in (wrong, wrong + "upload", f"http://{HOST}:{server.port}/", f"http://{HOST}:{server.port}/t/"):
            with pytest.raises(urllib.error.HTTPError) as e:
                urllib.request.urlopen(url, timeout=5)
            assert e.value.code == 404
        assert post(wrong + "upload?kind=gcn", b"\xff\xd8\xff\xe0")[0] == 404
        assert post(wrong + "upload?kind=gcn", photo_bytes())[0] in (404, -1)  # closed unread
        # A huge upload: refused from its declared length, before its body is read. No length (chunked):
        # refused.
        status, text = raw(server.port, f"POST {urlpath(base)}upload HTTP/1.1\r\nHost: x\r\n"
                                        f"Content-Length: {3 * 1024**3}\r\n\r\n".encode() + b"\xff\xd8\xff" * 300)
        assert status == 413 and "quá lớn" in text
        status, _ = raw(server.port, f"POST {urlpath(base)}upload HTTP/1.1\r\nHost: x\r\n"
                                     "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n".encode())
        assert status == 411
        # Not an image (a script named like a photo), a truncated JPEG, a decompression bomb.
        status, body = post(base + "upload?name=anh.jpg", b"<script>alert(1)</script>")
        assert status == 415 and "Chỉ nhận ảnh" in body["message"]
        status, body = post(base + "upload?name=cut.jpg", photo_bytes()[:5000])
        assert status == 422 and not body["ok"]
        bomb = io.BytesIO()
        Image.new("1", (12_000, 12_000)).save(bomb, "PNG")  # 144 MP in a few kB
        status, body = post(base + "upload?name=bomb.png", bomb.getvalue())
        assert status in (415, 422) and "quá lớn" in body["message"], body
        # A path in the name the phone gives is only a name.
        assert photos.safe_name("../../windows/system32/x.jpg") == "x.jpg"
        # The count limit: three uploads were taken (refused ones count too), the fourth is not.
        status, body = post(base + "upload?name=again.jpg", b"\xff\xd8\xff\xe0")
        assert status == 429 and "phiên mới" in body["message"]
        assert stored(ws) == 0 and media_files(ws_path) == []
    finally:
        server.stop()
    # Replay: after the session ends nothing listens; a new session's token is not the old one.
    with pytest.raises(OSError):
        urllib.request.urlopen(base, timeout=5)
    again = start(ws, did)
    try:
        replay = base.replace(f":{server.port}/", f":{again.port}/")
        assert post(replay + "upload?name=x.jpg", b"\xff\xd8\xff\xe0")[0] == 404
        assert post(replay + "upload?name=x.jpg", photo_bytes())[0] in (404, -1)
    finally:
        again.stop()
    assert stored(ws) == 0 and media_files(ws_path) == []
    assert not list(ws.read(photos.work_dir).iterdir())


def raw(port: int, request: bytes) -> tuple[int, str]:
    """Send a hand-made request in one piece; the status and body of the answer."""
    import socket

    with socket.create_connection((HOST, port), timeout=10) as sock:
        sock.sendall(request)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body.decode("utf-8", "replace")


def urlpath(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def test_session_ends_by_itself(ws):
    did, _ = new_dossier(ws)
    server = start(ws, did, minutes=0.02)  # 1.2 s
    assert server.wait(10) and server.stopped
    with pytest.raises(OSError):
        urllib.request.urlopen(server.url, timeout=5)
    with pytest.raises(LandDeskError):
        phone.PhoneServer(lambda *a: None, host=HOST, minutes=31)


def test_cli_prints_the_address_last_and_a_script_posts_to_it(ws_path, ws, tmp_path):
    did, num = new_dossier(ws)
    ws.close()
    env = {**os.environ, "LANDDESK_LANG": "vi", "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.Popen([sys.executable, "-m", "landdesk", "--workspace", str(ws_path), "scans", "phone",
                             "--dossier", str(num), "--kind", "gt", "--host", HOST, "--minutes", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True, encoding="utf-8")
    try:
        lines = [proc.stdout.readline().strip(), proc.stdout.readline().strip()]
        url = lines[-1]
        assert url.startswith(f"http://{HOST}:") and "/t/" in url and "hồ sơ" in lines[0].lower()
        status, body = post(url + "upload?name=trang1.jpg", photo_bytes(3))
        assert status == 200 and body["ok"], body
        assert proc.stdout.readline().startswith("✓ Đã nhận")
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "nhận 1 trang" in out
    from landdesk.workspace import Workspace

    with Workspace.open(ws_path) as w2:
        assert [p.kind for p in w2.read(lambda ctx: scans.list_pages(ctx, did))] == ["gt"]


def test_cli_refuses_bad_options(ws_path, capsys):
    from landdesk.cli.main import main

    assert main(["--workspace", str(ws_path), "scans", "phone", "--dossier", "999", "--host", HOST]) == 2
    assert "Không tìm thấy hồ sơ" in capsys.readouterr().err
    assert main(["--workspace", str(ws_path), "scans", "phone", "--tray", "--minutes", "45", "--host", HOST]) == 2
    assert main(["--workspace", str(ws_path), "scans", "phone", "--tray", "--kind", "xyz", "--host", HOST]) == 2


@pytest.mark.skipif(webdriver.chromium() is None,
                    reason="Debian's chromium and chromium-driver are not installed (.ci/run installs them)")
def test_real_browser_uploads_a_photo(ws, tmp_path):
    did, num = new_dossier(ws)
    photo = tmp_path / "IMG_2001.jpg"
    photo.write_bytes(photo_bytes(5))
    server = start(ws, did, kind="gcn")
    browser = webdriver.Browser()
    try:
        browser.go(server.url)
        assert "LandDesk" in browser.text(browser.find("header h1"))
        browser.run("document.querySelector('input[value=gt]').click()")
        browser.send_file(browser.find("#camera"), str(photo))
        item = browser.wait_for("#pages li.ok")[0]
        assert f"hồ sơ số {num}, GT trang 1" in browser.text(item)
        shot = os.environ.get("LANDDESK_SHOTS")
        if shot:
            browser.screenshot(Path(shot) / "phone-page-vi.png")
    finally:
        browser.close()
        server.stop()
    pages = ws.read(lambda ctx: scans.list_pages(ctx, did))
    assert [(p.kind, p.source) for p in pages] == [("gt", "dien-thoai-IMG_2001.jpg")]
