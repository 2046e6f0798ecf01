"""Operations bound to some states (``states.OPERATIONS``): the service refuses where the page does not offer.

Each operation is tried, by the one who takes it, from every state outside its declared sources and must be
refused without a trace; the page asks the same ``workflow.can``. The states come from the articles of
钦政办规〔2024〕1号: an inspection from the start of construction through operation (Art. 35), a 信创
exception only in the approval stage (Art. 11). Projects are parked in a state directly to test the check.
"""

from datetime import date

import pytest
from django.urls import reverse

from govproj.common import workflow
from govproj.common.errors import WorkflowError
from govproj.projects import services
from govproj.projects.models import AttachmentKind, Event, Inspection, Project
from govproj.projects.states import OPERATIONS, State
from govproj.testing.projects import pdf, upload

ON = date(2025, 9, 1)


def park(project, state):
    Project.objects.filter(pk=project.pk).update(state=state)
    project.refresh_from_db()
    return project


def _rectify(project, cast):
    inspection = Inspection.objects.create(project=project, inspected_on=ON, inspector=cast["lead"], findings="进度滞后")
    return services.inspection_rectify(by=cast["staff"], inspection=inspection, rectification="已整改", on=ON)


OPERATION_CALLS = {
    "upload": lambda p, c: services.attachment_upload(by=c["staff"], project=p, kind=AttachmentKind.OTHER,
                                                      upload=pdf(), on=ON),
    "infrastructure_exception": lambda p, c: services.record_infrastructure_exception(by=c["lead"], project=p,
                                                                                      reason="经市政府同意", on=ON),
    "xinchuang_request": lambda p, c: services.request_xinchuang_exception(by=c["staff"], project=p, on=ON),
    "progress": lambda p, c: services.progress_report(by=c["staff"], project=p, period="2025-09", percent=50,
                                                      summary="过半", on=ON),
    "inspection": lambda p, c: services.inspection_record(by=c["lead"], project=p, findings="进度滞后", on=ON),
    "rectify": _rectify,
    "crypto": lambda p, c: services.crypto_evaluation_record(by=c["staff"], project=p, due_on=date(2025, 12, 31),
                                                             on=ON),
    "postpone_request": lambda p, c: services.postponement_request(by=c["staff"], project=p, until=date(2026, 6, 30),
                                                                   reason="设备到货延迟", on=ON),
}


def test_every_declared_operation_has_a_service_call_here():
    assert set(OPERATION_CALLS) == set(OPERATIONS)


def test_every_operation_refused_from_every_state_outside_its_sources(cast, draft):
    project = draft(new_infrastructure=["machine_room"])
    events = Event.objects.filter(project=project).count()
    accepted = []
    for name, spec in OPERATIONS.items():
        for state in set(State) - spec.sources:
            park(project, state)
            assert not workflow.can(cast["lead"], project, name) and not workflow.can(cast["staff"], project, name)
            try:
                OPERATION_CALLS[name](project, cast)
            except WorkflowError:
                continue
            accepted.append((name, state))
    assert accepted == []
    assert Event.objects.filter(project=project).count() == events
    assert not Inspection.objects.filter(rectified_on__isnull=False).exists()


def actions_for(client, project) -> str:
    return client.get(reverse("projects:detail", args=[project.pk])).content.decode()


@pytest.mark.parametrize("state", [State.DRAFT, State.APPROVED, State.REVIEWED, State.TERMINATED])
def test_no_inspection_before_construction_neither_on_the_page_nor_in_the_service(cast, login, draft, state):
    project = park(draft(), state)
    assert "登记现场检查" not in actions_for(login(cast["lead"]), project)
    with pytest.raises(WorkflowError) as refused:
        services.inspection_record(by=cast["lead"], project=project, findings="进度滞后", on=ON)
    assert "不能登记现场检查" in str(refused.value)
    assert not Inspection.objects.exists()


@pytest.mark.parametrize("state", [State.CONSTRUCTING, State.ACCEPTING, State.OPERATING])
def test_inspection_from_construction_through_operation(cast, login, draft, state):
    project = park(draft(), state)
    assert "登记现场检查" in actions_for(login(cast["lead"]), project)
    assert "登记现场检查" not in actions_for(login(cast["finance"]), project)  # only the lead department inspects
    services.inspection_record(by=cast["lead"], project=project, findings="进度滞后", on=ON)
    assert project.inspections.count() == 1


@pytest.mark.parametrize("state", [State.APPROVED, State.CONSTRUCTING, State.ARCHIVED, State.OPERATING])
def test_no_xinchuang_exception_after_the_approval_stage(cast, login, draft, state):
    project = draft()
    upload(cast["staff"], project, AttachmentKind.XINCHUANG_EVALUATION)
    park(project, state)
    assert "申请信创替代例外" not in actions_for(login(cast["staff"]), project)
    with pytest.raises(WorkflowError) as refused:
        services.request_xinchuang_exception(by=cast["staff"], project=project, on=ON)
    assert refused.value.messages == ["信创例外应在项目报批阶段申请。"]
    assert not project.opinions.exists()


@pytest.mark.parametrize("state", [State.DRAFT, State.GOV_REVIEW, State.APPROVING])
def test_xinchuang_exception_in_the_approval_stage(cast, login, draft, state):
    project = draft()
    upload(cast["staff"], project, AttachmentKind.XINCHUANG_EVALUATION)
    park(project, state)
    assert "申请信创替代例外" in actions_for(login(cast["staff"]), project)
    assert "申请信创替代例外" not in actions_for(login(cast["lead"]), project)  # the unit asks, not the reviewer
    opinion = services.request_xinchuang_exception(by=cast["staff"], project=project, on=ON)
    assert opinion.organisation.code == "bmj"
