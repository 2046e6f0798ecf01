"""Fund pages over real HTTP: each page renders for the roles that use it, outsiders get 404/403, refusals keep input."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from govproj.audit.models import AuditRecord
from govproj.common.roles import Role
from govproj.funds import services
from govproj.funds.models import Application, Payment
from govproj.projects import services as project_services
from govproj.testing.projects import (
    D24,
)


@pytest.fixture
def funded(cast, constructing, money_path):
    project = constructing()
    allocation = money_path(project)
    contract = services.contract_register(by=cast["staff"], allocation=allocation, number="HT-1", title="平台开发",
                                          supplier="广西某科技公司", amount=Decimal("800000"), fund_amount=None,
                                          signed_on=D24, on=D24)
    return project, allocation, contract


def pages(project, allocation):
    app = Application.objects.get(project=project)
    plan = app.plan_line.plan
    return [reverse("funds:ledger"), reverse("funds:year", args=[2025]), reverse("funds:year_projects", args=[2025]),
            reverse("funds:calls"), reverse("funds:call", args=[app.call_id]),
            reverse("funds:application", args=[app.pk]), reverse("funds:plan", args=[plan.pk]),
            reverse("funds:project", args=[project.pk]), reverse("funds:adjustments"), reverse("funds:reports"),
            reverse("funds:evaluations"), reverse("funds:security")]


@pytest.mark.parametrize("who", ["staff", "head", "lead", "finance", "government", "oversight", "ndrc"])
def test_every_page_renders_for_each_role_that_reads_funds(client, cast, funded, who):
    project, allocation, _contract = funded
    client.force_login(cast[who])
    for url in pages(project, allocation):
        response = client.get(url)
        assert response.status_code == 200, (who, url)
        assert "资金" in response.content.decode()


def test_another_unit_gets_404_on_the_projects_funds_and_application(client, cast, funded):
    project, allocation, _contract = funded
    app = Application.objects.get(project=project)
    client.force_login(cast["other_unit"])
    for url in (reverse("funds:project", args=[project.pk]), reverse("funds:application", args=[app.pk])):
        assert client.get(url).status_code == 404
    ledger = client.get(reverse("funds:year", args=[2025])).content.decode()
    assert project.unit.short_name not in ledger.split('id="units"')[1].split("</table>")[0]


def test_roles_without_the_fund_permission_get_403(client, cast, funded, make_user):
    project, _allocation, _contract = funded
    client.force_login(cast["wxb"])  # a member department: no fund ledger, but it may record security findings
    assert client.get(reverse("funds:ledger")).status_code == 403
    assert client.get(reverse("funds:project", args=[project.pk])).status_code == 403
    assert client.get(reverse("funds:security")).status_code == 200
    client.force_login(make_user("bank", Role.AGENT_BANK, "czj"))
    assert client.get(reverse("funds:security")).status_code == 403


def test_unit_pays_through_the_page_and_a_refusal_keeps_input_and_cites_article_21(client, cast, funded):
    project, allocation, contract = funded
    client.force_login(cast["staff"])
    url = reverse("funds:project", args=[project.pk])
    form = {"_op": "payment", "payment-contract": contract.pk, "payment-amount": "300000.00",
            "payment-paid_on": "2025-03-10", "payment-voucher": "PZ-9", "payment-purpose": "进度款"}
    refused = client.post(url, form)
    body = refused.content.decode()
    assert refused.status_code == 400 and "用款计划" in body and "第二十一条" in body
    assert 'value="PZ-9"' in body and not Payment.objects.exists()
    client.post(url, {"_op": "spending_plan", "spending_plan-allocation": allocation.pk,
                      "spending_plan-month": "2025-03", "spending_plan-amount": "500000"})
    refused = client.post(url, form)
    assert refused.status_code == 400 and "工作进度" in refused.content.decode()
    ok = client.post(url, {**form, "payment-amount": "0"})
    assert ok.status_code == 400  # a zero payment is refused by the service
    contract.refresh_from_db()
    assert contract.paid == 0


def test_other_unit_cannot_post_operations_on_the_project(client, cast, funded):
    project, allocation, contract = funded
    client.force_login(cast["other_unit"])
    response = client.post(reverse("funds:project", args=[project.pk]),
                           {"_op": "spending_plan", "spending_plan-allocation": allocation.pk,
                            "spending_plan-month": "2025-03", "spending_plan-amount": "1"})
    assert response.status_code == 404
    client.force_login(cast["lead"])  # sees the project, but paying is the unit's
    response = client.post(reverse("funds:project", args=[project.pk]), {"_op": "payment"})
    assert response.status_code == 403


def test_year_export_and_plan_docx_are_audited(client, cast, funded):
    project, _allocation, _contract = funded
    client.force_login(cast["finance"])
    response = client.get(reverse("funds:year", args=[2025]) + "?_export=xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditRecord.objects.filter(action="export", object_type="funds.fundyear").exists()
    client.force_login(cast["staff"])
    assert client.get(reverse("funds:year", args=[2025]) + "?_export=xlsx").status_code == 403


def test_api_serves_the_ledger_within_scope(client, cast, funded):
    project, allocation, contract = funded
    client.force_login(cast["staff"])
    services.spending_plan_set(by=cast["staff"], allocation=allocation, month=date(2025, 3, 1), amount=Decimal("300000"))
    project_services.progress_report(by=cast["staff"], project=project, period="2025-Q1", percent=50, summary="过半",
                                     on=D24)
    payment = services.payment_record(by=cast["staff"], contract=contract, amount=Decimal("250000"), paid_on=D24,
                                      voucher="PZ-API", purpose="进度款")
    assert [p["id"] for p in client.get("/api/payments/").json()["results"]] == [payment.pk]
    rows = client.get("/api/allocations/?fund__year=2025").json()
    assert [r["id"] for r in rows["results"]] == [allocation.pk] and rows["results"][0]["amount"] == "1000000.00"
    client.force_login(cast["other_unit"])
    assert client.get("/api/allocations/").json()["results"] == []
    assert client.get(f"/api/allocations/{allocation.pk}/").status_code == 404
    client.force_login(cast["wxb"])
    assert client.get("/api/payments/").status_code == 403
