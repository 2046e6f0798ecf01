"""The region register and its export run as many queries with 30 items as with one (house rule: no N+1,
≥ 30 rows). The similarity panel shows at most ``TOP`` matches: its 30-row check is on ``similar_to``."""

import pytest
from django.urls import reverse

from govproj.testing.queries import ROWS, clones, exported, flat, listed


@pytest.mark.parametrize("params", [{}, {"_export": "xlsx"}])
def test_register_list_and_export_stay_flat(cast, region, login, params):
    first = region()
    response = flat(login(cast["lead"]), reverse("similarity:register"),
                    lambda: clones(first, ROWS - 1, name=lambda i: f"{first.name}（{i}期）"), params)
    assert (exported(response) if params else listed(response)) == ROWS
