"""The package's dossier records: the fast Core path gives exactly the domain serializer's JSON."""

from __future__ import annotations

from landdesk.domain.serialize import dossier_from_dict, dossier_to_dict
from landdesk.storage import dossiers as dossier_store
from landdesk.storage import sync as sync_store


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
