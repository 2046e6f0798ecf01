"""The fund ledger's path: real projects moved through the lifecycle services, then calls, applications and
allocations made by real people. Fixtures registered by ``govproj/conftest.py``; helpers for the tests of funds
and of the apps above it."""

from datetime import date
from decimal import Decimal

import pytest

from govproj.funds import services
from govproj.projects.states import State
from govproj.testing.projects import D24, accept, all_acceptance_materials, apply, fresh, lead_user, unit_user, walk
from govproj.testing.projects import pdf as project_pdf


def pdf(name="材料.pdf"):
    return project_pdf(name, body=b"%PDF-1.4 fund document")


@pytest.fixture
def constructing(cast, declare):
    """A centrally funded 2024-rules project of the education bureau, approved and under construction."""

    def make(on=D24, **fields):
        return walk(declare(centrally_funded=True, on=on, **fields), cast, State.CONSTRUCTING, on)

    return make


@pytest.fixture
def money_path(cast, orgs):
    """Pool → call → application → verification → plan → approval → allocation for one project, on ``on``."""

    def run(project, *, amount=Decimal("1000000.00"), kind="construction", on=D24, pool=Decimal("5000000.00"),
            planned_completion=None):
        year = on.year
        services.pool_add(by=cast["finance"], year=year, unit=orgs["jyj"], kind=kind, amount=pool, on=on)
        lead = cast["lead"] if on >= date(2024, 12, 6) else cast["ndrc"]
        call = services.call_create(by=lead, year=year, title=f"{year}年数字钦州建设经费申报通知",
                                    directions="政务服务一体化", stage_plan="上半年完成核定", deadline=on, on=on)
        services.call_issue(by=lead, call=call, on=on)
        staff = cast["dsj_staff"] if project.unit.code == "dsj" else cast["staff"]
        app = services.application_create(by=staff, call=call, project=project, kind=kind, cost_basis=amount,
                                          requested=amount,
                                          planned_completion=planned_completion or date(year, 12, 31),
                                          description="建设资金", on=on)
        for k in ("region_requirements", "construction_plan", "contract"):
            services.application_upload(by=staff, application=app, kind=k, upload=pdf(f"{k}.pdf"), on=on)
        services.application_submit(by=staff, application=app, on=on)
        app = services.application_verify(by=lead, application=app, verified_amount=amount, on=on)
        plan = services.plan_create(by=lead, year=year, on=on)
        services.plan_add_line(by=lead, plan=plan, application=app, on=on)
        services.plan_submit(by=lead, plan=plan, on=on)
        services.plan_decide(by=cast["government"], plan=plan, approve=True, decision_ref="钦政阅〔2025〕1号", on=on)
        [allocation] = services.allocate(by=cast["finance"], plan=plan, allocation_ref="钦财建〔2025〕1号", on=on)
        return allocation

    return run


@pytest.fixture
def in_service(cast, constructing):
    """A 2024-rules project that passed its acceptance (8 April 2025): O&M money may be applied for."""

    def make(**fields):
        project = walk(constructing(**fields), cast, State.COMPLETED, D24)
        all_acceptance_materials(cast, project, D24)
        apply(project, cast, date(2025, 4, 1))
        accept(project, cast, True, date(2025, 4, 8))
        project = fresh(project)
        assert project.state == State.ACCEPTED
        return project

    return make


ALL_MATERIALS = ("region_requirements", "construction_plan", "contract")


def d(value) -> Decimal:
    return Decimal(str(value))


def open_call(cast, on, *, year=None, deadline=None, **ratios):
    lead = lead_user(cast, on)
    call = services.call_create(by=lead, year=year or on.year, title="数字钦州建设经费申报通知", directions="政务服务一体化",
                                stage_plan="上半年完成核定", deadline=deadline or on, on=on, **ratios)
    return services.call_issue(by=lead, call=call, on=on)


def application(cast, call, project, *, on, kind="construction", amount="1000000", materials=ALL_MATERIALS,
                planned_completion=date(2025, 12, 31)):
    staff = unit_user(cast, project)
    app = services.application_create(by=staff, call=call, project=project, kind=kind, cost_basis=d(amount),
                                      requested=d(amount), planned_completion=planned_completion,
                                      description="平台建设", on=on)
    for k in materials:
        services.application_upload(by=staff, application=app, kind=k, upload=pdf(f"{k}.pdf"), on=on)
    return app


def om_application(cast, project, on):
    call = open_call(cast, on, deadline=date(on.year, 12, 31))
    return application(cast, call, project, on=on, kind="om", amount="200000", materials=("construction_plan",
                                                                                          "contract"))
