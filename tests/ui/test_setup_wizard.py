"""Issue 13 §8: the first-run wizard finds the commune by code or unaccented name, Next only for exactly one
commune, the folder in sight with the warning against network and synced folders, a summary before Finish."""

from __future__ import annotations

from tests.ui.keys import type_text


def test_wizard_finds_the_commune_by_code_or_unaccented_name(qtbot, tmp_path):
    from PySide6.QtWidgets import QWizard

    from landdesk.ui.dialogs.setup import SetupWizard

    wiz = SetupWizard(None, tmp_path / "Documents" / "LandDesk")
    qtbot.addWidget(wiz)
    wiz.show()
    page = wiz.place
    next_button = wiz.button(QWizard.WizardButton.NextButton)
    assert not next_button.isEnabled()  # nothing typed: no commune yet
    page.search.setFocus()
    type_text("da mai", page.search)
    assert page.code == "07228" and next_button.isEnabled() and "Phường Đa Mai" in page.status.text()
    page.search.setText("xyz không có")
    assert page.code is None and not next_button.isEnabled()  # not the first commune of the list
    assert "xyz" in page.status.text()
    page.search.setText("07228")
    assert page.code == "07228" and next_button.isEnabled()
    page.search.setText("mai")  # several: Next only once one is picked
    assert page.code is None and page.matches.count() > 1 and not next_button.isEnabled()
    page.matches.setCurrentRow(1)
    assert page.code == page.matches.item(1).data(256) and next_button.isEnabled()


def test_wizard_folder_warning_summary_and_choice(qtbot, tmp_path):
    from PySide6.QtWidgets import QWizard

    from landdesk.ui.dialogs.setup import SetupWizard

    wiz = SetupWizard(None, tmp_path / "OneDrive" / "LandDesk")
    qtbot.addWidget(wiz)
    wiz.show()
    wiz.place.search.setText("bac giang")
    wiz.next()
    assert wiz.currentPage() is wiz.folder
    next_button = wiz.button(QWizard.WizardButton.NextButton)
    assert "OneDrive" in wiz.folder.problem.text() and not next_button.isEnabled()
    wiz.folder.folder.setText(str(tmp_path / "Documents" / "LandDesk"))
    assert wiz.folder.problem.text() == "" and next_button.isEnabled()
    wiz.next()
    wiz.admin.full_name.setText("Nguyễn Thị Lan")
    wiz.admin.password.setText("mat-khau-xa-1")
    wiz.admin.password2.setText("mat-khau-xa-1")
    wiz.next()
    assert wiz.currentPage() is wiz.summary
    summary = wiz.summary.text.text()
    for part in ("Phường Bắc Giang (07210)", "Tỉnh Bắc Ninh", str(tmp_path / "Documents" / "LandDesk"), "admin",
                 "Nguyễn Thị Lan"):
        assert part in summary
    choice = wiz.choice()
    assert (choice.commune_code, choice.folder, choice.admin) == ("07210", tmp_path / "Documents" / "LandDesk", "admin")
