"""Art. 30–31: requests, grants within a scope, classified items for named people, every grant audited."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied

from govproj.audit.models import AuditRecord
from govproj.common.errors import WorkflowError
from govproj.common.models import Notification
from govproj.sharing import selectors, services
from govproj.sharing.models import ShareType
from govproj.sharing.states import RequestStatus
from govproj.testing.sharing import (
    resource,
)

ON = date(2025, 3, 3)
ITEMS = (("学籍号", "string", False), ("学生姓名", "string", False), ("家庭住址", "string", False),
         ("资助对象认定", "string", True))


@pytest.fixture
def student_records(people, declare):
    """The education bureau's conditionally shared student register, one item of it classified."""
    project = declare(centrally_funded=True)
    return resource(people["staff"], project, items=ITEMS)


def names(access):
    return sorted(i.name for i in access.items) if access else None


def test_a_department_without_a_grant_cannot_see_a_restricted_resource(people, student_records):
    assert selectors.resource_access(people["gaj_officer"], student_records, ON) is None
    assert names(selectors.resource_access(people["staff"], student_records, ON)) == sorted(n for n, *_ in ITEMS)
    # a city-wide reader (the lead department) sees the non-classified items only
    assert "资助对象认定" not in names(selectors.resource_access(people["lead"], student_records, ON))


def test_a_grant_shows_only_the_granted_items_for_its_validity(people, student_records):
    # given the police bureau asks for the register
    request = services.access_request(by=people["gaj_officer"], resource=student_records, undertaking=True,
                                      purpose="核查在校学生身份", scope="户政业务系统查询", on=ON)
    assert Notification.objects.filter(recipient=people["head"], title__contains="待授权").exists()
    item = {i.name: i for i in student_records.items.all()}
    # when the education bureau's head grants two items for one month
    services.access_grant(undertaking=True, by=people["head"], request=request, items=[item["学籍号"], item["学生姓名"]],
                          scope="户政窗口核验", purpose="核查在校学生身份", valid_until=ON + timedelta(days=30), on=ON)
    # then the police see exactly those, and the register lists the grant as free of charge and audited
    assert names(selectors.resource_access(people["gaj_officer"], student_records, ON)) == ["学生姓名", "学籍号"]
    assert selectors.resource_access(people["gaj_officer"], student_records, ON + timedelta(days=31)) is None
    record = AuditRecord.objects.get(action="grant", object_type="sharing.accessrequest", object_id=str(request.pk))
    assert record.after["granted_items"] == ["学籍号", "学生姓名"] and record.after["free_of_charge"] is True
    assert record.actor == people["head"]
    # revoking ends it at once
    services.access_revoke(by=people["head"], request=request, reason="业务系统存在安全隐患", on=ON + timedelta(days=3))
    assert selectors.resource_access(people["gaj_officer"], student_records, ON + timedelta(days=3)) is None
    assert AuditRecord.objects.filter(action="revoke", object_id=str(request.pk)).exists()


def test_classified_items_only_to_named_people(people, student_records):
    request = services.access_request(by=people["gaj_officer"], resource=student_records, undertaking=True,
                                      purpose="困难学生家庭走访", scope="社区民警", on=ON)
    every = list(student_records.items.all())
    with pytest.raises(WorkflowError, match="知悉人员"):
        services.access_grant(undertaking=True, by=people["head"], request=request, items=every, scope="社区民警", purpose="走访",
                              valid_until=ON + timedelta(days=90), on=ON)
    with pytest.raises(WorkflowError, match="申请部门的工作人员"):
        services.access_grant(undertaking=True, by=people["head"], request=request, items=every, scope="社区民警", purpose="走访",
                              valid_until=ON + timedelta(days=90), named_people=[people["staff"]], on=ON)
    services.access_grant(undertaking=True, by=people["head"], request=request, items=every, scope="社区民警", purpose="走访",
                          valid_until=ON + timedelta(days=90), named_people=[people["gaj_officer"]], on=ON)
    assert "资助对象认定" in names(selectors.resource_access(people["gaj_officer"], student_records, ON))
    colleague = selectors.resource_access(people["other_unit"], student_records, ON)
    assert "资助对象认定" not in names(colleague) and colleague.hidden == 1


def test_a_grant_stays_within_the_items_requested(people, student_records):
    first, *others = student_records.items.order_by("pk")
    request = services.access_request(by=people["gaj_officer"], resource=student_records, undertaking=True,
                                      purpose="核对学籍", scope="户政窗口", items=[first], on=ON)
    with pytest.raises(WorkflowError, match="不得超出申请的范围"):
        services.access_grant(undertaking=True, by=people["head"], request=request, items=[first, others[0]], scope="户政窗口",
                              purpose="核对学籍", valid_until=ON + timedelta(days=90), on=ON)
    granted = services.access_grant(undertaking=True, by=people["head"], request=request, items=[first], scope="户政窗口",
                                    purpose="核对学籍", valid_until=ON + timedelta(days=90), on=ON)
    assert list(granted.granted_items.all()) == [first]


def test_only_the_owner_decides_and_refusal_needs_a_reason(people, student_records):
    request = services.access_request(by=people["gaj_officer"], resource=student_records, undertaking=True,
                                      purpose="统计", scope="内部", on=ON)
    for nobody in (people["staff"], people["gaj_head"], people["lead"]):
        with pytest.raises(PermissionDenied):
            services.access_refuse(by=nobody, request=request, reason="不同意", on=ON)
    with pytest.raises(WorkflowError, match="理由"):
        services.access_refuse(by=people["head"], request=request, reason=" ", on=ON)
    refused_ = services.access_refuse(by=people["head"], request=request, reason="用途超出法定职责", on=ON)
    assert refused_.status == RequestStatus.REFUSED
    with pytest.raises(WorkflowError, match="已拒绝"):
        services.access_grant(undertaking=True, by=people["head"], request=request, items=list(student_records.items.all()[:1]),
                              scope="内部", purpose="统计", valid_until=ON + timedelta(days=1), on=ON)


def test_not_shared_resources_are_not_requested_or_listed(people, declare):
    project = declare(centrally_funded=True)
    secret = resource(people["staff"], project, name="教师档案", share_type=ShareType.NONE)
    with pytest.raises(PermissionDenied):
        services.access_request(by=people["gaj_officer"], resource=secret, undertaking=True,
                                purpose="x", scope="y", on=ON)
    assert not selectors.resources_listed_to(people["gaj_officer"]).filter(pk=secret.pk).exists()
    assert selectors.resources_listed_to(people["staff"]).filter(pk=secret.pk).exists()


def test_one_pending_request_per_department_and_the_requester_withdraws(people, student_records):
    request = services.access_request(by=people["gaj_officer"], resource=student_records, undertaking=True,
                                      purpose="核查", scope="内部", on=ON)
    with pytest.raises(WorkflowError, match="待授权"):
        services.access_request(by=people["gaj_head"], resource=student_records, undertaking=True,
                                purpose="核查", scope="内部", on=ON)
    with pytest.raises(PermissionDenied):
        services.access_withdraw(by=people["head"], request=request, on=ON)
    assert services.access_withdraw(by=people["gaj_head"], request=request, on=ON).status == RequestStatus.WITHDRAWN
