"""A few WebDriver calls (W3C protocol over HTTP on loopback) to drive Debian's headless Chromium.

Enough for the phone page's end-to-end test and its screenshot, without a browser-automation package.
"""

from __future__ import annotations

import base64
import json
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"


def chromium() -> tuple[str, str] | None:
    """(browser, driver) paths, or None where Debian's chromium and chromium-driver are not installed."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    def __init__(self, width: int = 390, height: int = 844):
        found = chromium()
        assert found, "chromium and chromium-driver are needed"
        browser, driver = found
        self.port = _free_port()
        self.profile = tempfile.mkdtemp(prefix="ld-chromium-")
        self.proc = subprocess.Popen([driver, f"--port={self.port}"], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{self.port}"
        for _ in range(100):
            try:
                self._call("GET", "/status")
                break
            except OSError:
                time.sleep(0.1)
        args = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions",
                f"--user-data-dir={self.profile}", "--lang=vi"]
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": browser, "args": args,
            "mobileEmulation": {"deviceMetrics": {"width": width, "height": height, "pixelRatio": 2.0},
                                "userAgent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
                                             "(KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36"}}}}}
        self.session = self._call("POST", "/session", caps)["sessionId"]

    def _call(self, method: str, path: str, body: dict | None = None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as r:
            return json.loads(r.read())["value"]

    def cmd(self, method: str, path: str, body: dict | None = None):
        return self._call(method, f"/session/{self.session}{path}", body)

    def go(self, url: str) -> None:
        self.cmd("POST", "/url", {"url": url})

    def find(self, css: str) -> str:
        return self.cmd("POST", "/element", {"using": "css selector", "value": css})[ELEMENT]

    def find_all(self, css: str) -> list[str]:
        return [e[ELEMENT] for e in self.cmd("POST", "/elements", {"using": "css selector", "value": css})]

    def text(self, element: str) -> str:
        return self.cmd("GET", f"/element/{element}/text")

    def send_file(self, element: str, path: str) -> None:
        self.cmd("POST", f"/element/{element}/value", {"text": path})

    def run(self, script: str):
        return self.cmd("POST", "/execute/sync", {"script": script, "args": []})

    def screenshot(self, path) -> None:
        with open(path, "wb") as f:
            f.write(base64.b64decode(self.cmd("GET", "/screenshot")))

    def wait_for(self, css: str, count: int = 1, timeout: float = 20.0) -> list[str]:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            found = self.find_all(css)
            if len(found) >= count:
                return found
            time.sleep(0.1)
        raise TimeoutError(css)

    def close(self) -> None:
        try:
            self._call("DELETE", f"/session/{self.session}")
        except OSError:
            pass
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.profile, ignore_errors=True)
