"""The fund models' own invariants: every writer (page, API, CLI, demo) goes through the services, which check them.

Each rule is tried through its service (refused with the Chinese reason, nothing written), against the model
(the reason is keyed by the field it concerns), and where a page offers the step, through the page's form.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from govproj.audit.models import AuditRecord
from govproj.common.errors import WorkflowError
from govproj.funds import services
from govproj.funds.models import (
    Adjustment,
    Allocation,
    Application,
    Contract,
    FundReport,
    NonCompliance,
    Payment,
    PerformanceEvaluation,
    PlanLine,
    SpendingPlan,
)
from govproj.testing.projects import D24


@pytest.fixture
def funded(cast, constructing, money_path):
    """A project under construction with 1,000,000.00 of 2025 construction money and one 800,000.00 contract."""
    project = constructing()
    allocation = money_path(project)
    contract = services.contract_register(by=cast["staff"], allocation=allocation, number="HT-1", title="平台开发",
                                          supplier="广西某科技公司", amount=Decimal("800000"), fund_amount=None,
                                          signed_on=D24, on=D24)
    return project, Allocation.objects.get(pk=allocation.pk), contract


def reasons(instance) -> dict:
    with pytest.raises(ValidationError) as info:
        instance.full_clean(validate_unique=False, validate_constraints=False)
    return info.value.message_dict


def test_every_fund_model_names_itself_in_chinese(funded):
    missing = [m.__name__ for m in apps.get_app_config("funds").get_models() if "__str__" not in m.__dict__]
    assert missing == []
    project, allocation, contract = funded
    line = PlanLine.objects.get(application__project=project)
    assert str(line) == f"2025年专项资金安排计划（第1批）：{project.name} 1,000,000.00 元"
    pool = allocation.fund.pool_lines.get()
    assert str(pool) == f"2025年专项资金统筹：{pool.unit.short_name}{pool.get_kind_display()} 5,000,000.00 元"
    report = FundReport.objects.get(project=project, period="Q1")
    assert str(report) == f"{project.name} 2025年第一季度资金使用情况报告"
    records = AuditRecord.objects.filter(object_type__endswith="contract", object_id=str(contract.pk))
    assert [r.object_repr for r in records] == ["HT-1 平台开发"]


def test_a_contract_never_puts_more_on_the_fund_than_the_contract_is_worth(cast, funded):
    _project, allocation, _contract = funded
    with pytest.raises(WorkflowError) as info:
        services.contract_register(by=cast["staff"], allocation=allocation, number="HT-2", title="设备",
                                   supplier="某公司", amount=Decimal("100"), fund_amount=Decimal("100.01"),
                                   signed_on=D24, on=D24)
    assert info.value.messages == ["专项资金承担金额不能超过合同金额。"]
    assert not Contract.objects.filter(number="HT-2").exists()
    assert Allocation.objects.get(pk=allocation.pk).contracted == Decimal("800000")
    draft = Contract(allocation=allocation, number="HT-2", title="设备", supplier="某公司", amount=Decimal("100"),
                     fund_amount=Decimal("100.01"), signed_on=D24, recorded_by=cast["staff"])
    assert reasons(draft) == {"fund_amount": ["专项资金承担金额不能超过合同金额。"]}


def test_the_contract_form_shows_the_models_reason(client, cast, funded):
    project, allocation, _contract = funded
    client.force_login(cast["staff"])
    response = client.post(reverse("funds:project", args=[project.pk]), {
        "_op": "contract", "contract-allocation": allocation.pk, "contract-number": "HT-2", "contract-title": "设备",
        "contract-supplier": "某公司", "contract-amount": "100", "contract-fund_amount": "100.01",
        "contract-advance_percent": "0", "contract-signed_on": "2025-03-03"})
    body = response.content.decode()
    assert response.status_code == 400 and "专项资金承担金额不能超过合同金额。" in body and 'value="HT-2"' in body
    assert not Contract.objects.filter(number="HT-2").exists()


def test_no_payment_before_the_contract_was_signed(cast, funded):
    _project, allocation, contract = funded
    services.spending_plan_set(by=cast["staff"], allocation=allocation, month=date(2025, 1, 1),
                               amount=Decimal("500000"), on=D24)
    with pytest.raises(WorkflowError) as info:
        services.payment_record(by=cast["staff"], contract=contract, amount=Decimal("1"),
                                paid_on=D24 - timedelta(days=1), voucher="PZ-1", purpose="预付款")
    assert info.value.messages == ["拨付日期不能早于合同签订日期。"]
    assert not Payment.objects.exists() and Contract.objects.get(pk=contract.pk).paid == 0
    early = Payment(contract=contract, amount=Decimal("1"), paid_on=D24 - timedelta(days=1), voucher="PZ-1",
                    purpose="预付款", progress_percent=0, rulebook="x", recorded_by=cast["staff"])
    assert reasons(early) == {"paid_on": ["拨付日期不能早于合同签订日期。"]}


def test_the_payment_form_shows_the_models_reason(client, cast, funded):
    project, _allocation, contract = funded
    client.force_login(cast["staff"])
    response = client.post(reverse("funds:project", args=[project.pk]), {
        "_op": "payment", "payment-contract": contract.pk, "payment-amount": "1", "payment-paid_on": "2025-03-02",
        "payment-voucher": "PZ-7", "payment-purpose": "预付款"})
    assert response.status_code == 400 and "拨付日期不能早于合同签订日期。" in response.content.decode()
    assert not Payment.objects.exists()


def test_a_spending_plan_stays_in_its_money_s_year(cast, funded):
    _project, allocation, _contract = funded
    with pytest.raises(WorkflowError) as info:
        services.spending_plan_set(by=cast["staff"], allocation=allocation, month=date(2026, 1, 15),
                                   amount=Decimal("1"), on=D24)
    assert info.value.messages == ["用款计划只能在资金所属年度 2025 年内编制。"]
    assert not SpendingPlan.objects.exists()
    plan = services.spending_plan_set(by=cast["staff"], allocation=allocation, month=date(2025, 12, 15),
                                      amount=Decimal("1"), on=D24)
    assert plan.month == date(2025, 12, 1) and str(plan).endswith("2025年12月用款计划")
    plan.month = date(2026, 1, 1)
    assert reasons(plan) == {"month": ["用款计划只能在资金所属年度 2025 年内编制。"]}


def test_verification_within_request_and_ratio_and_a_cut_says_why(cast, funded):
    project, _allocation, _contract = funded
    lead = cast["lead"]
    call = services.call_create(by=lead, year=2025, title="补充申报通知", directions="数据治理", stage_plan="年内核定",
                                deadline=D24, construction_ratio=Decimal("50"), on=D24)
    services.call_issue(by=lead, call=call, on=D24)
    app = services.application_create(by=cast["staff"], call=call, project=project, kind="construction",
                                      cost_basis=Decimal("1000"), requested=Decimal("400"),
                                      planned_completion=date(2025, 12, 31), description="补充建设", on=D24)
    Application.objects.filter(pk=app.pk).update(status=Application.Status.SUBMITTED)
    with pytest.raises(WorkflowError) as info:
        services.application_verify(by=lead, application=app, verified_amount=Decimal("600"), on=D24)
    assert info.value.messages == ["核定金额 600.00 元不能超过申请金额 400.00 元。",
                                   "核定金额 600.00 元超过申报通知的支持比例 50% 对应的上限 500.00 元。"]
    with pytest.raises(WorkflowError) as info:
        services.application_verify(by=lead, application=app, verified_amount=Decimal("300"), note=" ", on=D24)
    assert info.value.messages == ["核减了申请金额，请写明核减理由。"]
    app.refresh_from_db()
    assert (app.status, app.verified_amount) == (Application.Status.SUBMITTED, None)
    app.verified_amount = Decimal("300")
    assert reasons(app) == {"verification_note": ["核减了申请金额，请写明核减理由。"]}
    app = services.application_verify(by=lead, application=app, verified_amount=Decimal("300"), note="压减", on=D24)
    assert (app.status, app.verified_amount) == (Application.Status.VERIFIED, Decimal("300.00"))


def test_a_plan_line_takes_a_verified_application_within_its_amount(cast, funded):
    project, _allocation, _contract = funded
    lead = cast["lead"]
    call = services.call_create(by=lead, year=2025, title="补充申报通知", directions="数据治理", stage_plan="年内核定",
                                deadline=D24, on=D24)
    services.call_issue(by=lead, call=call, on=D24)
    app = services.application_create(by=cast["staff"], call=call, project=project, kind="equipment",
                                      cost_basis=Decimal("1000"), requested=Decimal("1000"),
                                      planned_completion=date(2025, 12, 31), description="设备", on=D24)
    plan = services.plan_create(by=lead, year=2025, on=D24)
    with pytest.raises(WorkflowError) as info:
        services.plan_add_line(by=lead, plan=plan, application=app, on=D24)
    assert info.value.messages == ["只有本年度已核定的经费申请才能列入安排计划。"]
    Application.objects.filter(pk=app.pk).update(status=Application.Status.VERIFIED, verified_amount=Decimal("800"))
    with pytest.raises(WorkflowError) as info:
        services.plan_add_line(by=lead, plan=plan, application=app, amount=Decimal("800.01"), on=D24)
    assert info.value.messages == ["安排金额应大于 0 且不超过核定金额 800.00 元。"]
    assert not plan.lines.exists()
    assert services.plan_add_line(by=lead, plan=plan, application=app, on=D24).amount == Decimal("800")


def test_a_transfer_names_another_projects_money_and_moves_more_than_nothing(cast, funded):
    project, allocation, _contract = funded
    with pytest.raises(WorkflowError) as info:
        services.adjustment_request(by=cast["lead"], year=2025, change="transfer", project=project, kind="construction",
                                    amount=Decimal("0"), reason="调剂", source=allocation, on=D24)
    assert info.value.messages == ["项目间调剂须选择另一个项目的已下达资金作为调出方。", "金额必须大于 0。"]
    with pytest.raises(WorkflowError) as info:
        services.adjustment_request(by=cast["lead"], year=2025, change="add", project=project, kind="construction",
                                    amount=Decimal("0"), reason="", on=D24)
    assert info.value.messages == ["资金下达后除特殊情况外一律不得调整，请说明特殊情况。", "金额必须大于 0。"]
    assert not Adjustment.objects.exists()
    adj = services.adjustment_request(by=cast["lead"], year=2025, change="change", project=project,
                                      kind="construction", amount=Decimal("0"), reason="项目暂停", on=D24)
    assert str(adj) == f"{project.name}：{adj.get_change_display()} 0.00 元"
    adj.change, adj.amount = "transfer", Decimal("1")
    assert reasons(adj) == {"source": ["项目间调剂须选择另一个项目的已下达资金作为调出方。"]}


def test_a_report_says_how_the_money_was_used_and_waits_for_its_period(cast, funded):
    project, _allocation, _contract = funded
    q2 = FundReport.objects.get(project=project, period="Q2")
    with pytest.raises(WorkflowError) as info:
        services.report_submit(by=cast["staff"], report=q2, used_amount=Decimal("0"), summary=" ", on=date(2025, 5, 31))
    assert info.value.messages == ["报告期尚未开始，不能提前报送。", "请填写资金使用情况。"]
    assert FundReport.objects.get(pk=q2.pk).submitted_on is None
    q2.submitted_on, q2.summary = date(2025, 6, 1), "支付进度款"
    q2.full_clean(validate_unique=False, validate_constraints=False)
    q2.submitted_on = date(2025, 5, 31)
    assert reasons(q2) == {"submitted_on": ["报告期尚未开始，不能提前报送。"]}


def test_a_finding_is_lifted_with_a_review_and_not_before_it_was_made(cast, in_service):
    project = in_service()
    on = date(2025, 5, 6)
    finding = services.noncompliance_record(by=cast["wxb"], project=project, kind=NonCompliance.Kind.SECURITY,
                                            description="未通过等级保护测评", on=on)
    with pytest.raises(WorkflowError) as info:
        services.noncompliance_resolve(by=cast["wxb"], finding=finding, resolution=" ", on=on - timedelta(days=1))
    assert info.value.messages == ["整改完成日期不能早于认定日期。", "请填写复核意见。"]
    assert NonCompliance.objects.get(pk=finding.pk).resolved_on is None
    finding = services.noncompliance_resolve(by=cast["wxb"], finding=finding, resolution="复测通过", on=on)
    assert finding.resolved_on == on and str(finding) == f"{project.name}：不符合网络安全要求"


def test_a_conclusion_names_known_grounds_and_gives_its_opinion(cast, funded):
    project, _allocation, _contract = funded
    ev = services.evaluation_open(by=cast["finance"], project=project, year=2025, on=date(2025, 3, 31))
    detected = [f["ground"] for f in ev.detected]
    assert detected == ["materials_missing"]  # no progress report yet in a year of construction
    with pytest.raises(WorkflowError) as info:
        services.evaluation_conclude(by=cast["finance"], evaluation=ev, confirmed=["made_up"], conclusion=" ",
                                     on=date(2025, 3, 31))
    assert info.value.messages == ["未知的不合格情形：made_up", "平台检出的情形未予采纳的，请写明合理原因。",
                                   "请填写评价意见。"]
    ev.refresh_from_db()
    assert (ev.status, ev.result) == (PerformanceEvaluation.Status.OPEN, "")
    ev.status, ev.conclusion = PerformanceEvaluation.Status.CONCLUDED, ""
    assert reasons(ev) == {"conclusion": ["请填写评价意见。"]}
    ev = services.evaluation_conclude(by=cast["finance"], evaluation=ev, confirmed=[], conclusion="按计划推进",
                                      dismissed_reason="进度报告已线下报送", on=date(2025, 3, 31))
    assert ev.result == PerformanceEvaluation.Result.QUALIFIED and str(ev) == f"{project.name} 2025年度绩效评价"
