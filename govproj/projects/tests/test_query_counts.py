"""The project list and its export, the annual plans and a plan's entries (page and .docx), and one's messages run
as many queries with 30 rows as with one (house rule: no N+1, ≥ 30 rows).

The first project is declared through the services (``draft``); the other rows are copies, inserted at once."""

import io

import pytest
from django.urls import reverse
from docx import Document

from govproj.common.models import Notification
from govproj.projects.models import AnnualPlan, PlanEntry
from govproj.testing.queries import ROWS, clones, exported, flat, listed


@pytest.fixture
def projects(draft):
    """One declared project; ``grow()`` adds ``ROWS - 1`` copies of it and returns them."""
    first = draft()

    def grow():
        return clones(first, ROWS - 1, name=lambda i: f"{first.name}（{i:02d}）", code=lambda i: None)

    return first, grow


@pytest.mark.parametrize("params", [{}, {"_export": "xlsx"}])
def test_project_list_and_export_stay_flat(cast, login, projects, params):
    _first, grow = projects
    response = flat(login(cast["head"]), reverse("projects:list"), grow, params)
    assert (exported(response) if params else listed(response)) == ROWS


@pytest.fixture
def plan(projects):
    """The first project's annual plan, with it as the only entry; ``grow()`` adds ``ROWS - 1`` more entries."""
    first, more_projects = projects
    plan = AnnualPlan.objects.create(year=first.plan_year)
    PlanEntry.objects.create(plan=plan, project=first, rank=1)

    def grow():
        copies = more_projects()
        clones(PlanEntry(plan=plan, rank=0), ROWS - 1, project_id=lambda i: copies[i].pk, rank=lambda i: i + 2)

    return plan, grow


def test_plan_list_stays_flat(cast, login, plan):
    plan, _grow = plan
    response = flat(login(cast["lead"]), reverse("projects:plans"),
                    lambda: clones(plan, ROWS - 1, year=lambda i: plan.year - 1 - i))
    assert len(response.context["plans"]) == ROWS


def test_plan_entries_stay_flat(cast, login, plan):
    plan, grow = plan
    response = flat(login(cast["lead"]), reverse("projects:plan", args=[plan.year]), grow)
    assert len(response.context["entries"]) == ROWS


def test_plan_docx_stays_flat(cast, login, plan):
    plan, grow = plan
    response = flat(login(cast["lead"]), reverse("projects:plan_docx", args=[plan.year]), grow)
    cells = [c.text for t in Document(io.BytesIO(response.content)).tables for row in t.rows for c in row.cells]
    assert all(any(f"（{i:02d}）" in c for c in cells) for i in range(ROWS - 1))


def test_notifications_stay_flat(cast, login):
    staff = cast["staff"]
    note = Notification.objects.create(recipient=staff, title="请补正申报材料", url="/projects/")
    response = flat(login(staff), reverse("projects:notifications"),
                    lambda: clones(note, ROWS - 1, title=lambda i: f"{note.title}{i:02d}"))
    assert listed(response) >= ROWS
