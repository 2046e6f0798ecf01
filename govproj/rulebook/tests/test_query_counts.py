"""The rulebook's document list and its export run as many queries with 30 documents as with the bundled gazettes
(house rule: no N+1, ≥ 30 rows): each row's article count comes with the list."""

import pytest
from django.urls import reverse

from govproj.rulebook.models import Document
from govproj.testing.queries import ROWS, clones, exported, flat, listed


@pytest.mark.parametrize("params", [{}, {"_export": "xlsx"}])
def test_document_list_and_export_stay_flat(staff, params):
    gazette = Document.objects.first()
    before = Document.objects.count()
    response = flat(staff, reverse("rulebook:list"),
                    lambda: clones(gazette, ROWS, number=lambda i: f"{gazette.number}-{i:02d}"), params)
    assert (exported(response) if params else listed(response)) == before + ROWS
