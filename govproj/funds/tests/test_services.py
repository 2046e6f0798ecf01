"""Service-level tests of the fund ledger (钦政办规〔2024〕1号 Art. 17–21, 24, 27, 32 and its 2023 predecessor).

Every project is moved through the lifecycle services and every yuan through the funds services, on a real
database; a test that expects a refusal also checks that the refusal moved nothing. Amounts are chosen so the
bound under test is the one that binds, and each bound is tried exactly at the limit and one fen above it.
"""

import itertools
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F, Sum

from govproj.common.errors import WorkflowError
from govproj.common.models import Notification
from govproj.common.roles import Role
from govproj.funds import selectors, services
from govproj.funds.models import (
    Adjustment,
    Allocation,
    Application,
    ArrangementPlan,
    ContentChange,
    Contract,
    FundReport,
    FundYear,
    NonCompliance,
    Payment,
    PerformanceEvaluation,
    Recovery,
    money,
)
from govproj.projects import services as project_services
from govproj.projects.models import AttachmentKind, Event
from govproj.projects.states import State
from govproj.testing.funds import application, d, om_application, open_call, pdf
from govproj.testing.projects import (
    D23,
    D24,
    accept,
    all_acceptance_materials,
    apply,
    fresh,
    lead_user,
    unit_user,
    walk,
)

V2023, V2024 = "钦政办规〔2023〕6号", "钦政办规〔2024〕1号"
MARCH, APRIL, MAY = date(2025, 3, 1), date(2025, 4, 1), date(2025, 5, 1)
_vouchers = itertools.count(1)


# ---------------------------------------------------------------- helpers


def finding(exc, key, rule=None):
    """The refusal's single blocking finding of rule function ``key``."""
    found = [f for f in exc.findings if f["key"] == key]
    assert len(found) == 1, exc.findings
    assert found[0]["severity"] == "block"
    if rule:
        assert found[0]["rule"] == rule
    assert found[0]["message"] in exc.messages
    return found[0]


def verified(cast, project, *, on=D24, amount="1000000", call=None):
    call = call or open_call(cast, on)
    app = application(cast, call, project, on=on, amount=amount)
    services.application_submit(by=unit_user(cast, project), application=app, on=on)
    return services.application_verify(by=lead_user(cast, on), application=app, verified_amount=d(amount), on=on)


def fund(year=2025) -> FundYear:
    return FundYear.objects.get(year=year)


def alloc_of(project, kind="construction", year=2025) -> Allocation | None:
    return Allocation.objects.filter(project=project, kind=kind, fund__year=year).first()


def contract(cast, allocation, *, number="HT-001", amount=None, fund_amount=None, advance="0", signed_on=D24):
    amount = amount or fund_amount or "600000"
    return services.contract_register(
        by=unit_user(cast, allocation.project), allocation=allocation, number=number, title="平台开发",
        supplier="广西某科技有限公司", amount=d(amount), fund_amount=None if fund_amount is None else d(fund_amount),
        signed_on=signed_on, advance_percent=d(advance), on=signed_on)


def spend(cast, allocation, month, amount):
    return services.spending_plan_set(by=unit_user(cast, allocation.project), allocation=allocation, month=month,
                                      amount=d(amount), on=D24)


def progress(cast, project, percent, on):
    return project_services.progress_report(by=unit_user(cast, project), project=project, period=on.isoformat(),
                                            percent=percent, summary="按计划推进", on=on)


def pay(cast, c, amount, *, on=D24, voucher=None, by=None):
    return services.payment_record(by=by or cast["staff"], contract=c, amount=d(amount) if not isinstance(
        amount, str) else amount, paid_on=on, voucher=voucher or f"PZ-{next(_vouchers)}", purpose="进度款")


def refused_payment(cast, c, amount, key, *, on=D24, document=V2024):
    """A payment refused by rule F9 ``key`` with the Art. 21 citation; nothing paid, nothing recorded."""
    c = Contract.objects.get(pk=c.pk)
    before = (c.paid, c.allocation.paid, Payment.objects.count())
    with pytest.raises(WorkflowError) as info:
        pay(cast, c, amount, on=on)
    f = finding(info.value, key, "F9")
    assert f["citation"] == {"document": document, "article": "第二十一条"}
    c = Contract.objects.get(pk=c.pk)
    assert (c.paid, c.allocation.paid, Payment.objects.count()) == before
    return f


@pytest.fixture
def funded(constructing, money_path):
    """A project under construction with 1,000,000.00 of 2025 construction money (pool 5,000,000.00)."""
    project = constructing()
    return project, money_path(project)


@pytest.fixture
def declared(cast, declare):
    """A 2024-rules project declared but not approved, let alone started."""

    def make(**fields):
        return walk(declare(centrally_funded=True, **fields), cast, State.DECLARED, D24)

    return make


# ---------------------------------------------------------------- money

def test_money_rounds_half_up_to_the_fen():
    assert money("0.005") == Decimal("0.01")
    assert money("100.004") == Decimal("100.00")
    assert money("0.125") == Decimal("0.13")  # half-even would give 0.12
    assert money("2.5") == Decimal("2.50")
    assert money(7) == Decimal("7.00")
    assert money(Decimal("333333.335")) == Decimal("333333.34")
    assert money("100.004").as_tuple().exponent == -2


# ---------------------------------------------------------------- F6 adjustments (Art. 19)

def test_adding_money_takes_effect_only_on_government_approval(cast, funded, declared):
    _project, allocation = funded
    other = declared(name="钦州市智慧医疗服务平台")
    adj = services.adjustment_request(by=cast["lead"], year=2025, change="add", project=other, kind="construction",
                                      amount=d("300000"), reason="市委专题会议部署新增建设任务", on=date(2025, 4, 1))
    assert adj.status == Adjustment.Status.SUBMITTED
    request_event = Event.objects.get(project=other, step="funds:adjust_request")
    assert [f["rule"] for f in request_event.findings] == ["F6"]
    assert request_event.findings[0]["citation"] == {"document": V2024, "article": "第十九条"}

    def unchanged():
        assert alloc_of(other) is None
        assert fund().allocated == d("1000000")
        assert Adjustment.objects.get(pk=adj.pk).status == Adjustment.Status.SUBMITTED

    unchanged()
    for not_government in (cast["lead"], cast["finance"], cast["ndrc"], cast["staff"]):
        with pytest.raises(PermissionDenied):
            services.adjustment_decide(by=not_government, adjustment=adj, approve=True, decision_ref="钦政函〔2025〕3号",
                                       on=date(2025, 4, 8))
    unchanged()
    with pytest.raises(WorkflowError, match="批准文号"):
        services.adjustment_decide(by=cast["government"], adjustment=adj, approve=True, decision_ref=" ",
                                   on=date(2025, 4, 8))
    unchanged()

    adj = services.adjustment_decide(by=cast["government"], adjustment=adj, approve=True,
                                     decision_ref="钦政函〔2025〕3号", on=date(2025, 4, 8))
    assert adj.status == Adjustment.Status.APPROVED and adj.decision_ref == "钦政函〔2025〕3号"
    assert alloc_of(other).amount == d("300000")
    assert fund().allocated == d("1300000")
    assert allocation.amount == alloc_of(allocation.project).amount == d("1000000")
    assert adj.before == {"target": "0.00", "fund_allocated": "1000000.00"}
    assert adj.after == {"target": "300000.00", "fund_allocated": "1300000.00"}
    # Reports are owed from the quarter the money arrived in.
    assert sorted(FundReport.objects.filter(project=other).values_list("period", flat=True)) == ["Q2", "Q3", "Q4", "Y"]
    with pytest.raises(WorkflowError):  # approved once, never again
        services.adjustment_decide(by=cast["government"], adjustment=adj, approve=True, decision_ref="钦政函〔2025〕4号",
                                   on=date(2025, 4, 9))
    assert alloc_of(other).amount == d("300000") and fund().allocated == d("1300000")


def test_rejected_adjustment_changes_nothing(cast, funded):
    project, _allocation = funded
    adj = services.adjustment_request(by=cast["finance"], year=2025, change="change", project=project,
                                      kind="construction", amount=d("1200000"), reason="建设内容增加", on=D24)
    with pytest.raises(WorkflowError, match="意见"):
        services.adjustment_decide(by=cast["government"], adjustment=adj, approve=False, on=D24)
    adj = services.adjustment_decide(by=cast["government"], adjustment=adj, approve=False, note="不属于特殊情况", on=D24)
    assert adj.status == Adjustment.Status.REJECTED and adj.decision_note == "不属于特殊情况"
    assert alloc_of(project).amount == d("1000000") and fund().allocated == d("1000000")
    with pytest.raises(WorkflowError):  # a rejected adjustment cannot be approved afterwards
        services.adjustment_decide(by=cast["government"], adjustment=adj, approve=True, decision_ref="钦政函〔2025〕9号",
                                   on=D24)
    assert alloc_of(project).amount == d("1000000") and fund().allocated == d("1000000")


def test_changing_the_amount_both_ways_and_never_below_contracts(cast, funded):
    project, allocation = funded
    contract(cast, allocation, fund_amount="600000")

    def change(amount):
        return services.adjustment_request(by=cast["lead"], year=2025, change="change", project=project,
                                           kind="construction", amount=d(amount), reason="概算调整", on=D24)

    down = change("800000")
    assert alloc_of(project).amount == d("1000000") and fund().allocated == d("1000000")
    services.adjustment_decide(by=cast["government"], adjustment=down, approve=True, decision_ref="钦政函〔2025〕5号",
                               on=D24)
    assert alloc_of(project).amount == d("800000") and fund().allocated == d("800000")

    up = change("1500000")
    assert alloc_of(project).amount == d("800000") and fund().allocated == d("800000")
    services.adjustment_decide(by=cast["government"], adjustment=up, approve=True, decision_ref="钦政函〔2025〕6号",
                               on=D24)
    assert alloc_of(project).amount == d("1500000") and fund().allocated == d("1500000")

    below = change("599999.99")  # under the 600,000.00 already contracted
    with pytest.raises(WorkflowError, match="低于已签合同"):
        services.adjustment_decide(by=cast["government"], adjustment=below, approve=True,
                                   decision_ref="钦政函〔2025〕7号", on=D24)
    assert Adjustment.objects.get(pk=below.pk).status == Adjustment.Status.SUBMITTED
    assert alloc_of(project).amount == d("1500000") and fund().allocated == d("1500000")
    exact = change("600000")
    services.adjustment_decide(by=cast["government"], adjustment=exact, approve=True, decision_ref="钦政函〔2025〕8号",
                               on=D24)
    a = alloc_of(project)
    assert (a.amount, a.contracted) == (d("600000"), d("600000")) and fund().allocated == d("600000")


def test_transfer_moves_money_between_projects_only_on_approval(cast, funded, declared):
    project, allocation = funded
    contract(cast, allocation, fund_amount="600000")
    other = declared(name="钦州市智慧医疗服务平台")
    with pytest.raises(WorkflowError, match="另一个项目"):
        services.adjustment_request(by=cast["lead"], year=2025, change="transfer", project=project,
                                    kind="construction", amount=d("1"), reason="调剂", source=allocation, on=D24)
    adj = services.adjustment_request(by=cast["lead"], year=2025, change="transfer", project=other, kind="construction",
                                      amount=d("300000"), reason="原项目进度滞后，资金调剂至急需项目", source=allocation,
                                      on=D24)
    assert alloc_of(project).amount == d("1000000") and alloc_of(other) is None
    services.adjustment_decide(by=cast["government"], adjustment=adj, approve=True, decision_ref="钦政函〔2025〕5号",
                               on=D24)
    assert alloc_of(project).amount == d("700000") and alloc_of(other).amount == d("300000")
    assert fund().allocated == d("1000000")  # moved within the year's plan, the pool total unchanged
    assert Adjustment.objects.get(pk=adj.pk).after == {"target": "300000.00", "fund_allocated": "1000000.00",
                                                      "source": "700000.00"}

    too_much = services.adjustment_request(by=cast["lead"], year=2025, change="transfer", project=other,
                                           kind="construction", amount=d("100000.01"), reason="再调剂",
                                           source=alloc_of(project), on=D24)
    with pytest.raises(WorkflowError, match="尚未签约的资金"):  # only 100,000.00 of it is uncontracted
        services.adjustment_decide(by=cast["government"], adjustment=too_much, approve=True,
                                   decision_ref="钦政函〔2025〕6号", on=D24)
    assert alloc_of(project).amount == d("700000") and alloc_of(other).amount == d("300000")
    assert fund().allocated == d("1000000")


def test_adding_more_than_the_pool_holds_is_refused_at_approval(cast, funded, declared):
    other = declared(name="钦州市智慧医疗服务平台")
    adj = services.adjustment_request(by=cast["lead"], year=2025, change="add", project=other, kind="construction",
                                      amount=d("4000000.01"), reason="新增", on=D24)
    with pytest.raises(WorkflowError, match="余额不足"):
        services.adjustment_decide(by=cast["government"], adjustment=adj, approve=True, decision_ref="钦政函〔2025〕1号",
                                   on=D24)
    assert alloc_of(other) is None and fund().allocated == d("1000000")
    exact = services.adjustment_request(by=cast["lead"], year=2025, change="add", project=other, kind="construction",
                                        amount=d("4000000"), reason="新增", on=D24)
    services.adjustment_decide(by=cast["government"], adjustment=exact, approve=True, decision_ref="钦政函〔2025〕2号",
                               on=D24)
    assert fund().available == 0 and fund().allocated == fund().budget


def test_adjustments_are_asked_for_by_lead_or_finance_with_a_reason(cast, funded):
    project, _allocation = funded
    for nobody in (cast["staff"], cast["government"], cast["wxb"], cast["ndrc"]):
        with pytest.raises(PermissionDenied):
            services.adjustment_request(by=nobody, year=2025, change="add", project=project, kind="construction",
                                        amount=d("1"), reason="新增", on=D24)
    with pytest.raises(WorkflowError, match="特殊情况"):
        services.adjustment_request(by=cast["lead"], year=2025, change="add", project=project, kind="construction",
                                    amount=d("1"), reason="  ", on=D24)
    assert not Adjustment.objects.exists()


# ---------------------------------------------------------------- F5 arrangement plan (Art. 18)

def test_allocation_waits_for_the_government_to_approve_the_plan(cast, orgs, constructing):
    project = constructing()
    services.pool_add(by=cast["finance"], year=2025, unit=orgs["jyj"], kind="construction", amount=d("5000000"), on=D24)
    app = verified(cast, project)
    plan = services.plan_create(by=cast["lead"], year=2025, on=D24)
    services.plan_add_line(by=cast["lead"], plan=plan, application=app, on=D24)

    def nothing_allocated():
        assert not Allocation.objects.exists() and fund().allocated == 0

    with pytest.raises(WorkflowError, match="须经市人民政府审定"):  # a draft
        services.allocate(by=cast["finance"], plan=plan, allocation_ref="钦财建〔2025〕1号", on=D24)
    services.plan_submit(by=cast["lead"], plan=plan, on=D24)
    with pytest.raises(WorkflowError, match="须经市人民政府审定"):  # submitted, not yet approved
        services.allocate(by=cast["finance"], plan=plan, allocation_ref="钦财建〔2025〕1号", on=D24)
    nothing_allocated()
    for nobody in (cast["lead"], cast["finance"]):
        with pytest.raises(PermissionDenied):
            services.plan_decide(by=nobody, plan=plan, approve=True, decision_ref="钦政阅〔2025〕1号", on=D24)
    with pytest.raises(WorkflowError, match="审定文号"):
        services.plan_decide(by=cast["government"], plan=plan, approve=True, on=D24)
    with pytest.raises(WorkflowError, match="意见"):
        services.plan_decide(by=cast["government"], plan=plan, approve=False, on=D24)

    plan = services.plan_decide(by=cast["government"], plan=plan, approve=False, reason="请压减非急需内容", on=D24)
    assert (plan.status, plan.return_reason, plan.submitted_on) == (ArrangementPlan.Status.DRAFT, "请压减非急需内容", None)
    with pytest.raises(WorkflowError, match="须经市人民政府审定"):
        services.allocate(by=cast["finance"], plan=plan, allocation_ref="钦财建〔2025〕1号", on=D24)
    nothing_allocated()

    plan = services.plan_submit(by=cast["lead"], plan=plan, on=D24)
    assert plan.return_reason == ""
    services.plan_decide(by=cast["government"], plan=plan, approve=True, decision_ref="钦政阅〔2025〕1号", on=D24)
    with pytest.raises(WorkflowError, match="下达文号"):
        services.allocate(by=cast["finance"], plan=plan, allocation_ref="", on=D24)
    with pytest.raises(PermissionDenied):
        services.allocate(by=cast["government"], plan=plan, allocation_ref="钦财建〔2025〕1号", on=D24)
    nothing_allocated()
    [allocation] = services.allocate(by=cast["finance"], plan=plan, allocation_ref="钦财建〔2025〕1号", on=D24)
    assert allocation.amount == d("1000000") and fund().allocated == d("1000000")
    assert ArrangementPlan.objects.get(pk=plan.pk).status == ArrangementPlan.Status.ALLOCATED
    with pytest.raises(WorkflowError):  # allocated once only
        services.allocate(by=cast["finance"], plan=plan, allocation_ref="钦财建〔2025〕2号", on=D24)
    assert alloc_of(project).amount == d("1000000") and fund().allocated == d("1000000")


def test_plan_above_what_the_pool_has_left_is_refused(cast, orgs, constructing):
    project = constructing()
    services.pool_add(by=cast["finance"], year=2025, unit=orgs["jyj"], kind="construction", amount=d("999999.99"),
                      on=D24)
    app = verified(cast, project)
    plan = services.plan_create(by=cast["lead"], year=2025, on=D24)
    services.plan_add_line(by=cast["lead"], plan=plan, application=app, on=D24)
    with pytest.raises(WorkflowError, match="超过专项资金可安排余额"):
        services.plan_submit(by=cast["lead"], plan=plan, on=D24)
    assert ArrangementPlan.objects.get(pk=plan.pk).status == ArrangementPlan.Status.DRAFT
    services.pool_add(by=cast["finance"], year=2025, unit=orgs["jyj"], kind="construction", amount=d("0.01"), on=D24)
    assert fund().available == d("1000000")
    assert services.plan_submit(by=cast["lead"], plan=plan, on=D24).status == ArrangementPlan.Status.SUBMITTED


def test_plans_before_the_government_count_against_the_pool(cast, orgs, constructing, declared):
    first, second = constructing(), declared(name="钦州市智慧医疗服务平台")
    services.pool_add(by=cast["finance"], year=2025, unit=orgs["jyj"], kind="construction", amount=d("1500000"),
                      on=D24)
    call = open_call(cast, D24)
    a, b = verified(cast, first, call=call), verified(cast, second, call=call)
    plan = services.plan_create(by=cast["lead"], year=2025, on=D24)
    services.plan_add_line(by=cast["lead"], plan=plan, application=a, on=D24)
    services.plan_submit(by=cast["lead"], plan=plan, on=D24)
    other = services.plan_create(by=cast["lead"], year=2025, on=D24)
    line = services.plan_add_line(by=cast["lead"], plan=other, application=b, amount=d("500000.01"), on=D24)
    with pytest.raises(WorkflowError, match="待审定、待下达计划 1,000,000.00 元"):
        services.plan_submit(by=cast["lead"], plan=other, on=D24)
    services.plan_remove_line(by=cast["lead"], line=line, on=D24)
    services.plan_add_line(by=cast["lead"], plan=other, application=b, amount=d("500000"), on=D24)
    assert services.plan_submit(by=cast["lead"], plan=other, on=D24).status == ArrangementPlan.Status.SUBMITTED
    for p_, ref in ((plan, "1"), (other, "2")):
        services.plan_decide(by=cast["government"], plan=p_, approve=True, decision_ref=f"钦政阅〔2025〕{ref}号", on=D24)
        services.allocate(by=cast["finance"], plan=p_, allocation_ref=f"钦财建〔2025〕{ref}号", on=D24)
    assert (fund().allocated, fund().available) == (d("1500000"), 0)


def test_plan_line_within_the_verified_amount(cast, orgs, constructing):
    project = constructing()
    app = verified(cast, project, amount="500000")
    plan = services.plan_create(by=cast["lead"], year=2025, on=D24)
    with pytest.raises(WorkflowError, match="不超过核定金额"):
        services.plan_add_line(by=cast["lead"], plan=plan, application=app, amount=d("500000.01"), on=D24)
    line = services.plan_add_line(by=cast["lead"], plan=plan, application=app, amount=d("500000"), on=D24)
    assert line.amount == d("500000")
    with pytest.raises(WorkflowError, match="已列入"):
        services.plan_add_line(by=cast["lead"], plan=plan, application=app, on=D24)


# ---------------------------------------------------------------- F8 content changes (Art. 20)

def change_request(cast, project, *, new_total, adjusted, goals_unchanged=True, reason="2", on=D24):
    return services.content_change_request(by=unit_user(cast, project), project=project, description="调整建设内容",
                                           new_total=d(new_total), adjusted_amount=d(adjusted),
                                           goals_unchanged=goals_unchanged, reason=reason, on=on)


def test_small_change_within_the_estimate_is_filed_at_exactly_fifteen_percent(cast, constructing):
    project = constructing()
    assert project.approved_investment == d("3000000")
    change = change_request(cast, project, new_total="3000000", adjusted="450000")  # 15% of 3,000,000.00
    assert (change.path, change.status) == (ContentChange.Path.FILE, ContentChange.Status.FILED)
    assert (change.rulebook, change.body, change.approved_estimate) == (V2024, "市大数据发展局", d("3000000"))
    event = Event.objects.get(project=project, step="funds:content_change")
    assert event.data["citation"] == {"document": V2024, "article": "第二十条"}
    assert fresh(project).approved_investment == d("3000000")


def test_one_fen_above_fifteen_percent_needs_a_new_design(cast, constructing):
    project = constructing()
    change = change_request(cast, project, new_total="2900000", adjusted="450000.01")
    assert (change.path, change.status) == (ContentChange.Path.REDESIGN, ContentChange.Status.APPROVAL_PENDING)
    assert "超过概算总投资的 15%" in change.explanation
    assert change_request(cast, project, new_total="2900000", adjusted="1000", reason="none").path == \
        ContentChange.Path.REDESIGN  # not one of the three listed reasons
    assert change_request(cast, project, new_total="2900000", adjusted="1000", goals_unchanged=False).path == \
        ContentChange.Path.REDESIGN

    with pytest.raises(PermissionDenied):  # the approver of a jyj project under the 2024 rules is 大数据发展局
        services.content_change_decide(by=cast["ndrc"], change=change, approve=True, ref="钦发改〔2025〕1号", on=D24)
    with pytest.raises(WorkflowError, match="批复文号"):
        services.content_change_decide(by=cast["lead"], change=change, approve=True, on=D24)
    change = services.content_change_decide(by=cast["lead"], change=change, approve=True, ref="钦大数〔2025〕3号", on=D24)
    assert (change.status, change.decision_ref) == (ContentChange.Status.APPROVED, "钦大数〔2025〕3号")
    assert fresh(project).approved_investment == d("3000000")  # within the estimate: the estimate stands
    assert Event.objects.filter(project=project, step="funds:content_decide").count() == 1


def test_above_the_estimate_needs_government_consent_then_the_approver(cast, constructing):
    project = constructing()
    change = change_request(cast, project, new_total="3000000.01", adjusted="0.01")
    assert (change.path, change.status) == (ContentChange.Path.MUNICIPAL, ContentChange.Status.CONSENT_PENDING)
    with pytest.raises(WorkflowError):  # the approver cannot act before the government consents
        services.content_change_decide(by=cast["lead"], change=change, approve=True, ref="钦大数〔2025〕3号", on=D24)
    with pytest.raises(PermissionDenied):
        services.content_change_consent(by=cast["lead"], change=change, approve=True, ref="钦政函〔2025〕1号", on=D24)
    with pytest.raises(WorkflowError, match="同意文号"):
        services.content_change_consent(by=cast["government"], change=change, approve=True, on=D24)
    change = services.content_change_consent(by=cast["government"], change=change, approve=True,
                                              ref="钦政函〔2025〕1号", on=D24)
    assert (change.status, change.consent_ref) == (ContentChange.Status.APPROVAL_PENDING, "钦政函〔2025〕1号")
    assert fresh(project).approved_investment == d("3000000")
    for wrong in (cast["ndrc"], cast["finance"], cast["government"], cast["staff"]):
        with pytest.raises(PermissionDenied):
            services.content_change_decide(by=wrong, change=change, approve=True, ref="钦发改〔2025〕1号", on=D24)
    change = services.content_change_decide(by=cast["lead"], change=change, approve=True, ref="钦大数〔2025〕3号",
                                            on=D24)
    assert change.status == ContentChange.Status.APPROVED
    assert fresh(project).approved_investment == d("3000000.01")


def test_government_may_refuse_consent(cast, constructing):
    project = constructing()
    change = change_request(cast, project, new_total="3500000", adjusted="500000")
    with pytest.raises(WorkflowError, match="意见"):
        services.content_change_consent(by=cast["government"], change=change, approve=False, on=D24)
    change = services.content_change_consent(by=cast["government"], change=change, approve=False, note="超概算理由不足",
                                              on=D24)
    assert change.status == ContentChange.Status.REJECTED
    with pytest.raises(WorkflowError):
        services.content_change_decide(by=cast["lead"], change=change, approve=True, ref="钦大数〔2025〕3号", on=D24)
    assert fresh(project).approved_investment == d("3000000")


def test_change_of_a_dsj_project_is_approved_by_the_ndrc(cast, constructing):
    project = constructing(unit="dsj")
    change = change_request(cast, project, new_total="3300000", adjusted="300000")
    assert change.body == "市人民政府（同意后报市大数据发展局审批）"
    services.content_change_consent(by=cast["government"], change=change, approve=True, ref="钦政函〔2025〕1号", on=D24)
    with pytest.raises(PermissionDenied):  # the lead department does not approve its own project
        services.content_change_decide(by=cast["lead"], change=change, approve=True, ref="钦大数〔2025〕3号", on=D24)
    change = services.content_change_decide(by=cast["ndrc"], change=change, approve=True, ref="钦发改〔2025〕3号", on=D24)
    assert change.status == ContentChange.Status.APPROVED
    assert fresh(project).approved_investment == d("3300000")


def test_unauthorised_change_is_found_by_the_lead_department_of_the_day(cast, constructing):
    project = constructing()
    with pytest.raises(PermissionDenied):
        services.content_change_found(by=cast["staff"], project=project, description="擅自增加模块", on=D24)
    with pytest.raises(PermissionDenied):  # 发展改革委 led under the 2023 rules only
        services.content_change_found(by=cast["ndrc"], project=project, description="擅自增加模块", on=D24)
    with pytest.raises(WorkflowError):
        services.content_change_found(by=cast["lead"], project=project, description=" ", on=D24)
    assert not ContentChange.objects.exists()
    change = services.content_change_found(by=cast["lead"], project=project, description="擅自增加模块", on=D24)
    assert (change.path, change.status, change.rulebook) == (ContentChange.Path.UNAUTHORISED,
                                                             ContentChange.Status.FOUND, V2024)
    old = services.content_change_found(by=cast["ndrc"], project=project, description="擅自删减功能", on=D23)
    assert (old.rulebook, old.body) == (V2023, "市发展改革委")
    with pytest.raises(PermissionDenied):
        services.content_change_found(by=cast["lead"], project=project, description="擅自删减功能", on=D23)


def test_content_change_needs_an_approved_estimate(cast, declared):
    project = declared()
    with pytest.raises(WorkflowError, match="概算批复"):
        change_request(cast, project, new_total="3000000", adjusted="1")
    assert not ContentChange.objects.exists()


# ---------------------------------------------------------------- F9 payments (Art. 21)

def test_payment_beyond_the_contract_is_refused(cast, funded):
    project, allocation = funded
    c = contract(cast, allocation, amount="800000", fund_amount="600000")
    progress(cast, project, 100, D24)
    spend(cast, allocation, MARCH, "1000000")
    f = refused_payment(cast, c, "600000.01", "payment_over_contract")
    assert "合同尚可支付金额 600,000.00 元" in f["message"]
    payment = pay(cast, c, "600000")
    assert payment.amount == d("600000") and Contract.objects.get(pk=c.pk).paid == d("600000")
    refused_payment(cast, c, "0.01", "payment_over_contract")


def test_payment_beyond_the_allocation_is_refused(cast, funded):
    project, allocation = funded
    progress(cast, project, 100, D24)
    spend(cast, allocation, MARCH, "1000000")
    with pytest.raises(WorkflowError, match="尚未签约的余额"):  # contracts may not exceed the allocation either
        contract(cast, allocation, amount="1000000.01")
    c = contract(cast, allocation, amount="1000000")
    with pytest.raises(WorkflowError, match="尚未签约的余额"):
        contract(cast, allocation, number="HT-002", amount="0.01")
    f = refused_payment(cast, c, "1000000.01", "payment_over_allocation")
    assert "已下达资金尚未拨付的余额 1,000,000.00 元" in f["message"]
    pay(cast, c, "1000000")
    a = alloc_of(project)
    assert (a.amount, a.contracted, a.paid) == (d("1000000"), d("1000000"), d("1000000"))
    refused_payment(cast, c, "0.01", "payment_over_allocation")


def test_payment_needs_a_spending_plan_through_its_month(cast, funded):
    project, allocation = funded
    c = contract(cast, allocation, fund_amount="600000")
    progress(cast, project, 100, D24)
    f = refused_payment(cast, c, "1", "payment_over_plan")  # no spending plan at all
    assert "用款计划" in f["message"]
    spend(cast, allocation, MAY, "300000")
    refused_payment(cast, c, "1", "payment_over_plan")  # May's money cannot be paid in March
    spend(cast, allocation, MARCH, "200000")
    spend(cast, allocation, APRIL, "100000")
    refused_payment(cast, c, "200000.01", "payment_over_plan", on=date(2025, 3, 20))
    pay(cast, c, "200000", on=date(2025, 3, 20))
    refused_payment(cast, c, "100000.01", "payment_over_plan", on=date(2025, 4, 15))
    pay(cast, c, "100000", on=date(2025, 4, 15))
    refused_payment(cast, c, "300000.01", "payment_over_plan", on=date(2025, 5, 6))
    pay(cast, c, "300000", on=date(2025, 5, 6))
    assert Contract.objects.get(pk=c.pk).paid == d("600000")


def test_payment_follows_progress_or_the_advance_whichever_is_larger(cast, funded):
    project, allocation = funded
    c = contract(cast, allocation, amount="600000", advance="30")
    spend(cast, allocation, MARCH, "1000000")
    progress(cast, project, 20, date(2025, 3, 4))  # 20% of progress: the 30% advance still allows more
    f = refused_payment(cast, c, "180000.01", "payment_over_progress", on=date(2025, 3, 5))
    assert "（20%）" in f["message"] and "180,000.00 元" in f["message"]
    assert pay(cast, c, "180000", on=date(2025, 3, 5)).progress_percent == 20
    progress(cast, project, 50, date(2025, 3, 10))
    refused_payment(cast, c, "0.01", "payment_over_progress", on=date(2025, 3, 9))  # the report is not yet in
    refused_payment(cast, c, "120000.01", "payment_over_progress", on=date(2025, 3, 10))
    payment = pay(cast, c, "120000", on=date(2025, 3, 10))
    assert payment.progress_percent == 50 and Contract.objects.get(pk=c.pk).paid == d("300000")


def test_payment_is_recorded_to_the_fen_rounding_half_up(cast, funded):
    project, allocation = funded
    c = contract(cast, allocation, fund_amount="600000")
    progress(cast, project, 100, D24)
    spend(cast, allocation, MARCH, "600000")
    payment = pay(cast, c, "333333.335")
    payment.refresh_from_db()
    assert payment.amount == d("333333.34")
    assert Contract.objects.get(pk=c.pk).paid == alloc_of(project).paid == d("333333.34")
    refused_payment(cast, c, "266666.665", "payment_over_contract")  # 266,666.67 > the 266,666.66 left
    pay(cast, c, "266666.664")  # 266,666.66: exactly what is left
    assert Contract.objects.get(pk=c.pk).paid == d("600000")
    with pytest.raises(WorkflowError, match="大于 0"):
        pay(cast, c, "0.004")


def test_same_voucher_twice_is_one_payment(cast, funded):
    project, allocation = funded
    c = contract(cast, allocation, fund_amount="600000")
    progress(cast, project, 100, D24)
    spend(cast, allocation, MARCH, "600000")
    first = pay(cast, c, "100000", voucher="PZ-2025-007")
    again = pay(cast, c, "100000.00", voucher=" PZ-2025-007 ")
    assert again.pk == first.pk
    assert Payment.objects.filter(voucher="PZ-2025-007").count() == 1
    assert Contract.objects.get(pk=c.pk).paid == alloc_of(project).paid == d("100000")
    assert Event.objects.filter(project=project, step="funds:pay").count() == 1
    for amount, on in (("100000.01", D24), ("100000", date(2025, 3, 4))):
        with pytest.raises(WorkflowError, match="已用于另一笔拨付"):
            pay(cast, c, amount, on=on, voucher="PZ-2025-007")
    other = contract(cast, allocation, number="HT-002", fund_amount="100000")
    with pytest.raises(WorkflowError, match="已用于另一笔拨付"):
        pay(cast, other, "100000", voucher="PZ-2025-007")
    assert Payment.objects.count() == 1 and Contract.objects.get(pk=c.pk).paid == d("100000")


def test_totals_reconcile_after_several_payments(cast, funded, orgs):
    project, allocation = funded
    progress(cast, project, 100, D24)
    spend(cast, allocation, MARCH, "500000")
    spend(cast, allocation, APRIL, "400000")
    a = contract(cast, allocation, number="HT-A", amount="700000", fund_amount="600000")
    b = contract(cast, allocation, number="HT-B", amount="250000.50")
    for c, amount, on in ((a, "100000", date(2025, 3, 5)), (b, "50000.25", date(2025, 3, 6)),
                          (a, "349999.75", date(2025, 3, 20)), (b, "200000.25", date(2025, 4, 2)),
                          (a, "0.01", date(2025, 4, 3))):
        pay(cast, c, amount, on=on)

    fund_year = fund()
    assert fund_year.budget >= fund_year.allocated + fund_year.recovered
    assert fund_year.allocated == Allocation.objects.filter(fund=fund_year).aggregate(t=Sum("amount"))["t"]
    for alloc in Allocation.objects.all():
        assert alloc.amount >= alloc.contracted >= alloc.paid
        assert alloc.contracted == alloc.contracts.aggregate(t=Sum("fund_amount"))["t"]
        assert alloc.paid == alloc.contracts.aggregate(t=Sum("paid"))["t"]
    for c in Contract.objects.all():
        assert c.paid == c.payments.aggregate(t=Sum("amount"))["t"] and c.fund_amount >= c.paid
    a_paid, b_paid = (Contract.objects.get(pk=x.pk).paid for x in (a, b))
    assert (a_paid, b_paid) == (d("449999.76"), d("250000.50"))
    total = Payment.objects.aggregate(t=Sum("amount"))["t"]
    assert total == a_paid + b_paid == alloc_of(project).paid == d("700000.26")
    ledger = selectors.project_ledger(project)
    assert ledger["totals"] == {"amount": d("1000000"), "contracted": d("850000.50"), "paid": d("700000.26"),
                                "recovered": d("0")}


def test_the_database_refuses_an_overspend_written_past_the_services(cast, funded):
    project, allocation = funded
    c = contract(cast, allocation, fund_amount="600000")
    attempts = [
        lambda: Contract.objects.filter(pk=c.pk).update(paid=F("fund_amount") + d("0.01")),
        lambda: Allocation.objects.filter(pk=allocation.pk).update(paid=F("contracted") + d("0.01")),
        lambda: Allocation.objects.filter(pk=allocation.pk).update(contracted=F("amount") + d("0.01")),
        lambda: FundYear.objects.filter(year=2025).update(allocated=F("budget") + d("0.01")),
        lambda: FundYear.objects.filter(year=2025).update(recovered=F("budget") - F("allocated") + d("0.01")),
    ]
    for attempt in attempts:
        with pytest.raises(IntegrityError), transaction.atomic():
            attempt()
    c.refresh_from_db()
    a = alloc_of(project)
    assert (c.paid, a.paid, a.contracted, a.amount) == (0, 0, d("600000"), d("1000000"))
    assert (fund().allocated, fund().recovered) == (d("1000000"), 0)
    with transaction.atomic():  # at the bound itself the database agrees
        Contract.objects.filter(pk=c.pk).update(paid=F("fund_amount"))
        Allocation.objects.filter(pk=allocation.pk).update(paid=F("contracted"))


# ---------------------------------------------------------------- L25 O&M money (Art. 32)


def test_non_compliance_blocks_om_money_until_the_same_department_lifts_it(cast, in_service, make_user):
    project = in_service()
    on = date(2025, 5, 6)
    police = make_user("gaj_security", Role.MEMBER_DEPT, "gaj")
    finding_ = services.noncompliance_record(by=cast["wxb"], project=project, kind=NonCompliance.Kind.SECURITY,
                                             description="未通过等级保护测评", ref="钦网信〔2025〕2号", on=on)
    app = om_application(cast, project, on)
    with pytest.raises(WorkflowError) as info:
        services.application_submit(by=cast["staff"], application=app, on=on)
    f = finding(info.value, "om_non_compliant", "L25")
    assert f["citation"] == {"document": V2024, "article": "第三十二条"}
    assert Application.objects.get(pk=app.pk).status == Application.Status.DRAFT

    # Construction money is not O&M money: the finding does not block it.
    build = application(cast, open_call(cast, on, deadline=date(2025, 12, 31)), project, on=on)
    services.application_submit(by=cast["staff"], application=build, on=on)

    for other in (police, cast["secrecy"], cast["lead"]):
        with pytest.raises(PermissionDenied):
            services.noncompliance_resolve(by=other, finding=finding_, resolution="已整改", on=on)
    with pytest.raises(WorkflowError, match="复核意见"):
        services.noncompliance_resolve(by=cast["wxb"], finding=finding_, resolution=" ", on=on)
    with pytest.raises(WorkflowError):
        services.application_submit(by=cast["staff"], application=app, on=on)
    services.noncompliance_resolve(by=cast["wxb"], finding=finding_, resolution="复测通过", on=date(2025, 5, 20))
    app = services.application_submit(by=cast["staff"], application=app, on=date(2025, 5, 20))
    assert app.status == Application.Status.SUBMITTED
    assert not [x for x in app.findings if x["rule"] == "L25"]
    with pytest.raises(WorkflowError, match="已于"):
        services.noncompliance_resolve(by=cast["wxb"], finding=finding_, resolution="再次复核", on=date(2025, 5, 21))


def test_non_compliance_counts_for_the_days_it_was_unresolved(cast, in_service):
    """The rules are judged as of the business date: a finding lifted later still stood on an earlier day."""
    project = in_service()
    found = services.noncompliance_record(by=cast["wxb"], project=project, kind=NonCompliance.Kind.SECURITY,
                                          description="未通过等级保护测评", on=date(2025, 5, 6))
    services.noncompliance_resolve(by=cast["wxb"], finding=found, resolution="复测通过", on=date(2025, 5, 20))
    app = om_application(cast, project, date(2025, 5, 5))
    for day in (date(2025, 5, 6), date(2025, 5, 19)):
        with pytest.raises(WorkflowError) as info:
            services.application_submit(by=cast["staff"], application=app, on=day)
        finding(info.value, "om_non_compliant", "L25")
    assert services.application_submit(by=cast["staff"], application=app, on=date(2025, 5, 20)).status == \
        Application.Status.SUBMITTED
    early = om_application(cast, project, date(2025, 5, 5))
    assert services.application_submit(by=cast["staff"], application=early, on=date(2025, 5, 5)).status == \
        Application.Status.SUBMITTED  # before the finding


def test_under_the_2024_rules_dsj_may_find_a_system_non_compliant(cast, in_service):
    project = in_service()
    on = date(2025, 5, 6)
    services.noncompliance_record(by=cast["lead"], project=project, kind=NonCompliance.Kind.CRYPTO,
                                  description="未开展密码应用安全性评估", on=on)
    services.noncompliance_record(by=cast["secrecy"], project=project, kind=NonCompliance.Kind.HAZARD,
                                  description="存在重大安全隐患", on=on)
    app = om_application(cast, project, on)
    with pytest.raises(WorkflowError) as info:
        services.application_submit(by=cast["staff"], application=app, on=on)
    finding(info.value, "om_non_compliant", "L25")
    for nobody in (cast["kjj"], cast["finance"], cast["staff"], cast["ndrc"]):
        with pytest.raises(PermissionDenied):
            services.noncompliance_record(by=nobody, project=project, kind=NonCompliance.Kind.SECURITY,
                                          description="不符合要求", on=on)
    assert NonCompliance.objects.filter(project=project).count() == 2


def test_under_the_2023_rules_dsj_may_not_find_a_system_non_compliant(cast, declare, make_user):
    project = declare()
    police = make_user("gaj_security", Role.MEMBER_DEPT, "gaj")
    with pytest.raises(PermissionDenied):
        services.noncompliance_record(by=cast["lead"], project=project, kind=NonCompliance.Kind.CRYPTO,
                                      description="未开展密评", on=D23)
    assert not NonCompliance.objects.exists()
    made = services.noncompliance_record(by=police, project=project, kind=NonCompliance.Kind.SECURITY,
                                         description="存在高危漏洞", on=D23)
    assert made.department.code == "gaj"


def test_om_money_only_for_a_system_in_service(cast, funded):
    project, _allocation = funded
    call = open_call(cast, D24)
    with pytest.raises(WorkflowError, match="运维经费"):
        services.application_create(by=cast["staff"], call=call, project=project, kind="om", cost_basis=d("1"),
                                    requested=d("1"), planned_completion=date(2025, 12, 31), description="运维",
                                    on=D24)
    assert not Application.objects.filter(kind="om").exists()


# ---------------------------------------------------------------- F3 / F5 applications (Art. 18)

def special_2023(declare, cast):
    project = declare(kinds=(AttachmentKind.RESOURCE_CATALOG, AttachmentKind.CONSTRUCTION_PLAN),
                      declaration_type="special", plan_year=2024, on=D23)
    return project_services.submit(by=cast["staff"], project=project, on=D23)


def test_f5_refuses_an_unapproved_project_under_the_2023_rules_only(cast, declare):
    project = special_2023(declare, cast)
    assert project.state == State.SPECIAL_REVIEW
    app = application(cast, open_call(cast, D23), project, on=D23, materials=())
    with pytest.raises(WorkflowError) as info:
        services.application_submit(by=cast["staff"], application=app, on=D23)
    f = finding(info.value, "fund_plan_gate", "F5")
    assert f["citation"] == {"document": V2023, "article": "第十八条"}
    assert "未列入年度建设工作方案" in f["message"] and "未经市发展改革委审批" in f["message"]
    assert [x["key"] for x in info.value.findings] == ["fund_plan_gate"]  # F3 is not a 2023 rule
    assert Application.objects.get(pk=app.pk).status == Application.Status.DRAFT

    later = application(cast, open_call(cast, D24), project, on=D24)
    later = services.application_submit(by=cast["staff"], application=later, on=D24)
    assert later.status == Application.Status.SUBMITTED and later.rulebook == V2024
    assert not [x for x in later.findings if x["rule"] == "F5"]


def test_f5_lets_an_approved_special_project_through_under_the_2023_rules(cast, declare, money_path):
    project = walk(special_2023(declare, cast), cast, State.APPROVED, D23)
    allocation = money_path(project, on=D23)
    assert allocation.amount == d("1000000") and allocation.fund.year == 2024
    assert Application.objects.get(project=project).rulebook == V2023


def test_f3_refuses_an_application_without_its_construction_plan(cast, funded):
    project, _allocation = funded
    call = open_call(cast, D24)
    app = application(cast, call, project, on=D24, materials=("region_requirements", "contract"))
    with pytest.raises(WorkflowError) as info:
        services.application_submit(by=cast["staff"], application=app, on=D24)
    f = finding(info.value, "fund_materials", "F3")
    assert "项目建设方案" in f["message"] and "国家和自治区" not in f["message"]
    assert f["citation"] == {"document": V2024, "article": "第十八条"}
    services.application_upload(by=cast["staff"], application=app, kind="construction_plan", upload=pdf(), on=D24)
    assert services.application_submit(by=cast["staff"], application=app, on=D24).status == \
        Application.Status.SUBMITTED
    with pytest.raises(WorkflowError, match="不能再修改"):
        services.application_upload(by=cast["staff"], application=app, kind="other", upload=pdf(), on=D24)


def test_application_after_the_deadline_is_refused(cast, funded):
    project, _allocation = funded
    app = application(cast, open_call(cast, D24), project, on=D24)
    with pytest.raises(WorkflowError, match="截止日期"):
        services.application_submit(by=cast["staff"], application=app, on=date(2025, 3, 4))


# ---------------------------------------------------------------- F7 recovery (Art. 19)

def test_recovering_money_of_a_project_not_started_is_panhuo_under_2024(cast, declared, money_path):
    project = declared()
    allocation = money_path(project)
    contract(cast, allocation, fund_amount="600000")
    on = date(2025, 6, 30)
    for nobody in (cast["staff"], cast["lead"], cast["government"]):
        with pytest.raises(PermissionDenied):
            services.recover(by=nobody, allocation=allocation, reason="not_started", amount=d("1"), on=on)
    with pytest.raises(WorkflowError, match="尚未完工"):
        services.recover(by=cast["finance"], allocation=allocation, reason="surplus", amount=d("1"), on=on)
    with pytest.raises(WorkflowError, match="400,000.00"):
        services.recover(by=cast["finance"], allocation=allocation, reason="not_started", amount=d("400000.01"), on=on)
    assert not Recovery.objects.exists() and fund().recovered == 0

    rec = services.recover(by=cast["finance"], allocation=allocation, reason="not_started", amount=d("400000"),
                           ref="钦财预〔2025〕8号", on=on)
    assert (rec.method, rec.rulebook, rec.amount) == ("盘活", V2024, d("400000"))
    a = alloc_of(project)
    assert (a.amount, a.contracted, a.recovered) == (d("600000"), d("600000"), d("400000"))
    f = fund()
    assert (f.budget, f.allocated, f.recovered, f.available) == (d("5000000"), d("600000"), d("400000"),
                                                                 d("4000000"))
    with pytest.raises(WorkflowError):
        services.recover(by=cast["finance"], allocation=allocation, reason="not_started", amount=d("0.01"), on=on)


def test_recovering_money_of_a_project_not_started_is_hexiao_under_2023(cast, declare, money_path):
    project = walk(special_2023(declare, cast), cast, State.APPROVED, D23)
    allocation = money_path(project, on=D23)
    rec = services.recover(by=cast["finance"], allocation=allocation, reason="not_started", amount=d("250000"),
                           on=date(2024, 6, 3))
    assert (rec.method, rec.rulebook) == ("核销", V2023)
    f = fund(2024)
    assert (f.allocated, f.recovered) == (d("750000"), d("250000"))


def test_surplus_only_once_the_project_is_finished(cast, funded):
    project, allocation = funded
    contract(cast, allocation, fund_amount="900000")
    with pytest.raises(WorkflowError, match="已开工建设"):
        services.recover(by=cast["finance"], allocation=allocation, reason="not_started", amount=d("1"), on=D24)
    with pytest.raises(WorkflowError, match="尚未完工"):
        services.recover(by=cast["finance"], allocation=allocation, reason="surplus", amount=d("1"), on=D24)
    project_services.complete(by=cast["staff"], project=project, completed_on=date(2025, 6, 30), on=date(2025, 6, 30))
    rec = services.recover(by=cast["finance"], allocation=allocation, reason="surplus", amount=d("100000"),
                           on=date(2025, 7, 1))
    assert rec.method == "收回总预算"
    assert (fund().allocated, fund().recovered) == (d("900000"), d("100000"))
    assert alloc_of(project).uncontracted == 0


# ---------------------------------------------------------------- F10 fund reports (Art. 27)

def test_reports_are_scheduled_from_the_quarter_the_money_arrived(cast, funded, declared):
    project, _allocation = funded
    due = dict(FundReport.objects.filter(project=project, year=2025).values_list("period", "due_on"))
    assert due == {"Q1": date(2025, 4, 10), "Q2": date(2025, 7, 10), "Q3": date(2025, 10, 10),
                   "Q4": date(2026, 1, 10), "Y": date(2025, 12, 31)}
    recipients = dict(FundReport.objects.filter(project=project).values_list("period", "recipients"))
    assert recipients["Q1"] == "市大数据发展局、市财政局" and recipients["Y"] == "市财政局"

    other = declared()
    assert services.schedule_reports(other, 2025, date(2025, 5, 10)) == 4
    assert sorted(FundReport.objects.filter(project=other).values_list("period", flat=True)) == ["Q2", "Q3", "Q4", "Y"]
    assert services.schedule_reports(other, 2025, date(2025, 5, 10)) == 0
    assert services.schedule_reports(other, 2025, date(2025, 12, 1)) == 0  # nothing lost, nothing doubled
    assert services.schedule_reports(other, 2026, date(2025, 12, 1)) == 5  # next year's money: every quarter


def test_reminders_before_and_after_the_due_date_once_a_day(cast, funded):
    project, _allocation = funded

    def sent(prefix):
        return Notification.objects.filter(dedupe_key__startswith=prefix)

    assert services.report_reminders(date(2025, 4, 6)) == 0  # Q1 is due on 10 April: not yet
    assert services.report_reminders(date(2025, 4, 7)) == 2  # the unit's staff and head
    assert {n.recipient_id for n in sent("fr")} == {cast["staff"].pk, cast["head"].pk}
    assert all("即将到期" in n.title for n in sent("fr"))
    assert services.report_reminders(date(2025, 4, 7)) == 0
    assert not sent("esc:").exists()

    assert services.report_reminders(date(2025, 4, 11)) == 4  # overdue: escalated to the lead and finance
    assert {n.recipient_id for n in sent("esc:")} == {cast["lead"].pk, cast["finance"].pk}
    assert all(n.title.startswith("督办：") and "已逾期" in n.title for n in sent("esc:"))
    assert services.report_reminders(date(2025, 4, 11)) == 0
    assert services.report_reminders(date(2025, 4, 12)) == 4

    report = FundReport.objects.get(project=project, period="Q1")
    services.report_submit(by=cast["staff"], report=report, used_amount=d("0"), summary="尚未支付", on=date(2025, 4, 12))
    assert services.report_reminders(date(2025, 4, 13)) == 0
    assert Event.objects.get(project=project, step="funds:fund_report").data["late"] is True


def test_a_report_is_submitted_once_by_the_unit_in_its_period(cast, funded):
    project, _allocation = funded
    q1 = FundReport.objects.get(project=project, period="Q1")
    q2 = FundReport.objects.get(project=project, period="Q2")
    with pytest.raises(WorkflowError, match="尚未开始"):
        services.report_submit(by=cast["staff"], report=q2, used_amount=d("0"), summary="提前", on=date(2025, 5, 1))
    with pytest.raises(PermissionDenied):
        services.report_submit(by=cast["other_unit"], report=q1, used_amount=d("0"), summary="代报", on=date(2025, 4, 3))
    with pytest.raises(WorkflowError, match="资金使用情况"):
        services.report_submit(by=cast["staff"], report=q1, used_amount=d("0"), summary=" ", on=date(2025, 4, 3))
    q1 = services.report_submit(by=cast["staff"], report=q1, used_amount=d("1234.565"), summary="支付预付款",
                                on=date(2025, 4, 3))
    assert (q1.submitted_on, q1.used_amount, q1.submitted_by_id) == (date(2025, 4, 3), d("1234.57"), cast["staff"].pk)
    with pytest.raises(WorkflowError, match="已于 2025-04-03 报送"):
        services.report_submit(by=cast["staff"], report=q1, used_amount=d("9"), summary="再报", on=date(2025, 4, 4))
    q1.refresh_from_db()
    assert (q1.submitted_on, q1.used_amount, q1.summary) == (date(2025, 4, 3), d("1234.57"), "支付预付款")


# ---------------------------------------------------------------- F11 performance evaluation (Art. 24)

def grounds(evaluation):
    return {g["ground"] for g in evaluation.detected}


def test_evaluation_detects_an_overdue_report_and_an_unauthorised_change(cast, constructing, money_path):
    project = constructing()
    money_path(project, planned_completion=date(2026, 6, 30))
    progress(cast, project, 30, date(2025, 3, 5))
    services.content_change_found(by=cast["lead"], project=project, description="擅自增加模块", on=date(2025, 3, 20))
    with pytest.raises(PermissionDenied):
        services.evaluation_open(by=cast["lead"], project=project, year=2025, on=date(2025, 4, 15))
    ev = services.evaluation_open(by=cast["finance"], project=project, year=2025, on=date(2025, 4, 15))
    assert grounds(ev) == {"materials_missing", "unauthorised_change"}
    missing = next(g for g in ev.detected if g["ground"] == "materials_missing")
    assert "资金使用情况季度报告" in missing["message"] and "进度表" not in missing["message"]
    assert sorted(ev.confirmed) == ["materials_missing", "unauthorised_change"]
    with pytest.raises(WorkflowError, match="已启动"):
        services.evaluation_open(by=cast["finance"], project=project, year=2025, on=date(2025, 4, 16))

    with pytest.raises(WorkflowError, match="合理原因"):
        services.evaluation_conclude(by=cast["finance"], evaluation=ev, confirmed=["unauthorised_change"],
                                     conclusion="擅自变更建设内容", on=date(2025, 4, 20))
    with pytest.raises(PermissionDenied):
        services.evaluation_conclude(by=cast["lead"], evaluation=ev, confirmed=list(ev.confirmed),
                                     conclusion="不合格", on=date(2025, 4, 20))
    with pytest.raises(WorkflowError, match="未知"):
        services.evaluation_conclude(by=cast["finance"], evaluation=ev, confirmed=[*ev.confirmed, "late"],
                                     conclusion="不合格", on=date(2025, 4, 20))
    assert PerformanceEvaluation.objects.get(pk=ev.pk).status == PerformanceEvaluation.Status.OPEN
    ev = services.evaluation_conclude(by=cast["finance"], evaluation=ev, confirmed=["unauthorised_change"],
                                      dismissed_reason="一季度报告系平台故障未能报送，已线下报送", conclusion="擅自变更建设内容",
                                      on=date(2025, 4, 20))
    assert (ev.status, ev.result, ev.confirmed) == (PerformanceEvaluation.Status.CONCLUDED,
                                                    PerformanceEvaluation.Result.UNQUALIFIED, ["unauthorised_change"])
    with pytest.raises(WorkflowError):
        services.evaluation_conclude(by=cast["finance"], evaluation=ev, confirmed=[], dismissed_reason="改判",
                                     conclusion="合格", on=date(2025, 4, 21))


def test_evaluation_detects_a_project_not_completed_by_its_planned_date(cast, constructing, money_path):
    project = constructing()
    money_path(project, planned_completion=date(2025, 6, 30))
    progress(cast, project, 30, date(2025, 3, 5))
    q1 = FundReport.objects.get(project=project, period="Q1")
    services.report_submit(by=cast["staff"], report=q1, used_amount=d("0"), summary="尚未支付", on=date(2025, 4, 3))
    ev = services.evaluation_open(by=cast["finance"], project=project, year=2025, on=date(2025, 7, 5))
    assert grounds(ev) == {"not_completed"}
    assert "2025-06-30" in ev.detected[0]["message"] and "至今未完工" in ev.detected[0]["message"]
    ev = services.evaluation_conclude(by=cast["finance"], evaluation=ev, confirmed=[], dismissed_reason="因疫情停工，有合理原因",
                                      conclusion="合格", on=date(2025, 7, 10))
    assert ev.result == PerformanceEvaluation.Result.QUALIFIED


def test_evaluation_detects_two_failed_acceptances_in_a_row(cast, constructing, money_path):
    project = walk(constructing(), cast, State.COMPLETED, D24)
    money_path(project, planned_completion=date(2026, 6, 30))
    all_acceptance_materials(cast, project, D24)
    apply(project, cast, date(2025, 4, 1))
    accept(project, cast, False, date(2025, 4, 8))
    project_services.complete(by=cast["staff"], project=project, completed_on=date(2025, 5, 30), on=date(2025, 6, 2))
    apply(fresh(project), cast, date(2025, 6, 3))
    accept(project, cast, False, date(2025, 6, 10))
    ev = services.evaluation_open(by=cast["finance"], project=project, year=2025, on=date(2025, 6, 20))
    assert "failed_acceptance_twice" in grounds(ev)
    failed = next(g for g in ev.detected if g["ground"] == "failed_acceptance_twice")
    assert "连续 2 次" in failed["message"] and failed["citation"] == {"document": V2024, "article": "第二十四条"}


def test_evaluation_after_one_failed_acceptance_does_not_find_two(cast, constructing, money_path):
    project = walk(constructing(), cast, State.COMPLETED, D24)
    money_path(project, planned_completion=date(2026, 6, 30))
    all_acceptance_materials(cast, project, D24)
    apply(project, cast, date(2025, 4, 1))
    accept(project, cast, False, date(2025, 4, 8))
    ev = services.evaluation_open(by=cast["finance"], project=project, year=2025, on=date(2025, 4, 9))
    assert "failed_acceptance_twice" not in grounds(ev)


def test_evaluation_with_nothing_found_is_qualified(cast, constructing, money_path):
    project = constructing()
    allocation = money_path(project, planned_completion=date(2026, 6, 30))
    c = contract(cast, allocation, fund_amount="600000", advance="30")
    spend(cast, allocation, MARCH, "500000")
    pay(cast, c, "180000", on=date(2025, 3, 5))
    progress(cast, project, 30, date(2025, 3, 5))
    ev = services.evaluation_open(by=cast["finance"], project=project, year=2025, on=date(2025, 3, 31))
    assert ev.detected == [] and ev.confirmed == [] and ev.execution_rate == d("18.00")
    ev = services.evaluation_conclude(by=cast["finance"], evaluation=ev, confirmed=[], conclusion="按计划推进",
                                      on=date(2025, 3, 31))
    assert ev.result == PerformanceEvaluation.Result.QUALIFIED


def test_evaluation_only_of_funded_projects(cast, declared):
    with pytest.raises(WorkflowError, match="未使用专项资金"):
        services.evaluation_open(by=cast["finance"], project=declared(), year=2025, on=date(2025, 12, 31))
    assert not PerformanceEvaluation.objects.exists()


# ---------------------------------------------------------------- who acts

def test_another_units_staff_cannot_touch_the_projects_money(cast, funded):
    project, allocation = funded
    outsider = cast["other_unit"]
    call = open_call(cast, D24)
    with pytest.raises(PermissionDenied):
        services.application_create(by=outsider, call=call, project=project, kind="construction", cost_basis=d("1"),
                                    requested=d("1"), planned_completion=date(2025, 12, 31), description="代报",
                                    on=D24)
    app = application(cast, call, project, on=D24)
    for act in (lambda: services.application_upload(by=outsider, application=app, kind="other", upload=pdf(), on=D24),
                lambda: services.application_submit(by=outsider, application=app, on=D24),
                lambda: services.application_withdraw(by=outsider, application=app)):
        with pytest.raises(PermissionDenied):
            act()
    assert Application.objects.get(pk=app.pk).status == Application.Status.DRAFT

    with pytest.raises(PermissionDenied):
        services.contract_register(by=outsider, allocation=allocation, number="HT-X", title="代签", supplier="某公司",
                                   amount=d("1"), fund_amount=None, signed_on=D24, on=D24)
    with pytest.raises(PermissionDenied):
        services.spending_plan_set(by=outsider, allocation=allocation, month=MARCH, amount=d("1"), on=D24)
    c = contract(cast, allocation, fund_amount="600000", advance="30")
    spend(cast, allocation, MARCH, "600000")
    for nobody in (outsider, cast["finance"], cast["lead"]):
        with pytest.raises(PermissionDenied):
            pay(cast, c, "1", by=nobody)
    own = pay(cast, c, "1000", voucher="PZ-OWN")
    with pytest.raises(PermissionDenied):  # repeating the unit's voucher does not get the outsider its payment
        pay(cast, c, "1000", voucher="PZ-OWN", by=outsider)
    own.delete()
    Contract.objects.filter(pk=c.pk).update(paid=0)
    Allocation.objects.filter(pk=allocation.pk).update(paid=0)
    with pytest.raises(PermissionDenied):
        services.content_change_request(by=outsider, project=project, description="代改", new_total=d("1"),
                                        adjusted_amount=d("1"), goals_unchanged=True, reason="1", on=D24)
    assert not Payment.objects.exists() and Contract.objects.count() == 1
    a = alloc_of(project)
    assert (a.contracted, a.paid) == (d("600000"), 0)


def test_verification_only_by_the_lead_or_finance_of_the_version_in_force(cast, funded, declare):
    project, _allocation = funded
    call = open_call(cast, D24)
    apps = []
    for _ in range(2):
        app = application(cast, call, project, on=D24, amount="400000")
        apps.append(services.application_submit(by=cast["staff"], application=app, on=D24))
    for nobody in (cast["ndrc"], cast["wxb"], cast["secrecy"], cast["government"], cast["staff"]):
        with pytest.raises(PermissionDenied):
            services.application_verify(by=nobody, application=apps[0], verified_amount=d("400000"), on=D24)
    assert Application.objects.get(pk=apps[0].pk).status == Application.Status.SUBMITTED
    with pytest.raises(WorkflowError, match="核减理由"):
        services.application_verify(by=cast["lead"], application=apps[0], verified_amount=d("300000"), on=D24)
    with pytest.raises(WorkflowError, match="不能超过申请金额"):
        services.application_verify(by=cast["lead"], application=apps[0], verified_amount=d("400000.01"), on=D24)
    first = services.application_verify(by=cast["lead"], application=apps[0], verified_amount=d("300000"),
                                        note="过紧日子，压减非急需模块", on=D24)
    second = services.application_verify(by=cast["finance"], application=apps[1], verified_amount=d("400000"), on=D24)
    assert (first.status, first.verified_amount, first.verified_by_id) == (Application.Status.VERIFIED, d("300000"),
                                                                         cast["lead"].pk)
    assert (second.verified_amount, second.verified_by_id) == (d("400000"), cast["finance"].pk)

    old = walk(special_2023(declare, cast), cast, State.APPROVED, D23)
    old_app = application(cast, open_call(cast, D23), old, on=D23, materials=())
    services.application_submit(by=cast["staff"], application=old_app, on=D23)
    with pytest.raises(PermissionDenied):  # 大数据发展局 did not lead under the 2023 rules
        services.application_verify(by=cast["lead"], application=old_app, verified_amount=d("1000000"), on=D23)
    assert services.application_verify(by=cast["ndrc"], application=old_app, verified_amount=d("1000000"),
                                       on=D23).status == Application.Status.VERIFIED


def test_verification_within_the_calls_support_ratio(cast, funded):
    project, _allocation = funded
    call = open_call(cast, D24, construction_ratio=d("60"))
    app = application(cast, call, project, on=D24, amount="1000000")
    services.application_submit(by=cast["staff"], application=app, on=D24)
    assert Application.objects.get(pk=app.pk).verification_cap == d("600000")
    with pytest.raises(WorkflowError, match="支持比例"):
        services.application_verify(by=cast["lead"], application=app, verified_amount=d("600000.01"), note="按比例",
                                    on=D24)
    assert services.application_verify(by=cast["lead"], application=app, verified_amount=d("600000"), note="按比例",
                                       on=D24).verified_amount == d("600000")


def test_pool_and_calls_by_their_departments(cast, orgs):
    with pytest.raises(PermissionDenied):
        services.pool_add(by=cast["lead"], year=2025, unit=orgs["jyj"], kind="construction", amount=d("1"), on=D24)
    with pytest.raises(WorkflowError, match="大于 0"):
        services.pool_add(by=cast["finance"], year=2025, unit=orgs["jyj"], kind="construction", amount=d("0.004"),
                          on=D24)
    services.pool_add(by=cast["finance"], year=2025, unit=orgs["jyj"], kind="construction", amount=d("100.005"), on=D24)
    services.pool_add(by=cast["finance"], year=2025, unit=orgs["gaj"], kind="equipment", amount=d("200"), on=D24)
    assert fund().budget == d("300.01") == fund().pool_lines.aggregate(t=Sum("amount"))["t"]
    for nobody in (cast["finance"], cast["ndrc"]):
        with pytest.raises(PermissionDenied):
            services.call_create(by=nobody, year=2025, title="通知", directions="方向", stage_plan="安排",
                                 deadline=D24, on=D24)
    with pytest.raises(WorkflowError, match="截止日期"):
        services.call_create(by=cast["lead"], year=2025, title="通知", directions="方向", stage_plan="安排",
                             deadline=date(2025, 3, 2), on=D24)
    call = services.call_create(by=cast["ndrc"], year=2024, title="通知", directions="方向", stage_plan="安排",
                                deadline=D23, on=D23)
    assert call.issuer.code == "fgw"
