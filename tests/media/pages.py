"""Real page files for the scans tests (synthetic certificate-like pages drawn with Pillow)."""

from __future__ import annotations

import io
import random
import struct
from pathlib import Path

import img2pdf
from PIL import Image

from landdesk.media import samples


def page_image(seed: int, dpi: int = 200, kind: str = "gcn") -> Image.Image:
    return samples.certificate_page(random.Random(seed), dpi=dpi, kind=kind,
                                    fields={"parcel": seed, "sheet": seed % 40 + 1})


def jpeg_page(path: Path, seed: int, dpi: int = 200, kind: str = "gcn") -> Path:
    path.write_bytes(samples.jpeg_bytes(page_image(seed, dpi, kind), dpi))
    return path


def tiff_pages(path: Path, seeds: list[int], dpi: int = 200, compression: str = "tiff_lzw",
               bilevel: bool = False) -> Path:
    ims = [page_image(s, dpi) for s in seeds]
    if bilevel:
        ims = [im.convert("L").point(lambda v: 255 if v > 160 else 0).convert("1") for im in ims]
    ims[0].save(path, "TIFF", save_all=True, append_images=ims[1:], compression=compression, dpi=(dpi, dpi))
    return path


def pdf_of(path: Path, images: list[Image.Image | bytes], dpi: int = 200) -> Path:
    blobs = []
    for im in images:
        if isinstance(im, bytes):
            blobs.append(im)
        else:
            buf = io.BytesIO()
            im.save(buf, "JPEG", quality=80, dpi=(dpi, dpi))
            blobs.append(buf.getvalue())
    path.write_bytes(img2pdf.convert(blobs))
    return path


def huge_tiff_header(path: Path, width: int = 200_000, height: int = 200_000) -> Path:
    """A tiny TIFF whose header claims an enormous uncompressed image (a '1 GB TIFF')."""
    entries = [(256, 4, 1, width), (257, 4, 1, height), (258, 3, 1, 8), (259, 3, 1, 1), (262, 3, 1, 1),
               (273, 4, 1, 8), (277, 3, 1, 1), (278, 4, 1, height), (279, 4, 1, min(width * height, 0xFFFFFFFF))]
    ifd = struct.pack("<H", len(entries))
    for tag, typ, count, value in entries:
        ifd += struct.pack("<HHII", tag, typ, count, value) if typ == 4 else struct.pack("<HHIHH", tag, typ, count, value, 0)
    ifd += struct.pack("<I", 0)
    path.write_bytes(b"II*\x00" + struct.pack("<I", 8 + 64) + b"\x00" * 64 + ifd)
    return path


def many_page_tiff(path: Path, count: int = 100_000) -> Path:
    """A TIFF of `count` one-pixel pages (114 bytes each, all sharing one pixel): cheap to make, and
    a reader that counts its pages by walking them all takes quadratic time."""
    tags = [(256, 3, 1), (257, 3, 1), (258, 3, 8), (259, 3, 1), (262, 3, 1), (273, 4, 8), (277, 3, 1),
            (278, 3, 1), (279, 4, 1)]
    ifd = struct.pack("<H", len(tags)) + b"".join(
        struct.pack("<HHII", tag, typ, 1, value) if typ == 4 else struct.pack("<HHIHH", tag, typ, 1, value, 0)
        for tag, typ, value in tags)
    size = len(ifd) + 4
    out = bytearray(b"II*\x00" + struct.pack("<I", 9) + b"\x80")  # the shared pixel at offset 8
    for i in range(count):
        out += ifd + struct.pack("<I", 9 + (i + 1) * size if i < count - 1 else 0)
    path.write_bytes(bytes(out))
    return path


def png_bomb(path: Path, side: int = 30_000) -> Path:
    """A small PNG (highly compressible) that decodes to side×side pixels."""
    Image.new("1", (side, side), 1).save(path, "PNG")
    return path
