"""Rule S2 (Art. 29 of both versions) judges the catalogue's data at approval and at funding."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from govproj.audit.models import AuditRecord
from govproj.common.errors import WorkflowError
from govproj.projects import services as project_services
from govproj.projects.states import State
from govproj.rulebook import rules
from govproj.sharing import services
from govproj.sharing.models import ShareType
from govproj.testing.projects import (
    D23,
    D24,
    approve_items,
    one_block,
    ready_to_issue,
    refused,
    walk,
)
from govproj.testing.sharing import (
    resource,
)

V2023, V2024 = "钦政办规〔2023〕6号", "钦政办规〔2024〕1号"


def issue(project, by, on, ref="钦审〔2025〕1号"):
    return project_services.issue_approval(by=by, project=project, approval_ref=ref, on=on)


def test_2024_a_catalogue_with_nothing_shareable_blocks_approval_until_it_shares(cast, declare):
    # given a project ready for approval whose catalogue shares nothing
    p = ready_to_issue(declare(centrally_funded=True), cast, D24)
    res = resource(cast["staff"], p, share_type=ShareType.NONE)
    # when the big-data bureau issues the approval, then S2 refuses it with the 2024 citation
    exc = refused(WorkflowError, lambda: issue(p, cast["lead"], D24), p, "issue_approval")
    finding = one_block(exc, "no_sharing")
    assert finding["rule"] == "S2" and finding["citation"] == {"document": V2024, "article": "第二十九条"}
    assert "市大数据发展局不予审批" in finding["message"] and "1 项信息资源" in finding["message"]
    # the catalogue overrides the declaration's own flag (still "supports sharing")
    assert p.supports_sharing is True
    # a shareable resource lifts the block
    services.resource_save(by=cast["staff"], project=p, resource=res,
                           data={"share_type": ShareType.CONDITIONAL, "share_conditions": "仅限教育业务"})
    assert issue(p, cast["lead"], D24).state == State.APPROVED


def test_2023_the_same_gate_names_the_development_reform_commission(cast, declare):
    kinds = ("region_requirement", "resource_catalog", "construction_plan")
    p = walk(declare(kinds=kinds, declaration_type="special", plan_year=2024), cast, State.APPROVING, D23)
    approve_items(p, cast, D23, chapters=("sharing",))
    resource(cast["staff"], p, share_type=ShareType.NONE)
    on = date(2024, 4, 3)
    exc = refused(WorkflowError, lambda: issue(p, cast["ndrc"], on), p, "issue_approval")
    finding = one_block(exc, "no_sharing")
    assert finding["citation"] == {"document": V2023, "article": "第二十九条"}
    assert "市发展改革委不予审批" in finding["message"]
    # a business-collaboration scenario also satisfies Art. 29
    services.collaboration_set(by=cast["staff"], project=p, text="与市人社局协同办理教师资格认定")
    assert issue(p, cast["ndrc"], on).state == State.APPROVED


def test_an_empty_catalogue_blocks_a_data_producing_project(cast, declare):
    p = ready_to_issue(declare(centrally_funded=True), cast, D24)
    services.collaboration_set(by=cast["staff"], project=p, text="")
    exc = refused(WorkflowError, lambda: issue(p, cast["lead"], D24), p, "issue_approval")
    assert "共 0 项信息资源" in one_block(exc, "no_sharing")["message"]


def test_producing_no_data_is_an_explicit_audited_statement(cast, declare):
    p = ready_to_issue(declare(centrally_funded=True, supports_sharing=False), cast, D24)
    with pytest.raises(WorkflowError, match="说明"):
        services.no_data_declare(by=cast["staff"], project=p, statement=" ")
    catalogue = services.no_data_declare(by=cast["staff"], project=p, statement="项目仅采购会议终端设备，不产生数据")
    record = AuditRecord.objects.get(object_type="sharing.catalogue", object_id=str(catalogue.pk), action="decision")
    assert record.after["step"] == "no_data_declare" and record.actor == cast["staff"]
    # a statement cannot sit beside resources, nor resources beside a statement
    with pytest.raises(WorkflowError, match="不产生任何数据"):
        resource(cast["staff"], p)
    assert issue(p, cast["lead"], D24).state == State.APPROVED


def test_someone_else_cannot_state_it(cast, declare):
    p = declare(centrally_funded=True)
    with pytest.raises(PermissionDenied):
        services.no_data_declare(by=cast["other_unit"], project=p, statement="不产生数据")


def test_statement_refused_while_resources_exist(cast, declare):
    p = declare(centrally_funded=True)
    resource(cast["staff"], p)
    with pytest.raises(WorkflowError, match="已有 1 项"):
        services.no_data_declare(by=cast["staff"], project=p, statement="不产生数据")


@pytest.mark.parametrize("facts, blocked", [
    ({"shareable_resources": 0, "catalogue_resources": 2}, True),
    ({"shareable_resources": 0, "collaboration_scenario": True}, False),
    ({"shareable_resources": 1}, False),
    ({"shareable_resources": 0, "produces_data": False}, False),
    ({"supports_sharing": False}, True),  # no catalogue: the declaration's flag, as before
])
def test_rule_s2_on_catalogue_facts(facts, blocked, orgs):
    base = {"name": "x", "unit": "jyj", "declaration_type": "annual", "declared_on": D24}
    found = [f for f in rules.evaluate({**base, **facts})["findings"] if f["key"] == "no_sharing"]
    assert bool(found) is blocked
