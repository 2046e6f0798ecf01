"""Zombie determinations (钦政办〔2019〕5号) are a history: each day is judged by the determination in force then."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from govproj.audit.models import AuditRecord
from govproj.common.errors import WorkflowError
from govproj.common.models import Notification
from govproj.common.roles import Role
from govproj.funds import selectors as fund_selectors
from govproj.funds import services as fund_services
from govproj.funds.models import Application
from govproj.sharing import selectors, services
from govproj.sharing.models import ZombieDetermination
from govproj.testing.funds import om_application
from govproj.testing.sharing import register_system

pytestmark = pytest.mark.django_db

FIRST, CLEARED, SECOND = date(2025, 5, 6), date(2025, 6, 2), date(2025, 9, 1)
S5_CITATION = {"document": "钦政办〔2019〕5号", "article": "二（二）1"}


@pytest.fixture
def history(people, in_service):
    """A system of an in-service project: flagged, cleared on review, flagged again."""
    project = in_service()
    system = register_system(people, project)
    services.system_flag_zombie(by=people["lead"], system=system, reason="连续12个月无业务访问", on=FIRST)
    services.system_clear_zombie(by=people["lead"], system=system, reason="经复核业务仍在使用", on=CLEARED)
    services.system_flag_zombie(by=people["lead"], system=system, reason="替代系统已上线，旧系统无访问", on=SECOND)
    return {"project": project, "system": system}


def submit_om(people, project, on):
    app = om_application(people, project, on)
    return fund_services.application_submit(by=people["staff"], application=app, on=on)


def test_flag_clear_flag_keeps_both_determinations(people, history):
    system = history["system"]
    first, second = sorted(system.zombie_determinations.all(), key=lambda d: d.determined_on)
    assert (first.determined_on, first.cleared_on, first.cleared_by, first.reason, first.clear_reason) == (
        FIRST, CLEARED, people["lead"], "连续12个月无业务访问", "经复核业务仍在使用")
    assert (second.determined_on, second.cleared_on, second.determined_by) == (SECOND, None, people["lead"])
    assert [system.zombie_on(d) for d in (date(2025, 5, 5), FIRST, date(2025, 6, 1), CLEARED, date(2025, 8, 31),
                                          SECOND)] == [False, True, True, False, False, True]
    project = history["project"]
    assert selectors.zombie_systems(project, date(2025, 5, 20)) == [system.name]
    assert selectors.zombie_systems(project, date(2025, 7, 15)) == []


def test_om_money_is_judged_by_the_determination_in_force_on_the_application_day(people, history):
    project = history["project"]
    with pytest.raises(WorkflowError) as inside_first:
        submit_om(people, project, date(2025, 5, 20))
    [finding] = inside_first.value.findings
    assert (finding["rule"], finding["key"], finding["citation"]) == ("S5", "om_zombie_system", S5_CITATION)
    assert history["system"].name in finding["message"]

    between = submit_om(people, project, date(2025, 7, 15))
    assert between.status == Application.Status.SUBMITTED
    # its page judges it on its submission day: the later determination does not rewrite that day
    assert not any(f["rule"] == "S5" for f in fund_selectors.application_findings(between)["findings"])

    with pytest.raises(WorkflowError) as inside_second:
        submit_om(people, project, date(2025, 9, 10))
    assert [f["rule"] for f in inside_second.value.findings] == ["S5"]


def test_determinations_do_not_overlap_and_only_the_lead_decides(people, history):
    system = history["system"]
    with pytest.raises(WorkflowError, match="已于 2025-09-01 认定"):
        services.system_flag_zombie(by=people["lead"], system=system, reason="再次认定", on=date(2025, 10, 1))
    with pytest.raises(PermissionDenied):
        services.system_clear_zombie(by=people["staff"], system=system, reason="已整改", on=date(2025, 10, 1))
    services.system_clear_zombie(by=people["lead"], system=system, reason="已关停并迁移", on=date(2025, 10, 1))
    with pytest.raises(WorkflowError, match="当前没有"):
        services.system_clear_zombie(by=people["lead"], system=system, reason="重复撤销", on=date(2025, 10, 2))
    with pytest.raises(WorkflowError, match="不能早于"):
        services.system_flag_zombie(by=people["lead"], system=system, reason="补记认定", on=date(2025, 9, 20))
    with pytest.raises(WorkflowError, match="认定理由"):
        services.system_flag_zombie(by=people["lead"], system=system, reason=" ", on=date(2025, 10, 2))
    assert system.zombie_determinations.count() == 2
    # once flagged, even when cleared, the system stays with its project: S5 finds the history through it
    with pytest.raises(WorkflowError, match="所属项目不能更改"):
        services.system_save(by=people["staff"], owner=system.owner, system=system,
                             data={"name": system.name, "project": None})


def test_every_determination_and_clearing_is_audited_and_announced(people, history):
    records = AuditRecord.objects.filter(object_type="sharing.zombiedetermination").order_by("seq")
    assert [r.after["step"] for r in records] == ["flag_zombie", "clear_zombie", "flag_zombie"]
    cleared = records[1]
    assert cleared.before["cleared_on"] is None and cleared.after["cleared_on"] == CLEARED.isoformat()
    assert all(r.actor == people["lead"] for r in records)
    notices = Notification.objects.filter(recipient=people["staff"], title__startswith="“僵尸”系统认定")
    assert notices.count() == 2
    cleared_notice = Notification.objects.get(recipient=people["staff"], title__startswith="撤销“僵尸”系统认定")
    assert CLEARED.isoformat() in cleared_notice.body and "经复核业务仍在使用" in cleared_notice.body
    assert Notification.objects.filter(recipient=people["finance"], title__startswith="撤销").exists()


def test_system_page_shows_the_history_and_the_list_filters_by_today(login, people, history):
    system = history["system"]
    page = login(people["staff"]).get(reverse("sharing:system", args=[system.pk]))
    body = page.content.decode()
    assert 'id="zombie-determinations"' in body and 'id="zombie-badge"' in body
    for text in ("2025-05-06", "2025-06-02", "经复核业务仍在使用", "2025-09-01", "替代系统已上线，旧系统无访问"):
        assert text in body, text
    listed = login(people["finance"]).get(reverse("sharing:systems"), {"zombie": "true"}).content.decode()
    assert system.name in listed and "是（2025-09-01 起）" in listed
    services.system_clear_zombie(by=people["lead"], system=system, reason="已关停", on=timezone.localdate())
    assert system.name not in login(people["finance"]).get(reverse("sharing:systems"),
                                                           {"zombie": "true"}).content.decode()
    assert 'id="zombie-badge"' not in login(people["staff"]).get(
        reverse("sharing:system", args=[system.pk])).content.decode()


def test_only_the_lead_may_flag_through_the_page_and_others_do_not_see_the_system(login, people, history):
    system = history["system"]
    url = reverse("sharing:system", args=[system.pk])
    services.system_clear_zombie(by=people["lead"], system=system, reason="复核", on=timezone.localdate())
    data = {"_op": "flag_zombie", "flag_zombie-reason": "无访问"}
    assert login(people["staff"]).post(url, data).status_code == 403
    assert login(people["gaj_officer"]).post(url, data).status_code == 404
    assert login(people["gaj_officer"]).get(url).status_code == 404
    assert login(people["lead"]).post(url, data).status_code == 302
    assert ZombieDetermination.objects.filter(system=system, cleared_on=None, reason="无访问").exists()


def test_a_county_data_lead_keeps_its_county_register_but_does_not_determine_zombies(login, people, history,
                                                                                      county_leads, orgs):
    """The county's data lead manages sharing for its county only; 二（二）1 leaves determinations to the city."""
    lead = county_leads["lingshan"]
    city_system = history["system"]
    with pytest.raises(PermissionDenied):
        services.system_save(by=lead, owner=city_system.owner, system=city_system, data={"cloud_status": "exempt"})
    county_system = services.system_save(by=lead, owner=orgs["lingshan"], data={
        "name": "灵山县网格化管理系统", "cloud_status": "migrating", "dengbao_level": 2})
    with pytest.raises(PermissionDenied):
        services.system_flag_zombie(by=lead, system=county_system, reason="无访问", on=SECOND)
    page = login(lead)
    assert page.get(reverse("sharing:system", args=[city_system.pk])).status_code == 404
    data = {"_op": "flag_zombie", "flag_zombie-reason": "无访问"}
    assert page.post(reverse("sharing:system", args=[county_system.pk]), data).status_code == 403
    assert "认定为“僵尸”系统" not in page.get(reverse("sharing:system", args=[county_system.pk])).content.decode()
    services.system_flag_zombie(by=people["lead"], system=county_system, reason="无访问", on=SECOND)
    assert county_system.zombie_on(SECOND)


def test_the_determination_is_the_lead_department_in_force(people, in_service, make_user):
    """二（二）1 names 市发改委; from 2024-12-06 the lead department is 市大数据发展局 (钦政办规〔2024〕1号)."""
    system = register_system(people, in_service())
    fgw_lead = make_user("fgw_lead", Role.LEAD_REVIEWER, "fgw")
    under_2023, under_2024 = date(2024, 12, 5), date(2024, 12, 6)
    with pytest.raises(PermissionDenied, match="市发展改革委"):
        services.system_flag_zombie(by=people["lead"], system=system, reason="无访问", on=under_2023)
    services.system_flag_zombie(by=fgw_lead, system=system, reason="无访问", on=under_2023)
    with pytest.raises(PermissionDenied, match="市大数据发展局"):
        services.system_clear_zombie(by=fgw_lead, system=system, reason="复核", on=under_2024)
    services.system_clear_zombie(by=people["lead"], system=system, reason="复核", on=under_2024)
    assert system.zombie_on(under_2023) and not system.zombie_on(under_2024)
