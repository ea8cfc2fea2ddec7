"""Network scanners (eSCL) against a scanner simulated on loopback: feeder and flatbed, JPEG and PDF pages,
cover sheets splitting a batch, a busy scanner, a feeder jam, a scanner that goes away mid-job, hostile
answers; discovery by mDNS inside a network namespace of its own."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from landdesk.cli.main import main
from landdesk.domain.model import Dossier
from landdesk.media import coversheet, samples
from landdesk.services import dossiers, scans
from landdesk.services.capture import escl, escl_scan
from tests.capture.escl_sim import SimScanner
from tests.media import pages as test_pages

FAST = {"retry_pause": 0.01}


def new_dossier(ws, serial: str) -> tuple[str, int]:
    d = Dossier(commune_code="07210", village="Thôn Đông", serial=serial)
    saved = ws.transact(lambda ctx: dossiers.save_dossier(ctx, d, allow_errors=True)).dossier
    return saved.id, saved.num


def jpegs(n: int, start: int = 1) -> list[bytes]:
    return [samples.jpeg_bytes(test_pages.page_image(start + i, 150), 150, quality=80) for i in range(n)]


def cover_jpeg(dossier_id: str, num: int) -> bytes:
    info = coversheet.CoverInfo(dossier_id, num, "CS 1", "NGUYỄN VĂN A", "Thôn Đông", "Phường Bắc Giang")
    buf = io.BytesIO()
    coversheet.cover_page(info).convert("L").save(buf, "JPEG", quality=85, dpi=(150, 150))
    return buf.getvalue()


def scan(ws, sim, dossier, req=escl_scan.ScanRequest(), kind="gcn"):
    client = escl.EsclClient(sim.url, **FAST)
    return escl_scan.scan_into(ws, sim.url, dossier, kind, req, client=client)


def test_feeder_job_into_a_dossier_and_settings_sent(ws):
    did, num = new_dossier(ws, "CS 300001")
    with SimScanner(jpegs(3)) as sim:
        rep = scan(ws, sim, str(num), escl_scan.ScanRequest("feeder", 200, color=False))
    assert rep.error is None and [a.position for a in rep.pages] == [1, 2, 3]
    sent = sim.settings[0]
    assert "<pwg:InputSource>Feeder</pwg:InputSource>" in sent and "<scan:XResolution>200<" in sent
    assert "Grayscale8" in sent and "image/jpeg" in sent
    stored = ws.read(lambda ctx: scans.list_pages(ctx, did))
    assert len(stored) == 3 and all(p.source.startswith("may-quet-") for p in stored)
    assert ws.read(escl_scan.last_scanner) == sim.url  # remembered for next time


def test_flatbed_takes_one_page_and_pdf_pages_are_read(ws):
    did, _ = new_dossier(ws, "CS 300002")
    with SimScanner(jpegs(2, 10)) as sim:
        rep = scan(ws, sim, did, escl_scan.ScanRequest("flatbed", 300))
    assert len(rep.pages) == 1 and "Platen" in sim.settings[0] and "application/pdf" not in sim.settings[0]
    pdf_pages = [test_pages.pdf_of(Path("/tmp") / f"ld-escl-{i}.pdf", [test_pages.page_image(20 + i, 150)], 150)
                 .read_bytes() for i in range(2)]
    with SimScanner(pdf_pages, pdf=True) as sim:
        rep = scan(ws, sim, did)
    assert rep.error is None and len(rep.pages) == 2 and "application/pdf" in sim.settings[0]


def test_batch_into_the_tray_is_split_at_cover_sheets(ws):
    d1, n1 = new_dossier(ws, "CS 300003")
    d2, n2 = new_dossier(ws, "CS 300004")
    stack = jpegs(1, 30) + [cover_jpeg(d1, n1)] + jpegs(2, 31) + [cover_jpeg(d2, n2)] + jpegs(1, 33)
    with SimScanner(stack) as sim:
        rep = scan(ws, sim, None)
    assert rep.error is None and rep.covers == 2
    assert [a.dossier_num for a in rep.pages] == [None, n1, n1, n2]
    assert len(ws.read(lambda ctx: scans.unassigned_pages(ctx))) == 1


def test_busy_scanner_is_waited_for(ws):
    did, _ = new_dossier(ws, "CS 300005")
    with SimScanner(jpegs(2, 40), busy=3) as sim:
        rep = scan(ws, sim, did)
    assert rep.error is None and len(rep.pages) == 2


def test_feeder_jam_keeps_the_pages_received(ws):
    did, _ = new_dossier(ws, "CS 300006")
    with SimScanner(jpegs(4, 50), jam_after=2) as sim:
        rep = scan(ws, sim, did)
        assert sim.cancelled  # the job was cancelled on the scanner
    assert isinstance(rep.error, escl.FeederJam) and "Kẹt giấy" in rep.error.vi
    assert len(rep.pages) == 2 and len(ws.read(lambda ctx: scans.list_pages(ctx, did))) == 2


def test_scanner_going_away_mid_job(ws, ws_path):
    did, _ = new_dossier(ws, "CS 300007")
    with SimScanner(jpegs(4, 60), vanish_after=1) as sim:
        rep = scan(ws, sim, did)
    assert isinstance(rep.error, escl.ScannerGone) and "không trả lời" in rep.error.vi
    assert len(rep.pages) == 1 and len(ws.read(lambda ctx: scans.list_pages(ctx, did))) == 1
    assert not [p for p in (ws_path / "cache" / "capture").iterdir()]  # no page file left behind


def test_cli_escl_and_a_scanner_that_is_not_there(ws, ws_path, capsys):
    did, num = new_dossier(ws, "CS 300008")
    ws.close()
    with SimScanner(jpegs(2, 70)) as sim:
        code = main(["--workspace", str(ws_path), "scans", "escl", "--scanner", sim.url, "--dossier", str(num),
                     "--dpi", "200", "--json"])
        out = json.loads(capsys.readouterr().out)
        assert code == 0 and len(out["pages"]) == 2 and out["error"] is None
        # The address is remembered: next time --scanner may be left out. The same sheets scanned again
        # are refused as duplicates, as from a file (exit 1: done, something refused).
        assert main(["--workspace", str(ws_path), "scans", "escl", "--dossier", str(num)]) == 1
        text = capsys.readouterr().out
        assert "Đã lưu 0 trang" in text and "đã có trong hồ sơ số" in text
    # Nothing listens there any more: one clear line, exit 2, nothing stored.
    assert main(["--workspace", str(ws_path), "scans", "escl", "--scanner", sim.url, "--dossier", str(num)]) == 2
    assert "không trả lời" in capsys.readouterr().err
    assert main(["--workspace", str(ws_path), "scans", "escl", "--scanner", "ftp://x", "--dossier", str(num)]) == 2


def test_hostile_scanner_answers_are_refused(ws, tmp_path):
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    answers = {"/eSCL/ScannerCapabilities": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'}

    class H(BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_GET(self):
            body = answers.get(self.path, b"")
            self.send_response(200 if body else 404)
            self.send_header("Content-Length", str(len(body) if self.path != "/big/ScannerCapabilities" else 10**9))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), H)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{httpd.server_address[1]}"
        with pytest.raises(escl.EsclError, match="không hợp lệ"):
            escl.EsclClient(base + "/eSCL").capabilities()  # entities: refused before parsing
        with pytest.raises(escl.EsclError):
            escl.EsclClient(base + "/big").capabilities()  # a gigabyte of XML: refused from its length
        with pytest.raises(escl.EsclError):
            escl.EsclClient(base + "/none").capabilities()  # not a scanner
    finally:
        httpd.shutdown()
        httpd.server_close()


DISCOVER = textwrap.dedent("""
    import socket, sys
    from zeroconf import ServiceInfo, Zeroconf
    from landdesk.services.capture import escl_scan
    zc = Zeroconf(interfaces=["127.0.0.1"])
    info = ServiceInfo("_uscan._tcp.local.", "Máy in văn phòng._uscan._tcp.local.",
                       addresses=[socket.inet_aton("127.0.0.1")], port=8081,
                       properties={"rs": "eSCL", "ty": "Sim MFP 100"}, server="sim-mfp.local.")
    zc.register_service(info)
    found = escl_scan.discover(2.0, interfaces=["127.0.0.1"])
    zc.unregister_service(info); zc.close()
    print([(f.name, f.url, f.model) for f in found])
""")


def test_discovery_by_mdns_in_a_network_namespace_of_its_own():
    """mDNS multicast only ever inside a fresh network namespace holding nothing but loopback."""
    if sys.platform != "linux" or subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode:
        pytest.skip("needs a private network namespace (unshare -n, Linux as root) so no multicast leaves the machine")
    setup = "ip link set lo up && ip link set lo multicast on && ip route add 224.0.0.0/4 dev lo && "
    r = subprocess.run(["unshare", "-n", "sh", "-c", setup + f'"{sys.executable}" -c "$0"', DISCOVER],
                       capture_output=True, text=True, timeout=60, cwd=Path(__file__).resolve().parents[2])
    assert r.returncode == 0, r.stderr
    assert "('Máy in văn phòng', 'http://127.0.0.1:8081/eSCL', 'Sim MFP 100')" in r.stdout
