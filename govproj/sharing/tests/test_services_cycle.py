"""钦政办〔2019〕5号: the yearly catalogue by 31 October (county 30 November), December assessment and circulation."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from govproj.common.errors import WorkflowError
from govproj.common.models import Notification
from govproj.projects.states import State
from govproj.sharing import services
from govproj.sharing.models import Area, CityCatalogue, ShareType
from govproj.testing.projects import (
    walk,
)
from govproj.testing.sharing import (
    resource,
)


@pytest.fixture
def catalogued(people, declare):
    """A declared 2025 project of the education bureau with a conditional and an unconditional resource."""
    project = walk(declare(centrally_funded=True, plan_year=2025), people, State.DECLARED, date(2025, 3, 3))
    resource(people["staff"], project, name="学生学籍信息", items=(("学籍号", "string", False), ("密级字段", "string", True)))
    resource(people["staff"], project, name="学校名录", share_type=ShareType.UNCONDITIONAL)
    return project


def test_deadlines_city_october_county_november():
    assert CityCatalogue(year=2025, area=Area.CITY).deadline == date(2025, 10, 31)
    assert CityCatalogue(year=2025, area=Area.LINGSHAN).deadline == date(2025, 11, 30)


def test_compile_publish_and_version(people, catalogued):
    with pytest.raises(PermissionDenied):
        services.catalogue_compile(by=people["staff"], year=2025, on=date(2025, 10, 20))
    draft = services.catalogue_compile(by=people["lead"], year=2025, on=date(2025, 10, 20))
    assert (draft.version, draft.entries.count()) == (1, 2)
    entry = draft.entries.get(name="学生学籍信息")
    assert [i["name"] for i in entry.items] == ["学籍号"]  # a classified item never leaves the owner
    published = services.catalogue_publish(by=people["lead"], catalogue=draft, on=date(2025, 10, 30))
    assert not published.published_late
    with pytest.raises(WorkflowError, match="已发布"):
        services.catalogue_publish(by=people["lead"], catalogue=published, on=date(2025, 10, 30))
    # a correction after publication is a new version; the published one keeps its entries
    second = services.catalogue_compile(by=people["lead"], year=2025, on=date(2025, 11, 3))
    assert second.version == 2 and second.pk != published.pk
    late = services.catalogue_publish(by=people["lead"], catalogue=second, on=date(2025, 11, 3))
    assert late.published_late and published.entries.count() == 2


def test_county_catalogue_holds_only_county_projects(county_leads, catalogued):
    qinnan = county_leads["qinnan"]
    with pytest.raises(WorkflowError, match="没有任何信息资源"):
        services.catalogue_publish(by=qinnan, catalogue=services.catalogue_compile(
            by=qinnan, year=2025, area=Area.QINNAN, on=date(2025, 11, 1)), on=date(2025, 11, 1))


@pytest.mark.parametrize("day, expected", [
    (date(2025, 10, 1), True),   # 30 days before
    (date(2025, 10, 2), False),
    (date(2025, 10, 24), True),  # 7 days before
    (date(2025, 11, 7), True),   # a week overdue
    (date(2025, 11, 8), False),
])
def test_city_reminders_before_and_after_the_deadline(people, day, expected):
    services.catalogue_reminders(day)
    sent = Notification.objects.filter(recipient=people["lead"], title__contains="市级政务信息资源目录")
    assert sent.exists() is expected
    services.catalogue_reminders(day)  # the daily job may run twice: one notice a day
    assert sent.count() == int(expected)


def test_county_reminder_on_its_own_deadline_goes_to_the_county(people, county_leads):
    services.catalogue_reminders(date(2025, 11, 30))
    assert Notification.objects.filter(recipient=county_leads["lingshan"], title__contains="灵山县").exists()
    assert not Notification.objects.filter(recipient=county_leads["qinnan"], title__contains="灵山县").exists()
    assert not Notification.objects.filter(recipient=people["lead"], title__contains="灵山县").exists()
    assert not Notification.objects.filter(recipient=people["lead"], title__contains="市级").exists()


def test_no_reminder_once_published(people, catalogued):
    draft = services.catalogue_compile(by=people["lead"], year=2025, on=date(2025, 9, 20))
    services.catalogue_publish(by=people["lead"], catalogue=draft, on=date(2025, 9, 25))
    services.catalogue_reminders(date(2025, 10, 1))
    assert not Notification.objects.filter(title__contains="市级政务信息资源目录应于").exists()


def test_december_assessment_and_circulation(people, catalogued):
    draft = services.catalogue_compile(by=people["lead"], year=2025, on=date(2025, 10, 20))
    services.catalogue_publish(by=people["lead"], catalogue=draft, on=date(2025, 10, 20))
    student = catalogued.sharing_catalogue.resources.get(name="学生学籍信息")
    services.access_request(by=people["gaj_officer"], resource=student, undertaking=True, purpose="核查", scope="内部",
                            on=date(2025, 11, 1))
    with pytest.raises(WorkflowError, match="12 月"):
        services.assessment_run(by=people["lead"], year=2025, on=date(2025, 11, 30))
    services.catalogue_reminders(date(2025, 12, 1))
    assert Notification.objects.filter(title__contains="考核应于 12 月底前").exists()
    assessment = services.assessment_run(by=people["lead"], year=2025, on=date(2025, 12, 10))
    [row] = assessment.rows.all()
    assert (row.organisation.code, row.resources, row.shareable, row.requests, row.pending_overdue) == \
        ("jyj", 2, 2, 1, 1)
    assert row.needs_improvement and "超过 20 天未办理" in row.remarks
    services.assessment_circulate(by=people["lead"], assessment=assessment, ref="钦大数通〔2025〕9号",
                                  on=date(2025, 12, 20))
    assert Notification.objects.filter(recipient=people["head"], title__contains="考核通报").exists()
    with pytest.raises(WorkflowError, match="已于"):
        services.assessment_run(by=people["lead"], year=2025, on=date(2025, 12, 21))
