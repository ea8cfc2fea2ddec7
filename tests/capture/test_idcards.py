"""Chip-card QR codes on real stored pages: decoded, checked field by field, compared with the typed
holders, listed by `landdesk scans idcards`; malformed and forged payloads never offered."""

from __future__ import annotations

import io
import json
import random
from datetime import date

import pytest
from PIL import Image

from landdesk.cli.main import main
from landdesk.domain.cardcheck import check_payload
from landdesk.media import idcard
from landdesk.services import dossiers, scans
from landdesk.services.capture import idcards
from tests.capture import synth_cards
from tests.factories import couple_dossier

TODAY = date(2026, 6, 1)
GOOD = "024080001234|121234567|Nguyễn Văn Thành|02031980|Nam|Thôn Đông, Phường Bắc Giang, Tỉnh Bắc Ninh|15082021"


def card_page(tmp_path, name: str, payloads: list[str], dpi: int = 300, quality: int = 80):
    """An A4 copy (JPEG) with one card front per payload, drawn like the synthetic set."""
    rng = random.Random(len(name))
    page = Image.new("L", (round(210 / 25.4 * dpi), round(297 / 25.4 * dpi)), 246)
    for i, payload in enumerate(payloads):
        f = payload.split("|")
        person = synth_cards.Person(f[0], f[1], f[2], date(1980, 1, 1), f[4] == "Nam", f[5], date(2021, 1, 1))
        card = synth_cards.card_front(rng, person, payload).convert("L")
        card = card.resize((card.width * dpi // 600, card.height * dpi // 600), Image.Resampling.LANCZOS)
        page.paste(card, (dpi // 2, dpi // 2 + i * (card.height + dpi // 3)))
    path = tmp_path / name
    page.save(path, "JPEG", quality=quality, dpi=(dpi, dpi))
    return path


def test_payload_checks_refuse_malformed_and_forged_codes():
    assert check_payload(GOOD, TODAY).ok
    p = GOOD.split("|")
    bad = {
        "gender word against the ID": [*p[:4], "Nữ", *p[5:]],
        "birth year against the ID": [*p[:3], "02031981", *p[4:]],
        "impossible date": [*p[:3], "31021980", *p[4:]],
        "11-digit ID": [p[0][:-1], *p[1:]],
        "unknown province": ["999" + p[0][3:], *p[1:]],
        "name with digits": [p[0], p[1], "NGUYEN VAN 12", *p[3:]],
        "one-word name": [p[0], p[1], "Thành", *p[3:]],
        "issued before birth": [*p[:6], "01011970"],
        "issued in the future": [*p[:6], "01012031"],
        "born in the future": ["024" + "2" + "40" + p[0][6:], p[1], p[2], "02032040", *p[4:]],
        "8-digit old ID": [p[0], "12345678", *p[2:]],
        "too few fields": p[:4],
        "empty address": [*p[:5], "", p[6]],
    }
    for why, fields in bad.items():
        assert not check_payload("|".join(fields), TODAY).ok, why
    for text in ("", "x" * 5000, GOOD.replace("Thành", "Th\x00ành"), GOOD.replace("Thôn", "Th\u202eôn"),
                 "LANDDESK-COVER|1|abc|gcn", "http://example.invalid/|1|2|3|4|5"):
        assert not check_payload(text, TODAY).ok, repr(text[:30])


def test_synthetic_copies_decode_and_forgeries_are_refused():
    """A fixed slice of the synthetic set (the bench measures the rate on the whole set)."""
    for seed in range(12):
        s = synth_cards.sample(seed, negative=seed % 4 == 3)
        found = idcard.read_codes(s.image, s.dpi)
        accepted = [f.text for f in found if check_payload(f.text).ok]
        if s.valid:
            assert accepted == [s.payload], (seed, s.dpi, s.style)
        else:
            assert accepted == [], seed


def test_cards_compared_with_typed_holders_in_service_and_cli(ws, ws_path, tmp_path, capsys):
    d = couple_dossier()
    did = ws.transact(lambda ctx: dossiers.save_dossier(ctx, d, allow_errors=True)).dossier.id
    num = ws.read(lambda ctx: dossiers.get_dossier(ctx, did)).num
    husband = GOOD.replace("Nguyễn Văn Thành", "NGUYỄN VĂN THÀNH")  # case only: agrees
    wife = "024185005678||Trần Thị Hòa|21111985|Nữ|Thôn Đông, Phường Bắc Giang|10052022"  # tone + another day
    stranger = "001190123456||Lê Thị Mai Anh|05061990|Nữ|Hà Nội|01022023"
    forged = "024185005678||Trần Thị Hòa|21111985|Nam|Thôn Đông|10052022"  # gender contradicts the ID
    pages = [card_page(tmp_path, "gt1.jpg", [husband, wife]), card_page(tmp_path, "gt2.jpg", [stranger, forged])]
    rep = ws.transact(lambda ctx: scans.add_files(ctx, pages, did, "gt"))
    assert len(rep.added) == 2
    found = ws.read(lambda ctx: idcards.dossier_cards(ctx, did))
    by_name = {r.card.name if r.card else "": r for r in found.reads}
    assert set(by_name) == {"NGUYỄN VĂN THÀNH", "TRẦN THỊ HÒA", "LÊ THỊ MAI ANH", ""}
    h = by_name["NGUYỄN VĂN THÀNH"]
    assert h.offer == "compare" and h.holder_index == 0 and not h.has_problem
    assert {x.field for x in h.differences} == {"cmnd"}  # the card adds the old ID, not a problem
    w = by_name["TRẦN THỊ HÒA"]
    assert w.holder_index == 1 and w.has_problem
    assert [(x.field, x.typed, x.card, x.problem) for x in w.differences] == [("birth", "20/11/1985", "21/11/1985", True)]
    assert by_name["LÊ THỊ MAI ANH"].offer == "add"
    assert not by_name[""].ok and "id_gender" in by_name[""].problems
    # The page was read once: the second look comes from the cache.
    assert len(list((ws_path / "cache" / "cards").rglob("*.json"))) == 2
    ws.close()
    assert main(["--workspace", str(ws_path), "scans", "idcards", "--dossier", str(num), "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out[0]["dossier_num"] == num and len(out[0]["cards"]) == 4
    birth = [d for c in out[0]["cards"] for d in c["differences"] if d["field"] == "birth"]
    assert birth == [{"field": "birth", "reason": "real_difference", "typed": "20/11/1985", "card": "21/11/1985",
                      "problem": True}]
    assert main(["--workspace", str(ws_path), "scans", "idcards"]) == 1  # every dossier: GT pages
    text = capsys.readouterr().out
    assert f"Hồ sơ số {num}" in text and "≠ Ngày sinh: 20/11/1985 → 21/11/1985" in text
    assert "giới tính không khớp số định danh" in text


def test_damaged_page_file_reads_as_no_card(tmp_path):
    bad = tmp_path / "x.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 100)
    with pytest.raises(OSError):
        idcard.read_file(bad)
    huge = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(huge, "PNG")
    assert idcard.read_bytes(huge.getvalue()) == []
