"""Form 01 workbook import: readers by extension, versioned column maps, regrouping, the service."""

from landdesk.services.importing.service import MODES, ImportResult, import_form01, preview, save_custom_map

__all__ = ["MODES", "ImportResult", "import_form01", "preview", "save_custom_map"]
