"""Export a document's pages as one PDF ({serial}-GCN.pdf ...).

JPEG and Group 4 TIFF pages are embedded as they are (img2pdf copies the compressed stream: no
re-encoding, no loss); other pages are converted once, bi-level to Group 4 and the rest to JPEG.
Each page carries its rotation as the PDF page's /Rotate (the stored file is never changed) and its
physical size from the page's resolution. Pages are converted one at a time, then joined with pdfium.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from landdesk.domain.fileio import atomic_output

EXPORT_JPEG_QUALITY = 85


@dataclass(frozen=True)
class ExportPage:
    path: Path
    ext: str
    rotation: int
    dpi: int


def _embeddable(page: ExportPage) -> bytes:
    if page.ext in ("jpg", "tif"):
        return page.path.read_bytes()
    with Image.open(page.path) as im:
        im.load()
        buf = io.BytesIO()
        if im.mode == "1":
            im.save(buf, "TIFF", compression="group4")
        else:
            if im.mode in ("RGBA", "LA", "PA", "P"):
                rgba = im.convert("RGBA")
                flat = Image.new("RGB", im.size, "white")
                flat.paste(rgba, mask=rgba.getchannel("A"))
                im = flat
            elif im.mode not in ("L", "RGB"):
                im = im.convert("RGB")
            im.save(buf, "JPEG", quality=EXPORT_JPEG_QUALITY)
        return buf.getvalue()


def _one_page(page: ExportPage) -> bytes:
    import img2pdf  # here, not at the top: img2pdf (with pikepdf) and pdfium cost every command that
    # imports the exporting package, the Form 01 import among them, 10 MB and 50 ms

    dpi = page.dpi if page.dpi >= 50 else 200
    return img2pdf.convert(_embeddable(page), rotation=img2pdf.Rotation[str(page.rotation % 360)],
                           layout_fun=img2pdf.get_fixed_dpi_layout_fun((dpi, dpi)),
                           engine=img2pdf.Engine.internal)  # as in the app bundle, which leaves pikepdf out


def export_pdf(pages: Sequence[ExportPage], out: Path) -> int:
    """Write the PDF atomically (temp name beside, fsync, replace; removed on any error, a full drive
    included: DiskFullError); returns its size in bytes."""
    import pypdfium2 as pdfium

    if not pages:
        raise ValueError("no pages")
    doc = pdfium.PdfDocument.new()
    try:
        for page in pages:
            part = pdfium.PdfDocument(_one_page(page))
            doc.import_pages(part)
            part.close()
        # pdfium writes through a callback that swallows write errors (a full drive would pass
        # unnoticed): the document goes to memory, then to the file, where an error is raised
        buf = io.BytesIO()
        doc.save(buf)
        with atomic_output(out) as tmp, open(tmp, "wb") as f:
            f.write(buf.getbuffer())
    finally:
        doc.close()
    return out.stat().st_size
