"""The citizen's receipt: a real PDF whose QR code is read back as the dossier's cover sheet."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pypdfium2 as pdfium
import pytest

from landdesk.domain.codes import CustodyStatus
from landdesk.domain.errors import LandDeskError
from landdesk.media.qr import find_cover
from landdesk.services.dossiers import save_dossier
from landdesk.services.receipts import receipt_info, write_receipt
from tests.factories import couple_dossier


def test_receipt_pdf_with_qr_of_the_dossier(ws, tmp_path):
    d = ws.transact(lambda ctx: save_dossier(ctx, couple_dossier(), allow_errors=True)).dossier
    out = ws.read(lambda ctx: write_receipt(ctx, str(d.num), tmp_path / "bien_nhan.pdf", items=["Bản sao CCCD"]))
    pdf = pdfium.PdfDocument(out)
    assert len(pdf) == 2  # one copy for the citizen, one kept with the papers
    w, h = pdf[0].get_size()
    assert abs(w / 72 * 25.4 - 148) < 1 and abs(h / 72 * 25.4 - 210) < 1  # A5
    page = pdf[0].render(scale=200 / 72).to_pil()
    assert find_cover(page) == (d.id, "gcn")
    info = ws.read(lambda ctx: receipt_info(ctx, d.id, items=["Bản sao CCCD"]))
    assert info.holders == ("NGUYỄN VĂN THÀNH", "TRẦN THỊ HOÀ") and info.received[-1] == "Bản sao CCCD"
    assert info.commune == "Phường Bắc Giang" and info.officer


def test_no_receipt_for_a_certificate_not_handed_in(ws, tmp_path):
    d = dataclasses.replace(couple_dossier(), custody=CustodyStatus.BANK)
    d = ws.transact(lambda ctx: save_dossier(ctx, d, allow_errors=True)).dossier
    with pytest.raises(LandDeskError):
        ws.read(lambda ctx: write_receipt(ctx, d.id, tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()


def test_cli_print_receipt(ws_path, tmp_path):
    from landdesk.workspace import Workspace

    w = Workspace.open(ws_path)
    d = w.transact(lambda ctx: save_dossier(ctx, couple_dossier(), allow_errors=True)).dossier
    w.close()
    out = tmp_path / "r.pdf"
    base = [sys.executable, "-m", "landdesk", "--workspace", str(ws_path), "print", "receipt"]
    ok = subprocess.run(base + [d.id, "--out", str(out), "--copies", "1"], capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0, ok.stderr
    assert len(pdfium.PdfDocument(out)) == 1
    missing = subprocess.run(base + ["999", "--out", str(tmp_path / "m.pdf")], capture_output=True, text=True,
                             timeout=120)
    assert missing.returncode == 2 and "999" in missing.stderr
