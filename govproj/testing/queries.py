"""The house rule "lists paginated, no N+1, asserted with ≥ 30 rows": count a page's queries before and after its
rows grow to at least ``ROWS``, and make those rows quickly. Plain helpers, imported by the apps' view tests."""

import io
from collections import Counter

import openpyxl
from django.db import connection
from django.test.utils import CaptureQueriesContext

ROWS = 30


def queries(client, url, params=None):
    """The queries one GET of ``url`` runs, and its response (which must be 200)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200, (url, response.status_code)
    return captured, response


def flat(client, url, grow, params=None):
    """GET ``url`` with the rows present, let ``grow()`` add rows, GET it again: both ran the same queries in
    number, so none runs per row. Each count follows a warm-up GET (sessions, content types, cached versions).
    Returns the second response, for the caller to check the rows are really listed."""
    client.get(url, params or {})
    small, _ = queries(client, url, params)
    grow()
    client.get(url, params or {})
    large, response = queries(client, url, params)
    assert len(large) == len(small), (len(small), len(large), repeated(large))
    return response


def repeated(captured) -> list[str]:
    """The statements run more than once, up to their first ``WHERE``: where a query per row comes from."""
    shapes = Counter(q["sql"].split(" WHERE ")[0][:200] for q in captured.captured_queries)
    return [f"{n} × {shape}" for shape, n in shapes.items() if n > 1]


def listed(response) -> int:
    """Rows in the list of a page, over all its pages: a ``ScopedListView``'s table or a page of a ``Paginator``."""
    page = response.context.get("table")
    return (page.paginator if page is not None else response.context["page"].paginator).count


def exported(response) -> int:
    """Data rows of an exported workbook's first sheet (the header row left out)."""
    return openpyxl.load_workbook(io.BytesIO(response.content)).active.max_row - 1


def clones(instance, n, **varying):
    """``n`` copies of a saved row in one insert; ``varying`` maps a field to a function of the copy's index, for
    the fields that must differ (unique ones, names to tell rows apart)."""
    model = type(instance)
    fields = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
    return model.objects.bulk_create(
        model(**{**{f: getattr(instance, f) for f in fields}, **{f: make(i) for f, make in varying.items()}})
        for i in range(n))
