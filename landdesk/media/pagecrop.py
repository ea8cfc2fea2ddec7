"""Crop a phone photo of a page to the page and straighten it (Pillow only: the bundle stays small).

How: on a small copy (360 px), paper is what is bright and unsaturated against its surroundings; the
largest such region, opened to cut it from bright spots of the background, is the page candidate.
Four corners are fitted to its outline (the largest quadrilateral on its convex hull), each side is
refitted as a straight line through the outline points along it, and the candidate is accepted only
when it really looks like a whole sheet: a sensible size, angles near square, the region filling the
quadrilateral, a clear edge all round, and no side on the photo's border (a page partly outside the
photo is left as it is). The page is then unwarped with a perspective transform at full resolution;
a shape near A4 is given A4's proportions.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageOps

WORK = 360
A4_RATIO = 297 / 210
MIN_AREA, MAX_AREA = 0.12, 0.97
BORDER = 0.012  # a corner this close to the photo's edge (fraction of its size): the page may be cut
MIN_FILL = 0.88

Point = tuple[float, float]


@dataclass(frozen=True)
class PageQuad:
    corners: tuple[Point, Point, Point, Point]  # top-left, top-right, bottom-right, bottom-left (full size)
    size: tuple[int, int]  # the straightened page's width and height in pixels


def _otsu(hist: list[int]) -> int:
    total = sum(hist)
    sum_all = sum(i * h for i, h in enumerate(hist))
    w0 = s0 = 0
    best, best_t = -1.0, 128
    for t in range(256):
        w0 += hist[t]
        if w0 == 0 or w0 == total:
            continue
        s0 += t * hist[t]
        m0, m1 = s0 / w0, (sum_all - s0) / (total - w0)
        between = w0 * (total - w0) * (m0 - m1) ** 2
        if between > best:
            best, best_t = between, t
    return best_t


def _shrink(mask: Image.Image, r: int) -> Image.Image:
    """Binary erosion by a (2r+1) square, with a box blur (cheap at any size, unlike a rank filter)."""
    return mask.filter(ImageFilter.BoxBlur(r)).point(lambda v: 255 if v >= 254 else 0)


def _grow(mask: Image.Image, r: int) -> Image.Image:
    return mask.filter(ImageFilter.BoxBlur(r)).point(lambda v: 255 if v >= 1 else 0)


def _majority(mask: Image.Image, r: int) -> Image.Image:
    return mask.filter(ImageFilter.BoxBlur(r)).point(lambda v: 255 if v >= 128 else 0)


def _largest_component(mask: bytes, w: int, h: int) -> tuple[list[int], bytearray]:
    """Pixel indices of the largest 4-connected region of non-zero pixels, and a label map of it."""
    seen = bytearray(w * h)
    best: list[int] = []
    for start in range(w * h):
        if not mask[start] or seen[start]:
            continue
        seen[start] = 1
        comp, queue = [start], deque([start])
        while queue:
            i = queue.popleft()
            x = i % w
            for j in (i - 1 if x else -1, i + 1 if x < w - 1 else -1, i - w, i + w):
                if 0 <= j < w * h and mask[j] and not seen[j]:
                    seen[j] = 1
                    comp.append(j)
                    queue.append(j)
        if len(comp) > len(best):
            best = comp
    inside = bytearray(w * h)
    for i in best:
        inside[i] = 1
    return best, inside


def _hull(points: list[Point]) -> list[Point]:
    pts = sorted(set(points))
    if len(pts) < 3:
        return pts

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[Point] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[Point] = []
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def _area(poly: list[Point]) -> float:
    return abs(sum(poly[i][0] * poly[i - 1][1] - poly[i - 1][0] * poly[i][1] for i in range(len(poly)))) / 2


def _best_quad(hull: list[Point]) -> list[Point]:
    """The largest quadrilateral with its corners on the hull (local search from the diagonal extremes)."""
    n = len(hull)
    idx = sorted({min(range(n), key=lambda i: hull[i][0] + hull[i][1]),
                  max(range(n), key=lambda i: hull[i][0] - hull[i][1]),
                  max(range(n), key=lambda i: hull[i][0] + hull[i][1]),
                  min(range(n), key=lambda i: hull[i][0] - hull[i][1])})
    while len(idx) < 4:
        idx = sorted(set(idx) | {(idx[-1] + n // 4) % n})
    improved = True
    while improved:
        improved = False
        for k in range(4):
            current = _area([hull[i] for i in idx])
            lo, hi = idx[k - 1], idx[(k + 1) % 4]
            span = range(lo + 1, hi) if lo < hi else [*range(lo + 1, n), *range(0, hi)]
            for cand in span:
                trial = idx[:k] + [cand] + idx[k + 1:]
                a = _area([hull[i] for i in trial])
                if a > current + 1e-9:
                    idx, current, improved = trial, a, True
    return [hull[i] for i in idx]


def _fit_line(points: list[Point]) -> tuple[Point, Point] | None:
    """(centre, direction) of the total-least-squares line through the points."""
    if len(points) < 5:
        return None
    mx = sum(p[0] for p in points) / len(points)
    my = sum(p[1] for p in points) / len(points)
    sxx = sum((p[0] - mx) ** 2 for p in points)
    syy = sum((p[1] - my) ** 2 for p in points)
    sxy = sum((p[0] - mx) * (p[1] - my) for p in points)
    angle = 0.5 * math.atan2(2 * sxy, sxx - syy)
    return (mx, my), (math.cos(angle), math.sin(angle))


def _intersect(a, b) -> Point | None:
    (px, py), (dx, dy) = a
    (qx, qy), (ex, ey) = b
    den = dx * ey - dy * ex
    if abs(den) < 1e-6:
        return None
    t = ((qx - px) * ey - (qy - py) * ex) / den
    return px + t * dx, py + t * dy


def _order(corners: list[Point]) -> list[Point]:
    cx = sum(p[0] for p in corners) / 4
    cy = sum(p[1] for p in corners) / 4
    ring = sorted(corners, key=lambda p: math.atan2(p[1] - cy, p[0] - cx))
    start = min(range(4), key=lambda i: ring[i][0] + ring[i][1])
    return ring[start:] + ring[:start]


def _refine(quad: list[Point], outline: list[Point]) -> list[Point] | None:
    lines = []
    for k in range(4):
        a, b = quad[k], quad[(k + 1) % 4]
        length = math.dist(a, b)
        if length < 10:
            return None
        ux, uy = (b[0] - a[0]) / length, (b[1] - a[1]) / length
        near = []
        for p in outline:
            t = (p[0] - a[0]) * ux + (p[1] - a[1]) * uy
            d = abs((p[0] - a[0]) * uy - (p[1] - a[1]) * ux)
            if 0.15 * length < t < 0.85 * length and d < 3:
                near.append(p)
        line = _fit_line(near)
        if line is None:
            return None
        lines.append(line)
    out = []
    for k in range(4):
        p = _intersect(lines[k - 1], lines[k])
        if p is None:
            return None
        out.append(p)
    return out


def _angles_ok(q: list[Point]) -> bool:
    for k in range(4):
        a, b, c = q[k - 1], q[k], q[(k + 1) % 4]
        v1, v2 = (a[0] - b[0], a[1] - b[1]), (c[0] - b[0], c[1] - b[1])
        cos = (v1[0] * v2[0] + v1[1] * v2[1]) / (math.hypot(*v1) * math.hypot(*v2) + 1e-9)
        if not 55 <= math.degrees(math.acos(max(-1.0, min(1.0, cos)))) <= 125:
            return False
    return True


def _edge_contrast(q: list[Point], score: bytes, w: int, h: int) -> bool:
    """Most points along each side are brighter just inside than just outside."""
    for k in range(4):
        a, b = q[k], q[(k + 1) % 4]
        length = math.dist(a, b)
        nx, ny = -(b[1] - a[1]) / length, (b[0] - a[0]) / length
        cx, cy = sum(p[0] for p in q) / 4, sum(p[1] for p in q) / 4
        mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
        if (cx - mx) * nx + (cy - my) * ny < 0:
            nx, ny = -nx, -ny  # the normal points into the page
        good = total = 0
        for i in range(1, 20):
            t = i / 20
            px, py = a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])
            ix, iy, ox, oy = (int(px + 4 * nx), int(py + 4 * ny), int(px - 4 * nx), int(py - 4 * ny))
            if not (0 <= ix < w and 0 <= iy < h and 0 <= ox < w and 0 <= oy < h):
                continue
            total += 1
            good += score[iy * w + ix] > score[oy * w + ox] + 8
        if total < 10 or good < 0.5 * total:
            return False
    return True


def find_page(photo: Image.Image) -> PageQuad | None:
    """The page's corners in a photo, or None when no whole page is clearly visible."""
    return _find(photo)[0]


def _find(photo: Image.Image) -> tuple[PageQuad | None, str]:
    full_w, full_h = photo.size
    small = photo.convert("RGB")
    small.thumbnail((WORK, WORK), Image.Resampling.BILINEAR)
    w, h = small.size
    f = full_w / w
    _, sat, val = small.convert("HSV").split()
    # Paper: bright and unsaturated; its brightness measured against the light around it, so a page in
    # a shadow or at the dark end of a lamp's light still stands out.
    # (the light field is smooth: estimated on a copy a quarter the size, where a rank filter is cheap)
    quarter = val.reduce(4)
    light = quarter.filter(ImageFilter.MaxFilter(3)).filter(ImageFilter.GaussianBlur(w / 48)).resize((w, h))
    rel = ImageChops.multiply(ImageChops.invert(ImageChops.subtract(light, val)), ImageOps.autocontrast(val))
    score = ImageChops.subtract(rel, sat.point(lambda s: min(255, 2 * s)))
    t = _otsu(score.histogram())
    mask = _majority(score.point(lambda v: 255 if v > t else 0), 2)
    mask = _grow(_shrink(mask, 2), 2)
    # Eroded hard first, so bright patches of the background that touch the page come apart from it
    # (labelled at half size: only the largest region is wanted); the page's region is then grown
    # back within the mask to its real edges.
    half = _shrink(mask, 4).reduce(2)
    core, inside = _largest_component(half.tobytes(), *half.size)
    if len(core) < 0.25 * MIN_AREA * w * h:
        return None, "small"
    core_im = Image.frombytes("L", half.size, bytes(inside)).point(lambda v: 255 * v).resize((w, h))
    region = ImageChops.multiply(_grow(core_im, 6), mask)
    comp_size = region.histogram()[255]
    outline = []
    edge = ImageChops.subtract(region, _shrink(region, 1)).tobytes()  # the region's border pixels
    for i in (i for i, v in enumerate(edge) if v):
        outline.append((float(i % w), float(i // w)))
    hull = _hull(outline)
    if len(hull) < 4:
        return None, "hull"
    quad = _refine(_order(_best_quad(hull)), outline)
    if quad is None:
        return None, "refine"
    quad = _order(quad)
    area = _area(quad)
    if not MIN_AREA * w * h <= area <= MAX_AREA * w * h or not _angles_ok(quad):
        return None, "shape"
    margin = BORDER * max(w, h)
    if any(not (margin <= x <= w - 1 - margin and margin <= y <= h - 1 - margin) for x, y in quad):
        return None, "border"
    quad_im = Image.new("L", (w, h), 0)
    ImageDraw.Draw(quad_im).polygon(quad, fill=255)
    covered = ImageChops.multiply(region, quad_im).histogram()[255]
    # The region may miss a shadowed part of the page, but its hull must fill the quadrilateral and
    # almost nothing of it may lie outside.
    if _area(hull) < MIN_FILL * area or covered < 0.5 * area or comp_size - covered > 0.04 * area:
        return None, "fill"
    if not _edge_contrast(quad, score.tobytes(), w, h):
        return None, "edge"
    corners = tuple((x * f + f / 2, y * f + f / 2) for x, y in quad)
    for _ in range(2):  # a second pass from the first: a side that leaned far comes back within reach
        sharper = _snap_to_edges(photo, corners)
        if sharper is None:
            return None, "snap"
        corners = sharper
    corners = _widened(corners, MARGIN * math.hypot(full_w, full_h))
    top, bottom = math.dist(corners[0], corners[1]), math.dist(corners[3], corners[2])
    left, right = math.dist(corners[0], corners[3]), math.dist(corners[1], corners[2])
    pw, ph = (top + bottom) / 2, (left + right) / 2
    ratio = max(pw, ph) / min(pw, ph)
    if abs(ratio / A4_RATIO - 1) < 0.08:  # near A4: A4's proportions, same area
        side = math.sqrt(pw * ph / A4_RATIO)
        pw, ph = (side, side * A4_RATIO) if ph >= pw else (side * A4_RATIO, side)
    return PageQuad(corners, (round(pw), round(ph))), ""  # type: ignore[arg-type]


MARGIN = 0.012  # the crop is widened by this much of the photo's diagonal: a thin strip of table is
# better than a cut-off corner when an edge was found a little inside the paper


def _widened(corners: tuple[Point, ...], by: float) -> tuple[Point, ...]:
    """Every side moved outward by `by` pixels (the corners where the moved sides meet)."""
    cx, cy = sum(p[0] for p in corners) / 4, sum(p[1] for p in corners) / 4
    lines = []
    for k in range(4):
        a, b = corners[k], corners[(k + 1) % 4]
        length = math.dist(a, b)
        dx, dy = (b[0] - a[0]) / length, (b[1] - a[1]) / length
        nx, ny = -dy, dx
        if (cx - a[0]) * nx + (cy - a[1]) * ny > 0:
            nx, ny = -nx, -ny  # outward
        lines.append(((a[0] + nx * by, a[1] + ny * by), (dx, dy)))
    out = []
    for k in range(4):
        p = _intersect(lines[k - 1], lines[k])
        out.append(p if p is not None else corners[k])
    return tuple(out)


SNAP_SIDE = 1000  # long side of the copy the edges are snapped on
SNAP_REACH = 16  # pixels searched either side of the first estimate (on that copy)


def _snap_to_edges(photo: Image.Image, corners: tuple[Point, ...]) -> tuple[Point, ...] | None:
    """Each side moved onto the strongest dark-to-bright step across it (outside to inside), on a
    1000-px copy, fitted as a line through those points with outliers dropped; None when a side has no
    clear edge. The region's outline can lean where a shadow lies; the paper's edge does not."""
    gray = photo.convert("L")
    g = max(1.0, max(gray.size) / SNAP_SIDE)
    if g > 1:
        gray = gray.resize((round(gray.width / g), round(gray.height / g)), Image.Resampling.BILINEAR)
    w, h = gray.size
    px = gray.load()
    q = [(x / g, y / g) for x, y in corners]
    cx, cy = sum(p[0] for p in q) / 4, sum(p[1] for p in q) / 4
    lines = []
    for k in range(4):
        a, b = q[k], q[(k + 1) % 4]
        length = math.dist(a, b)
        nx, ny = -(b[1] - a[1]) / length, (b[0] - a[0]) / length
        if (cx - (a[0] + b[0]) / 2) * nx + (cy - (a[1] + b[1]) / 2) * ny < 0:
            nx, ny = -nx, -ny  # pointing into the page
        found = []
        for i in range(1, 40):
            t = 0.1 + 0.8 * i / 40
            bx, by = a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])
            prof = []
            for d in range(-SNAP_REACH - 3, SNAP_REACH + 4):
                x, y = int(bx + d * nx), int(by + d * ny)
                if not (0 <= x < w and 0 <= y < h):
                    break
                prof.append(px[x, y])
            else:
                steps = [(sum(prof[j + 1:j + 4]) - sum(prof[j - 3:j])) / 3 for j in range(3, len(prof) - 3)]
                # The outermost strong step, not the strongest: a printed frame just inside the page
                # edge steps from dark to bright too.
                top = max(steps)
                if top > 12:
                    best = next(j for j, v in enumerate(steps) if v >= 0.5 * top)
                    while best + 1 < len(steps) and steps[best + 1] > steps[best]:
                        best += 1
                    d = best - SNAP_REACH + 0.5
                    found.append((bx + d * nx, by + d * ny))
        line = None
        for _ in range(3):  # fit, drop what lies off the line, fit again
            line = _fit_line(found) if len(found) >= 12 else None
            if line is None:
                break
            (mx, my), (dx, dy) = line
            kept = [p for p in found if abs((p[0] - mx) * dy - (p[1] - my) * dx) < 1.5]
            if len(kept) == len(found):
                break
            found = kept
        if line is None or len(found) < 12:  # no clear edge along this side (a pale background): keep it
            line = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2), ((b[0] - a[0]) / length, (b[1] - a[1]) / length)
        lines.append(line)
    out = []
    for k in range(4):
        p = _intersect(lines[k - 1], lines[k])
        if p is None or math.dist(p, q[k]) > 2 * SNAP_REACH + 8:
            return None
        out.append((p[0] * g, p[1] * g))
    return tuple(out)


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    n = len(b)
    m = [row[:] + [v] for row, v in zip(a, b, strict=True)]
    for i in range(n):
        p = max(range(i, n), key=lambda r: abs(m[r][i]))
        m[i], m[p] = m[p], m[i]
        for r in range(n):
            if r != i:
                k = m[r][i] / m[i][i]
                m[r] = [x - k * y for x, y in zip(m[r], m[i], strict=True)]
    return [m[i][n] / m[i][i] for i in range(n)]


def unwarp(photo: Image.Image, quad: PageQuad) -> Image.Image:
    w, h = quad.size
    rect = [(0, 0), (w, 0), (w, h), (0, h)]
    a, b = [], []
    for (x, y), (u, v) in zip(rect, quad.corners, strict=True):
        a += [[x, y, 1, 0, 0, 0, -u * x, -u * y], [0, 0, 0, x, y, 1, -v * x, -v * y]]
        b += [u, v]
    src = photo if photo.mode in ("RGB", "L") else photo.convert("RGB")
    return src.transform((w, h), Image.Transform.PERSPECTIVE, _solve(a, b), Image.Resampling.BILINEAR)


def straighten(photo: Image.Image) -> Image.Image | None:
    """The page cut out and straightened, or None (leave the photo as it is)."""
    quad = find_page(photo)
    return unwarp(photo, quad) if quad else None
