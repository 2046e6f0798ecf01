import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from govproj.common.roles import Role
from govproj.rulebook import facts, rules, vocabulary

from .conftest import NEW_DAY, OLD_DAY, complete, ids

pytestmark = pytest.mark.django_db


def test_complete_declaration_has_no_blocking_finding(orgs):
    for day in (OLD_DAY, NEW_DAY):
        assert ids(rules.evaluate(complete(declared_on=day)), "block") == []


def test_version_and_departments_switch_on_2024_12_06(orgs):
    old, new = rules.evaluate(complete(declared_on=OLD_DAY)), rules.evaluate(complete(declared_on=NEW_DAY))
    assert (old["rulebook"], old["lead_department"]) == ("钦政办规〔2023〕6号", "市发展改革委")
    assert (new["rulebook"], new["lead_department"]) == ("钦政办规〔2024〕1号", "市大数据发展局")
    assert "市住房城乡建设局" in old["evaluation_departments"] and "市委网信办" not in old["evaluation_departments"]
    assert "市委网信办" in new["evaluation_departments"]


@pytest.mark.parametrize("amount,items", [
    ("3999999.99", ["项目建议书", "可行性研究报告"]),
    ("4000000.00", ["项目建议书", "可行性研究报告"]),        # 400万元以下 includes 400万
    ("4000000.01", ["项目建议书", "可行性研究报告", "初步设计方案", "投资概算"]),
])
def test_preliminary_design_threshold(orgs, amount, items):
    for day in (OLD_DAY, NEW_DAY):
        assert rules.evaluate(complete(declared_on=day, total_investment=Decimal(amount)))["required_approval_items"] == items


@pytest.mark.parametrize("amount,supervision", [
    ("499999.99", "lead_department_arranges"), ("500000.00", "lead_department_arranges"),
    ("500000.01", "unit_entrusts"),
])
def test_supervision_threshold(orgs, amount, supervision):
    result = rules.evaluate(complete(declared_on=NEW_DAY, total_investment=Decimal(amount)))
    assert result["supervision"] == supervision
    assert ("L18" in ids(result)) == (supervision == "lead_department_arranges")


def test_region_opinion_only_from_2024(orgs):
    facts_ = complete(region_opinion_recorded=False)
    assert "L2" not in ids(rules.evaluate({**facts_, "declared_on": OLD_DAY}))
    assert "L2" in ids(rules.evaluate({**facts_, "declared_on": NEW_DAY}), "block")
    assert "L2" not in ids(rules.evaluate({**facts_, "declared_on": NEW_DAY, "region_requirement_doc": True}))
    # declared under 2023, approval applied for under 2024: the declaration duty of Art. 6 (2024) never arose
    later = rules.evaluate({**facts_, "declared_on": OLD_DAY, "decided_on": date(2025, 3, 3), "region_unified": True})
    assert later["rulebook"] == "钦政办规〔2024〕1号" and "L2" not in ids(later)


def test_required_materials_differ_by_version(orgs):
    facts_ = complete(has_crypto_plan=False, has_xinchuang_plan=False)
    assert "L13" not in ids(rules.evaluate({**facts_, "declared_on": OLD_DAY}))
    new = rules.evaluate({**facts_, "declared_on": NEW_DAY})
    [finding] = [f for f in new["findings"] if f["rule"] == "L13"]
    assert "密码应用方案" in finding["message"] and "信创技术应用方案" in finding["message"]
    assert finding["citation"] == {"document": "钦政办规〔2024〕1号", "article": "第十条"}
    assert "L13" in ids(rules.evaluate(complete(declared_on=OLD_DAY, has_resource_catalog=False)), "block")


def test_annual_deadline_boundary(orgs):
    on_time = complete(declared_on=date(2025, 9, 30), plan_year=2026)
    assert "L3" not in ids(rules.evaluate(on_time))
    late = rules.evaluate({**on_time, "declared_on": date(2025, 10, 1)})
    assert [f["severity"] for f in late["findings"] if f["rule"] == "L3"] == ["warn"]


def test_special_declaration_needs_both_opinions_and_a_plan(orgs):
    special = complete(declaration_type="special", declared_on=NEW_DAY, has_construction_plan=True)
    result = rules.evaluate({**special, "lead_opinion_recorded": True})
    [finding] = [f for f in result["findings"] if f["rule"] == "L6"]
    assert "市财政局" in finding["message"] and "市大数据发展局" not in finding["message"]
    ok = {**special, "lead_opinion_recorded": True, "finance_opinion_recorded": True}
    assert "L6" not in ids(rules.evaluate(ok))
    assert "L6" in ids(rules.evaluate({**ok, "has_construction_plan": False}), "block")


def test_lead_department_as_unit_is_approved_by_ndrc_from_2024(orgs):
    new = rules.evaluate(complete(unit="市大数据发展局", declared_on=NEW_DAY))
    assert (new["approver"], new["acceptance_organiser"]) == ("市发展改革委", "市发展改革委")
    assert "L8" in ids(new)
    old = rules.evaluate(complete(unit="市发展改革委", declared_on=OLD_DAY))
    assert old["approver"] == "市发展改革委" and "L8" not in ids(old)


def test_2023_plan_shortcuts_and_civil_works(orgs):
    old = rules.evaluate(complete(declared_on=OLD_DAY, in_national_or_region_plan=True))
    assert old["required_approval_items"][0] == "可行性研究报告" and "L11" in ids(old)
    new = rules.evaluate(complete(declared_on=NEW_DAY, in_national_or_region_plan=True))
    assert new["required_approval_items"][0] == "项目建议书" and "L11" not in ids(new)
    civil = rules.evaluate(complete(declared_on=NEW_DAY, new_civil_works=True))
    assert civil["required_approval_items"][-4:] == ["节能评估", "规划选址", "用地预审", "环境影响评价"]


def test_sharing_infrastructure_and_xinchuang(orgs):
    assert "S2" in ids(rules.evaluate(complete(supports_sharing=False)), "block")
    assert "S2" not in ids(rules.evaluate(complete(supports_sharing=False, produces_data=False)))
    infra = rules.evaluate(complete(new_infrastructure=["machine_room", "internet_egress"]))
    assert "互联网出口" in next(f["message"] for f in infra["findings"] if f["rule"] == "L17")
    assert "L14" in ids(rules.evaluate(complete(xinchuang_exception_approved=False)), "block")


ALL_ITEMS = ["项目建议书", "可行性研究报告", "初步设计方案", "投资概算"]


def test_region_unified_project_is_refused_from_2024_12_06_and_keeps_its_approval_items(orgs):
    """2024 Art. 6 ¶2: what the region builds itself is not declared again; the 2023 measures have no such
    paragraph. It is not the documents case of Art. 9: L10 stays silent and the approval items stay."""
    new = rules.evaluate(complete(declared_on=NEW_DAY, region_unified=True))
    [block] = [f for f in new["findings"] if f["key"] == "region_duplicate"]
    assert (block["rule"], block["severity"]) == ("L2", "block")
    assert block["citation"] == {"document": "钦政办规〔2024〕1号", "article": "第六条"}
    assert "L10" not in ids(new) and new["required_approval_items"] == ALL_ITEMS
    old = rules.evaluate(complete(declared_on=OLD_DAY, region_unified=True))
    assert old["rulebook"] == "钦政办规〔2023〕6号" and ids(old, "block") == []
    assert "L10" not in ids(old) and old["required_approval_items"] == ALL_ITEMS


@pytest.mark.parametrize("day,document", [(OLD_DAY, "钦政办规〔2023〕6号"), (NEW_DAY, "钦政办规〔2024〕1号")])
def test_city_share_covered_by_unified_documents_needs_no_documents_of_its_own(orgs, day, document):
    """Art. 9 of both versions: the city's share is declared and approved, without its own proposal, feasibility
    study, preliminary design or estimate; civil-works approvals are no such documents and stay."""
    share = rules.evaluate(complete(declared_on=day, unified_documents_cover_city=True))
    assert share["rulebook"] == document and ids(share, "block") == []
    [info] = [f for f in share["findings"] if f["rule"] == "L10"]
    assert info["severity"] == "info" and info["citation"] == {"document": document, "article": "第九条"}
    assert share["required_approval_items"] == []
    civil = rules.evaluate(complete(declared_on=day, unified_documents_cover_city=True, new_civil_works=True))
    assert civil["required_approval_items"] == ["节能评估", "规划选址", "用地预审", "环境影响评价"]
    # the region building the project itself still refuses it under the 2024 measures, whatever its documents
    both = rules.evaluate(complete(declared_on=day, unified_documents_cover_city=True, region_unified=True))
    assert ("L2" in ids(both, "block")) == (document == "钦政办规〔2024〕1号")


def test_every_rule_is_cited_to_an_existing_article(orgs):
    from govproj.rulebook.models import Article, Document
    from govproj.rulebook.services import gazettes_import_bundled

    gazettes_import_bundled()
    for row in rules.catalogue():
        citation = row["citation"]
        if isinstance(citation.article, int):
            assert Article.objects.filter(document__number=citation.document, number=citation.article).exists(), row
        else:  # a part of a document that has no articles
            assert not Article.objects.filter(document__number=citation.document).exists(), row
            assert Document.objects.filter(number=citation.document).exists(), row


def test_unknown_keys_and_bad_values_are_rejected():
    with pytest.raises(facts.FactsError) as err:
        facts.parse({"name": "x", "unit": "y", "declaration_type": "yearly", "declared_on": "2025-02-30",
                     "total_investment": "abc", "new_infrastructure": ["moon_base"], "colour": "red"},
                    vocabulary.SCHEMA, vocabulary.REQUIRED)
    text = "；".join(err.value.errors)
    for key in ("colour", "declaration_type", "declared_on", "total_investment", "new_infrastructure"):
        assert key in text


def test_evaluate_command_and_api(orgs, tmp_path, capsys, client, make_user):
    payload = {"name": "项目", "unit": "市教育局", "declaration_type": "annual", "declared_on": "2024-12-05",
               "total_investment": 3999999.99, "has_resource_catalog": True, "supports_sharing": True}
    path = tmp_path / "p.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    call_command("rules", "evaluate", str(path))
    printed = json.loads(capsys.readouterr().out)
    assert printed["rulebook"] == "钦政办规〔2023〕6号"

    assert client.post("/api/v1/rules/evaluate", payload, content_type="application/json").status_code == 403
    client.force_login(make_user("jyj_staff", Role.UNIT_STAFF, "jyj"))
    response = client.post("/api/v1/rules/evaluate", payload, content_type="application/json")
    assert response.status_code == 200 and response.json() == printed
    bad = client.post("/api/v1/rules/evaluate", {**payload, "oops": 1}, content_type="application/json")
    assert bad.status_code == 400 and "未知字段：oops" in bad.json()["errors"]
    path.write_text(json.dumps({**payload, "declared_on": "2020-01-01"}), encoding="utf-8")
    with pytest.raises(CommandError) as err:
        call_command("rules", "evaluate", str(path))
    assert err.value.returncode == 2


@pytest.mark.parametrize("day,document", [(OLD_DAY, "钦政办规〔2023〕6号"), (NEW_DAY, "钦政办规〔2024〕1号")])
@pytest.mark.parametrize("rule_id,severity,article,trigger", [
    ("L12", "info", "第九条", {"high_energy": True}),
    ("L14", "block", "第十一条", {"xinchuang_exception_approved": False}),
    ("L17", "block", "第十四条", {"new_infrastructure": ["website_platform"]}),
    ("L24", "info", "第三十四条", {"classified": True}),
    ("S2", "block", "第二十九条", {"supports_sharing": False}),
    ("L10", "info", "第九条", {"unified_documents_cover_city": True}),
    ("L9", "info", "第九条", {"total_investment": Decimal("4000000.00")}),
    ("L18", "info", "第十五条", {"total_investment": Decimal("500000.00")}),
    ("L3", "warn", "第七条", {"declared_on": None, "plan_year": None}),
])
def test_rules_of_both_versions_cite_their_own_version(orgs, day, document, rule_id, severity, article, trigger):
    facts_ = complete(declared_on=day, **{k: v for k, v in trigger.items() if v is not None})
    if rule_id == "L3":  # a late annual declaration on the deciding date itself
        facts_["plan_year"] = day.year
    result = rules.evaluate(facts_)
    matches = [f for f in result["findings"] if f["rule"] == rule_id and f["severity"] == severity]
    assert matches, result["findings"]
    assert {tuple(f["citation"].values()) for f in matches} == {(document, article)}
    # Baseline: the same project without the trigger (declared well before its plan year's deadline).
    assert rule_id not in ids(rules.evaluate(complete(declared_on=day, plan_year=day.year + 2)))
