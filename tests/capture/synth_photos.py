"""Synthetic phone photos of a page lying on a table, for the crop-and-straighten measurements.

A certificate-like page (media.samples) is put on a patterned background (wood grain, a checked
tablecloth, a flowered oilcloth, a dark desk), turned up to ±20°, seen in perspective (the phone held
at a slant), under uneven light and with a hand's or phone's shadow across it, then saved as a phone
JPEG. The true corners are returned with the photo. In `cut` samples part of the page is outside the
frame: there the right answer is to leave the photo as it is.
"""

from __future__ import annotations

import io
import math
import random
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFilter

from landdesk.media import samples

PHOTO = (1600, 1200)


@dataclass(frozen=True)
class Photo:
    jpeg: bytes
    corners: tuple[tuple[float, float], ...]  # top-left, top-right, bottom-right, bottom-left of the page
    cut: bool  # part of the page is outside the photo
    background: str


def _background(rng: random.Random, size: tuple[int, int]) -> tuple[Image.Image, str]:
    w, h = size
    style = rng.choice(("wood", "check", "flowers", "desk", "wood", "check"))
    im = Image.new("RGB", size)
    d = ImageDraw.Draw(im)
    if style == "wood":
        base = (rng.randint(120, 170), rng.randint(75, 105), rng.randint(40, 60))
        for y in range(h):
            k = 0.8 + 0.2 * math.sin(y / rng.uniform(6, 14) + 3 * math.sin(y / 97))
            d.line([(0, y), (w, y)], fill=tuple(int(c * k) for c in base))
    elif style == "check":
        a = (rng.randint(150, 230), rng.randint(30, 90), rng.randint(30, 90))
        b = (rng.randint(200, 250), rng.randint(200, 250), rng.randint(190, 240))  # light squares too
        step = rng.randint(30, 70)
        for y in range(0, h, step):
            for x in range(0, w, step):
                d.rectangle([x, y, x + step, y + step], fill=a if (x // step + y // step) % 2 else b)
    elif style == "flowers":
        im.paste((rng.randint(20, 60), rng.randint(80, 140), rng.randint(90, 150)), (0, 0, w, h))
        for _ in range(500):
            x, y, r = rng.randrange(w), rng.randrange(h), rng.randint(6, 22)
            d.ellipse([x - r, y - r, x + r, y + r], fill=rng.choice(((240, 240, 235), (250, 200, 60), (230, 90, 120))))
    else:
        g = rng.randint(40, 90)
        im.paste((g, g, g + 5), (0, 0, w, h))
        for _ in range(200):
            x, y = rng.randrange(w), rng.randrange(h)
            d.line([(x, y), (x + rng.randint(-60, 60), y + rng.randint(-5, 5))], fill=(g + 20, g + 20, g + 20))
    return im, style


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    n = len(b)
    m = [row[:] + [v] for row, v in zip(a, b, strict=True)]
    for i in range(n):
        p = max(range(i, n), key=lambda r: abs(m[r][i]))
        m[i], m[p] = m[p], m[i]
        for r in range(n):
            if r != i:
                f = m[r][i] / m[i][i]
                m[r] = [x - f * y for x, y in zip(m[r], m[i], strict=True)]
    return [m[i][n] / m[i][i] for i in range(n)]


def perspective_coeffs(dst: list[tuple[float, float]], src: list[tuple[float, float]]) -> list[float]:
    """Coefficients for Image.transform(PERSPECTIVE): output point dst[i] samples input src[i]."""
    a, b = [], []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        a.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        a.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        b += [u, v]
    return _solve(a, b)


def photo(seed: int) -> Photo:
    rng = random.Random(seed)
    w, h = PHOTO if rng.random() < 0.5 else PHOTO[::-1]
    bg, style = _background(rng, (w, h))
    page = samples.certificate_page(rng, dpi=100, kind=rng.choice(("gcn", "gt")))
    pw, ph = page.size
    cut = rng.random() < 0.1
    scale = rng.uniform(0.55, 0.8) * min(w / pw, h / ph) * (1.25 if cut else 1.0)
    angle = math.radians(rng.uniform(-20, 20))
    cx, cy = w / 2 + rng.uniform(-0.08, 0.08) * w, h / 2 + rng.uniform(-0.08, 0.08) * h
    if cut:
        cx += rng.choice((-1, 1)) * 0.25 * w
    tilt = [rng.uniform(0.0, 0.12) for _ in range(4)]
    jitter = [(rng.uniform(-0.02, 0.02), rng.uniform(-0.02, 0.02)) for _ in range(4)]
    while True:
        corners = []
        for k, (ux, uy) in enumerate(((-0.5, -0.5), (0.5, -0.5), (0.5, 0.5), (-0.5, 0.5))):
            x, y = ux * pw * scale, uy * ph * scale
            # Perspective: the far edge (top) looks narrower, plus a little jitter.
            x *= 1 - tilt[k] * (-uy + 0.5)
            x += jitter[k][0] * pw * scale
            y += jitter[k][1] * ph * scale
            corners.append((cx + x * math.cos(angle) - y * math.sin(angle),
                            cy + x * math.sin(angle) + y * math.cos(angle)))
        inside = all(0.03 * w <= x <= 0.97 * w and 0.03 * h <= y <= 0.97 * h for x, y in corners)
        if cut or inside:
            break
        scale *= 0.95  # a whole page: keep every corner in the photo
    coeffs = perspective_coeffs(corners, [(0, 0), (pw, 0), (pw, ph), (0, ph)])
    warped = page.transform((w, h), Image.Transform.PERSPECTIVE, coeffs, Image.Resampling.BICUBIC)
    mask = Image.new("L", (w, h), 0)
    ImageDraw.Draw(mask).polygon(corners, fill=255)
    out = Image.composite(warped, bg, mask)
    # Uneven light: brighter where the lamp is, darker in the far corner.
    light = Image.radial_gradient("L").resize((w * 2, h * 2), Image.Resampling.BICUBIC).filter(ImageFilter.GaussianBlur(12))
    ox, oy = rng.randrange(w), rng.randrange(h)
    light = light.crop((w - ox, h - oy, 2 * w - ox, 2 * h - oy)).point(lambda v: 255 - int(v * rng.uniform(0.3, 0.45)))
    out = Image.composite(out, Image.new("RGB", (w, h)), light)
    # A soft shadow (a hand or the phone) over part of the scene.
    if rng.random() < 0.6:
        sh = Image.new("L", (w, h), 0)
        x0, y0 = rng.randrange(w), rng.randrange(h)
        pts = [(x0 + rng.randint(-500, 500), y0 + rng.randint(-500, 500)) for _ in range(5)]
        ImageDraw.Draw(sh).polygon(pts, fill=int(255 * rng.uniform(0.2, 0.45)))
        sh = sh.filter(ImageFilter.GaussianBlur(25))
        out = Image.composite(Image.new("RGB", (w, h)), out, sh)
    out = out.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 1.0)))
    buf = io.BytesIO()
    out.save(buf, "JPEG", quality=rng.randint(75, 92))
    return Photo(buf.getvalue(), tuple(corners), cut, style)
