"""Below and above the form: the list of the dossier's problems (a click goes to the field) and the
banner naming other dossiers with the same citizen ID, serial or sheet+parcel (a link opens one)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem

from landdesk.domain.codes import Severity
from landdesk.services.duplicates import find_duplicates
from landdesk.ui.tasks import Op

log = logging.getLogger("landdesk.ui")


def tr(text: str) -> str:
    return QCoreApplication.translate("Editor", text)


class ProblemList(QListWidget):
    path_chosen = Signal(str)  # the path of the problem clicked

    MAX_ROWS = 5

    def __init__(self, lang: str):
        super().__init__()
        self.lang = lang
        self.setObjectName("problems")
        self.setVisible(False)
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.itemActivated.connect(self._chosen)
        self.itemClicked.connect(self._chosen)

    def show_problems(self, problems: list) -> None:
        self.clear()
        for p in problems:
            mark = "✖" if p.severity == Severity.ERROR else "⚠"
            item = QListWidgetItem(f"{mark} {p.message(self.lang)}")
            item.setData(Qt.ItemDataRole.UserRole, p.path)
            if p.severity == Severity.ERROR:
                item.setForeground(Qt.GlobalColor.darkRed)
            self.addItem(item)
        rows = min(self.count(), self.MAX_ROWS)
        self.setVisible(rows > 0)
        if rows:
            self.setFixedHeight(rows * self.sizeHintForRow(0) + 6)

    def _chosen(self, item: QListWidgetItem) -> None:
        self.path_chosen.emit(item.data(Qt.ItemDataRole.UserRole) or "")


class DuplicateBanner(QLabel):
    """Looks up (services.duplicates, on the database thread) the dossiers sharing an identifier
    with the one being typed and links to them; `found` tells the editor, to mark the fields."""

    dossier_chosen = Signal(str)  # id of the other dossier
    found = Signal(list)  # services.duplicates.Duplicate

    def __init__(self, lang: str):
        super().__init__()
        self.lang = lang
        self.setObjectName("duplicates")
        self.setWordWrap(True)
        self.setStyleSheet("background: #f3e5f5; border: 1px solid #6a1b9a; padding: 4px;")
        self.setVisible(False)
        self.linkActivated.connect(self._link)
        self._generation = 0
        self._key: tuple | None = None

    def reset(self) -> None:
        self._key = None
        self.setVisible(False)

    def look_up(self, wctx, d) -> None:
        """Look again when an identifier changed; only the newest answer is shown."""
        key = (d.serial, tuple((h.cccd, h.cmnd) for h in d.holders),
               tuple((p.sheet_cert, p.parcel_cert) for p in d.parcels))
        if key == self._key:
            return
        self._key = key
        self._generation += 1
        gen = self._generation
        Op(wctx, lambda ctx: find_duplicates(ctx, d), parent=self, kind="read") \
            .success(lambda found: self._found(gen, found)) \
            .failure(lambda exc: log.warning("duplicate look-up failed: %s", exc)).run()

    def _found(self, gen: int, found: list) -> None:
        if gen == self._generation:
            self.show_duplicates(found)
            self.found.emit(found)

    def show_duplicates(self, found: list) -> None:
        if found:
            opener = tr("Mở hồ sơ số %1")
            self.setText("<br>".join(
                f'{dup.message(self.lang)} <a href="dossier:{dup.dossier_id}">{opener.replace("%1", str(dup.num))}</a>'
                for dup in found))
        self.setVisible(bool(found))

    def _link(self, href: str) -> None:
        if href.startswith("dossier:"):
            self.dossier_chosen.emit(href.split(":", 1)[1])
