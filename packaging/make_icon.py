"""Draw LandDesk's icon and write it where the builds take it:

    python packaging/make_icon.py

- packaging/icon/landdesk-1024.png  the master (the source the others are made from; committed)
- packaging/windows/landdesk.ico    16-256 px, for the .exe files, the installer and the .ldpkg files
- resources/icons/landdesk.png      256 px, the window icon (Linux and Windows)

The picture: a land parcel map (a few parcels, one highlighted) on a green tile — readable at 16 px.
`--from-master` skips the drawing and only remakes the .ico and .png from the committed master.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
MASTER = ROOT / "packaging" / "icon" / "landdesk-1024.png"
ICO = ROOT / "packaging" / "windows" / "landdesk.ico"
WINDOW_PNG = ROOT / "resources" / "icons" / "landdesk.png"
ICO_SIZES = [(16, 16), (20, 20), (24, 24), (32, 32), (40, 40), (48, 48), (64, 64), (128, 128), (256, 256)]

GREEN, DARK, LAND, FIELD, AMBER, LINE = "#1d7a5f", "#135c47", "#f4efd9", "#d9e8b5", "#f2a93b", "#135c47"


def draw(size: int = 1024) -> Image.Image:
    s = size * 4  # drawn 4x larger and scaled down: smooth edges
    img = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    u = s / 64  # a 64-unit grid
    d.rounded_rectangle([2 * u, 2 * u, 62 * u, 62 * u], radius=12 * u, fill=GREEN)
    d.rounded_rectangle([2 * u, 40 * u, 62 * u, 62 * u], radius=12 * u, fill=DARK)
    d.rectangle([2 * u, 40 * u, 62 * u, 50 * u], fill=DARK)
    # the map sheet, tilted parcels drawn as polygons in map units
    sheet = [(12, 12), (52, 10), (54, 50), (10, 52)]
    d.polygon([(x * u, y * u) for x, y in sheet], fill=LAND, outline=LINE, width=int(1.6 * u))
    parcels = [
        [(12, 12), (30, 11), (31, 27), (11, 29)],
        [(30, 11), (52, 10), (53, 24), (31, 27)],
        [(11, 29), (31, 27), (32, 51), (10, 52)],
        [(31, 27), (53, 24), (54, 50), (32, 51)],
    ]
    fills = [FIELD, LAND, LAND, AMBER]
    for poly, fill in zip(parcels, fills, strict=True):
        d.polygon([(x * u, y * u) for x, y in poly], fill=fill, outline=LINE, width=int(1.6 * u))
    # a boundary marker on the highlighted parcel
    cx, cy, r = 42.5 * u, 37.5 * u, 3.2 * u
    d.ellipse([cx - r, cy - r, cx + r, cy + r], fill="white", outline=LINE, width=int(1.2 * u))
    return img.resize((size, size), Image.Resampling.LANCZOS)


def main(argv: list[str]) -> int:
    if "--from-master" in argv:
        master = Image.open(MASTER).convert("RGBA")
    else:
        master = draw()
        MASTER.parent.mkdir(parents=True, exist_ok=True)
        master.save(MASTER, optimize=True)
    ICO.parent.mkdir(parents=True, exist_ok=True)
    master.save(ICO, sizes=ICO_SIZES)
    WINDOW_PNG.parent.mkdir(parents=True, exist_ok=True)
    master.resize((256, 256), Image.Resampling.LANCZOS).save(WINDOW_PNG, optimize=True)
    print(f"wrote {MASTER.relative_to(ROOT)}, {ICO.relative_to(ROOT)}, {WINDOW_PNG.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
