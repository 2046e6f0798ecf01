"""The system register: a zombie system (钦政办〔2019〕5号) or a non-compliant one (Art. 32) gets no O&M money."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from govproj.common.errors import WorkflowError
from govproj.funds import services as fund_services
from govproj.funds.models import Application, NonCompliance
from govproj.sharing import services
from govproj.testing.funds import application, om_application, open_call
from govproj.testing.sharing import register_system

ON = date(2025, 5, 6)


def test_a_zombie_system_gets_no_om_money_until_cleared(people, in_service):
    project = in_service()
    system = register_system(people, project)
    assert system.retest_due(system.dengbao_tested_on) == date(2025, 5, 1)  # level 3: every year
    with pytest.raises(PermissionDenied):
        services.system_flag_zombie(by=people["staff"], system=system, reason="长期无访问", on=ON)
    services.system_flag_zombie(by=people["lead"], system=system, reason="连续12个月无业务访问", on=ON)
    app = om_application(people, project, ON)
    with pytest.raises(WorkflowError) as info:
        fund_services.application_submit(by=people["staff"], application=app, on=ON)
    [finding] = info.value.findings
    assert finding["rule"] == "S5" and "钦政办〔2019〕5号" in finding["message"]
    assert finding["citation"] == {"document": "钦政办〔2019〕5号", "article": "二（二）1"}
    assert "智慧教育云平台" in finding["message"]
    # the unit cannot lift the block by moving the system off the project
    with pytest.raises(WorkflowError, match="所属项目不能更改"):
        services.system_save(by=people["staff"], owner=system.owner, system=system,
                             data={"name": system.name, "project": None})
    # construction money is not O&M money
    build = application(people, open_call(people, ON, deadline=date(2025, 12, 31)), project, on=ON)
    fund_services.application_submit(by=people["staff"], application=build, on=ON)
    # cleared: O&M money may be applied for again
    services.system_clear_zombie(by=people["lead"], system=system, reason="经复核业务仍在使用", on=date(2025, 5, 20))
    app = fund_services.application_submit(by=people["staff"], application=app, on=date(2025, 5, 20))
    assert app.status == Application.Status.SUBMITTED


def test_a_non_compliant_system_is_refused_the_same_way(people, in_service):
    project = in_service()
    register_system(people, project)
    fund_services.noncompliance_record(by=people["wxb"], project=project, kind=NonCompliance.Kind.SECURITY,
                                       description="等保测评逾期未开展", on=ON)
    app = om_application(people, project, ON)
    with pytest.raises(WorkflowError) as info:
        fund_services.application_submit(by=people["staff"], application=app, on=ON)
    assert [f["key"] for f in info.value.findings] == ["om_non_compliant"]


def test_register_belongs_to_the_owner_unit(people, in_service):
    project = in_service()
    with pytest.raises(PermissionDenied):
        services.system_save(by=people["gaj_officer"], owner=project.unit, data={"name": "x"})
    system = register_system(people, project)
    services.system_shut_down(by=people["staff"], system=system, on=ON)
    with pytest.raises(WorkflowError, match="已于"):
        services.system_shut_down(by=people["staff"], system=system, on=ON)
