"""Form 01 workbook export (PL3-01 and VBDLIS) and the campaign report workbook."""

from landdesk.services.exporting.form01 import VARIANTS, ExportResult, export_form01

__all__ = ["VARIANTS", "ExportResult", "export_form01"]
