"""The main window's views and menus are built from this registry: add a file, not an edit here.

Extension points:

1. A VIEW is one page of the main window's stack, listed in the sidebar. Put a module in
   `landdesk/ui/views/` that defines

       VIEWS = [ViewSpec("scans", title=lambda: QCoreApplication.translate("Views", "Bản quét"),
                         factory=make_scans_view, order=30, shortcut="Ctrl+3")]

   `factory(wctx: WindowContext) -> QWidget`. The widget may define `refresh(changes, initiator)`:
   the window calls it after a write whose `changes` (frozenset of domain.changes.Change) were
   broadcast (`wctx.hub.changes_applied`), only while the view is visible or when it is next shown;
   `initiator` is the widget that asked for the write (None when several did while it was hidden).
   It may also define `activated()` (called each time the view is shown). `available(wctx) -> bool`
   hides a view (e.g. the province desk in a commune workspace). Views are built lazily, on first show.

2. MENU ACTIONS: the same module may define `actions(window) -> list[tuple[str, QAction]]`, each a
   (menu id, action) pair with menu ids from MENUS ("file", "edit", "records", "tools", "view",
   "help"). The window adds them in module order; use `window.wctx` for the workspace and
   `Op` (landdesk.ui.tasks) for the work itself.

3. DIALOGS expose `@classmethod ask(parent, ...)` returning plain values (None when cancelled), so
   tests patch one method; see landdesk/ui/dialogs/common.py.

4. OPERATIONS: every call into services goes through landdesk.ui.tasks.Op (one database thread,
   progress + Cancel, one error dialog, changes broadcast once).

Opening a dossier from any view: `wctx.hub.open_dossier.emit(dossier_id, ordered_ids_or_None)`.
Showing another view: `wctx.hub.show_view.emit("records")`.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger("landdesk.ui")

MENUS = ("file", "edit", "records", "view", "tools", "help")
# Built with the window; the others are imported on the worker thread once it is up (faster start).
CORE_MODULES = ("dashboard", "editor", "records")


@dataclass(frozen=True)
class ViewSpec:
    id: str
    title: Callable[[], str]  # called after the translator is installed
    factory: Callable  # (WindowContext) -> QWidget
    order: int = 100
    shortcut: str | None = None
    available: Callable | None = None  # (WindowContext) -> bool

    def is_available(self, wctx) -> bool:
        return self.available is None or bool(self.available(wctx))


def view_modules(names=None) -> list:
    """Every module in landdesk.ui.views (this one excluded), or those named, imported in name order.

    A module that fails to import is logged and skipped: one broken panel must not stop the desk.
    """
    import landdesk.ui.views as pkg

    mods = []
    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
        if info.name == "registry" or info.name.startswith("_") or (names is not None and info.name not in names):
            continue
        try:
            mods.append(importlib.import_module(f"landdesk.ui.views.{info.name}"))
        except Exception:
            log.exception("view module %s could not be loaded", info.name)
    return mods


def views(wctx=None, modules=None) -> list[ViewSpec]:
    specs: list[ViewSpec] = []
    for mod in view_modules() if modules is None else modules:
        specs.extend(getattr(mod, "VIEWS", []))
    specs.sort(key=lambda s: (s.order, s.id))
    return [s for s in specs if wctx is None or s.is_available(wctx)]


def module_actions(window, modules=None) -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    for mod in view_modules() if modules is None else modules:
        fn = getattr(mod, "actions", None)
        if fn is None:
            continue
        try:
            out.extend(fn(window))
        except Exception:
            log.exception("menu actions of %s could not be built", mod.__name__)
    return out

