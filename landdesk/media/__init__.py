"""Scanned pages: intake, content-addressed store, thumbnails, quality checks, PDF export."""
