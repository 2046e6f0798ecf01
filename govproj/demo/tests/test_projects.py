"""The demo portfolio of ``make demo``: walked through the services, idempotent, every state covered.

One test loads the portfolio once (it takes a while) and checks everything about it. The conftest's
autouse ``media`` fixture keeps the uploaded documents in a temporary MEDIA_ROOT.
"""

from collections import Counter
from io import StringIO

from django.core.management import call_command

from govproj.audit.models import AuditRecord
from govproj.audit.services import verify
from govproj.projects.models import (
    AcceptanceAttempt,
    AnnualPlan,
    Opinion,
    Postponement,
    Project,
)
from govproj.projects.states import State


def test_demo_setup_loads_the_portfolio_once(db):
    out = StringIO()
    call_command("demo_setup", stdout=out)
    projects = Project.objects.all()

    assert projects.count() >= 60
    states = Counter(projects.values_list("state", flat=True))
    assert {s: states[s] for s in State.values if states[s] < 2} == {}
    assert {"钦政办规〔2023〕6号", "钦政办规〔2024〕1号"} <= set(projects.values_list("rulebook", flat=True))
    assert projects.values("unit").distinct().count() >= 12
    assert {2023, 2024, 2025, 2026} <= set(projects.values_list("plan_year", flat=True))
    assert set(projects.values_list("declaration_type", flat=True)) == {"annual", "special"}
    assert projects.filter(total_investment=4_000_000).exists() and projects.filter(total_investment=500_000).exists()

    # The stories the demo is for.
    twice = [p for p in projects if p.acceptances.count() == 2]
    assert twice and [a.passed for a in twice[0].acceptances.order_by("number")] == [False, True]
    assert AcceptanceAttempt.objects.filter(late=True).exists()
    assert Postponement.objects.filter(status=Postponement.Status.APPROVED).exists()
    assert Opinion.objects.filter(kind="xinchuang", conclusion="agree", author__username="bmj_secrecy").exists()
    assert dict(AnnualPlan.objects.values_list("year", "status")) == {
        2024: "approved", 2025: "approved", 2026: "submitted", 2027: "draft"}

    # The printed account list names the demo_setup accounts only, then the count.
    text = out.getvalue()
    assert "jyj_staff" in text and "gaj_staff" not in text and "kjj_member" not in text
    assert f"已载入演示项目 {projects.count()} 个" in text

    # Running again (either command) loads nothing and leaves the audit chain intact.
    count, audited = projects.count(), AuditRecord.objects.count()
    again = StringIO()
    call_command("demo_setup", stdout=again)
    call_command("demo_projects", stdout=again)
    assert Project.objects.count() == count
    assert "已载入演示项目" not in again.getvalue() and "演示项目已存在" in again.getvalue()
    assert AuditRecord.objects.count() >= audited
    result = verify()
    assert result.ok, result
