"""The GUI fixtures (offscreen Qt, isolated settings, main windows) for the capture dialogs' tests."""

from tests.ui.conftest import _isolated_qsettings, _no_modal_error_dialogs, make_window, window  # noqa: F401
