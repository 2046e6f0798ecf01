"""Rule S2 (Art. 29 of both versions) at funding: a project whose catalogue stopped sharing gets no money.

Across sharing (the catalogue) and funds (the application), so it lives above both apps."""

from datetime import date

import pytest

from govproj.common.errors import WorkflowError
from govproj.funds import services as fund_services
from govproj.funds.models import Application
from govproj.sharing import services
from govproj.sharing.models import ShareType
from govproj.testing.funds import application, open_call
from govproj.testing.projects import D24
from govproj.testing.sharing import resource


def test_funding_refused_for_a_project_whose_catalogue_stopped_sharing(cast, constructing):
    # given a project approved with a shareable resource, now under construction
    p = constructing()
    res = resource(cast["staff"], p, share_type=ShareType.UNCONDITIONAL, legal_basis="")
    services.resource_save(by=cast["staff"], project=p, resource=res,
                           data={"share_type": ShareType.NONE, "legal_basis": "涉及未成年人个人信息"})
    app = application(cast, open_call(cast, D24, deadline=date(2025, 12, 31)), p, on=D24)
    # when it applies for money, then the finance bureau may not arrange it (Art. 29)
    with pytest.raises(WorkflowError) as info:
        fund_services.application_submit(by=cast["staff"], application=app, on=D24)
    assert [f["key"] for f in info.value.findings] == ["no_sharing"]
    assert Application.objects.get(pk=app.pk).status == Application.Status.DRAFT
