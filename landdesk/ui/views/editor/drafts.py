"""Drafts offered back: for a dossier being opened, and at start-up (a crash, a power cut: the window's
bar, landdesk/ui/widgets/draft_bar.py, offers them without taking the keyboard)."""

from __future__ import annotations

import logging

from landdesk.domain.errors import LandDeskError
from landdesk.domain.model import Dossier
from landdesk.services import dossiers as dossier_service
from landdesk.services.editing import EditSession
from landdesk.ui.dialogs.drafts import DraftDialog
from landdesk.ui.tasks import Op

log = logging.getLogger("landdesk.ui")


def discard(editor, key: str) -> None:
    """`editor`: the editor or any widget with the window's `wctx`."""
    try:
        Op(editor.wctx, lambda ctx: dossier_service.discard_draft(ctx, key), parent=editor).run()
    except RuntimeError:  # the window's database thread has already stopped: the draft stays
        log.warning("draft not discarded: the database thread has stopped")


def offer(editor, pending: list, existing: dict) -> str | None:
    """Ask about the drafts of a dossier being opened: "restore", "discard" (done here) or None."""
    choice = DraftDialog.ask(editor, pending, editor.lang, existing=existing)
    if choice is not None and choice[0] == "discard":
        for key, _d in pending:
            discard(editor, key)
    return choice[0] if choice is not None else None


def opened(editor, d: Dossier, draft: Dossier | None) -> None:
    """A saved dossier was read for the editor, with the draft left for it if any."""
    if EditSession.draft_differs(d, draft):
        if offer(editor, [(d.id, draft)], existing={d.id: d}) == "restore":
            editor._load(draft, exists=True, baseline=d)
            editor.session.source = d
            editor.settle()
            return
    editor._load(d, exists=True)


def pending_at_start(ctx) -> tuple[list, dict]:
    """(drafts this user left behind, the saved dossier of each or None) — on the database thread."""
    pending = dossier_service.pending_drafts(ctx)
    return pending, {key: _get_or_none(ctx, key) for key, _ in pending}


def restore(editor, key: str, pending: list, existing: dict) -> None:
    """Show the draft `key` in the editor (dirty, unsaved), as the officer left it."""
    draft = dict(pending)[key]
    saved = existing.get(key)
    if editor.wctx.window is not None:
        editor.wctx.window.show_view("form")
    if saved is not None:
        editor._load(draft, exists=True, baseline=saved)
        editor.session.source = saved
    else:
        editor._load(draft, exists=False, baseline=Dossier(id=draft.id, commune_code=draft.commune_code))
    editor._write_draft(editor.collect())


def _get_or_none(ctx, dossier_id: str):
    try:
        return dossier_service.get_dossier(ctx, dossier_id)
    except LandDeskError:
        return None
