"""The fonts shipped under resources/fonts (DejaVu: full Vietnamese coverage)."""

from __future__ import annotations

from functools import lru_cache

from PIL import ImageDraw, ImageFont

from landdesk.domain.resources import resources_dir


@lru_cache(maxsize=32)
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(resources_dir() / "fonts" / name), size)


def wrap(draw: ImageDraw.ImageDraw, text: str, fnt: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """The text in lines no wider than `width` pixels in `fnt` (a longer single word keeps its line)."""
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=fnt) <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    return lines + ([line] if line else [])
