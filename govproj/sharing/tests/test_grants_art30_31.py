"""Art. 30–31 review fixes: who may ask, the confidentiality undertaking, classified names per grant, items held by
grants, one pending request per department, and the platform's own grant term."""

import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from openpyxl import load_workbook

from govproj.audit.models import AuditRecord
from govproj.common.errors import WorkflowError
from govproj.common.roles import Role
from govproj.sharing import selectors, services
from govproj.sharing.models import UNDERTAKING_VERSION, AccessRequest, Item
from govproj.sharing.states import RequestStatus
from govproj.testing.sharing import (
    grant,
    resource,
)

ON = date(2025, 3, 3)
ITEMS = (("学籍号", "string", False), ("资助对象认定", "string", True), ("残疾类别", "string", True))


@pytest.fixture
def records(people, declare):
    """The education bureau's conditionally shared student register with two classified items."""
    return resource(people["staff"], declare(centrally_funded=True), items=ITEMS)


def ask(by, res, on=None, **fields):
    return services.access_request(by=by, resource=res, purpose=fields.pop("purpose", "核查在校学生身份"),
                                   scope=fields.pop("scope", "户政窗口核验"), undertaking=fields.pop("undertaking", True),
                                   on=on, **fields)


def item(res, name) -> Item:
    return res.items.get(name=name)


# ---------------------------------------------------------------- 1. only government departments (Art. 30)

def test_only_government_departments_may_request(people, records, make_user, login):
    soe = make_user("ktjt_staff", Role.UNIT_STAFF, "ktjt")
    with pytest.raises(PermissionDenied, match="不是政务部门"):
        ask(soe, records, ON)
    assert not AccessRequest.objects.exists()
    # a county government and a development-zone committee are government departments
    for code in ("qinnan", "qzgpq"):
        assert ask(make_user(f"{code}_staff", Role.UNIT_STAFF, code), records, ON).status == RequestStatus.PENDING

    # the page hides the request form, says why, and refuses a forged POST
    url = reverse("sharing:resource", args=[records.pk])
    page = login(soe).get(url).content.decode()
    assert 'id="op-request"' not in page and "不是政务部门" in page
    response = login(soe).post(url, {"_op": "request", "request-purpose": "核查", "request-scope": "内部",
                                     "request-undertaking": "on"})
    assert response.status_code == 403
    assert 'id="op-request"' in login(people["gaj_officer"]).get(url).content.decode()


# ---------------------------------------------------------------- 2. the undertaking (Art. 31)

def test_a_request_records_the_undertaking_and_is_refused_without_it(people, records):
    with pytest.raises(WorkflowError, match="安全保密责任"):
        ask(people["gaj_officer"], records, ON, undertaking=False)
    request = ask(people["gaj_officer"], records, ON)
    assert (request.undertaking_version, request.undertaken_by, request.undertaken_on) == (
        UNDERTAKING_VERSION, people["gaj_officer"], ON)
    assert "法律责任" in request.undertaking_text
    record = AuditRecord.objects.get(action="create", object_type="sharing.accessrequest", object_id=str(request.pk))
    assert record.after["undertaking"] == request.undertaking_text
    assert record.after["undertaking_version"] == UNDERTAKING_VERSION


def test_the_request_form_requires_the_undertaking_and_keeps_the_input(people, records, login):
    url = reverse("sharing:resource", args=[records.pk])
    police = login(people["gaj_officer"])
    form = police.get(url).content.decode()
    assert "承担共享信息的安全保密责任和相应的法律责任" in form  # the wording is shown beside the checkbox
    typed = {"_op": "request", "request-purpose": "困难学生家庭走访核查", "request-scope": "社区民警逐户核验"}
    response = police.post(url, typed)
    assert response.status_code == 400
    text = response.content.decode()
    assert "困难学生家庭走访核查" in text and "社区民警逐户核验" in text and "请勾选承诺" in text
    assert not AccessRequest.objects.exists()
    assert police.post(url, {**typed, "request-undertaking": "on"}).status_code == 302
    request = AccessRequest.objects.get()
    # the owner sees the undertaking on the grant page
    page = login(people["head"]).get(reverse("sharing:request", args=[request.pk])).content.decode()
    assert 'id="undertaking"' in page and "法律责任" in page and UNDERTAKING_VERSION in page


# ---------------------------------------------------------------- 3. classified names only to named people, per grant

@pytest.fixture
def two_grants(people, records):
    """Grant A names the officer for 资助对象认定; grant B names the bureau head for 残疾类别."""
    a = grant(people, ask(people["gaj_officer"], records), [item(records, "学籍号"), item(records, "资助对象认定")],
              named=[people["gaj_officer"]])
    b = grant(people, ask(people["gaj_head"], records), [item(records, "残疾类别")], named=[people["gaj_head"]])
    return a, b


def names(user, res):
    return {i.name for i in selectors.resource_access(user, res).items}


def test_being_named_in_one_grant_does_not_clear_another(people, records, two_grants):
    assert names(people["gaj_officer"], records) == {"学籍号", "资助对象认定"}
    assert names(people["gaj_head"], records) == {"学籍号", "残疾类别"}
    colleague = selectors.resource_access(people["other_unit"], records)
    assert [i.name for i in colleague.items] == ["学籍号"] and colleague.hidden == 2


def test_request_page_names_classified_items_only_to_the_owner_and_the_named(people, records, two_grants, login):
    url = reverse("sharing:request", args=[two_grants[0].pk])
    for who in ("gaj_officer", "staff"):  # named in this grant; the owner unit
        page = login(people[who]).get(url).content.decode()
        assert "资助对象认定（涉密）" in page, who
    for who in ("other_unit", "gaj_head", "lead"):  # same department; named in another grant; city-wide
        page = login(people[who]).get(url).content.decode()
        assert "资助对象认定" not in page and "涉密信息项 1 项" in page and "学籍号" in page, who
    assert login(people["wxb"]).get(url).status_code == 404


def test_grant_register_and_its_export_obey_the_same_rule(people, records, two_grants, login):
    url = reverse("sharing:grants")
    page = login(people["other_unit"]).get(url).content.decode()
    assert "资助对象认定" not in page and "残疾类别" not in page and "涉密信息项 1 项" in page
    page = login(people["gaj_officer"]).get(url).content.decode()
    assert "资助对象认定" in page and "残疾类别" not in page
    owner = login(people["head"]).get(url).content.decode()
    assert "资助对象认定" in owner and "残疾类别" in owner

    export = login(people["gaj_head"]).get(url, {"_export": "xlsx"})
    cells = {str(c.value) for row in load_workbook(io.BytesIO(export.content)).active.iter_rows() for c in row}
    assert any("残疾类别" in c for c in cells) and not any("资助对象认定" in c for c in cells)
    assert "资助对象认定" not in login(people["wxb"]).get(url).content.decode()  # outsider: no rows
    assert login(people["wxb"]).get(url, {"_export": "xlsx"}).status_code == 403  # and no export permission


# ---------------------------------------------------------------- 4. items held by requests and grants

def test_an_item_held_by_a_pending_request_or_a_grant_in_force_is_not_deleted(people, records, login):
    number, aid = item(records, "学籍号"), item(records, "资助对象认定")
    number_pk = number.pk
    pending = ask(people["gaj_officer"], records, ON, items=[number])
    with pytest.raises(WorkflowError, match="市公安局"):
        services.item_delete(by=people["staff"], item=number, on=ON)
    granted = grant(people, pending, [number], on=ON)
    with pytest.raises(WorkflowError, match="请先撤销授权"):
        services.item_delete(by=people["staff"], item=number, on=ON)
    # an item no one holds goes, audited
    aid_pk = aid.pk
    services.item_delete(by=people["staff"], item=aid, on=ON)
    assert AuditRecord.objects.filter(action="delete", object_type="sharing.item", object_id=str(aid_pk)).exists()
    # once the grant has expired (or been revoked), the item may go
    services.item_delete(by=people["staff"], item=number, on=granted.valid_until + timedelta(days=1))
    assert not Item.objects.filter(pk=number_pk).exists()


def test_the_catalogue_page_refuses_the_deletion_with_the_reason(people, records, login):
    number = item(records, "学籍号")
    grant(people, ask(people["gaj_officer"], records, items=[number]), [number])
    response = login(people["staff"]).post(reverse("sharing:resource", args=[records.pk]),
                                           {"_op": "remove_item", "remove_item-item": number.pk})
    assert response.status_code == 400 and "请先撤销授权" in response.content.decode()
    assert Item.objects.filter(pk=number.pk).exists()


# ---------------------------------------------------------------- 5. one pending request, enforced by the database

def test_one_pending_request_per_department_is_a_database_constraint(people, records):
    first = ask(people["gaj_officer"], records, ON)
    with pytest.raises(WorkflowError, match="已有待授权的申请"):
        ask(people["gaj_head"], records, ON)
    with pytest.raises(IntegrityError), transaction.atomic():  # what a second, simultaneous submission meets
        AccessRequest.objects.create(resource=records, organisation=first.organisation, requested_by=people["gaj_head"],
                                     requested_on=ON, purpose="核查", scope="内部")
    services.access_withdraw(by=people["gaj_officer"], request=first, on=ON)
    assert ask(people["gaj_head"], records, ON).status == RequestStatus.PENDING
    assert ask(people["wxb"], records, ON).status == RequestStatus.PENDING  # another department may ask meanwhile


def test_a_second_request_from_the_page_keeps_the_input(people, records, login):
    ask(people["gaj_officer"], records)
    response = login(people["gaj_head"]).post(reverse("sharing:resource", args=[records.pk]), {
        "_op": "request", "request-purpose": "重复提交的用途", "request-scope": "内部", "request-undertaking": "on"})
    assert response.status_code == 400
    assert "已有待授权的申请" in response.content.decode() and "重复提交的用途" in response.content.decode()


# ---------------------------------------------------------------- 6. the grant term is the platform's own

def test_the_grant_term_is_a_setting_and_says_so(people, records, settings):
    request = ask(people["gaj_officer"], records, ON)
    number = [item(records, "学籍号")]
    kwargs = dict(by=people["head"], undertaking=True, request=request, items=number, scope="内部", purpose="核查", on=ON)
    with pytest.raises(WorkflowError, match="本平台规定授权有效期不超过 3 年"):
        services.access_grant(valid_until=date(2029, 3, 3), **kwargs)
    settings.SHARING_MAX_GRANT_YEARS = 5
    assert services.access_grant(valid_until=date(2029, 3, 3), **kwargs).status == RequestStatus.GRANTED


def test_the_provider_undertakes_too_when_it_grants(login, people, records):
    """Art. 31 binds every party: a grant without the provider's undertaking is refused, one with it is recorded."""
    request = ask(people["gaj_officer"], records)
    number = records.items.filter(name="学籍号")
    with pytest.raises(WorkflowError, match="提供方须承诺"):
        services.access_grant(undertaking=False, by=people["head"], request=request, items=number, scope="内部",
                              purpose="核查", valid_until=date.today() + timedelta(days=30))
    url = reverse("sharing:request", args=[request.pk])
    form = {"_op": "grant", "grant-items": [number.get().pk], "grant-scope": "户政窗口核验", "grant-purpose": "核查",
            "grant-valid_until": (date.today() + timedelta(days=30)).isoformat()}
    page = login(people["head"]).post(url, form)
    assert page.status_code == 400 and "户政窗口核验" in page.content.decode()  # refused, and what was typed stays
    assert login(people["head"]).post(url, {**form, "grant-undertaking": "on"}).status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.GRANTED and request.grant_undertaking_version == UNDERTAKING_VERSION
    assert "信息资源提供方" in login(people["gaj_officer"]).get(url).content.decode()
    record = AuditRecord.objects.filter(object_type="sharing.accessrequest", object_id=str(request.pk),
                                        action="grant").get()
    assert "信息资源提供方" in record.after["provider_undertaking"]
