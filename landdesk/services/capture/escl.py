"""An eSCL ("AirScan", Mopria) client: what network multifunction printers since about 2016 speak.

The protocol (as sane-airscan and NAPS2 use it): GET {base}/ScannerCapabilities (XML: sources Platen
and Adf with their resolutions, colour modes and formats); POST {base}/ScanJobs with ScanSettings →
201 and a Location; GET {Location}/NextDocument → one page (200), no more pages (404), or not ready
(503: look at ScannerStatus — a jammed or open feeder is an error, otherwise wait and ask again);
DELETE {Location} cancels. The host in Location is not trusted (some scanners do not know their own
name): the path is used with the address the officer gave. Responses are size-bounded; XML from the
network is parsed without entities.
"""

from __future__ import annotations

import http.client
import ssl
import time
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from landdesk.domain.errors import LandDeskError

SCAN = "http://schemas.hp.com/imaging/escl/2011/05/03"
PWG = "http://www.pwg.org/schemas/2010/12/sm"
MAX_XML = 1024**2
MAX_DOCUMENT = 300 * 1024**2
RETRIES_503 = 30
RETRY_PAUSE = 1.0
TIMEOUT = 30.0
A4_300THS = (2480, 3508)  # A4 in 1/300 inch


class EsclError(LandDeskError):
    pass


class ScannerGone(EsclError):
    pass


class FeederJam(EsclError):
    pass


@dataclass(frozen=True)
class Source:
    name: str  # "Platen" or "Feeder"
    resolutions: tuple[int, ...]
    color_modes: tuple[str, ...]  # RGB24, Grayscale8, BlackAndWhite1
    formats: tuple[str, ...]  # image/jpeg, application/pdf ...
    max_width: int  # 1/300 inch
    max_height: int


@dataclass(frozen=True)
class Capabilities:
    make_model: str
    sources: dict[str, Source]


def _gone(url: str) -> ScannerGone:
    host = urllib.parse.urlsplit(url).netloc
    return ScannerGone(f"Máy quét {host} không trả lời (đã tắt, mất mạng hoặc sai địa chỉ).",
                       f"The scanner at {host} does not answer (switched off, off the network, or a wrong address).")


def _text(el: ET.Element | None) -> str:
    return (el.text or "").strip() if el is not None else ""


def _parse_xml(data: bytes, url: str) -> ET.Element:
    if b"<!DOCTYPE" in data[:2048] or b"<!ENTITY" in data:
        raise EsclError("Máy quét trả lời dữ liệu không hợp lệ.", "The scanner answered with invalid data.")
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        raise EsclError("Máy quét trả lời dữ liệu không hợp lệ.", "The scanner answered with invalid data.") from exc


def parse_capabilities(root: ET.Element) -> Capabilities:
    def source(el: ET.Element | None, name: str) -> Source | None:
        if el is None:
            return None
        res = sorted({int(_text(x)) for x in el.iter(f"{{{SCAN}}}XResolution") if _text(x).isdigit()})
        modes = tuple(dict.fromkeys(_text(x) for x in el.iter(f"{{{SCAN}}}ColorMode")))
        formats = tuple(dict.fromkeys(_text(x) for x in el.iter(f"{{{PWG}}}DocumentFormat")))
        formats += tuple(f for f in dict.fromkeys(_text(x) for x in el.iter(f"{{{SCAN}}}DocumentFormatExt"))
                         if f not in formats)
        mw, mh = _text(el.find(f"{{{SCAN}}}MaxWidth")), _text(el.find(f"{{{SCAN}}}MaxHeight"))
        return Source(name, tuple(res), modes, formats, int(mw) if mw.isdigit() else A4_300THS[0],
                      int(mh) if mh.isdigit() else A4_300THS[1])

    sources = {}
    platen = source(root.find(f"{{{SCAN}}}Platen/{{{SCAN}}}PlatenInputCaps"), "Platen")
    adf = root.find(f"{{{SCAN}}}Adf")
    feeder = source(adf.find(f"{{{SCAN}}}AdfSimplexInputCaps") if adf is not None else None, "Feeder")
    for s in (platen, feeder):
        if s is not None and s.resolutions and s.color_modes:
            sources[s.name] = s
    return Capabilities(_text(root.find(f"{{{PWG}}}MakeAndModel")) or _text(root.find(f"{{{SCAN}}}MakeAndModel")),
                        sources)


def scan_settings(source: str, dpi: int, color_mode: str, fmt: str, width: int, height: int) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<scan:ScanSettings xmlns:scan="{SCAN}" xmlns:pwg="{PWG}">
  <pwg:Version>2.0</pwg:Version>
  <scan:Intent>Document</scan:Intent>
  <pwg:ScanRegions><pwg:ScanRegion>
    <pwg:ContentRegionUnits>escl:ThreeHundredthsOfInches</pwg:ContentRegionUnits>
    <pwg:XOffset>0</pwg:XOffset><pwg:YOffset>0</pwg:YOffset>
    <pwg:Width>{width}</pwg:Width><pwg:Height>{height}</pwg:Height>
  </pwg:ScanRegion></pwg:ScanRegions>
  <pwg:InputSource>{source}</pwg:InputSource>
  <scan:ColorMode>{color_mode}</scan:ColorMode>
  <pwg:DocumentFormat>{fmt}</pwg:DocumentFormat>
  <scan:XResolution>{dpi}</scan:XResolution><scan:YResolution>{dpi}</scan:YResolution>
</scan:ScanSettings>""".encode()


class EsclClient:
    """One scanner at a base address such as http://192.168.1.20/eSCL (the path from mDNS 'rs')."""

    def __init__(self, base_url: str, *, timeout: float = TIMEOUT, retry_pause: float = RETRY_PAUSE,
                 sleep: Callable[[float], None] = time.sleep):
        url = base_url.strip()
        if "://" not in url:
            url = "http://" + url
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise EsclError(f"Địa chỉ máy quét không hợp lệ: {base_url}", f"Not a scanner address: {base_url}")
        path = parts.path.rstrip("/") or "/eSCL"
        self.scheme, self.host, self.port = parts.scheme, parts.hostname, parts.port
        self.base_path = path
        self.url = f"{parts.scheme}://{parts.netloc}{path}"
        self.timeout, self.retry_pause, self.sleep = timeout, retry_pause, sleep

    def _conn(self) -> http.client.HTTPConnection:
        if self.scheme == "https":  # scanners carry self-made certificates; the office network is the trust
            ctx = ssl.create_default_context()
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
            return http.client.HTTPSConnection(self.host, self.port, timeout=self.timeout, context=ctx)
        return http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)

    def request(self, method: str, path: str, body: bytes | None = None, *, limit: int = MAX_XML,
                into: Path | None = None) -> tuple[int, dict[str, str], bytes]:
        """(status, headers, body); the body goes to `into` when given. ScannerGone when it does not answer."""
        conn = self._conn()
        try:
            headers = {"Content-Type": "text/xml"} if body is not None else {}
            conn.request(method, path, body=body, headers=headers)
            r = conn.getresponse()
            heads = {k.lower(): v for k, v in r.getheaders()}
            declared = heads.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise EsclError("Máy quét gửi một trang quá lớn.", "The scanner sent a page that is too large.")
            if into is None:
                data = r.read(limit + 1)
                if len(data) > limit:
                    raise EsclError("Máy quét gửi dữ liệu quá lớn.", "The scanner sent too much data.")
                return r.status, heads, data
            got = 0
            with open(into, "wb") as f:
                while chunk := r.read(1024 * 1024):
                    got += len(chunk)
                    if got > limit:
                        raise EsclError("Máy quét gửi một trang quá lớn.", "The scanner sent a page that is too large.")
                    f.write(chunk)
            if declared.isdigit() and got != int(declared):
                raise _gone(self.url)
            return r.status, heads, b""
        except (TimeoutError, OSError, http.client.HTTPException) as exc:
            raise _gone(self.url) from exc
        finally:
            conn.close()

    def capabilities(self) -> Capabilities:
        status, _, data = self.request("GET", f"{self.base_path}/ScannerCapabilities")
        if status != 200:
            raise EsclError(f"Không phải máy quét eSCL (mã {status}): {self.url}",
                            f"Not an eSCL scanner (status {status}): {self.url}")
        return parse_capabilities(_parse_xml(data, self.url))

    def status(self) -> tuple[str, str]:
        """(state, feeder state): Idle/Processing/..., ScannerAdfLoaded/ScannerAdfJam/... ('' if unknown)."""
        try:
            code, _, data = self.request("GET", f"{self.base_path}/ScannerStatus")
        except ScannerGone:
            raise
        if code != 200:
            return "", ""
        root = _parse_xml(data, self.url)
        return _text(root.find(f"{{{PWG}}}State")), _text(root.find(f"{{{SCAN}}}AdfState"))

    def start(self, settings: bytes) -> str:
        """The job's path (from Location)."""
        for _ in range(RETRIES_503):
            code, heads, _ = self.request("POST", f"{self.base_path}/ScanJobs", settings)
            if code == 503:
                self._check_feeder()
                self.sleep(self.retry_pause)
                continue
            if code not in (200, 201) or not heads.get("location"):
                raise EsclError(f"Máy quét không nhận lệnh quét (mã {code}).",
                                f"The scanner did not take the scan job (status {code}).")
            return urllib.parse.urlsplit(heads["location"]).path.rstrip("/")
        raise EsclError("Máy quét đang bận; hãy thử lại sau.", "The scanner is busy; try again later.")

    def _check_feeder(self) -> None:
        _, adf = self.status()
        if adf == "ScannerAdfJam":
            raise FeederJam("Kẹt giấy trong khay nạp của máy quét: gỡ tờ bị kẹt rồi quét lại phần còn lại.",
                            "Paper jam in the scanner's feeder: clear it, then scan the rest again.")
        if adf == "ScannerAdfDoorOpen":
            raise FeederJam("Nắp khay nạp giấy của máy quét đang mở.", "The scanner's feeder cover is open.")

    def next_document(self, job: str, into: Path) -> bool:
        """Fetch the next page into a file; False when the job has no more pages."""
        for _ in range(RETRIES_503):
            code, heads, _ = self.request("GET", f"{job}/NextDocument", limit=MAX_DOCUMENT, into=into)
            if code == 200:
                return True
            if code in (404, 410):
                return False
            if code == 503:
                self._check_feeder()
                self.sleep(self.retry_pause)
                continue
            raise EsclError(f"Máy quét báo lỗi khi gửi trang (mã {code}).",
                            f"The scanner failed to send a page (status {code}).")
        raise EsclError("Máy quét không gửi trang tiếp theo.", "The scanner did not send the next page.")

    def cancel(self, job: str) -> None:
        try:
            self.request("DELETE", job)
        except EsclError:
            pass
