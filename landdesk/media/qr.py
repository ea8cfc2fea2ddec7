"""Cover-sheet QR codes: what they carry, how to draw one and how to find one on a scanned page."""

from __future__ import annotations

import zxingcpp
from PIL import Image

PREFIX = "LANDDESK-COVER"


def cover_payload(dossier_id: str, kind: str = "gcn") -> str:
    return f"{PREFIX}|1|{dossier_id}|{kind}"


def parse_payload(text: str) -> tuple[str, str] | None:
    """(dossier_id, kind) for a LandDesk cover sheet, else None."""
    parts = text.strip().split("|")
    if len(parts) == 4 and parts[0] == PREFIX and parts[1] == "1" and parts[2]:
        return parts[2], parts[3] or "gcn"
    return None


def qr_image(text: str, module_px: int) -> Image.Image:
    """A black-on-white QR code (with its quiet zone) as a Pillow image."""
    code = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    img = code.to_image(scale=module_px)
    h, w = img.shape
    return Image.frombuffer("L", (w, h), bytes(memoryview(img)), "raw", "L", 0, 1)


def find_cover(image: Image.Image) -> tuple[str, str] | None:
    """The cover sheet a page is, from the QR codes zxing-cpp finds on it (None for an ordinary page)."""
    try:
        found = zxingcpp.read_barcodes(image.convert("L"), formats=zxingcpp.BarcodeFormat.QRCode)
    except (ValueError, RuntimeError):
        return None
    for code in found:
        hit = parse_payload(code.text)
        if hit:
            return hit
    return None
