"""The standard's two ways of giving a list: a page of records, or every record a line (format=ndjson)."""

import json
import math
from collections.abc import Callable, Sequence

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.http import HttpResponse

from .parsing import Paging

NDJSON = "application/x-ndjson"
# Records fetched at a time for format=ndjson, with what they prefetch, so that a long list is never held
# as objects all at once. The lines are one body, not a stream, so that the answer is stored like a page.
CHUNK = 200


def page_build(*, items: QuerySet | Sequence, paging: Paging, render: Callable[[object], dict]) -> dict:
    """Return one page of records with the standard's counts; a page past the end is empty, not an error."""
    total = items.count() if isinstance(items, QuerySet) else len(items)
    per_page = paging.per_page or max(total, 1)
    start = (paging.page - 1) * per_page
    # Past the end there is nothing to fetch, and a huge OFFSET is never sent to the database.
    chunk = list(items[start:start + per_page]) if start < total else []
    contents = [render(item) for item in chunk]
    total_pages = math.ceil(total / per_page)
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


def lines_answer(*, items: QuerySet | Sequence, render: Callable[[object], dict]) -> HttpResponse:
    """Answer every record, one JSON document a line, with no page around them."""
    rows = items.iterator(chunk_size=CHUNK) if isinstance(items, QuerySet) else items
    lines = (json.dumps(render(item), cls=DjangoJSONEncoder, ensure_ascii=False) + "\n" for item in rows)
    return HttpResponse("".join(lines), content_type=NDJSON)
