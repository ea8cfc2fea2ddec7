"""Refresh the Qt Linguist sources from the code: `python tools/i18n_update.py [lang]`.

Runs pyside6-lupdate over landdesk/ui and keeps every translation already made. UI modules
translate through a module helper, `def tr(text): return QCoreApplication.translate("Context", text)`;
lupdate files such bare `tr("...")` calls under no context, so this moves each of them to the
context its module's helper uses (the one the running app asks for). Then `python
tools/i18n_build.py` compiles the .qm files.
"""

from __future__ import annotations

import copy
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

from i18n_build import lrelease  # this folder (tools/): run as a script or with it on sys.path

from landdesk.domain.resources import resources_dir

ROOT = Path(__file__).resolve().parents[1]  # the repository
HELPER = re.compile(r'def tr\(\w+[^)]*\)[^:]*:\s*\n\s+return QCoreApplication\.translate\("(\w+)"')


def lupdate() -> str:
    tool = Path(lrelease() or "").with_name("pyside6-lupdate")
    return str(tool) if tool.exists() else "pyside6-lupdate"


def helper_context(source: Path) -> str | None:
    m = HELPER.search(source.read_text(encoding="utf-8"))
    return m.group(1) if m else None


def update(lang: str = "en") -> Path:
    target = resources_dir() / "translations" / f"landdesk_{lang}.ts"
    sources = sorted(str(p) for p in (ROOT / "landdesk" / "ui").rglob("*.py"))
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / target.name
        subprocess.run([lupdate(), *sources, "-source-language", "vi", "-target-language", lang, "-no-obsolete",
                        "-locations", "absolute", "-ts", str(fresh)], check=True, capture_output=True)
        tree = ET.parse(fresh)
    old: dict[tuple[str, str], ET.Element] = {}
    if target.exists():
        for ctx in ET.parse(target).getroot().iter("context"):
            for msg in ctx.iter("message"):
                tr = msg.find("translation")
                if tr is not None and _done(tr):
                    old[(ctx.findtext("name") or "", msg.findtext("source") or "")] = tr
    root = tree.getroot()
    contexts = {c.findtext("name") or "": c for c in root.iter("context")}
    orphan = contexts.pop("", None)
    if orphan is not None:
        root.remove(orphan)
        filename = None
        for msg in orphan.findall("message"):
            # lupdate files one string used by several modules' helpers once, with a location in each:
            # every one of those modules' contexts gets it
            names = []
            for loc in msg.findall("location") or [None]:
                if loc is not None and loc.get("filename"):
                    filename = loc.get("filename")
                path = Path(filename) if filename else None
                if path is not None and not path.is_absolute():
                    path = (fresh.parent / path).resolve()
                name = helper_context(path) if path is not None and path.is_file() else None
                if name not in names:
                    names.append(name)
            for name in names:
                ctx = contexts.get(name or "")
                if ctx is None:
                    ctx = ET.SubElement(root, "context")
                    ET.SubElement(ctx, "name").text = name or ""
                    contexts[name or ""] = ctx
                if not any(m.findtext("source") == msg.findtext("source") for m in ctx.findall("message")):
                    ctx.append(copy.deepcopy(msg))
    for ctx in root.iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.findall("message"):
            for loc in msg.findall("location"):
                msg.remove(loc)  # line numbers churn on every edit; contexts are enough
            done = old.get((name, msg.findtext("source") or ""))
            tr = msg.find("translation")
            if done is not None and tr is not None:
                msg.remove(tr)
                msg.append(done)  # its text, or its plural forms ("%n hồ sơ" → "%n dossier", "%n dossiers")
                if done.findall("numerusform"):  # lupdate cannot see `n` through a module's tr() helper
                    msg.set("numerus", "yes")
    ET.indent(tree)
    tree.write(target, encoding="utf-8", xml_declaration=True)
    return target


def _done(tr: ET.Element) -> bool:
    """A finished translation: its text, or every plural form of a `numerus` message."""
    if tr.get("type") in ("unfinished", "obsolete"):
        return False
    forms = tr.findall("numerusform")
    return all(f.text for f in forms) if forms else bool(tr.text)


def untranslated(path: Path) -> list[tuple[str, str]]:
    out = []
    for ctx in ET.parse(path).getroot().iter("context"):
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            if tr is None or not _done(tr):
                out.append((ctx.findtext("name") or "", msg.findtext("source") or ""))
    return out


if __name__ == "__main__":
    ts = update(sys.argv[1] if len(sys.argv) > 1 else "en")
    missing = untranslated(ts)
    print(f"{ts}: {len(missing)} string(s) still to translate")
