"""Every list endpoint of the REST API runs as many queries with 30 rows as with one (house rule: no N+1, ≥ 30
rows). The first rows come from the services; the rest are copies, inserted at once."""

from decimal import Decimal

import pytest

from govproj.audit import services as audit
from govproj.common.roles import Role
from govproj.funds import services as funds
from govproj.funds.models import Payment
from govproj.orgs.models import Organisation
from govproj.rulebook.versions import version_on
from govproj.testing.projects import D24
from govproj.testing.queries import ROWS, clones, flat

pytestmark = pytest.mark.django_db


def count(response) -> int:
    return response.json()["count"]


def test_organisations_stay_flat(client, make_user):
    client.force_login(make_user("jyj_staff", Role.UNIT_STAFF, "jyj"))
    child = Organisation.objects.filter(parent__isnull=False).first()
    before = Organisation.objects.count()
    response = flat(client, "/api/organisations/", lambda: clones(
        child, ROWS, code=lambda i: f"{child.code}-{i:02d}", name=lambda i: f"{child.name}（{i:02d}）"))
    assert count(response) == before + ROWS


def test_people_and_audit_records_stay_flat(client, make_user):
    oversight = make_user("sjj_oversight", Role.OVERSIGHT, "sjj")
    client.force_login(oversight)

    def people():
        for i in range(ROWS):
            make_user(f"p{i:02d}", Role.UNIT_STAFF if i % 2 else Role.UNIT_HEAD, "jyj" if i % 2 else "gaj")

    assert count(flat(client, "/api/people/", people)) == 1 + ROWS

    def records():
        for i in range(ROWS):
            audit.record(actor=oversight, action=audit.Action.UPDATE, obj=oversight.organisation, after={"n": i})

    assert count(flat(client, "/api/audit/", records, {"action": audit.Action.UPDATE})) >= ROWS


def test_projects_stay_flat(client, cast, draft):
    first = draft()
    client.force_login(cast["head"])
    response = flat(client, "/api/projects/", lambda: clones(
        first, ROWS - 1, name=lambda i: f"{first.name}（{i:02d}）", code=lambda i: None))
    assert count(response) == ROWS


def test_allocations_and_payments_stay_flat(client, cast, constructing, money_path):
    project = constructing()
    allocation = money_path(project)
    contract = funds.contract_register(by=cast["staff"], allocation=allocation, number="HT-1", title="平台开发",
                                       supplier="广西某科技公司", amount=Decimal("800000"), fund_amount=None,
                                       signed_on=D24, on=D24)
    client.force_login(cast["finance"])

    def allocations():
        projects = clones(project, ROWS - 1, name=lambda i: f"{project.name}（{i:02d}）", code=lambda i: None)
        clones(allocation, ROWS - 1, project_id=lambda i: projects[i].pk)

    assert count(flat(client, "/api/allocations/", allocations)) == ROWS
    payment = Payment.objects.create(contract=contract, amount=Decimal("1000"), paid_on=D24, voucher="PZ-API",
                                     purpose="进度款", progress_percent=50, rulebook=version_on(D24).document,
                                     recorded_by=cast["finance"])
    assert count(flat(client, "/api/payments/", lambda: clones(
        payment, ROWS - 1, voucher=lambda i: f"PZ-API-{i:02d}"))) == ROWS
