"""The standard's page wrapper around a list of records."""

import math
from collections.abc import Callable, Sequence

from django.db.models import QuerySet

from .params import Paging


def page_build(*, items: QuerySet | Sequence, paging: Paging, render: Callable[[object], dict]) -> dict:
    """Return one page of records with the standard's counts; a page past the end is empty, not an error."""
    total = items.count() if isinstance(items, QuerySet) else len(items)
    start = (paging.page - 1) * paging.per_page
    # Past the end there is nothing to fetch, and a huge OFFSET is never sent to the database.
    chunk = list(items[start:start + paging.per_page]) if start < total else []
    contents = [render(item) for item in chunk]
    total_pages = math.ceil(total / paging.per_page)
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": paging.page,
        "size": len(contents),
        "first_page": paging.page == 1,
        "last_page": paging.page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }
