"""The app bundle leaves out the optional extras (HEIC photos, the PostgreSQL driver) and pikepdf/lxml
that img2pdf would use: each missing piece is one clear message, and PDFs are the same without pikepdf.
Each case runs in a fresh interpreter where the module cannot be imported (as in the bundle)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from tests.media import pages


def _run(code: str, *hidden: str) -> subprocess.CompletedProcess:
    block = "".join(f"sys.modules[{m!r}] = None\n" for m in hidden)  # `import m` then raises ImportError
    src = "import sys\n" + block + textwrap.dedent(code)
    return subprocess.run([sys.executable, "-c", src], capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, LANDDESK_LANG="en"))


def test_heic_without_pillow_heif_is_a_clear_refusal(tmp_path):
    pytest.importorskip("pillow_heif")  # to make the HEIC file; the [heic] extra is in the test set-up
    import pillow_heif

    pillow_heif.register_heif_opener()
    pages.page_image(8).save(tmp_path / "photo.heic", quality=60)
    r = _run(f"""
        from landdesk.media import intake
        assert not intake.HEIC
        try:
            list(intake.read_pages(__import__("pathlib").Path({str(tmp_path / 'photo.heic')!r})))
        except intake.IntakeError as exc:
            print(exc.message("en"))
        """, "pillow_heif")
    assert r.returncode == 0, r.stderr
    assert "HEIC photo" in r.stdout and "JPEG" in r.stdout


def test_postgresql_without_psycopg_is_a_clear_message():
    r = _run("""
        from landdesk.domain.errors import LandDeskError
        from landdesk.storage.province import schema
        try:
            schema.make_province_engine("postgresql+psycopg://postgres@127.0.0.1:9/x")
        except LandDeskError as exc:
            print(exc.message("en"))
        """, "psycopg")
    assert r.returncode == 0, r.stderr
    assert "no PostgreSQL driver" in r.stdout and "landdesk[province]" in r.stdout


def test_cover_sheets_without_pikepdf_are_the_same_pdf():
    """LandDesk's PDF writers ask for img2pdf's own engine: the PDF is the same whether pikepdf is
    installed (the development set-up) or not (the bundle), apart from its creation date."""
    code = """
        import re, sys
        from landdesk.media import coversheet
        info = coversheet.CoverInfo("019975a4-ed58-7733-82ce-6f447ed4d57b", 12, "AB 123456",
                                    "Nguyễn Văn Thử", "Thôn Đông", "Phường Bắc Giang")
        pdf = coversheet.cover_sheets_pdf([info, info])
        import img2pdf
        print(img2pdf.have_pikepdf)
        sys.stdout.flush()
        sys.stdout.buffer.write(re.sub(rb"/(CreationDate|ModDate) ?\\([^)]*\\)", b"", pdf))
        """
    with_pike = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, timeout=120)
    without = subprocess.run([sys.executable, "-c", "import sys\nsys.modules['pikepdf'] = None\n"
                              "sys.modules['lxml'] = None\n" + textwrap.dedent(code)], capture_output=True,
                             timeout=120)
    assert with_pike.returncode == 0 and without.returncode == 0, with_pike.stderr + without.stderr
    flag_with, pdf_with = with_pike.stdout.split(b"\n", 1)
    flag_without, pdf_without = without.stdout.split(b"\n", 1)
    assert (flag_with, flag_without) == (b"True", b"False")
    assert pdf_with == pdf_without and pdf_with.startswith(b"%PDF")
    import pypdfium2

    doc = pypdfium2.PdfDocument(pdf_without)
    assert len(doc) == 2
    doc.close()
