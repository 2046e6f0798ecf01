"""The demo fund ledger of ``make demo``: walked through the services, idempotent, every story present.

Like the portfolio's own test, one test loads everything once (portfolio and funds take a while
together) and checks all of it. The autouse ``media`` fixture keeps the uploads in a temporary MEDIA_ROOT.
"""

from collections import defaultdict
from datetime import date
from decimal import Decimal
from io import StringIO

from django.core.management import call_command
from django.db.models import Sum

from govproj.accounts.models import User
from govproj.audit.models import Action, AuditRecord
from govproj.audit.services import verify
from govproj.funds import selectors
from govproj.funds.models import (
    Adjustment,
    Allocation,
    Application,
    ArrangementPlan,
    Call,
    ContentChange,
    Contract,
    FundDocument,
    FundReport,
    FundYear,
    NonCompliance,
    Payment,
    PerformanceEvaluation,
    PoolLine,
    Recovery,
)
from govproj.rulebook.vocabulary import FUND_MATERIALS_REQUIRED

V2023, V2024 = "钦政办规〔2023〕6号", "钦政办规〔2024〕1号"
TODAY = date(2026, 11, 23)  # the portfolio stands as of late November 2026
LEDGER = (FundYear, PoolLine, Call, Application, FundDocument, ArrangementPlan, Allocation, Adjustment, Recovery,
          ContentChange, Contract, Payment, FundReport, NonCompliance, PerformanceEvaluation)


def statuses(model) -> set[str]:
    return set(model.objects.values_list("status", flat=True))


def test_demo_setup_loads_the_fund_ledger_once(db):
    out = StringIO()
    call_command("demo_setup", stdout=out)
    assert "已载入演示资金台账" in out.getvalue()

    # Three years, both rulebooks: 2024 under the 2023 measures (市发展改革委), then 市大数据发展局.
    assert set(FundYear.objects.values_list("year", flat=True)) == {2024, 2025, 2026}
    assert dict(Call.objects.values_list("fund__year", "issuer__code")) == {2024: "fgw", 2025: "dsj", 2026: "dsj"}
    assert PoolLine.objects.values("unit").distinct().count() >= 5
    assert set(PoolLine.objects.values_list("kind", flat=True)) == {"construction", "equipment", "om"}
    assert {V2023, V2024} <= set(Application.objects.values_list("rulebook", flat=True))
    assert {V2023, V2024} <= set(Payment.objects.values_list("rulebook", flat=True))

    # Every status the loader tells a story about.
    assert statuses(Application) == {"draft", "submitted", "verified", "withdrawn"}
    assert statuses(ArrangementPlan) == {"submitted", "approved", "allocated"}
    assert set(ArrangementPlan.objects.filter(status="allocated").values_list("fund__year", flat=True)) == {
        2024, 2025, 2026}
    # One was sent back by the government and resubmitted (resubmission clears return_reason; the audit log keeps it).
    transitions = AuditRecord.objects.filter(action=Action.TRANSITION, object_type="funds.arrangementplan")
    assert [(r.after or {}).get("step") for r in transitions].count("return") == 1
    assert statuses(Adjustment) == {"submitted", "approved", "rejected"}
    assert set(Adjustment.objects.filter(status="approved").values_list("change", flat=True)) == {"change", "transfer"}
    assert set(Adjustment.objects.filter(status="submitted").values_list("change", flat=True)) == {"add"}
    assert statuses(ContentChange) == {"filed", "approval_pending", "consent_pending", "approved", "found"}
    assert statuses(PerformanceEvaluation) == {"open", "concluded"}
    assert set(PerformanceEvaluation.objects.filter(status="concluded").values_list("result", flat=True)) == {
        "qualified", "unqualified"}
    assert {r.reason: r.method for r in Recovery.objects.all()} == {"not_started": "盘活", "surplus": "收回总预算"}
    findings = NonCompliance.objects.select_related("department", "project")
    assert {f.department.code for f in findings} <= {"gaj", "wxb"}
    assert {f.resolved_on is None for f in findings} == {True, False}
    assert all(f.project.state == "operating" for f in findings)

    # Verification: cuts give their reasons, one was reviewed by a third party; materials as the rules require.
    verified = Application.objects.filter(status="verified")
    cuts = [a for a in verified if a.verified_amount < a.requested]
    assert len(cuts) >= 3 and all(a.verification_note for a in cuts)
    assert verified.exclude(third_party="").count() == 1
    assert FundDocument.objects.filter(kind="third_party_review").count() == 1
    for app in Application.objects.exclude(status="draft").prefetch_related("documents"):
        assert set(FUND_MATERIALS_REQUIRED[app.kind]) <= {d.kind for d in app.documents.all()}, app
    assert all(a.project.state in ("accepted", "archived", "operating")
               for a in Application.objects.filter(kind="om").select_related("project"))

    # The money reconciles: pool ≥ allocated + recovered, allocation ≥ contracted ≥ paid, details = totals.
    allocated, recovered = defaultdict(Decimal), defaultdict(Decimal)
    for allocation in Allocation.objects.select_related("fund"):
        assert allocation.amount >= allocation.contracted >= allocation.paid, allocation
        contracts = allocation.contracts.aggregate(f=Sum("fund_amount"), p=Sum("paid"))
        assert (contracts["f"] or 0) == allocation.contracted and (contracts["p"] or 0) == allocation.paid
        assert (allocation.recoveries.aggregate(t=Sum("amount"))["t"] or 0) == allocation.recovered
        allocated[allocation.fund.year] += allocation.amount
        recovered[allocation.fund.year] += allocation.recovered
    for fund in FundYear.objects.all():
        assert fund.budget >= fund.allocated + fund.recovered
        assert fund.budget == fund.pool_lines.aggregate(t=Sum("amount"))["t"]
        assert (fund.allocated, fund.recovered) == (allocated[fund.year], recovered[fund.year])
    for contract in Contract.objects.all():
        assert contract.payments.aggregate(t=Sum("amount"))["t"] == contract.paid, contract
        assert all(p.paid_on >= contract.signed_on for p in contract.payments.all())
    assert Payment.objects.count() >= 50 and not Payment.objects.filter(paid_on__gt=TODAY).exists()

    # Reports: most on time, one late, a few overdue and unsubmitted as of today.
    submitted = FundReport.objects.filter(submitted_on__isnull=False)
    late = [r for r in submitted if r.submitted_on > r.due_on]
    assert len(late) == 1 and submitted.count() - len(late) >= 50
    oversight = User.objects.get(username="sjj_oversight")
    assert selectors.overdue_reports(oversight, today=TODAY).count() >= 3

    # Running again (either command) loads nothing more and leaves the audit chain intact.
    counts = {model: model.objects.count() for model in LEDGER}
    again = StringIO()
    call_command("demo_setup", stdout=again)
    assert "演示资金台账已存在" in again.getvalue() and "已载入演示资金台账" not in again.getvalue()
    assert {model: model.objects.count() for model in LEDGER} == counts
    result = verify()
    assert result.ok, result
