"""The payment-monitoring demo of ``make demo``: imported, screened and walked through the services.

One test loads everything once through ``demo_setup`` (the portfolio is needed: ``no_fiscal_review``
looks at its projects) and checks it against the answer key ``data/monitoring/planted.csv``: every planted
violation is caught, no near-miss is, every rule has a doubt, the workflow stages are all there,
a second run changes nothing and the audit chain holds.
"""

import csv
import hashlib
import io
from collections import Counter
from datetime import date
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from govproj.accounts.models import User
from govproj.audit.models import AuditRecord
from govproj.audit.services import verify
from govproj.common.importing import import_data
from govproj.common.roles import Perm, Role
from govproj.common.scoping import restrict
from govproj.demo import monitoring, monitoring_files
from govproj.monitoring import services
from govproj.monitoring.importing import COLUMNS
from govproj.monitoring.models import (
    Attachment,
    BankAccount,
    Case,
    Doubt,
    HandlingAction,
    ImportBatch,
    Indicator,
    Payment,
    SpendingPlan,
    Verification,
)
from govproj.monitoring.rules import RULES


def counts() -> dict:
    models = (ImportBatch, BankAccount, Indicator, SpendingPlan, Payment, Doubt, Verification, Case, HandlingAction,
              Attachment, AuditRecord)
    return {m.__name__: m.objects.count() for m in models}


def found() -> set[tuple[str, str]]:
    return set(Doubt.objects.values_list("payment__voucher", "rule"))


def test_demo_setup_loads_the_monitoring_demo_once(db):
    out = StringIO()
    call_command("demo_setup", stdout=out)
    assert "已载入支付监控演示数据" in out.getvalue()

    # The five files went through the importer whole, the bank's GBK file included.
    batches = {b.kind: b for b in ImportBatch.objects.all()}
    assert set(batches) == set(ImportBatch.Kind.values)
    assert all(b.created == b.rows > 0 and b.skipped == 0 for b in batches.values())
    assert 1800 <= Payment.objects.count() <= 2600
    assert Payment.objects.values("payer").distinct().count() >= 25
    assert not Payment.objects.filter(payer__isnull=True).exists()  # every payer is a unit of the register
    assert len({b for b in Payment.objects.values_list("agent_bank", flat=True)}) == 4
    assert BankAccount.objects.filter(unit__name="钦州市第一中学", unit__parent__code="jyj").exists()

    # The answer key: every planted violation caught, every near-miss left alone; every rule has doubts.
    key = monitoring.planted()
    hits = {(r["凭证号"], r["规则"]) for r in key if r["预期"] == "命中"}
    misses = {(r["凭证号"], r["规则"]) for r in key if r["预期"] == "不命中"}
    assert set(RULES) == {rule for _v, rule in hits}
    assert hits - found() == set()
    assert misses & found() == set()
    per_rule = Counter(Doubt.objects.values_list("rule", flat=True))
    assert {rule: per_rule[rule] for rule in RULES if per_rule[rule] < 1} == {}
    # ... and nothing else: the routine rows break no rule (the December rush covers the whole month).
    rushed = {v for v, rule in hits if rule == "year_end_rush"}
    payer = Payment.objects.get(voucher=next(iter(rushed))).payer_name
    december = set(Payment.objects.filter(payer_name=payer, paid_at__year=2025, paid_at__month=12)
                   .values_list("voucher", flat=True))
    assert found() == hits | {(v, "year_end_rush") for v in december}
    assert 40 <= len(hits) <= 80

    # Every stage of the workflow has something to show.
    assert set(Doubt.objects.values_list("status", flat=True)) == set(Doubt.Status.values)
    assert set(Case.objects.values_list("status", flat=True)) == set(Case.Status.values)
    assert set(Verification.objects.values_list("method", flat=True)) == set(Verification.Method.values)
    kinds = set(HandlingAction.objects.values_list("kind", flat=True))
    assert {"phone_notice", "written_opinion", "suspend_plan", "result", "review", "bank_score"} <= kinds
    today = timezone.localdate()
    overdue = services.overdue_cases()
    assert overdue.count() == 1 and overdue.get().actions.filter(kind="suspend_plan").exists()
    assert Case.objects.filter(status=Case.Status.OPEN, deadline__gte=today).exists()
    submitted = Case.objects.get(status=Case.Status.SUBMITTED)
    result = submitted.actions.get(kind="result")
    assert result.by.username == "jyj_staff" and result.attachments.count() == 2
    assert submitted.deadline > today
    bank = Case.objects.get(party=Case.Party.BANK)
    assert bank.status == Case.Status.CLOSED and bank.party_name == "中国建设银行钦州分行"
    assert Doubt.objects.filter(status=Doubt.Status.PENDING, assignee__username="czj_finance").exists()
    # The stories read in business dates: found the morning after the payment, concluded as told.
    large = Doubt.objects.get(payment__voucher=monitoring.voucher("large_jyj"), rule="large_amount")
    assert timezone.localtime(large.found_at).date() == date(2026, 3, 19)
    assert timezone.localtime(large.case.closed_at).date() == date(2026, 3, 31)
    assert all(d.found_at > d.payment.paid_at for d in Doubt.objects.select_related("payment"))

    # The demo unit user sees its own cases (at every stage) and no other unit's; finance sees all.
    unit, finance = User.objects.get(username="jyj_staff"), User.objects.get(username="czj_finance")
    own = restrict(Case.objects.all(), unit, Perm.VIEW_MONITORING.value)
    assert set(own.values_list("status", flat=True)) == set(Case.Status.values)
    assert set(own.values_list("doubt__payment__payer__code", flat=True)) == {"jyj"}
    assert restrict(Case.objects.all(), finance, Perm.VIEW_MONITORING.value).count() == Case.objects.count() == 6
    assert all(services.can_answer(unit, case) for case in own)

    # Running again changes nothing, not even the audit log.
    before = counts()
    again = StringIO()
    assert monitoring.load_demo_monitoring(stdout=again) == 0
    assert "支付监控演示数据已存在" in again.getvalue()
    assert counts() == before
    result = verify()
    assert result.ok, result


def test_the_committed_files_are_what_the_generator_makes(db):
    """``python -m govproj.demo.monitoring_files`` is deterministic and the files in the repository are its output."""
    files = monitoring_files.generate()
    assert set(files) == {f"{kind}.csv" for kind in ImportBatch.Kind.values} | {"planted.csv"}
    for name, data in files.items():
        committed = (monitoring.DATA / name).read_bytes()
        assert hashlib.sha256(committed).digest() == hashlib.sha256(data).digest(), name
    for kind in ImportBatch.Kind.values:
        encoding = monitoring_files.ENCODINGS[kind]
        header = next(csv.reader(io.StringIO(files[f"{kind}.csv"].decode(encoding))))
        assert header == [c.header for c in COLUMNS[kind]], kind


def test_bank_writing_half_width_brackets_is_not_a_mismatch(make_user):
    """Planted near-miss fb_parentheses: the bank's 广西北部湾(钦州)… is the instruction's 广西北部湾（钦州）…."""
    finance = make_user("czj_finance", Role.FINANCE, "czj")
    files = monitoring_files.generate()
    for kind, name in monitoring.FILES:
        import_data(kind, by=finance, filename=name, data=files[name])
    services.screen(by=finance, payments=Payment.objects.filter(voucher=monitoring.voucher("fb_parentheses")))
    assert not Doubt.objects.filter(rule="bank_feedback_mismatch").exists()
