"""Rule S5 (钦政办〔2019〕5号 二（二）1): no O&M money while a system of the project is a zombie, under both measures.

The document has no articles, so its citation names the part, shown as is and linked to the document.
"""

import pytest
from django.template import Context, Template
from django.urls import reverse

from govproj.rulebook import rules
from govproj.rulebook.models import Document
from govproj.rulebook.versions import Citation

from .conftest import DOCUMENT, NEW_DAY, OLD_DAY, finding, funding, keys

pytestmark = pytest.mark.django_db
ZOMBIE_DOC = "钦政办〔2019〕5号"
PART = {"document": ZOMBIE_DOC, "article": "二（二）1"}
OM = {"funding_kind": "om", "fund_materials": ["construction_plan", "contract"], "in_annual_plan": True,
      "project_approved": True}


@pytest.mark.parametrize("day", [OLD_DAY, NEW_DAY])
def test_s5_refuses_om_money_for_a_zombie_system_under_both_versions(orgs, day):
    result = rules.evaluate(funding(day, zombie_systems=["教育统计报表系统", "旧版门户"], **OM))
    assert result["rulebook"] == DOCUMENT[day]
    found = finding(result, "om_zombie_system")
    assert (found["rule"], found["severity"], found["citation"]) == ("S5", "block", PART)
    assert "“教育统计报表系统”“旧版门户”已被认定为“僵尸”系统" in found["message"]
    assert set(keys(result)) - set(keys(rules.evaluate(funding(day, **OM)))) == {"om_zombie_system"}


@pytest.mark.parametrize("kind", ["construction", "equipment"])
def test_s5_leaves_other_money_alone(orgs, kind):
    assert "om_zombie_system" not in keys(rules.evaluate(funding(funding_kind=kind, zombie_systems=["旧系统"])))


def test_l25_is_art_32_non_compliance_only(orgs):
    zombie = rules.evaluate(funding(zombie_systems=["旧系统"], **OM))
    assert "om_non_compliant" not in keys(zombie)
    both = rules.evaluate(funding(zombie_systems=["旧系统"], system_non_compliant=True, **OM))
    assert keys(both, "block") == ["om_non_compliant", "om_zombie_system"]
    assert finding(both, "om_non_compliant")["citation"] == {"document": DOCUMENT[NEW_DAY], "article": "第三十二条"}


def test_a_citation_names_an_article_or_a_part_and_reads_back_from_its_dict():
    article, part = Citation("钦政办规〔2024〕1号", 32), Citation(ZOMBIE_DOC, "二（二）1")
    assert (article.label, part.label) == ("钦政办规〔2024〕1号第三十二条", "钦政办〔2019〕5号二（二）1")
    assert part.as_dict() == PART
    assert [Citation.from_dict(c.as_dict()) for c in (article, part)] == [article, part]


def test_the_cited_part_says_what_s5_enforces(library):
    body = Document.objects.get(number=ZOMBIE_DOC).body
    assert "推进信息系统自查清理" in body and "被确定为“僵尸”系统的须及时关停" in body
    assert "财政部门不再安排运维经费" in body


def test_rule_catalogue_and_findings_link_a_part_to_its_document(staff):
    document = reverse("rulebook:document", args=[ZOMBIE_DOC])
    body = staff.get(reverse("rulebook:rules")).content.decode()
    assert body.count(f'href="{document}">{ZOMBIE_DOC}二（二）1</a>') == 2  # one row per version
    html = Template("{% load rulebook %}{% finding f %}").render(Context({"f": {
        "rule": "S5", "severity": "block", "message": "“僵尸”系统", "citation": PART}}))
    assert f'href="{document}"' in html and "（钦政办〔2019〕5号二（二）1）" in html
    assert staff.get(document).status_code == 200
