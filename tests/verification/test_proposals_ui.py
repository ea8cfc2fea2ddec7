"""In the window: the verification test set's figures per link and per person, enrichment proposals
selected several at once and accepted, one rejected; a file undoing many verified holders asks twice;
the editor shows why a chip-card QR payload is refused. Renders the tab for a look (1366×768)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from landdesk.services import enrichment  # noqa: E402
from landdesk.services import verification as v  # noqa: E402
from landdesk.services.dossiers import get_dossier, save_dossier  # noqa: E402
from landdesk.workspace import Workspace  # noqa: E402
from tests.verification import campaign_set as cs  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def cws(workspace_template, tmp_path):
    root = tmp_path / "ws"
    shutil.copytree(workspace_template, root)
    w = Workspace.open(root)
    for d in cs.dossiers():
        w.transact(lambda ctx, d=d: save_dossier(ctx, d, allow_errors=True))
    yield w
    w.close()


@pytest.fixture
def window(cws, qtbot):
    from landdesk.ui.app import build_window

    w = build_window(cws)
    qtbot.addWidget(w)
    yield w
    w.wctx.runner.wait_idle()


def _idle(window):
    assert window.wctx.runner.wait_idle(30)


def test_proposals_in_the_window(cws, window, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QPushButton

    from landdesk.ui.dialogs.double_entry import ConfirmPreview
    from landdesk.ui.widgets.filepick import FilePick

    view = window.show_view("review") or window.page("review")
    _idle(window)
    tab = view.verification
    monkeypatch.setattr(FilePick, "open", classmethod(lambda cls, parent, title, pattern: str(FIXTURES / "register_lo.xls")))
    asked = []
    monkeypatch.setattr(ConfirmPreview, "ask", classmethod(lambda cls, p, title, text, ok: asked.append(text) or True))
    tab.findChild(QPushButton, "verifyExtract").click()
    _idle(window)
    assert "7 đề xuất làm giàu dữ liệu" in asked[0] and "2 người đại diện" in asked[0]
    assert len(asked) == 1  # nothing verified before: no second question
    rows = {tab.figures_tree.topLevelItem(i).text(0): [tab.figures_tree.topLevelItem(i).text(c) for c in range(1, 6)]
            for i in range(tab.figures_tree.topLevelItemCount())}
    assert rows["Lượt chủ hộ, cá nhân (mỗi GCN một lượt)"] == ["9", "4", "2", "0", "15"]
    assert rows["Số người (mỗi công dân tính một lần)"] == ["10", "4", "2", "0", "16"]
    assert tab.proposals_tree.topLevelItemCount() == 7

    if os.environ.get("LANDDESK_SCREENSHOTS"):
        window.resize(1366, 768)
        view.tabs.setCurrentWidget(tab)
        tab.sub.setCurrentIndex(1)
        window.grab().save(os.environ["LANDDESK_SCREENSHOTS"] + "/verification_proposals.png")

    # select the two proposals of the year-only holder (birth, gender) and accept them
    year_only = cs.holder_id("year_only")
    items = [tab.proposals_tree.topLevelItem(i) for i in range(tab.proposals_tree.topLevelItemCount())]
    chosen = [i for i in items if i.data(0, 256).holder_id == year_only and i.data(0, 256).field != "address"]
    assert len(chosen) == 2
    for item in chosen:
        item.setSelected(True)
    asked.clear()
    tab.findChild(QPushButton, "proposalsAccept").click()
    _idle(window)
    assert "2 giá trị sẽ được điền" in asked[0] and "→ 14/07/1958" in asked[0]
    h = next(h for h in cws.read(lambda ctx: get_dossier(ctx, cs.dossier_id("CS 100004"))).holders)
    assert h.birth.iso() == "1958-07-14" and h.gender.value == "male"
    assert tab.proposals_tree.topLevelItemCount() == 5
    # reject the address
    tab.proposals_tree.clearSelection()
    address = next(tab.proposals_tree.topLevelItem(i) for i in range(tab.proposals_tree.topLevelItemCount())
                   if tab.proposals_tree.topLevelItem(i).data(0, 256).field == "address")
    address.setSelected(True)
    tab.findChild(QPushButton, "proposalsReject").click()
    _idle(window)
    assert cws.read(v.verification_figures)["proposals"] == {"open": 4, "accepted": 2, "rejected": 1}
    # all the rest
    tab.findChild(QPushButton, "proposalsAcceptAll").click()
    _idle(window)
    assert cws.read(enrichment.list_proposals) == []

    # a file that takes every verified holder out of "verified" asks a second time; "no" stores nothing
    monkeypatch.setattr(FilePick, "open",
                        classmethod(lambda cls, parent, title, pattern: str(FIXTURES / "register_lo.ods")))
    before = cws.read(v.verification_figures)
    monkeypatch.setattr(v, "undo_needs_force", lambda ctx, preview: 12)
    answers = iter([True, False])
    asked.clear()
    monkeypatch.setattr(ConfirmPreview, "ask",
                        classmethod(lambda cls, p, title, text, ok: asked.append(text) or next(answers)))
    tab.findChild(QPushButton, "verifyExtract").click()
    _idle(window)
    assert len(asked) == 2 and "12 chủ sử dụng" in asked[1]
    assert cws.read(v.verification_figures)["runs"] == before["runs"]


def test_editor_says_why_a_qr_payload_is_refused(cws, window, qtbot):
    from PySide6.QtCore import Qt

    from tests.ui.keys import type_text

    window.show_view("form")
    editor = window.page("form")
    card = editor.holders[0]
    type_text("024185006789||Trần Thị Hoà|20111985|Nữ|01012022", card.name)  # 6 fields: the CMND left out
    qtbot.keyClick(card.name, Qt.Key.Key_Return)  # the scanner's Enter
    assert card.cccd.value() == ""  # nothing filled
    assert "đúng 7 trường" in card.name.toolTip() and card.name.property("problem") == "error"
    assert "024185006789" not in card.name.toolTip()
