"""Rule L2 from the region register (Art. 6, 钦政办规〔2024〕1号): warned, cleared, blocked, and absent before 2024-12-06."""

from datetime import date

import pytest
from django.urls import reverse

from govproj.common.errors import WorkflowError
from govproj.projects import services as projects
from govproj.projects.states import State
from govproj.similarity import services
from govproj.similarity.models import Verdict
from govproj.testing.projects import answer_all

from .conftest import NEW_DAY, REWRITE, UNRELATED_ITEM

pytestmark = pytest.mark.django_db

OLD_DAY, SWITCH = date(2024, 12, 5), date(2024, 12, 6)


def l2(project, on=None) -> dict[str, dict]:
    """The L2 findings of ``project`` judged on ``on`` (its declaration date by default), by rule key."""
    findings = projects.judge(project, on or project.declared_on)["findings"]
    return {f["key"]: f for f in findings if f["rule"] == "L2"}


def test_region_match_warns_from_2024_12_06_only(region, declared):
    item = region()
    before, after = declared(on=OLD_DAY, **REWRITE), declared(on=SWITCH, **REWRITE)

    assert projects.judge(before, OLD_DAY)["rulebook"] == "钦政办规〔2023〕6号"
    assert l2(before) == {}
    finding = l2(after)["region_similar"]
    assert finding["severity"] == "warn"
    assert item.name in finding["message"] and "已建成" in finding["message"] and "%" in finding["message"]
    assert finding["citation"] == {"document": "钦政办规〔2024〕1号", "article": "第六条"}


def test_the_warning_is_recorded_with_the_submission(region, declared):
    item = region()
    project = declared(on=SWITCH, **REWRITE)
    recorded = [f for f in project.events.get(step="submit").findings if f["rule"] == "L2"]
    assert [f["key"] for f in recorded] == ["region_similar"] and item.name in recorded[0]["message"]


def test_a_different_project_raises_nothing(region, declared):
    region(**UNRELATED_ITEM)
    assert "region_similar" not in l2(declared(on=NEW_DAY, **REWRITE))


def test_the_warning_shows_while_the_unit_types(cast, region, login):
    region()
    data = {**REWRITE, "declaration_type": "annual", "plan_year": 2027, "build_type": "new", "category": "egov",
            "total_investment": "1980000", "fund_municipal": "1980000", "network": "extranet", "_check": "1"}
    response = login(cast["staff"]).post(reverse("projects:create"), data, HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert "广西医疗保障信息平台" in text and "相似度" in text and "第六条" in text


def test_distinct_clears_overlap_keeps_and_duplicate_blocks(cast, region, declared):
    item, project = region(), declared(on=NEW_DAY, **REWRITE)
    lead = cast["lead"]

    services.judge(by=lead, project=project, matched=item, verdict=Verdict.OVERLAP, reason="部分功能重叠",
                   on=NEW_DAY)
    assert "region_similar" in l2(project)

    services.judge(by=lead, project=project, matched=item, verdict=Verdict.DISTINCT, reason="已核实不重复",
                   on=NEW_DAY)
    assert l2(project) == {}

    services.judge(by=lead, project=project, matched=item, verdict=Verdict.DUPLICATE,
                   reason="移动支付和电子处方流转由自治区平台统一提供", on=NEW_DAY)
    block = l2(project)["region_duplicate"]
    assert block["severity"] == "block" and item.name in block["message"] and "市大数据发展局" in block["message"]

    # the unit takes it back and resubmits unchanged: the verdict stands and refuses the declaration
    projects.withdraw(by=cast["staff"], project=project, reason="按研判意见修改", on=NEW_DAY)
    projects.redraft(by=cast["staff"], project=project, on=NEW_DAY)
    with pytest.raises(WorkflowError, match="重复建设") as refused:
        projects.submit(by=cast["staff"], project=project, on=NEW_DAY)
    assert refused.value.findings[0]["citation"]["article"] == "第六条"
    project.refresh_from_db()
    assert project.state == State.DRAFT


def test_duplicate_verdict_refuses_a_passing_evaluation(cast, region, declared):
    item, project = region(), declared(on=NEW_DAY, **REWRITE)
    projects.start_evaluation(by=cast["lead"], project=project, on=date(2025, 10, 9))
    answer_all(project, cast, "evaluation", date(2025, 10, 20))
    services.judge(by=cast["lead"], project=project, matched=item, verdict=Verdict.DUPLICATE,
                   reason="与自治区平台重复", on=date(2025, 10, 21))
    with pytest.raises(WorkflowError, match="广西医疗保障信息平台"):
        projects.conclude_evaluation(by=cast["lead"], project=project, outcome="pass", on=date(2025, 10, 22))
    returned = projects.conclude_evaluation(by=cast["lead"], project=project, outcome="return",
                                            reason="与自治区统一建设项目重复", on=date(2025, 10, 22))
    assert returned.state == State.RETURNED


def test_project_page_shows_why(cast, region, declared, login):
    region()
    project = declared(on=NEW_DAY, **REWRITE)
    page = login(cast["staff"]).get(reverse("projects:detail", args=[project.pk]))
    findings = page.content.decode().split('id="similarity-panel"')
    assert "广西医疗保障信息平台" in findings[0] and "第六条" in findings[0]  # the finding and its article
    assert "广西医疗保障信息平台" in findings[1] and "对照" in findings[1]  # the comparison panel beside it
