"""Intake of real files, hostile and broken ones included: clear refusals, bounded work."""

from __future__ import annotations

import io
import random
import subprocess
import sys
import time

import pytest
from PIL import Image

from landdesk.domain import i18n
from landdesk.media import intake, quality
from landdesk.media.intake import IntakeError, read_pages
from tests.media import pages


def test_jpeg_kept_as_is_with_facts(tmp_path):
    f = pages.jpeg_page(tmp_path / "p.jpg", 1, dpi=200)
    [p] = list(read_pages(f))
    assert p.data == f.read_bytes() and p.ext == "jpg"
    assert (p.width, p.height, p.dpi) == (1654, 2339, 200)
    assert p.problems == () and p.cover is None and p.rotation == 0
    assert Image.open(io.BytesIO(p.thumbnail)).size[1] == intake.THUMB_LONG_SIDE


def test_multipage_lzw_tiff_and_group4(tmp_path):
    got = list(read_pages(pages.tiff_pages(tmp_path / "b.tif", [1, 2, 3])))
    assert [p.source_page for p in got] == [1, 2, 3] and {p.ext for p in got} == {"jpg"}
    assert len({p.data for p in got}) == 3
    g4 = list(read_pages(pages.tiff_pages(tmp_path / "g.tif", [4, 5], compression="group4", bilevel=True)))
    assert [p.ext for p in g4] == ["tif", "tif"]
    single = pages.tiff_pages(tmp_path / "g1.tif", [6], compression="group4", bilevel=True)
    [one] = list(read_pages(single))
    assert one.data == single.read_bytes()  # a single Group 4 page is stored as it came


def test_bmp_png_and_phone_photo_orientation(tmp_path):
    im = pages.page_image(7)
    im.save(tmp_path / "p.bmp", dpi=(200, 200))
    [bmp] = list(read_pages(tmp_path / "p.bmp"))
    assert bmp.ext == "jpg" and bmp.dpi == 200
    im.save(tmp_path / "p.png", dpi=(200, 200))
    [png] = list(read_pages(tmp_path / "p.png"))
    assert png.ext == "png" and png.data == (tmp_path / "p.png").read_bytes()
    # A phone photo: landscape pixels, EXIF says "rotate 90° clockwise to view", 72 dpi declared.
    photo = im.rotate(90, expand=True)
    exif = Image.Exif()
    exif[0x0112] = 6
    photo.save(tmp_path / "phone.jpg", quality=85, exif=exif, dpi=(72, 72))
    [ph] = list(read_pages(tmp_path / "phone.jpg"))
    assert ph.rotation == 90 and ph.dpi == 200  # 72 dpi ignored: A4 from the pixels


def test_heic_if_available(tmp_path):
    if not intake.HEIC:
        pytest.fail("pillow-heif is a dependency; HEIC photos must be readable")
    pages.page_image(8).save(tmp_path / "p.heic", quality=60)
    [p] = list(read_pages(tmp_path / "p.heic"))
    assert p.ext == "jpg" and p.width == 1654


def test_pdf_scanner_pages_kept_and_rendered(tmp_path):
    pdf = pages.pdf_of(tmp_path / "s.pdf", [pages.page_image(1), pages.page_image(2)])
    got = list(read_pages(pdf))
    assert [p.ext for p in got] == ["jpg", "jpg"] and abs(got[0].dpi - 200) <= 1
    assert Image.open(io.BytesIO(got[0].data)).format == "JPEG"


@pytest.mark.parametrize("maker, expect", [
    (lambda p: p.write_text("không phải ảnh"), "not an image"),
    (lambda p: p.write_bytes(pages.samples.jpeg_bytes(pages.page_image(1), 200)[:40_000]), "damaged"),
    (lambda p: pages.huge_tiff_header(p), "too large"),
    (lambda p: pages.png_bomb(p), "too large"),
    (lambda p: pages.many_page_tiff(p), "too many pages"),  # issue 15 item 14: 100,000 pages, refused at once
    (lambda p: p.write_bytes(b""), "empty"),
    (lambda p: p.write_bytes(b"%PDF-1.4\n garbage"), "PDF is damaged"),
])
def test_hostile_input_is_refused_clearly(tmp_path, maker, expect, monkeypatch):
    monkeypatch.setenv("LANDDESK_LANG", "en")
    i18n.use_language("en")  # the language the front end would choose
    f = tmp_path / "bad.jpg"
    maker(f)
    t = time.perf_counter()
    with pytest.raises(IntakeError) as exc:
        list(read_pages(f))
    assert expect in exc.value.en and "bad.jpg" in exc.value.en
    assert exc.value.vi and time.perf_counter() - t < 5


def test_300_page_pdf_one_page_at_a_time(tmp_path):
    small = [pages.samples.jpeg_bytes(Image.new("L", (120, 170), 200 - i % 50), 30) for i in range(300)]
    pdf = pages.pdf_of(tmp_path / "long.pdf", small)
    it = read_pages(pdf)
    first = next(it)  # a generator: the first page comes before the others are read
    assert first.source_page == 1
    assert sum(1 for _ in it) == 299


def test_quality_codes(tmp_path):
    assert quality.assess(pages.page_image(1).convert("L").reduce(4), dpi=200, file_size=300_000) == ()
    blank = Image.new("L", (400, 560), 250)
    assert "blank" in quality.assess(blank, dpi=300, file_size=50_000)
    assert "too_dark" in quality.assess(Image.new("L", (400, 560), 30), dpi=300, file_size=50_000)
    faded = pages.page_image(2).convert("L").point(lambda v: 170 + v // 4).reduce(4)
    assert "too_light" in quality.assess(faded, dpi=300, file_size=50_000)
    skewed = pages.page_image(3).convert("L").rotate(5, fillcolor=250).reduce(4)
    assert "skewed" in quality.assess(skewed, dpi=300, file_size=300_000)
    assert "low_dpi" in quality.assess(pages.page_image(1).convert("L").reduce(4), dpi=120, file_size=300_000)
    assert "small_file" in quality.assess(pages.page_image(1).convert("L").reduce(4), dpi=200, file_size=3000)



_RSS_PROBE = """
import sys
from landdesk.media.intake import read_pages
def rss(key):
    return int([l for l in open('/proc/self/status') if l.startswith(key)][0].split()[1]) // 1024
it = read_pages(sys.argv[1])
for _ in range(20):
    next(it)
base = rss('VmRSS')
n = 20 + sum(1 for _ in it)
print(n, rss('VmHWM') - base)
"""


def test_300_page_pdf_memory_stays_flat(tmp_path):
    # Pages of noise do not compress: 300 × ~150 KB makes a 45 MB PDF, all of which pdfium would
    # keep in memory if the document stayed open for the whole file.
    rng = random.Random(5)
    tile = [Image.frombytes("L", (420, 594), rng.randbytes(420 * 594)) for _ in range(6)]
    jpegs = [pages.samples.jpeg_bytes(tile[i % 6].rotate(i % 4 * 90, expand=True), 85) + bytes([i % 251])
             for i in range(300)]
    pdf = pages.pdf_of(tmp_path / "long.pdf", jpegs)
    assert pdf.stat().st_size > 40_000_000
    out = subprocess.run([sys.executable, "-c", _RSS_PROBE, str(pdf)], capture_output=True, text=True, check=True)
    n, grown_mb = map(int, out.stdout.split())
    assert n == 300 and grown_mb < 15, grown_mb
