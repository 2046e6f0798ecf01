"""The sharing models keep their own cross-field rules; the services refuse with the model's Chinese messages."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from govproj.audit.models import AuditRecord
from govproj.common.errors import WorkflowError
from govproj.sharing import services
from govproj.sharing.models import (
    Assessment,
    AssessmentRow,
    Catalogue,
    CloudStatus,
    InformationSystem,
    ZombieDetermination,
)
from govproj.testing.sharing import resource


def system_data(project, **fields):
    return {"name": "教育数据交换平台", "project": project, "cloud_status": CloudStatus.MIGRATED, "dengbao_level": 2,
            **fields}


def test_a_system_belongs_to_a_project_of_the_unit_that_runs_it(people, declare, orgs):
    """The model names the field at fault, so the form and any other caller are told the same."""
    elsewhere = declare(unit="dsj")
    with pytest.raises(ValidationError) as info:
        InformationSystem(owner=orgs["jyj"], **system_data(elsewhere)).full_clean()
    assert info.value.message_dict == {"project": ["所选项目不是该运维单位建设的项目。"]}

    with pytest.raises(WorkflowError, match="所选项目不是该运维单位建设的项目。"):
        services.system_save(by=people["staff"], owner=orgs["jyj"], data=system_data(elsewhere))
    assert not InformationSystem.objects.exists()
    own = declare()
    system = services.system_save(by=people["staff"], owner=orgs["jyj"], data=system_data(own))
    assert system.project == own and str(system) == "教育数据交换平台"


def test_a_system_once_determined_a_zombie_keeps_its_project(people, declare, orgs):
    """Rule S5 finds the determination through the project: another project of the same unit is refused too."""
    first, second = declare(), declare(name="钦州市教育督导平台")
    system = services.system_save(by=people["staff"], owner=orgs["jyj"], data=system_data(first))
    services.system_save(by=people["staff"], owner=orgs["jyj"], system=system, data=system_data(second))
    system.refresh_from_db()
    assert system.project == second  # no determination yet: the unit may correct the project
    ZombieDetermination.objects.create(system=system, determined_on=date(2025, 5, 6), reason="连续12个月无业务访问")
    with pytest.raises(WorkflowError, match="所属项目不能更改"):
        services.system_save(by=people["staff"], owner=orgs["jyj"], system=system, data=system_data(first))
    system.refresh_from_db()
    assert system.project == second
    # other fields may still change
    services.system_save(by=people["staff"], owner=orgs["jyj"], system=system,
                         data=system_data(second, dengbao_level=3))
    system.refresh_from_db()
    assert system.dengbao_level == 3


def test_a_no_data_statement_needs_its_reasons_and_only_the_model_message_is_shown(people, declare):
    """Art. 29: the database constraint backs the rule, but the user reads the model's message, not its name."""
    project = declare()
    with pytest.raises(ValidationError) as info:
        Catalogue(project=project, produces_no_data=True, no_data_statement="  ").full_clean()
    assert info.value.message_dict == {"no_data_statement": ["请说明项目为何不产生任何数据。"]}

    with pytest.raises(WorkflowError) as refused:
        services.no_data_declare(by=people["staff"], project=project, statement="  ")
    assert refused.value.messages == ["请说明项目为何不产生任何数据。"]
    assert not Catalogue.objects.filter(project=project, produces_no_data=True).exists()
    assert not AuditRecord.objects.filter(object_type="sharing.catalogue", action="decision").exists()

    catalogue = services.no_data_declare(by=people["staff"], project=project, statement="仅采购会议终端设备")
    assert catalogue.produces_no_data and catalogue.no_data_statement == "仅采购会议终端设备"
    assert catalogue.stated_by == people["staff"]
    with pytest.raises(WorkflowError, match="不产生任何数据"):
        resource(people["staff"], project)


def test_every_sharing_model_reads_in_chinese(orgs):
    row = AssessmentRow(assessment=Assessment(year=2025), organisation=orgs["jyj"])
    assert str(row) == f"{orgs['jyj']}的2025年度共享政务信息资源考核结果"
