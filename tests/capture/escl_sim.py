"""An eSCL scanner simulated on loopback: capabilities, status, scan jobs and real JPEG/PDF pages.

Behaviours for the failure tests: `busy` (NextDocument answers 503 that many times first), `jam_after`
(after that many pages the feeder jams: 503 with AdfState ScannerAdfJam), `vanish_after` (after that
many pages the scanner goes away: connections are cut and it stops listening), `pdf` (pages as one
scanner PDF per page, with the JPEG inside).
"""

from __future__ import annotations

import re
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CAPS = """<?xml version="1.0" encoding="UTF-8"?>
<scan:ScannerCapabilities xmlns:scan="http://schemas.hp.com/imaging/escl/2011/05/03"
  xmlns:pwg="http://www.pwg.org/schemas/2010/12/sm">
 <pwg:Version>2.63</pwg:Version><pwg:MakeAndModel>LandDesk Sim MFP 100</pwg:MakeAndModel>
 <scan:Platen><scan:PlatenInputCaps>
  <scan:MinWidth>16</scan:MinWidth><scan:MaxWidth>2550</scan:MaxWidth>
  <scan:MinHeight>16</scan:MinHeight><scan:MaxHeight>3508</scan:MaxHeight>
  <scan:SettingProfiles><scan:SettingProfile>
   <scan:ColorModes><scan:ColorMode>BlackAndWhite1</scan:ColorMode><scan:ColorMode>Grayscale8</scan:ColorMode>
    <scan:ColorMode>RGB24</scan:ColorMode></scan:ColorModes>
   <scan:DocumentFormats><pwg:DocumentFormat>application/pdf</pwg:DocumentFormat>
    <pwg:DocumentFormat>image/jpeg</pwg:DocumentFormat></scan:DocumentFormats>
   <scan:SupportedResolutions><scan:DiscreteResolutions>
    <scan:DiscreteResolution><scan:XResolution>100</scan:XResolution><scan:YResolution>100</scan:YResolution></scan:DiscreteResolution>
    <scan:DiscreteResolution><scan:XResolution>200</scan:XResolution><scan:YResolution>200</scan:YResolution></scan:DiscreteResolution>
    <scan:DiscreteResolution><scan:XResolution>300</scan:XResolution><scan:YResolution>300</scan:YResolution></scan:DiscreteResolution>
   </scan:DiscreteResolutions></scan:SupportedResolutions>
  </scan:SettingProfile></scan:SettingProfiles>
 </scan:PlatenInputCaps></scan:Platen>
 <scan:Adf><scan:AdfSimplexInputCaps>
  <scan:MaxWidth>2550</scan:MaxWidth><scan:MaxHeight>4200</scan:MaxHeight>
  <scan:SettingProfiles><scan:SettingProfile>
   <scan:ColorModes><scan:ColorMode>Grayscale8</scan:ColorMode><scan:ColorMode>RGB24</scan:ColorMode></scan:ColorModes>
   <scan:DocumentFormats><pwg:DocumentFormat>{adf_format}</pwg:DocumentFormat></scan:DocumentFormats>
   <scan:SupportedResolutions><scan:DiscreteResolutions>
    <scan:DiscreteResolution><scan:XResolution>200</scan:XResolution><scan:YResolution>200</scan:YResolution></scan:DiscreteResolution>
    <scan:DiscreteResolution><scan:XResolution>300</scan:XResolution><scan:YResolution>300</scan:YResolution></scan:DiscreteResolution>
   </scan:DiscreteResolutions></scan:SupportedResolutions>
  </scan:SettingProfile></scan:SettingProfiles>
 </scan:AdfSimplexInputCaps></scan:Adf>
</scan:ScannerCapabilities>"""

STATUS = """<?xml version="1.0" encoding="UTF-8"?>
<scan:ScannerStatus xmlns:scan="http://schemas.hp.com/imaging/escl/2011/05/03"
  xmlns:pwg="http://www.pwg.org/schemas/2010/12/sm">
 <pwg:Version>2.63</pwg:Version><pwg:State>{state}</pwg:State><scan:AdfState>{adf}</scan:AdfState>
</scan:ScannerStatus>"""


class SimScanner:
    def __init__(self, pages: list[bytes], *, busy: int = 0, jam_after: int | None = None,
                 vanish_after: int | None = None, pdf: bool = False):
        self.pages, self.busy, self.jam_after, self.vanish_after, self.pdf = list(pages), busy, jam_after, vanish_after, pdf
        self.jobs: dict[str, list[bytes]] = {}
        self.settings: list[str] = []
        self.sent = 0
        self.cancelled: list[str] = []
        self.jammed = False
        sim = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def _send(self, code: int, body: bytes = b"", ctype: str = "text/xml", extra: dict | None = None):
                self.send_response(code)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for k, v in (extra or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                if self.path == "/eSCL/ScannerCapabilities":
                    fmt = "application/pdf" if sim.pdf else "image/jpeg"
                    return self._send(200, CAPS.format(adf_format=fmt).encode())
                if self.path == "/eSCL/ScannerStatus":
                    adf = "ScannerAdfJam" if sim.jammed else ("ScannerAdfLoaded" if sim.pages else "ScannerAdfEmpty")
                    return self._send(200, STATUS.format(state="Processing", adf=adf).encode())
                m = re.fullmatch(r"/eSCL/ScanJobs/([\w-]+)/NextDocument", self.path)
                if m and m.group(1) in sim.jobs:
                    return sim.next_document(self, m.group(1))
                self._send(404)

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                if self.path != "/eSCL/ScanJobs":
                    return self._send(404)
                sim.settings.append(body)
                job = uuid.uuid4().hex
                platen = "<pwg:InputSource>Platen</pwg:InputSource>" in body
                sim.jobs[job] = sim.pages[:1] if platen else list(sim.pages)
                # A scanner that gives its own name in Location: the client must keep to the address it used.
                self._send(201, extra={"Location": f"http://scanner.invalid:9/eSCL/ScanJobs/{job}"})

            def do_DELETE(self):
                job = self.path.rsplit("/", 1)[-1]
                sim.cancelled.append(job)
                sim.jobs.pop(job, None)
                self._send(200)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/eSCL"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def next_document(self, handler, job: str) -> None:
        if self.vanish_after is not None and self.sent >= self.vanish_after:
            handler.close_connection = True
            handler.connection.close()  # mid-job: the connection drops, then nothing listens any more
            threading.Thread(target=self.stop, daemon=True).start()
            return
        if self.jam_after is not None and self.sent >= self.jam_after:
            self.jammed = True
            return handler._send(503)
        if self.busy:
            self.busy -= 1
            return handler._send(503)
        queue = self.jobs[job]
        if not queue:
            return handler._send(404)
        page = queue.pop(0)
        self.sent += 1
        handler._send(200, page, "application/pdf" if page.startswith(b"%PDF") else "image/jpeg")

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def stop(self) -> None:
        if self.httpd is not None:
            httpd, self.httpd = self.httpd, None
            httpd.shutdown()
            httpd.server_close()
