"""Every fund list and export runs as many queries with 30 rows as with one (house rule: no N+1, ≥ 30 rows).

One project walks the real money path; the other 29 rows of each list are copies of its rows, inserted at once."""

from decimal import Decimal

import pytest
from django.urls import reverse

from govproj.funds import services
from govproj.funds.models import Adjustment, Application, Call, FundReport
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
