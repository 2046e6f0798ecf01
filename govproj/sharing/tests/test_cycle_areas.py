"""The yearly cycle by area (钦政办〔2019〕5号 二（一）4 and its task table): who compiles and publishes which
catalogue, who is reminded, the one city-wide December assessment, and what a reader sees of a catalogue."""

import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from govproj.common.errors import ConcurrentChange
from govproj.common.models import Notification
from govproj.common.roles import Role
from govproj.projects import services as project_services
from govproj.projects.states import State
from govproj.sharing import services
from govproj.sharing.documents import circulation_docx
from govproj.sharing.models import Area, CityCatalogue, ShareType
from govproj.testing.projects import (
    DECLARATION_KINDS,
    upload,
    walk,
)
from govproj.testing.sharing import (
    before_migration,
    resource,
)

D = date(2025, 3, 3)


@pytest.fixture
def jyj_project(people, declare):
    """The education bureau's declared 2025 project: conditional, unconditional and not-shared resources."""
    project = walk(declare(centrally_funded=True, plan_year=2025), people, State.DECLARED, D)
    resource(people["staff"], project, name="学生学籍信息", items=(("学籍号", "string", False), ("密级字段", "string", True)))
    resource(people["staff"], project, name="学校名录", items=(("学校名称", "string", False),),
             share_type=ShareType.UNCONDITIONAL)
    resource(people["staff"], project, name="教师档案", items=(("档案编号", "string", False),),
             share_type=ShareType.NONE)
    return project


@pytest.fixture
def qinnan_project(people, orgs, make_user):
    """A declared 2025 project of 钦南区 with one unconditional resource, built by its own staff."""
    staff = make_user("qinnan_staff", Role.UNIT_STAFF, "qinnan")
    project = project_services.project_create(
        by=staff, unit=orgs["qinnan"], name="钦南区智慧社区平台", category="egov", declaration_type="annual",
        plan_year=2025, total_investment=Decimal("800000.00"), fund_municipal=Decimal("800000.00"),
        content="建设钦南区社区治理平台", build_type="new", region_platform_code="2025-450702-65-01-000456",
        centrally_funded=True)
    upload(staff, project, *DECLARATION_KINDS, on=D)
    project = walk(project, {**people, "staff": staff}, State.DECLARED, D)
    resource(staff, project, name="社区网格信息", share_type=ShareType.UNCONDITIONAL)
    return project


@pytest.fixture
def city_leads(make_user):
    return {"szfb": make_user("szfb_data", Role.LEAD_REVIEWER, "szfb"),
            "fgw": make_user("fgw_lead", Role.LEAD_REVIEWER, "fgw")}


def published(by, year, area, on):
    return services.catalogue_publish(by=by, catalogue=services.catalogue_compile(by=by, year=year, area=area, on=on),
                                      on=on)


# ---------------------------------------------------------------- who compiles and publishes

def test_city_catalogue_belongs_to_the_government_office_and_the_lead_department_in_force(
        people, city_leads, county_leads, jyj_project):
    under_2023, under_2024 = date(2024, 10, 20), date(2025, 10, 20)  # lead department: fgw, then dsj
    for user in (city_leads["szfb"], city_leads["fgw"]):
        assert services.catalogue_compile(by=user, year=2024, on=under_2023).area == Area.CITY
    with pytest.raises(PermissionDenied, match="市人民政府办公室或市发展改革委"):
        services.catalogue_compile(by=people["lead"], year=2024, on=under_2023)
    for user in (city_leads["szfb"], people["lead"]):
        assert services.catalogue_compile(by=user, year=2025, on=under_2024).area == Area.CITY
    with pytest.raises(PermissionDenied, match="市人民政府办公室或市大数据发展局"):
        services.catalogue_compile(by=city_leads["fgw"], year=2025, on=under_2024)
    draft = services.catalogue_compile(by=people["lead"], year=2025, on=under_2024)
    for outsider in (county_leads["qinnan"], people["oversight"], people["head"]):
        with pytest.raises(PermissionDenied, match="市人民政府办公室或市大数据发展局"):
            services.catalogue_publish(by=outsider, catalogue=draft, on=under_2024)


def test_county_catalogue_belongs_to_its_own_data_lead(people, city_leads, county_leads, qinnan_project,
                                                      jyj_project):
    on = date(2025, 11, 20)
    for outsider in (county_leads["lingshan"], people["lead"], city_leads["szfb"]):
        with pytest.raises(PermissionDenied, match="钦南区人民政府的政务数据牵头人员"):
            services.catalogue_compile(by=outsider, year=2025, area=Area.QINNAN, on=on)
    draft = services.catalogue_compile(by=county_leads["qinnan"], year=2025, area=Area.QINNAN, on=on)
    assert list(draft.entries.values_list("name", flat=True)) == ["社区网格信息"]
    with pytest.raises(PermissionDenied, match="钦南区"):
        services.catalogue_publish(by=people["lead"], catalogue=draft, on=on)
    assert services.catalogue_publish(by=county_leads["qinnan"], catalogue=draft, on=on).status == "published"


def test_pages_offer_compile_publish_and_assess_only_to_whoever_may(login, people, county_leads, qinnan_project):
    url = reverse("sharing:catalogues")
    county = login(county_leads["qinnan"]).get(url)
    ops = {op["name"]: op for op in county.context["ops"]}
    assert set(ops) == {"compile"} and [a for a, _ in ops["compile"]["form"].fields["area"].choices] == ["qinnan"]
    city = login(people["lead"]).get(url)
    ops = {op["name"]: op for op in city.context["ops"]}
    assert set(ops) == {"compile", "assess"} and [a for a, _ in ops["compile"]["form"].fields["area"].choices] == \
        ["city"]
    assert login(people["head"]).get(url).context["ops"] == []

    draft = services.catalogue_compile(by=county_leads["qinnan"], year=2025, area=Area.QINNAN)
    page = reverse("sharing:catalogue", args=[draft.pk])
    assert [op["name"] for op in login(county_leads["qinnan"]).get(page).context["ops"]] == ["publish"]
    assert login(people["lead"]).get(page).context["ops"] == []  # the city lead reads the draft, does not publish
    assert login(county_leads["lingshan"]).get(page).status_code == 404  # another county's draft
    c = login(people["lead"])
    assert c.post(page, {"_op": "publish", "publish-note": ""}).status_code == 403


def test_a_concurrent_first_compile_takes_the_other_draft(people, jyj_project):
    """Another compilation's draft lands between this one's read of the versions and its insert."""
    on = date(2025, 10, 20)
    other = []

    def race(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not other and "MAX(" in sql and "sharing_citycatalogue" in sql:
            other.append(CityCatalogue.objects.create(year=2025, area=Area.CITY, version=1, compiled_on=on,
                                                      compiled_by=people["lead"]))
        return result

    with connection.execute_wrapper(race):
        draft = services.catalogue_compile(by=people["lead"], year=2025, on=on)
    assert draft.pk == other[0].pk and draft.entries.count() == 3
    assert CityCatalogue.objects.filter(year=2025).count() == 1


def test_a_concurrent_first_compile_published_meanwhile_asks_to_reload(people, jyj_project):
    on = date(2025, 10, 20)
    other = []

    def race(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not other and "MAX(" in sql and "sharing_citycatalogue" in sql:
            other.append(CityCatalogue.objects.create(year=2025, area=Area.CITY, version=1, compiled_on=on,
                                                      compiled_by=people["lead"], status="published",
                                                      published_on=on))
        return result

    with connection.execute_wrapper(race), pytest.raises(ConcurrentChange, match="刷新"):
        services.catalogue_compile(by=people["lead"], year=2025, on=on)


# ---------------------------------------------------------------- reminders

def test_county_deadline_reminds_the_county_then_the_city_lead_once_overdue(people, city_leads, county_leads):
    def got(user, day):
        return Notification.objects.filter(recipient=user, title__contains="灵山县",
                                           dedupe_key__endswith=day.isoformat()).exists()

    before, overdue = date(2025, 11, 23), date(2025, 12, 7)  # 7 days before; a week overdue
    services.catalogue_reminders(before)
    assert got(county_leads["lingshan"], before)
    assert not any(got(u, before) for u in (people["lead"], city_leads["szfb"], county_leads["qinnan"]))
    services.catalogue_reminders(overdue)
    assert all(got(u, overdue) for u in (county_leads["lingshan"], people["lead"], city_leads["szfb"]))
    assert not got(city_leads["fgw"], overdue)  # no longer the lead department in 2025
    assert not Notification.objects.filter(recipient=county_leads["lingshan"], title__contains="市级").exists()


# ---------------------------------------------------------------- the December assessment

def test_one_city_wide_assessment_covers_the_published_county_catalogues(login, people, county_leads, jyj_project,
                                                                         qinnan_project):
    published(people["lead"], 2025, Area.CITY, date(2025, 10, 20))
    published(county_leads["qinnan"], 2025, Area.QINNAN, date(2025, 11, 20))
    with pytest.raises(PermissionDenied, match="市级牵头单位"):
        services.assessment_run(by=county_leads["qinnan"], year=2025, on=date(2025, 12, 10))
    assessment = services.assessment_run(by=people["lead"], year=2025, on=date(2025, 12, 10))
    assert sorted(c.area for c in assessment.catalogues.all()) == ["city", "qinnan"]
    assert sorted(r.organisation.code for r in assessment.rows.all()) == ["jyj", "qinnan"]
    with pytest.raises(PermissionDenied):
        services.assessment_circulate(by=county_leads["qinnan"], assessment=assessment, ref="钦政办通〔2025〕1号",
                                      on=date(2025, 12, 20))
    page = login(people["lead"]).get(reverse("sharing:assessment", args=[assessment.pk]))
    assert page.context["missing"] == ["钦北区", "灵山县", "浦北县"] and page.context["ops"][0]["name"] == "circulate"
    assert login(county_leads["qinnan"]).get(reverse("sharing:assessment", args=[assessment.pk])).status_code == 404


def test_criteria_are_settings_and_the_notice_calls_them_the_platforms(settings, people, jyj_project):
    settings.SHARING_ASSESSMENT_MIN_SHAREABLE_RATIO = Decimal("0.9")
    settings.SHARING_RESPONSE_DAYS = 5
    published(people["lead"], 2025, Area.CITY, date(2025, 10, 20))
    student = jyj_project.sharing_catalogue.resources.get(name="学生学籍信息")
    services.access_request(by=people["gaj_officer"], resource=student, purpose="核查", scope="内部",
                            undertaking=True, on=date(2025, 12, 1))
    assessment = services.assessment_run(by=people["lead"], year=2025, on=date(2025, 12, 10))
    [row] = assessment.rows.all()
    assert row.needs_improvement and row.remarks == "可共享资源占比低于 90%；1 项共享申请超过 5 天未办理"
    assert (assessment.min_shareable_ratio, assessment.response_days) == (Decimal("0.9"), 5)
    settings.SHARING_RESPONSE_DAYS = 30  # later changes do not rewrite what this assessment applied
    text = [p.text for p in Document(io.BytesIO(circulation_docx(assessment))).paragraphs]
    cited = next(p for p in text if "钦政办〔2019〕5号" in p)
    assert "90%" not in cited and "天" not in cited.split("要求")[0]
    criteria = next(p for p in text if "本平台考核口径" in p)
    assert "90%" in criteria and "5 天" in criteria and "非上述文件规定" in criteria
    assert any("钦北区、灵山县、浦北县" in p and "尚未发布" in p for p in text)


def test_circulation_download_needs_the_export_permission(login, people, jyj_project):
    published(people["lead"], 2025, Area.CITY, date(2025, 10, 20))
    assessment = services.assessment_run(by=people["lead"], year=2025, on=date(2025, 12, 10))
    docx = reverse("sharing:circulation", args=[assessment.pk])
    page = reverse("sharing:assessment", args=[assessment.pk])
    assert login(people["gaj_head"]).get(docx).status_code == 404  # not circulated yet: the lead's working copy
    assert login(people["gaj_head"]).get(page).status_code == 404
    assert login(people["lead"]).get(docx).status_code == 200
    services.assessment_circulate(by=people["lead"], assessment=assessment, ref="钦大数通〔2025〕9号",
                                  on=date(2025, 12, 20))
    staff = login(people["gaj_officer"])  # reads the circulated assessment, may not export
    assert staff.get(page).status_code == 200 and "circulation-docx" not in staff.get(page).content.decode()
    assert staff.get(docx).status_code == 403
    head = login(people["gaj_head"])
    assert head.get(docx).status_code == 200
    assert login(people["bank"]).get(docx).status_code == 403


# ---------------------------------------------------------------- page and export agree

def _page(client, catalogue) -> str:
    return client.get(reverse("sharing:catalogue", args=[catalogue.pk])).content.decode()


def _json(client, catalogue) -> dict:
    response = client.get(reverse("sharing:catalogue_export", args=[catalogue.pk, "json"]))
    return {r["name"]: [i["name"] for i in r["items"]] for r in json.loads(response.content)["resources"]}


def _xlsx(client, catalogue) -> dict:
    response = client.get(reverse("sharing:catalogue_export", args=[catalogue.pk, "xlsx"]))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    return {r[1]: [n for n in (r[11] or "").split("、") if n] for r in rows[1:] if r[1]}


@pytest.mark.parametrize("who, expected", [
    ("gaj_head", {"学生学籍信息": [], "学校名录": ["学校名称"]}),  # another department
    ("head", {"学生学籍信息": ["学籍号"], "学校名录": ["学校名称"], "教师档案": ["档案编号"]}),  # the owner
    ("oversight", {"学生学籍信息": ["学籍号"], "学校名录": ["学校名称"], "教师档案": ["档案编号"]}),  # city-wide
])
def test_catalogue_page_and_exports_show_the_same_entries_and_items(login, people, jyj_project, who, expected):
    catalogue = published(people["lead"], 2025, Area.CITY, date(2025, 10, 20))
    c = login(people[who])
    assert _json(c, catalogue) == expected
    assert _xlsx(c, catalogue) == expected
    html = _page(c, catalogue)
    for name in ("学生学籍信息", "学校名录", "教师档案"):
        assert (name in html) is (name in expected), name
    for item in ("学籍号", "学校名称", "档案编号"):
        assert (item in html) is any(item in items for items in expected.values()), item
    assert "密级字段" not in html  # classified items never reach a yearly catalogue


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_the_city_assessment_and_its_circulation(make_user):
    """Per-area assessments of a year become the city's one; a circulation already made survives the merge."""
    from govproj.sharing.models import Assessment


    lead = make_user("dsj_review", Role.LEAD_REVIEWER, "dsj")
    with before_migration("merge_per_area_assessments") as apps:
        catalogue, assessment = apps.get_model("sharing", "CityCatalogue"), apps.get_model("sharing", "Assessment")
        row = apps.get_model("sharing", "AssessmentRow")

        def assessed(area, **fields):
            made = catalogue.objects.create(year=2025, area=area, version=1, status="published",
                                            compiled_on=date(2025, 10, 1), compiled_by_id=lead.pk)
            return assessment.objects.create(year=2025, area=area, catalogue=made, assessed_on=date(2025, 12, 3),
                                             assessed_by_id=lead.pk, **fields), made

        county, county_catalogue = assessed("qinnan")  # made first: the merge must not keep it for being first
        city, city_catalogue = assessed("city", circulated_on=date(2025, 12, 20), circulation_ref="钦大数通〔2025〕9号")
        for made, unit in ((county, lead.organisation_id), (city, lead.organisation_id)):
            row.objects.create(assessment=made, organisation_id=unit, resources=2, shareable=1, requests=0, granted=0,
                               refused=0, pending_overdue=0)
    [merged] = Assessment.objects.all()
    assert merged.pk == city.pk
    assert (merged.circulated_on, merged.circulation_ref) == (date(2025, 12, 20), "钦大数通〔2025〕9号")
    assert {c.pk for c in merged.catalogues.all()} == {county_catalogue.pk, city_catalogue.pk}
    assert merged.rows.count() == 2


def test_a_county_data_lead_reads_its_county_but_is_not_the_owner_of_its_resources(login, county_leads,
                                                                                    qinnan_project):
    """Art. 30: classified items are for the building unit and named people, not for whoever reads the county."""
    from govproj.accounts.models import User

    staff = User.objects.get(username="qinnan_staff")
    network = qinnan_project.sharing_catalogue.resources.get()
    services.item_save(by=staff, resource=network,
                       data={"name": "网格员手机号", "data_type": "string", "classified": True})
    url = reverse("sharing:resource", args=[network.pk])
    assert "网格员手机号" in login(staff).get(url).content.decode()
    page = login(county_leads["qinnan"]).get(url).content.decode()
    assert "社区网格信息" in page and "网格员手机号" not in page
