"""The funding rules (F3, F5, L25, F6, F9, F11): planted violations, near misses, boundaries and versions.

Every fact is fed through ``rules.evaluate`` as the CLI, the API and the trial page do; the version is the
one in force on ``decided_on`` (the day the funding step is judged).
"""

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from govproj.common.roles import Role
from govproj.rulebook import facts, rules, vocabulary
from govproj.rulebook.forms import EvaluationForm
from govproj.rulebook.versions import version_on

from .conftest import DOCUMENT, NEW_DAY, OLD_DAY, V2023, V2024, complete, finding, funding, ids, keys

FUND_KEYS = ("funding_kind", "fund_materials", "in_annual_plan", "project_approved", "system_non_compliant",
             "fund_change_approved", "fund_change", "payment_amount", "contract_available", "allocation_available",
             "plan_available", "progress_available", "progress_percent", "planned_completion", "evaluation_year",
             "missing_materials", "failed_acceptances_in_row", "unauthorised_changes")
ALL_MATERIALS = ["region_requirements", "construction_plan", "contract"]

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------- baseline

@pytest.mark.parametrize("day", [OLD_DAY, NEW_DAY])
def test_a_declaration_without_funding_facts_triggers_no_funding_rule(orgs, day):
    result = rules.evaluate(funding(day))
    assert result["rulebook"] == DOCUMENT[day]
    assert not {"F3", "F5", "L25", "F6", "F9", "F11"} & set(ids(result))


# ---------------------------------------------------------------- F3 materials (2024 Art. 18)

@pytest.mark.parametrize("kind,required", sorted(vocabulary.FUND_MATERIALS_REQUIRED.items()))
def test_f3_each_kind_needs_exactly_its_materials(orgs, kind, required):
    assert "fund_materials" not in keys(rules.evaluate(funding(funding_kind=kind, fund_materials=list(required))))
    for missing in required:
        present = [m for m in required if m != missing]
        result = rules.evaluate(funding(funding_kind=kind, fund_materials=present))
        found = finding(result, "fund_materials")
        assert (found["rule"], found["severity"]) == ("F3", "block")
        assert str(vocabulary.FUND_MATERIALS[missing]) in found["message"]
        assert str(vocabulary.FUNDING_KINDS[kind]) in found["message"]
        for other in present:
            assert str(vocabulary.FUND_MATERIALS[other]) not in found["message"]


def test_f3_construction_application_may_come_before_its_contract(orgs):
    result = rules.evaluate(funding(funding_kind="construction", fund_materials=["region_requirements",
                                                                                 "construction_plan"]))
    assert "F3" not in ids(result)
    equipment = rules.evaluate(funding(funding_kind="equipment", fund_materials=["region_requirements",
                                                                                "construction_plan"]))
    assert "已签订的项目合同" in finding(equipment, "fund_materials")["message"]


def test_f3_needs_both_the_kind_and_the_materials_to_judge(orgs):
    assert "F3" not in ids(rules.evaluate(funding(funding_kind="equipment")))
    assert "F3" not in ids(rules.evaluate(funding(fund_materials=[])))
    assert "F3" in ids(rules.evaluate(funding(funding_kind="equipment", fund_materials=[])), "block")


def test_f3_applies_only_from_2024_12_06(orgs):
    facts_ = {"funding_kind": "om", "fund_materials": []}
    assert "F3" not in ids(rules.evaluate(funding(OLD_DAY, **facts_)))
    found = finding(rules.evaluate(funding(NEW_DAY, **facts_)), "fund_materials")
    assert found["citation"] == {"document": V2024, "article": "第十八条"}


# ---------------------------------------------------------------- F5 plan gate (2023 Art. 18)

@pytest.mark.parametrize("in_plan,approved,fires,text", [
    (False, True, True, "未列入年度建设工作方案，"),
    (True, False, True, "未经市发展改革委审批，"),
    (False, False, True, "未列入年度建设工作方案且未经市发展改革委审批"),
    (True, True, False, None),
    (None, None, False, None),  # not known is not “not listed”
])
def test_f5_refuses_money_to_projects_outside_the_plan_or_unapproved(orgs, in_plan, approved, fires, text):
    extra = {k: v for k, v in (("in_annual_plan", in_plan), ("project_approved", approved)) if v is not None}
    result = rules.evaluate(funding(OLD_DAY, funding_kind="construction", **extra))
    assert ("fund_plan_gate" in keys(result, "block")) == fires
    if fires:
        found = finding(result, "fund_plan_gate")
        assert found["rule"] == "F5" and text in found["message"]
        assert found["citation"] == {"document": V2023, "article": "第十八条"}


def test_f5_judges_funding_steps_only_and_only_before_2024_12_06(orgs):
    gap = {"in_annual_plan": False, "project_approved": False}
    assert "F5" not in ids(rules.evaluate(funding(OLD_DAY, **gap)))  # a declaration, not a funding step
    assert "F5" in ids(rules.evaluate(funding(OLD_DAY, funding_kind="om", **gap)))
    assert "F5" not in ids(rules.evaluate(funding(NEW_DAY, funding_kind="om", **gap)))


# ---------------------------------------------------------------- L25 security (Art. 32)

@pytest.mark.parametrize("kind,non_compliant,fires", [
    ("om", True, True), ("om", False, False), ("construction", True, False), ("equipment", True, False),
])
def test_l25_refuses_only_om_money_to_a_non_compliant_system(orgs, kind, non_compliant, fires):
    result = rules.evaluate(funding(funding_kind=kind, fund_materials=ALL_MATERIALS,
                                    system_non_compliant=non_compliant))
    assert ("om_non_compliant" in keys(result, "block")) == fires
    if fires:
        assert "不安排运行维护经费" in finding(result, "om_non_compliant")["message"]


# ---------------------------------------------------------------- F6 fund changes (Art. 19)

@pytest.mark.parametrize("change", sorted(vocabulary.FUND_CHANGES))
def test_f6_a_fund_change_needs_the_municipal_approval(orgs, change):
    for approved in (None, False):
        extra = {} if approved is None else {"fund_change_approved": approved}
        found = finding(rules.evaluate(funding(fund_change=change, **extra)), "fund_change_unapproved")
        assert (found["rule"], found["severity"]) == ("F6", "block")
        assert str(vocabulary.FUND_CHANGES[change]) in found["message"]
    assert "F6" not in ids(rules.evaluate(funding(fund_change=change, fund_change_approved=True)))
    assert "F6" not in ids(rules.evaluate(funding(fund_change_approved=False)))


# ---------------------------------------------------------------- F9 disbursement (Art. 21)

PAYMENT_BOUNDS = [("contract_available", "payment_over_contract", "合同尚可支付金额"),
                  ("allocation_available", "payment_over_allocation", "已下达资金尚未拨付的余额"),
                  ("plan_available", "payment_over_plan", "用款计划尚未使用的额度"),
                  ("progress_available", "payment_over_progress", "按工作进度")]


@pytest.mark.parametrize("bound,key,text", PAYMENT_BOUNDS)
def test_f9_payment_up_to_each_bound_passes_and_a_fen_more_is_refused(orgs, bound, key, text):
    left = Decimal("123456.78")
    exact = rules.evaluate(funding(payment_amount=left, **{bound: left}))
    assert "F9" not in ids(exact)
    over = rules.evaluate(funding(payment_amount=left + Decimal("0.01"), **{bound: left}))
    assert keys(over, "block") == [key]
    found = finding(over, key)
    assert found["rule"] == "F9" and text in found["message"]
    assert "123,456.79" in found["message"] and "123,456.78" in found["message"]


def test_f9_names_every_bound_exceeded_and_nothing_without_both_sides(orgs):
    limits = {"contract_available": Decimal("500"), "allocation_available": Decimal("400"),
              "plan_available": Decimal("300"), "progress_available": Decimal("200"), "progress_percent": 20}
    assert keys(rules.evaluate(funding(payment_amount=Decimal("200"), **limits)), "block") == []
    assert keys(rules.evaluate(funding(payment_amount=Decimal("350"), **limits)), "block") == [
        "payment_over_plan", "payment_over_progress"]
    assert "按工作进度（20%）" in finding(rules.evaluate(funding(payment_amount=Decimal("350"), **limits)),
                                      "payment_over_progress")["message"]
    assert "F9" not in ids(rules.evaluate(funding(payment_amount=Decimal("999999"))))
    assert "F9" not in ids(rules.evaluate(funding(contract_available=Decimal("0"))))
    nothing_left = rules.evaluate(funding(payment_amount=Decimal("0.01"), contract_available=Decimal("0")))
    assert keys(nothing_left, "block") == ["payment_over_contract"]


# ---------------------------------------------------------------- F11 performance (Art. 24)

PLANNED = date(2025, 6, 30)


@pytest.mark.parametrize("planned,completed,fires", [
    (PLANNED, None, True),                                  # due in the evaluation year, not finished
    (PLANNED, PLANNED, False),                              # finished on the planned day
    (PLANNED, PLANNED - timedelta(days=1), False),
    (PLANNED, PLANNED + timedelta(days=1), True),           # one day late
    (date(2025, 12, 31), None, True),                       # last day of the evaluation year still counts
    (date(2026, 1, 1), None, False),                        # due only next year
    (date(2024, 6, 30), None, True),                        # overdue from an earlier year
])
def test_f11_not_completed_by_plan(orgs, planned, completed, fires):
    extra = {"completed_on": completed} if completed else {}
    result = rules.evaluate(funding(date(2026, 3, 2), evaluation_year=2025, planned_completion=planned, **extra))
    assert ("performance_not_completed" in keys(result, "warn")) == fires
    if fires:
        message = finding(result, "performance_not_completed")["message"]
        assert planned.isoformat() in message
        assert (f"实际于 {completed.isoformat()} 完工" if completed else "至今未完工") in message


def test_f11_not_completed_waits_for_the_planned_date(orgs):
    """An evaluation opened before the planned date cannot find the project late yet."""
    early = rules.evaluate(funding(date(2025, 6, 30), evaluation_year=2025, planned_completion=PLANNED))
    assert "performance_not_completed" not in keys(early, "warn")
    late = rules.evaluate(funding(date(2025, 7, 1), evaluation_year=2025, planned_completion=PLANNED))
    assert "performance_not_completed" in keys(late, "warn")


def test_f11_not_completed_needs_both_the_plan_and_the_year(orgs):
    assert "F11" not in ids(rules.evaluate(funding(planned_completion=PLANNED)))
    assert "F11" not in ids(rules.evaluate(funding(evaluation_year=2025)))


@pytest.mark.parametrize("failed,fires", [(0, False), (1, False), (2, True), (3, True)])
def test_f11_failed_acceptance_twice_in_a_row(orgs, failed, fires):
    result = rules.evaluate(funding(failed_acceptances_in_row=failed))
    assert ("performance_failed_acceptance" in keys(result, "warn")) == fires
    if fires:
        assert f"连续 {failed} 次" in finding(result, "performance_failed_acceptance")["message"]


@pytest.mark.parametrize("changes,fires", [(0, False), (1, True)])
def test_f11_unauthorised_change(orgs, changes, fires):
    result = rules.evaluate(funding(unauthorised_changes=changes))
    assert ("performance_unauthorised_change" in keys(result, "warn")) == fires


def test_f11_materials_missing_names_each_item(orgs):
    assert "F11" not in ids(rules.evaluate(funding(missing_materials=[])))
    result = rules.evaluate(funding(missing_materials=["fund_reports", "acceptance_application"]))
    message = finding(result, "performance_materials_missing")["message"]
    assert "资金使用情况季度报告" in message and "验收申请" in message and "进度表" not in message


def test_f11_grounds_are_warnings_each_backed_by_a_rule():
    registered = {r.key: r for r in rules.RULES}
    assert set(rules.PERFORMANCE_RULES) == set(vocabulary.PERFORMANCE_GROUNDS)
    for rule_key in rules.PERFORMANCE_RULES.values():
        assert (registered[rule_key].id, registered[rule_key].severity) == ("F11", "warn")


# ---------------------------------------------------------------- versions and citations

@pytest.mark.parametrize("day", [OLD_DAY, NEW_DAY])
@pytest.mark.parametrize("rule_id,key,severity,article,trigger", [
    ("L25", "om_non_compliant", "block", "第三十二条",
     {"funding_kind": "om", "fund_materials": ["construction_plan", "contract"], "in_annual_plan": True,
      "project_approved": True, "system_non_compliant": True}),
    ("F6", "fund_change_unapproved", "block", "第十九条", {"fund_change": "transfer"}),
    ("F9", "payment_over_contract", "block", "第二十一条",
     {"payment_amount": Decimal("10.01"), "contract_available": Decimal("10.00")}),
    ("F9", "payment_over_progress", "block", "第二十一条",
     {"payment_amount": Decimal("10.01"), "progress_available": Decimal("10.00"), "progress_percent": 10}),
    ("F11", "performance_not_completed", "warn", "第二十四条",
     {"evaluation_year": 2024, "planned_completion": date(2024, 6, 30)}),
    ("F11", "performance_failed_acceptance", "warn", "第二十四条", {"failed_acceptances_in_row": 2}),
    ("F11", "performance_materials_missing", "warn", "第二十四条", {"missing_materials": ["progress_reports"]}),
    ("F11", "performance_unauthorised_change", "warn", "第二十四条", {"unauthorised_changes": 1}),
])
def test_funding_rules_of_both_versions_cite_the_version_of_the_deciding_day(orgs, day, rule_id, key, severity,
                                                                              article, trigger):
    result = rules.evaluate(funding(day, **trigger))
    assert result["rulebook"] == DOCUMENT[day]
    found = finding(result, key)
    assert (found["rule"], found["severity"]) == (rule_id, severity)
    assert found["citation"] == {"document": DOCUMENT[day], "article": article}
    # The only finding the trigger adds is the planted one.
    assert set(keys(result)) - set(keys(rules.evaluate(funding(day)))) == {key}


def test_the_declaration_date_does_not_pick_the_version_of_a_funding_step(orgs):
    early = complete(declared_on=OLD_DAY, funding_kind="om", fund_materials=[], in_annual_plan=False)
    assert ids(rules.evaluate(early), "block") == ["F5"]
    assert ids(rules.evaluate({**early, "decided_on": NEW_DAY}), "block") == ["F3"]


def test_cited_articles_say_what_the_funding_rules_enforce(orgs):
    from govproj.rulebook.models import Article
    from govproj.rulebook.services import gazettes_import_bundled

    gazettes_import_bundled()

    def text(document, topic):
        number = version_on(OLD_DAY if document == V2023 else NEW_DAY).articles[topic]
        return Article.objects.get(document__number=document, number=number).text

    assert "未列入年度建设工作方案及未经市发展改革委审批" in text(V2023, "funding")          # F5
    assert "已签订的项目合同" in text(V2024, "funding")                                   # F3
    assert "经费安排计划" in text(V2024, "funding") and "经费安排计划" not in text(V2023, "funding")
    for document in (V2023, V2024):
        assert "市财政局不安排运行维护经费" in text(document, "security")                  # L25
        assert "须经市人民政府批准同意" in text(document, "fund_change")                  # F6
        assert "用款计划、工作进度、合同约定" in text(document, "disbursement")            # F9
        assert "连续2次未能通过总体验收" in text(document, "performance")                  # F11
        assert "季度" in text(document, "fund_reports")


def test_version_data_of_the_fund_keys_matches_the_articles(orgs):
    from govproj.rulebook.models import Article
    from govproj.rulebook.services import gazettes_import_bundled

    gazettes_import_bundled()
    old, new = version_on(OLD_DAY), version_on(NEW_DAY)
    for version in (old, new):
        art19 = Article.objects.get(document__number=version.document, number=version.articles["fund_change"])
        assert version.recovery_method in art19.text
        assert orgs[version.finance_department].short_name == "市财政局"
        assert {version.articles[t] for t in ("pool", "fund_change", "disbursement", "fund_reports")} == {17, 19, 21, 27}
    assert (old.recovery_method, new.recovery_method) == ("核销", "盘活")
    # Art. 32: 网信、保密、公安 determine in both; 大数据 joins in 2024.
    assert set(new.security_determiners) - set(old.security_determiners) == {"dsj"}
    assert {"wxb", "bmj", "gaj"} <= set(old.security_determiners)


# ---------------------------------------------------------------- strict facts

@pytest.mark.parametrize("key,value", [
    ("funding_kind", "capital"),
    ("funding_kind", ["om"]),
    ("fund_materials", ["invoice"]),
    ("fund_materials", "contract"),
    ("fund_change", "cancel"),
    ("fund_change_approved", "yes"),
    ("in_annual_plan", 1),
    ("system_non_compliant", "true"),
    ("payment_amount", "-0.01"),
    ("payment_amount", "NaN"),
    ("contract_available", True),
    ("plan_available", "一百"),
    ("progress_percent", "50"),
    ("progress_percent", 50.5),
    ("planned_completion", "2025-02-30"),
    ("evaluation_year", True),
    ("missing_materials", ["fund_report"]),
    ("failed_acceptances_in_row", "2"),
    ("unauthorised_changes", 1.0),
])
def test_bad_funding_facts_are_rejected_with_the_key_named(key, value):
    good = {"name": "x", "unit": "y", "declaration_type": "annual", "declared_on": "2025-03-01"}
    with pytest.raises(facts.FactsError) as err:
        facts.parse({**good, key: value}, vocabulary.SCHEMA, vocabulary.REQUIRED)
    [message] = err.value.errors
    assert f"字段 {key} 的值无效" in message


def test_good_funding_facts_are_parsed_to_their_types():
    parsed = facts.parse(facts.loads(json.dumps({
        "name": "x", "unit": "y", "declaration_type": "annual", "declared_on": "2025-03-01",
        "funding_kind": "om", "fund_materials": ["contract", "contract"], "fund_change": "add",
        "fund_change_approved": False, "payment_amount": 100.1, "contract_available": "100", "progress_percent": 0,
        "planned_completion": "2025-06-30", "evaluation_year": 2025, "missing_materials": ["fund_reports"],
        "failed_acceptances_in_row": 2, "unauthorised_changes": 0})), vocabulary.SCHEMA, vocabulary.REQUIRED)
    assert parsed["payment_amount"] == Decimal("100.1") and parsed["contract_available"] == Decimal("100")
    assert parsed["fund_materials"] == ["contract"] and parsed["fund_change_approved"] is False
    assert parsed["planned_completion"] == date(2025, 6, 30) and parsed["progress_percent"] == 0


def test_every_funding_fact_is_in_the_schema():
    assert set(FUND_KEYS) <= set(vocabulary.SCHEMA)


# ---------------------------------------------------------------- CLI, API and the trial page

def test_evaluate_command_and_api_accept_the_funding_facts(orgs, tmp_path, capsys, client, make_user):
    payload = {"name": "项目", "unit": "市教育局", "declaration_type": "annual", "declared_on": "2024-03-01",
               "decided_on": "2024-12-06", "has_resource_catalog": True, "has_crypto_plan": True,
               "has_xinchuang_plan": True, "region_opinion_recorded": True, "supports_sharing": True,
               "funding_kind": "om", "fund_materials": ["construction_plan"], "system_non_compliant": True,
               "in_annual_plan": False, "fund_change": "transfer", "fund_change_approved": False,
               "payment_amount": 100.01, "contract_available": 100, "allocation_available": "100.01",
               "progress_percent": 30, "planned_completion": "2024-06-30", "evaluation_year": 2024,
               "missing_materials": ["fund_reports"], "failed_acceptances_in_row": 2, "unauthorised_changes": 1}
    path = tmp_path / "funds.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    call_command("rules", "evaluate", str(path))
    printed = json.loads(capsys.readouterr().out)
    assert printed["rulebook"] == V2024
    assert keys(printed, "block") == ["fund_change_unapproved", "fund_materials", "om_non_compliant",
                                      "payment_over_contract"]   # F5 is not a 2024 rule; allocation fits exactly
    assert keys(printed, "warn") == sorted(rules.PERFORMANCE_RULES.values())

    client.force_login(make_user("jyj_staff", Role.UNIT_STAFF, "jyj"))
    response = client.post("/api/v1/rules/evaluate", payload, content_type="application/json")
    assert response.status_code == 200 and response.json() == printed

    bad = client.post("/api/v1/rules/evaluate", {**payload, "funding_kind": "capital", "fund_change": "cancel"},
                      content_type="application/json")
    assert bad.status_code == 400
    errors = "；".join(bad.json()["errors"])
    assert "funding_kind" in errors and "fund_change" in errors
    path.write_text(json.dumps({**payload, "payment_amount": -1}), encoding="utf-8")
    with pytest.raises(CommandError) as err:
        call_command("rules", "evaluate", str(path))
    assert err.value.returncode == 2 and "payment_amount" in str(err.value)


@pytest.fixture
def staff(client, make_user):
    client.force_login(make_user("jyj_staff", Role.UNIT_STAFF, "jyj"))
    return client


def test_trial_form_has_every_funding_fact_with_a_chinese_label(orgs):
    form = EvaluationForm()
    for key in FUND_KEYS:
        label = str(form.fields[key].label)
        assert any("\u4e00" <= ch <= "\u9fff" for ch in label), (key, label)
        assert not form.fields[key].required, key
    kind_choices = dict(form.fields["funding_kind"].choices)
    assert kind_choices["om"] == "项目运维经费"
    assert {str(v) for _k, v in form.fields["missing_materials"].choices} == {"资金使用情况报告", "进度表", "验收申请"}


def test_trial_page_renders_the_funding_fields_and_judges_them(staff):
    url = reverse("rulebook:evaluate")
    body = staff.get(url).content.decode()
    for text in ("申请经费类别", "经费申请已附材料", "已签订的项目合同", "资金调整类型", "项目间调剂使用",
                 "资金调整已经市人民政府批准", "本次拨付金额（元）", "合同尚可支付（元）", "按进度可拨付余额（元）",
                 "计划完成日期", "绩效评价年度", "连续未通过验收次数", "擅自变更建设内容次数",
                 "信息系统已被认定不符合安全要求", 'name="payment_amount"', 'name="fund_materials"'):
        assert text in body, text
    data = {"name": "机房运维", "unit": "市教育局", "declaration_type": "annual", "declared_on": "2024-03-01",
            "decided_on": "2024-12-06", "has_resource_catalog": "true", "has_crypto_plan": "true",
            "has_xinchuang_plan": "true", "region_opinion_recorded": "true", "funding_kind": "om",
            "fund_materials": ["construction_plan", "contract"], "system_non_compliant": "true",
            "payment_amount": "500.00", "plan_available": "499.99", "failed_acceptances_in_row": "1"}
    response = staff.post(url, data, HTTP_HX_REQUEST="true")
    result = response.context["result"]
    assert keys(result, "block") == ["om_non_compliant", "payment_over_plan"]
    assert "performance_failed_acceptance" not in keys(result)
    page = response.content.decode()
    assert "不安排运行维护经费" in page and "#art-32" in page and "#art-21" in page
    rejected = staff.post(url, {**data, "funding_kind": "capital", "progress_percent": "101"})
    assert rejected.context["result"] is None
    assert set(rejected.context["form"].errors) == {"funding_kind", "progress_percent"}
