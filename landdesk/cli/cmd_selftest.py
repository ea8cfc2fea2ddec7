"""`landdesk selftest`: the installed (or frozen) app can create and migrate a workspace, save and
find a dossier, and render its main window offscreen. Exit 0 when everything works."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from landdesk.cli.common import CliEnv, print_json, t


def register(sub) -> None:
    p = sub.add_parser("selftest", help="check that this installation works (temporary workspace, offscreen window)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(func=run)


def run(args, env: CliEnv) -> int:
    import sys

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        return _run(args)
    except AssertionError as exc:
        sys.stderr.write(t("landdesk: tự kiểm tra KHÔNG đạt: ", "landdesk: self-test FAILED: ") + str(exc) + "\n")
        return 1


def _run(args) -> int:
    from landdesk import __version__
    from landdesk.domain import reference
    from landdesk.domain.model import Dossier, Holder
    from landdesk.services import dossiers, search
    from landdesk.storage.commune import schema
    from landdesk.workspace import Workspace

    steps: list[dict] = []

    def step(name: str, fn):
        started = time.perf_counter()
        out = fn()
        steps.append({"step": name, "ms": round((time.perf_counter() - started) * 1000, 1)})
        return out

    with tempfile.TemporaryDirectory(prefix="landdesk-selftest-") as tmp:
        commune = reference.communes()[0].code
        ws = step("create+migrate", lambda: Workspace.create(Path(tmp) / "ws", commune, admin="selftest",
                                                             password="selftest-pass"))
        try:
            assert schema.current_revision(ws.engine) == schema.head_revision(), "schema not at head"
            saved = step("save", lambda: ws.transact(lambda ctx: dossiers.save_dossier(
                ctx, Dossier(serial="AB 123456", holders=[Holder(name="Nguyễn Văn Thử")]))).dossier)
            found = step("search", lambda: ws.read(lambda ctx: search.search(ctx, "nguyen van thu")))
            assert [s.id for s in found] == [saved.id], "search did not find the saved dossier"
            views = step("window", lambda: _render(ws, Path(tmp)))
        finally:
            ws.close()
    result = {"ok": True, "version": __version__, "commune": commune, "views": views, "steps": steps,
              "log": str(step("log", _log_writable)), "extras": _extras()}
    if args.json:
        print_json(result)
    else:
        print(t("LandDesk %s: tự kiểm tra đạt (%s).", "LandDesk %s: self-test passed (%s).")
              % (__version__, ", ".join(views)))
    return 0


def _log_writable() -> Path:
    """The log folder takes a line (a PC where it cannot is told here, not after a crash)."""
    import logging

    from landdesk import applog

    path = applog.setup("selftest")
    assert path is not None, f"the log folder {applog.log_dir()} cannot be written"
    logging.getLogger("landdesk").info("self-test")
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert path.is_file(), f"no log file at {path}"
    return path


def _extras() -> dict:
    """The optional parts in this installation (the commune app ships without both)."""
    import importlib.util

    from landdesk.media import intake

    return {"heic": intake.HEIC, "postgresql": importlib.util.find_spec("psycopg") is not None}


def _render(ws, folder: Path) -> list[str]:
    from landdesk.domain import i18n
    from landdesk.ui.app import build_window, ensure_app

    app = ensure_app()
    window = build_window(ws, lang=i18n.language(), settings=None)
    window.resize(1280, 800)
    window.show()
    rendered = []
    for view_id in window.view_ids():
        window.show_view(view_id)
        app.processEvents()
        window.wctx.runner.wait_idle(20)
        image = window.grab()
        assert not image.isNull() and image.width() > 0, f"view {view_id} did not render"
        image.save(str(folder / f"{view_id}.png"))
        rendered.append(view_id)
    window.wctx.runner.shutdown()
    window.close()
    return rendered
