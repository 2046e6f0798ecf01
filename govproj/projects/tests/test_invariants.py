"""What the models keep true is kept whoever writes: the service refuses what the form refuses, in the same words."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from govproj.common.errors import WorkflowError
from govproj.projects import services
from govproj.projects.models import ApprovalItem, ApprovalItemKind, Inspection, Project
from govproj.projects.states import State

MISMATCH = "各资金来源合计 5.00 元，与总投资 1,000,000.00 元不一致。"
DECLARATION = {"name": "钦州市智慧教育云平台", "category": "egov", "declaration_type": "annual", "plan_year": 2026,
               "build_type": "new", "content": "建设全市统一的教育资源公共服务平台"}


def building(project):
    """The project parked under construction, where inspections and 密评 are recorded (Art. 16, 35)."""
    Project.objects.filter(pk=project.pk).update(state=State.CONSTRUCTING)
    project.refresh_from_db()
    return project


def test_service_refuses_funding_sources_that_do_not_add_up_to_the_total(cast, orgs):
    with pytest.raises(WorkflowError) as refused:
        services.project_create(by=cast["staff"], unit=orgs["jyj"], total_investment=Decimal("1000000"),
                                fund_municipal=Decimal("5"), **DECLARATION)
    assert refused.value.messages == [MISMATCH]
    assert not Project.objects.exists()


def test_service_accepts_sources_that_add_up_and_a_draft_without_sources(cast, orgs):
    split = services.project_create(by=cast["staff"], unit=orgs["jyj"], total_investment=Decimal("1000000"),
                                    fund_region=Decimal("400000"), fund_municipal=Decimal("600000"), **DECLARATION)
    assert split.funding_total == split.total_investment
    unknown = services.project_create(by=cast["staff"], unit=orgs["jyj"], total_investment=Decimal("1000000"),
                                      **DECLARATION)
    assert unknown.funding_total == 0


def test_update_refuses_sources_that_no_longer_add_up(cast, orgs):
    project = services.project_create(by=cast["staff"], unit=orgs["jyj"], total_investment=Decimal("1000000"),
                                      fund_municipal=Decimal("1000000"), **DECLARATION)
    with pytest.raises(WorkflowError) as refused:
        services.project_update(by=cast["staff"], project=project, fund_municipal=Decimal("5"))
    assert refused.value.messages == [MISMATCH]
    project.refresh_from_db()
    assert project.fund_municipal == Decimal("1000000") and project.lock_version == 0


def test_form_shows_the_mismatch_beside_the_municipal_fund(cast, login):
    client = login(cast["staff"])
    data = {**DECLARATION, "total_investment": "1000000", "fund_central": "0", "fund_region": "0",
            "fund_municipal": "5", "fund_other": "0", "network": "extranet", "produces_data": "on",
            "supports_sharing": "on"}
    response = client.post(reverse("projects:create"), data)
    form = response.context["form"]
    assert response.status_code == 200 and form.errors["fund_municipal"] == [MISMATCH]
    assert not form.non_field_errors() and MISMATCH in response.content.decode()
    assert not Project.objects.exists()


def test_inspection_deadline_before_the_inspection_is_refused(cast, draft):
    project = building(draft())
    with pytest.raises(WorkflowError) as refused:
        services.inspection_record(by=cast["lead"], project=project, findings="机房未按方案建设",
                                   rectification_due=date(2025, 3, 1), on=date(2025, 3, 3))
    assert refused.value.messages == ["整改期限不能早于检查日期。"]
    assert not Inspection.objects.exists()


def test_a_done_crypto_evaluation_needs_its_conclusion(cast, draft):
    project = building(draft())
    with pytest.raises(WorkflowError) as refused:
        services.crypto_evaluation_record(by=cast["staff"], project=project, due_on=date(2025, 6, 30),
                                          done_on=date(2025, 6, 1), on=date(2025, 6, 2))
    assert refused.value.messages == ["已完成的密评须填写结论。"]
    assert not project.crypto_evaluations.exists()


def test_records_name_themselves_in_chinese(cast, draft):
    project = draft(name="钦州市智慧教育云平台")
    item = ApprovalItem.objects.create(project=project, kind=ApprovalItemKind.FEASIBILITY, order=2)
    assert str(item) == "审批事项“可行性研究报告”（钦州市智慧教育云平台）"
    inspection = services.inspection_record(by=cast["lead"], project=building(project), findings="进度滞后",
                                            on=date(2025, 3, 3))
    assert str(inspection) == "现场检查 2025-03-03（钦州市智慧教育云平台）"
