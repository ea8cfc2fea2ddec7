"""Form 01 workbook import: readers by extension, versioned column maps, regrouping, the service."""

from landdesk.services.importing.service import (
    MODES,
    ImportResult,
    SheetPreview,
    import_form01,
    preview,
    raw_preview,
    save_custom_map,
)

__all__ = ["MODES", "ImportResult", "SheetPreview", "import_form01", "preview", "raw_preview", "save_custom_map"]
