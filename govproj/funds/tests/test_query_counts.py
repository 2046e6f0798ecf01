"""Every fund list and export runs as many queries with 30 rows as with one (house rule: no N+1, ≥ 30 rows).

One project walks the real money path; the other 29 rows of each list are copies of its rows, inserted at once."""

from decimal import Decimal

import pytest
from django.urls import reverse

from govproj.funds import services
from govproj.funds.models import Adjustment, Application, Call, FundReport, Payment
from govproj.rulebook.versions import version_on
from govproj.testing.projects import D24
from govproj.testing.queries import ROWS, clones, exported, flat, listed


@pytest.fixture
def ledger(cast, constructing, money_path):
    """One funded project with its allocation; ``grow()`` funds ``ROWS - 1`` more projects the same way."""
    project = constructing()
    allocation = money_path(project)
    more = []

    def grow():
        more.extend(clones(project, ROWS - 1, name=lambda i: f"{project.name}（{i:02d}）", code=lambda i: None))
        clones(allocation, ROWS - 1, project_id=lambda i: more[i].pk)

    return {"project": project, "allocation": allocation, "more": more, "grow": grow}


@pytest.mark.parametrize("params", [{}, {"_export": "xlsx"}])
def test_year_projects_list_and_export_stay_flat(client, cast, ledger, params):
    client.force_login(cast["finance"])
    response = flat(client, reverse("funds:year_projects", args=[2025]), ledger["grow"], params)
    assert (exported(response) if params else listed(response)) == ROWS


@pytest.mark.parametrize("params", [{}, {"_export": "xlsx"}])
def test_report_list_and_export_stay_flat(client, cast, ledger, params):
    report = FundReport.objects.filter(project=ledger["project"]).first()
    before = FundReport.objects.count()

    def grow():
        ledger["grow"]()
        clones(report, ROWS - 1, project_id=lambda i: ledger["more"][i].pk)

    client.force_login(cast["finance"])
    response = flat(client, reverse("funds:reports"), grow, params)
    assert (exported(response) if params else listed(response)) == before + ROWS - 1 >= ROWS


def test_call_list_and_a_calls_applications_stay_flat(client, cast, ledger):
    call = Call.objects.get()
    application = Application.objects.get(call=call)
    client.force_login(cast["lead"])
    calls = flat(client, reverse("funds:calls"), lambda: clones(call, ROWS - 1, title=lambda i: f"{call.title}{i}"))
    assert listed(calls) == ROWS

    def grow():
        ledger["grow"]()
        clones(application, ROWS - 1, project_id=lambda i: ledger["more"][i].pk)

    assert listed(flat(client, reverse("funds:call", args=[call.pk]), grow)) == ROWS


def test_adjustment_evaluation_and_finding_lists_stay_flat(client, cast, ledger):
    project, allocation = ledger["project"], ledger["allocation"]
    adjustment = Adjustment.objects.create(fund=allocation.fund, change="transfer", project=project,
                                           kind=allocation.kind, source=allocation, amount=Decimal("1000"),
                                           reason="调剂", requested_on=D24, requested_by=cast["lead"])
    evaluation = services.evaluation_open(by=cast["finance"], project=project, year=2025, on=D24)
    finding = services.noncompliance_record(by=cast["wxb"], project=project, kind="security",
                                            description="未开展等级保护测评", on=D24)
    ledger["grow"]()
    client.force_login(cast["finance"])
    for name, row, varying in (
        ("funds:adjustments", adjustment, {"reason": lambda i: f"调剂{i}"}),
        ("funds:evaluations", evaluation, {"project_id": lambda i: ledger["more"][i].pk}),
        ("funds:security", finding, {"project_id": lambda i: ledger["more"][i].pk}),
    ):
        response = flat(client, reverse(name), lambda row=row, varying=varying: clones(row, ROWS - 1, **varying))
        assert listed(response) == ROWS, name


@pytest.mark.parametrize("name", ["funds:plan", "funds:plan_docx"])
def test_arrangement_plan_page_and_docx_stay_flat(client, cast, ledger, name):
    application = Application.objects.get(project=ledger["project"])
    line = application.plan_line

    def grow():
        ledger["grow"]()
        apps = clones(application, ROWS - 1, project_id=lambda i: ledger["more"][i].pk)
        clones(line, ROWS - 1, application_id=lambda i: apps[i].pk)

    client.force_login(cast["lead"])
    response = flat(client, reverse(name, args=[line.plan_id]), grow)
    assert name.endswith("docx") or len(response.context["lines"]) == ROWS


def test_project_ledger_stays_flat_with_30_contracts_and_payments(client, cast, ledger):
    allocation = ledger["allocation"]
    contract = services.contract_register(by=cast["staff"], allocation=allocation, number="HT-1", title="平台开发",
                                          supplier="广西某科技公司", amount=Decimal("1000"), fund_amount=None,
                                          signed_on=D24, on=D24)
    payment = Payment.objects.create(contract=contract, amount=Decimal("10"), paid_on=D24, voucher="PZ-1",
                                     purpose="进度款", progress_percent=50, rulebook=version_on(D24).document,
                                     recorded_by=cast["finance"])

    def grow():
        contracts = clones(contract, ROWS - 1, number=lambda i: f"HT-{i + 2}")
        clones(payment, ROWS - 1, contract_id=lambda i: contracts[i].pk, voucher=lambda i: f"PZ-{i + 2}")

    client.force_login(cast["finance"])
    page = flat(client, reverse("funds:project", args=[ledger["project"].pk]), grow).content.decode()
    assert all(f" PZ-{i} " in page for i in range(1, ROWS + 1))


@pytest.mark.parametrize("params", [{}, {"_export": "xlsx"}])
def test_year_ledger_by_unit_and_its_export_stay_flat(client, cast, orgs, ledger, params):
    """The year's ledger has a row per unit: 30 units funded, no query per unit."""
    project, allocation = ledger["project"], ledger["allocation"]
    units = [o for code, o in sorted(orgs.items()) if o.pk != project.unit_id][:ROWS - 1]

    def grow():
        projects = clones(project, ROWS - 1, name=lambda i: f"{project.name}（{i:02d}）", code=lambda i: None,
                          unit_id=lambda i: units[i].pk)
        clones(allocation, ROWS - 1, project_id=lambda i: projects[i].pk)

    client.force_login(cast["finance"])
    response = flat(client, reverse("funds:year", args=[2025]), grow, params)
    assert (exported(response) if params else len(response.context["units"])) == ROWS
