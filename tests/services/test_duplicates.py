"""Duplicate look-ups for the editor: same CCCD / serial / sheet+parcel in another dossier."""

from __future__ import annotations

from landdesk.domain.model import Dossier, Holder, Parcel
from landdesk.services import dossiers
from landdesk.services.duplicates import find_duplicates
from tests.factories import couple_dossier


def test_finds_id_serial_and_parcel_in_other_dossiers_only(ws):
    saved = ws.transact(lambda ctx: dossiers.save_dossier(ctx, couple_dossier())).dossier
    # the saved dossier itself is not its own duplicate
    assert ws.read(lambda ctx: find_duplicates(ctx, saved)) == []
    typed = Dossier(serial="cs  123456", holders=[Holder(name="X"), Holder(name="Y", cccd="024 185 005 678")],
                    parcels=[Parcel(sheet_cert="12", parcel_cert="345")])
    found = ws.read(lambda ctx: find_duplicates(ctx, typed))
    kinds = {(f.kind, f.path) for f in found}
    assert kinds == {("serial", "serial"), ("cccd", "holders[1].cccd"), ("parcel", "parcels[0].parcel_cert")}
    assert all(f.dossier_id == saved.id and f.num == saved.num for f in found)
    # no personal data in the messages
    assert all("024185005678" not in f.message_vi and "024185005678" not in f.message_en for f in found)


def test_nothing_for_new_values(ws):
    ws.transact(lambda ctx: dossiers.save_dossier(ctx, couple_dossier()))
    typed = Dossier(serial="AB 999999", holders=[Holder(name="Z", cccd="02408000")],
                    parcels=[Parcel(sheet_cert="12", parcel_cert="999")])
    assert ws.read(lambda ctx: find_duplicates(ctx, typed)) == []
