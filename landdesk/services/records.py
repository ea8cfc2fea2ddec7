"""The records browser's two-step listing: the first page at once, then the whole ordered id list
(both in the order and with the filters of services.search.make_filters)."""

from __future__ import annotations

from landdesk.services.users import require
from landdesk.storage.commune import browse_pages
from landdesk.storage.commune.browse import Filters
from landdesk.storage.uow import UnitOfWork


def first_ids(ctx: UnitOfWork, filters: Filters, limit: int = 100) -> list[str]:
    require(ctx, "read")
    return browse_pages.first_ids(ctx.session, filters, limit)


def all_ids(ctx: UnitOfWork, filters: Filters) -> list[str]:
    require(ctx, "read")
    return browse_pages.all_ids(ctx.session, filters)
