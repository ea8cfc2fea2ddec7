"""The package's dossier records: the fast Core path gives exactly the domain serializer's JSON."""

from __future__ import annotations

from landdesk.domain.serialize import dossier_from_dict, dossier_to_dict
from landdesk.storage.commune import dossiers as dossier_store
from landdesk.storage.commune import sync as sync_store


def test_fast_dossier_dicts_match_the_domain_serializer(linked):
    desk, communes, tmp = linked
    for ws in communes.values():
        def check(ctx):
            ids = sync_store.changed_dossier_ids(ctx.session, 0, 10 ** 9)
            fast = sync_store.dossier_dicts(ctx.session, ids)
            slow = [dossier_to_dict(d) for d in dossier_store.load_dossiers(ctx.session, ids)]
            assert fast == slow
            assert [list(f) for f in fast] == [list(s) for s in slow]  # same key order too
            assert dossier_to_dict(dossier_from_dict(fast[0])) == slow[0]

        ws.read(check)


def test_province_models_match_migrations(tmp_path):
    from landdesk.storage.province import schema as prov_schema

    engine = prov_schema.make_province_engine(tmp_path / "p.db")
    prov_schema.upgrade(engine)
    assert prov_schema.check_models_match(engine) == []
    assert prov_schema.current_revision(engine) == prov_schema.head_revision()
    engine.dispose()


def test_manifest_schema_refuses_newer_and_bad_names():
    import json

    import pytest

    from landdesk.domain import package_format as pf

    base = {"format": pf.FORMAT, "format_version": 1, "kind": "receipt", "package_id": "x", "province_code": "24",
            "sender_key": "k", "sender_public_key": "p", "created_at": "t", "app_version": "0",
            "contents_digest": "0" * 64, "volume": {"index": 1, "count": 1}, "entries": []}
    assert pf.parse_manifest(json.dumps(base).encode()).kind == "receipt"
    with pytest.raises(pf.PackageError, match="newer|mới hơn"):
        pf.parse_manifest(json.dumps({**base, "format_version": pf.FORMAT_VERSION + 1}).encode())
    for name in ("../x", "/abs", "scans/../../etc", "records\\x.jsonl", "C:/x", "records/dossiers-1.jsonl"):
        assert not pf.is_safe_entry_name(name)
    assert pf.is_safe_entry_name("records/dossiers-0001.jsonl") and pf.is_safe_entry_name("scans/" + "a" * 64 + ".jpg")
