"""Every sharing list and export runs as many queries with 30 rows as with one (house rule: no N+1, ≥ 30 rows).

The first row of each list comes from the services (``world``); the rest are copies of it, inserted at once."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from govproj.sharing.models import AccessRequest, Assessment, AssessmentRow, CityCatalogue, Item, Resource
from govproj.testing.queries import ROWS, clones, exported, flat, listed
from govproj.testing.sharing import grant


def more_resources(world, n=ROWS - 1, suffix=""):
    """``n`` more resources in the project's catalogue, each with the register's items."""
    register = world["register"]
    copies = clones(register, n, name=lambda i: f"{register.name}{suffix}{i:02d}")
    items = list(register.items.all())
    Item.objects.bulk_create(Item(**{**{f.attname: getattr(item, f.attname) for f in Item._meta.concrete_fields
                                        if not f.primary_key}, "resource_id": copy.pk})
                             for copy in copies for item in items)
    return copies


@pytest.mark.parametrize("params", [{}, {"_export": "xlsx"}])
def test_resource_list_and_export_stay_flat(login, people, world, params):
    response = flat(login(people["lead"]), reverse("sharing:resources"), lambda: more_resources(world), params)
    listed_before = 2  # the register and the archive
    assert (exported(response) if params else listed(response)) == listed_before + ROWS - 1


@pytest.mark.parametrize("name", ["sharing:project", "sharing:project_export"])
def test_project_catalogue_page_and_its_export_stay_flat(login, people, world, name):
    """The unit's own catalogue, page and editing file, with every resource's items."""
    flat(login(people["staff"]), reverse(name, args=[world["project"].pk]), lambda: more_resources(world))
    assert Resource.objects.filter(catalogue__project=world["project"]).count() > ROWS


@pytest.mark.parametrize("params", [{}, {"_export": "xlsx"}])
def test_request_list_and_export_stay_flat(login, people, world, params):
    request = world["request"]

    def grow():
        copies = more_resources(world)
        clones(request, ROWS - 1, resource_id=lambda i: copies[i].pk)  # one pending request per resource and unit

    response = flat(login(people["lead"]), reverse("sharing:requests"), grow, params)
    assert (exported(response) if params else listed(response)) == ROWS


@pytest.mark.parametrize(("who", "params"), [("gaj_officer", {}), ("lead", {"_export": "xlsx"})])
def test_grant_register_and_export_stay_flat(login, people, world, who, params):
    """The grantee reads the register (items shown by its clearance); the lead exports it."""
    granted = grant(people, world["request"], world["register"].items.all())
    items = list(granted.granted_items.all())

    def grow():
        copies = clones(granted, ROWS - 1, granted_scope=lambda i: f"户政窗口核验{i:02d}")
        AccessRequest.granted_items.through.objects.bulk_create(
            AccessRequest.granted_items.through(accessrequest_id=copy.pk, item_id=item.pk)
            for copy in copies for item in items)

    response = flat(login(people[who]), reverse("sharing:grants"), grow, params)
    assert (exported(response) if params else listed(response)) == ROWS


@pytest.mark.parametrize("params", [{}, {"_export": "xlsx"}])
def test_system_register_and_export_stay_flat(login, people, world, params):
    system = world["system"]
    response = flat(login(people["lead"]), reverse("sharing:systems"),
                    lambda: clones(system, ROWS - 1, name=lambda i: f"{system.name}{i:02d}"), params)
    assert (exported(response) if params else listed(response)) == ROWS


def test_catalogue_list_stays_flat(login, people, world):
    draft = world["draft"]
    response = flat(login(people["lead"]), reverse("sharing:catalogues"),
                    lambda: clones(draft, ROWS - 1, year=lambda i: draft.year - 1 - i))
    assert listed(response) == ROWS


def test_catalogue_entries_and_both_exports_stay_flat(login, people, world):
    catalogue = CityCatalogue.objects.get(pk=world["draft"].pk)
    entry = catalogue.entries.first()
    client = login(people["lead"])

    def grow():
        clones(entry, ROWS, code=lambda i: f"{entry.code}-{len(grown)}-{i:02d}")
        grown.append(ROWS)

    grown = []
    for url in (reverse("sharing:catalogue", args=[catalogue.pk]),
                reverse("sharing:catalogue_export", args=[catalogue.pk, "xlsx"]),
                reverse("sharing:catalogue_export", args=[catalogue.pk, "json"])):
        response = flat(client, url, grow)
        assert catalogue.entries.count() > len(grown) * ROWS
        if url.endswith("xlsx"):
            assert exported(response) == catalogue.entries.count()


@pytest.mark.parametrize("name", ["sharing:assessment", "sharing:circulation"])
def test_assessment_rows_and_circulation_stay_flat(login, people, orgs, name):
    """One row per provider: 30 units assessed, the page and the Word circulation read them at once."""
    assessment = Assessment.objects.create(year=2025, min_shareable_ratio=Decimal("0.60"), response_days=10,
                                           assessed_on=date(2025, 12, 10), assessed_by=people["lead"])
    units = sorted(orgs.values(), key=lambda o: o.code)[:ROWS]
    row = AssessmentRow.objects.create(assessment=assessment, organisation=units[0], resources=3, shareable=1,
                                       requests=2, granted=1, refused=0, pending_overdue=1, needs_improvement=True,
                                       remarks="可共享资源占比偏低")
    client = login(people["lead"])
    flat(client, reverse(name, args=[assessment.pk]),
         lambda: clones(row, ROWS - 1, organisation_id=lambda i: units[i + 1].pk))
    assert assessment.rows.count() == ROWS
