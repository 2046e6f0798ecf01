"""Pages through Django's client: login, role (403), scope (404), what an out-of-scope match reveals, kept input."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from govproj.common.roles import Role
from govproj.projects import services as projects
from govproj.similarity import services
from govproj.similarity.models import Judgement, RegionProject, Verdict

from .conftest import REGION_ITEM, REWRITE, UNRELATED_ITEM

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def scene(cast, region, declared):
    """A register item, 市教育局's declaration rewriting it, and 市公安局's draft saying the same."""
    item = region()
    project = declared(**REWRITE)
    other = declared(name="钦州市医保移动支付平台", content=REWRITE["content"], functions=REWRITE["functions"])
    return {"item": item, "project": project, "other": other}


def test_permission_matrix(client, cast, scene, make_user, login):
    bank = make_user("bank", Role.AGENT_BANK, "jyj")
    p, item = scene["project"], scene["item"]
    key = f"r:{item.pk}"
    pages = [
        # url, method, data, allowed, denied (403), out of scope (404)
        (reverse("similarity:panel", args=[p.pk]), "get", None, "staff", bank, "other_unit"),
        (reverse("similarity:compare", args=[p.pk]) + f"?key={key}", "get", None, "oversight", bank, "other_unit"),
        (reverse("similarity:judge", args=[p.pk]), "post", {"key": key, "verdict": "distinct", "reason": "不同"},
         "lead", "staff", "other_unit"),
        (reverse("similarity:check"), "post", {"name": "医保移动支付"}, "staff", "lead", None),
        (reverse("similarity:register"), "get", None, "staff", bank, None),
        (reverse("similarity:region", args=[item.pk]), "get", None, "staff", bank, None),
        (reverse("similarity:template"), "get", None, "staff", bank, None),
        (reverse("similarity:region_create"), "get", None, "lead", "staff", None),
        (reverse("similarity:region_edit", args=[item.pk]), "get", None, "lead", "ndrc", None),
        (reverse("similarity:import"), "get", None, "lead", "oversight", None),
    ]
    for url, method, data, allowed, denied, outsider in pages:
        client.logout()
        anonymous = getattr(client, method)(url, data)
        assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"], url
        ok = getattr(login(cast[allowed]), method)(url, data)
        assert ok.status_code in (200, 302), (url, ok.status_code)
        denied_user = denied if not isinstance(denied, str) else cast[denied]
        assert getattr(login(denied_user), method)(url, data).status_code == 403, url
        if outsider:
            assert getattr(login(cast[outsider]), method)(url, data).status_code == 404, url
    response = login(cast["staff"]).post(reverse("similarity:region_delete", args=[item.pk]))
    assert response.status_code == 403 and RegionProject.objects.filter(pk=item.pk).exists()


def test_panel_lists_matches_and_hides_what_the_viewer_may_not_open(cast, scene, login, orgs):
    mine = projects.submit(by=cast["other_unit"], project=projects.project_create(
        by=cast["other_unit"], unit=orgs["gaj"], category="egov", declaration_type="annual", plan_year=2026,
        total_investment=1000000, region_opinion="已征求自治区医保局意见", **REWRITE), on=timezone.localdate())
    client = login(cast["other_unit"])
    text = client.get(reverse("similarity:panel", args=[mine.pk]), **HX).content.decode()
    p = scene["project"]
    assert p.name in text and "市教育局" in text and "平台项目" in text and "自治区统一建设" in text
    assert reverse("projects:detail", args=[p.pk]) not in text  # named, not linked
    compare = client.get(reverse("similarity:compare", args=[mine.pk]) + f"?key=p:{p.pk}", **HX).content.decode()
    assert "不在您的查看范围内" in compare and "<mark>" in compare
    words = re.sub(r"<[^>]+>", "", compare)
    assert words.count("落实国家医保局工作部署") == 1  # its own text; the other project's identical text is not shown

    region = client.get(reverse("similarity:compare", args=[mine.pk]) + f"?key=r:{scene['item'].pk}", **HX)
    assert "全区统一的医疗保障信息平台" in region.content.decode()


def test_lead_judges_in_the_panel_and_a_bad_form_keeps_the_input(cast, scene, login):
    client = login(cast["lead"])
    p, item = scene["project"], scene["item"]
    panel = client.get(reverse("similarity:panel", args=[p.pk]), **HX).content.decode()
    assert "作出研判" in panel and 'name="verdict"' in panel
    url = reverse("similarity:judge", args=[p.pk])

    kept = client.post(url, {"key": f"r:{item.pk}", "reason": "理由写了但忘选结论"}, **HX)
    assert kept.status_code == 200 and "理由写了但忘选结论" in kept.content.decode() and not Judgement.objects.exists()
    plain = client.post(url, {"key": f"r:{item.pk}", "reason": "理由写了但忘选结论"})
    assert plain.status_code == 400 and "理由写了但忘选结论" in plain.content.decode()

    done = client.post(url, {"key": f"r:{item.pk}", "verdict": "overlap", "reason": "处方流转功能重叠"}, **HX)
    text = done.content.decode()
    assert done.status_code == 200 and "查重研判已记录" in text and "部分重叠" in text and "处方流转功能重叠" in text
    assert Judgement.objects.get().verdict == Verdict.OVERLAP
    assert client.post(url, {"key": f"r:{item.pk}", "verdict": "overlap", "reason": "x"}).status_code == 302


def test_no_judgement_form_for_others_or_outside_review(cast, scene, login):
    p = scene["project"]
    assert "作出研判" not in login(cast["staff"]).get(reverse("similarity:panel", args=[p.pk]), **HX).content.decode()
    projects.withdraw(by=cast["staff"], project=p, reason="修改", on=timezone.localdate())
    assert "作出研判" not in login(cast["lead"]).get(reverse("similarity:panel", args=[p.pk]), **HX).content.decode()


def test_declaration_check_before_saving(cast, region, login):
    region()
    client = login(cast["staff"])
    url = reverse("similarity:check")
    empty = client.post(url, {"name": "", "content": ""}, **HX)
    assert "请先填写项目名称" in empty.content.decode()
    found = client.post(url, {**REWRITE, "category": "egov", "project": ""}, **HX).content.decode()
    assert "广西医疗保障信息平台" in found and "l2-warning" in found and "医保移动支付" in found
    page = client.get(reverse("projects:create")).content.decode()
    assert 'id="check-similar"' in page and url in page


def test_register_list_searches_pages_and_stays_flat(cast, region, login, django_assert_max_num_queries):
    for i in range(30):
        region(name=f"广西测试统一平台{i:02d}", status="planned" if i % 2 else "built")
    region(**UNRELATED_ITEM)
    client = login(cast["staff"])
    url = reverse("similarity:register")
    with django_assert_max_num_queries(12):
        page = client.get(url)
    assert page.status_code == 200 and page.context["table"].paginator.count == 31
    assert "登记项目" not in page.content.decode()  # a unit reads the register, it does not change it
    found = client.get(url, {"q": "开放数据"})
    assert found.context["table"].paginator.count == 1
    assert client.get(url, {"status": "planned"}).context["table"].paginator.count == 15


def test_panel_query_count_does_not_grow_with_matches(cast, scene, region, declared, login,
                                                      django_assert_max_num_queries):
    """The panel lists at most ``TOP`` (10) matches, so 30 candidates give 10 rows; the 30-row resolution is
    asserted on ``selectors.similar_to`` (test_services)."""
    client = login(cast["lead"])
    url = reverse("similarity:panel", args=[scene["project"].pk])
    client.get(url, **HX)
    for i in range(30):
        region(name=f"{REGION_ITEM['name']}（{i}期）")
    with django_assert_max_num_queries(25):
        response = client.get(url, **HX)
    assert len(response.context["matches"]) == services.TOP


def test_register_item_created_edited_and_input_kept(cast, login):
    client = login(cast["lead"])
    bad = client.post(reverse("similarity:region_create"), {**REGION_ITEM, "status": ""})
    assert bad.status_code == 400 and REGION_ITEM["content"] in bad.content.decode()
    created = client.post(reverse("similarity:region_create"), REGION_ITEM)
    item = RegionProject.objects.get()
    assert created.status_code == 302 and item.created_by == cast["lead"]
    client.post(reverse("similarity:region_edit", args=[item.pk]), {**REGION_ITEM, "status": "building"})
    item.refresh_from_db()
    assert item.status == "building" and item.updated_by == cast["lead"]
    page = client.get(reverse("similarity:region", args=[item.pk])).content.decode()
    assert "在建" in page and "修改" in page
    deleted = client.post(reverse("similarity:region_delete", args=[item.pk]))
    assert deleted.status_code == 302 and not RegionProject.objects.exists()


def test_api_lists_matches_within_scope(cast, scene, login):
    p = scene["project"]
    client = login(cast["staff"])
    data = client.get("/api/similar/", {"project": p.pk}).json()
    region = next(m for m in data["matches"] if m["kind"] == "region")
    assert region["name"] == REGION_ITEM["name"] and region["score"] > data["threshold"] and region["phrases"]
    assert client.get("/api/similar/", {"project": "x"}).status_code == 400
    assert login(cast["other_unit"]).get("/api/similar/", {"project": p.pk}).status_code == 404
    client.logout()
    assert client.get("/api/similar/", {"project": p.pk}).status_code == 403
    assert "/api/similar/" in login(cast["staff"]).get("/api/schema/").content.decode()
