import io

import openpyxl
from django.urls import reverse

from govproj.common.roles import Role

NEW, OLD = "钦政办规〔2024〕1号", "钦政办规〔2023〕6号"


def test_pages_need_login(client, library):
    for url in (reverse("rulebook:list"), reverse("rulebook:search") + "?q=信创",
                reverse("rulebook:document", args=[NEW]), reverse("rulebook:diff")):
        response = client.get(url)
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_document_list_filters_and_exports(staff):
    response = staff.get(reverse("rulebook:list"), {"status": "repealed"})
    assert [d.number for d in response.context["table"].data] == [OLD]
    export = staff.get(reverse("rulebook:list"), {"title": "数字钦州", "_export": "xlsx"})
    rows = list(openpyxl.load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert sorted(r[0] for r in rows[1:]) == [OLD, NEW]


def test_document_page_shows_articles_with_anchors_and_version_chain(staff):
    body = staff.get(reverse("rulebook:document", args=[OLD])).content.decode()
    assert 'id="art-38"' in body and "已废止" in body and NEW in body
    body = staff.get(reverse("rulebook:document", args=[NEW])).content.decode()
    assert 'id="art-37"' in body and 'id="art-38"' not in body and "现行有效" in body
    assert staff.get(reverse("rulebook:document", args=["钦政办规〔1999〕1号"])).status_code == 404


def test_search_ranks_the_article_that_contains_the_phrase_first(staff):
    response = staff.get(reverse("rulebook:search"), {"q": "信创备案证明"})
    first = response.context["hits"][0]
    assert (first.document.number, first.article.label) == (NEW, "第二十二条")
    assert "<mark>信创备案证明</mark>" in response.content.decode()
    empty = staff.get(reverse("rulebook:search"), {"q": "不存在的词语组合甲乙丙"})
    assert empty.context["hits"] == [] and "没有找到" in empty.content.decode()


def test_search_escapes_user_input(staff):
    response = staff.get(reverse("rulebook:search"), {"q": "<script>alert(1)</script>"})
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_diff_pairs_the_two_versions(staff):
    response = staff.get(reverse("rulebook:diff"), {"a": OLD, "b": NEW})
    rows = response.context["rows"]
    left = [r.left.number for r in rows if r.left]
    right = [r.right.number for r in rows if r.right]
    assert left == list(range(1, 39)) and right == list(range(1, 38))
    art22 = next(r for r in rows if r.right and r.right.number == 22)
    assert "<ins>" in art22.right_html and art22.left is not None
    assert staff.get(reverse("rulebook:diff"), {"a": OLD, "b": "钦政办规〔1999〕1号"}).status_code == 404
    index = staff.get(reverse("rulebook:diff"))
    assert f"{OLD} → {NEW}" in index.content.decode()


def test_every_role_may_read_the_library(client, make_user, library):
    for role in Role.values:
        client.force_login(make_user(f"u_{role}", role, "jyj"))
        assert client.get(reverse("rulebook:list")).context["table"].paginator.count == 35


def test_rule_catalogue_links_every_rule_to_its_article(staff):
    body = staff.get(reverse("rulebook:rules")).content.decode()
    new_doc = reverse("rulebook:document", args=[NEW])
    assert f'href="{new_doc}#art-10"' in body and "L13" in body
    assert f'href="{reverse("rulebook:document", args=[OLD])}#art-7"' in body


def test_finding_template_links_citation_to_article_anchor():
    from django.template import Context, Template

    html = Template("{% load rulebook %}{% finding f %}").render(Context({"f": {
        "rule": "L13", "severity": "block", "message": "缺少材料",
        "citation": {"document": NEW, "article": "第二十二条"}}}))
    assert f'href="{reverse("rulebook:document", args=[NEW])}#art-22"' in html and "alert-danger" in html


def test_rule_trial_shows_findings_with_article_links_and_keeps_input(staff):
    url = reverse("rulebook:evaluate")
    data = {"name": "城域网升级", "unit": "市教育局", "declaration_type": "annual", "declared_on": "2024-12-06",
            "total_investment": "4000000.00", "has_resource_catalog": "true", "supports_sharing": "false",
            "new_infrastructure": ["machine_room"]}
    response = staff.post(url, data, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    codes = [f["rule"] for f in response.context["result"]["findings"]]
    assert {"L2", "L13", "L17", "S2", "L9"} <= set(codes)
    assert f'href="{reverse("rulebook:document", args=[NEW])}#art-14"' in body
    full = staff.post(url, {**data, "declared_on": "2024-02-30", "total_investment": "abc"})
    page = full.content.decode()
    assert full.status_code == 200 and 'value="城域网升级"' in page and 'value="abc"' in page
    assert full.context["result"] is None
