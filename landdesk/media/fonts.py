"""The fonts shipped under resources/fonts (DejaVu: full Vietnamese coverage)."""

from __future__ import annotations

from functools import lru_cache

from PIL import ImageFont

from landdesk.domain.resources import resources_dir


@lru_cache(maxsize=32)
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(resources_dir() / "fonts" / name), size)
