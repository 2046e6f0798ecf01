"""A doubt from warning to closure through the services (Art. 10–17): verification, confirmation, the graded
responses of Art. 15 (units) and 16 (banks), the unit's rectification result and finance's review.

Every step must leave an audit record. Doubts come from ``services.screen`` on a payment planted to break
``large_amount`` (≥ 1,000,000 yuan without a 大额审批单号) when the screening finders are in place.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone

from govproj.audit.models import AuditRecord
from govproj.common.errors import WorkflowError
from govproj.common.models import Notification
from govproj.common.todos import todos_for
from govproj.monitoring import services
from govproj.monitoring.models import Case, Doubt, HandlingAction, Verification

from .conftest import (
    Kind,
    add,
    confirmed_case,
    large_payment,
    make_doubt,
    pay,
    pdf,
)

K = HandlingAction.Kind


def audited(obj, **filters) -> bool:
    return AuditRecord.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk), **filters).exists()


def test_doubt_to_closed_case_with_every_step_audited(people):
    finance, staff = people["finance"], people["staff"]
    today = timezone.localdate()
    voucher = large_payment()
    doubt = make_doubt(voucher, finance)
    assert doubt.status == Doubt.Status.PENDING and doubt.severity == "intercept"

    # conclusion needs a verification on file; pending cannot be concluded at all
    with pytest.raises(WorkflowError):
        services.doubt_conclude(by=finance, doubt=doubt, confirmed=True, conclusion="确认")
    with pytest.raises(PermissionDenied):
        services.doubt_verify(by=staff, doubt=doubt, method="phone", record="x")

    doubt = services.doubt_assign(by=finance, doubt=doubt, assignee=people["finance2"])
    assert audited(doubt, action="update")
    with pytest.raises(WorkflowError):
        services.doubt_assign(by=finance, doubt=doubt, assignee=staff)

    entry = services.doubt_verify(by=finance, doubt=doubt, method="phone", record="电话核实：单位称审批单未及时录入。",
                                  contact="教育局财务科", files=[pdf("通话记录.pdf")])
    doubt.refresh_from_db()
    assert doubt.status == Doubt.Status.VERIFYING
    assert entry.method == Verification.Method.PHONE
    [att] = entry.attachments.all()
    assert att.name == "通话记录.pdf" and att.file.read().startswith(b"%PDF")
    assert audited(entry, action="create") and audited(att, action="upload")
    assert audited(doubt, action="transition", after__step="start")

    doubt = services.doubt_conclude(by=finance, doubt=doubt, confirmed=True, conclusion="未办理大额审批手续，确认违规。")
    assert doubt.status == Doubt.Status.CONFIRMED and audited(doubt, after__step="confirm")
    case = doubt.case
    assert case.party == Case.Party.UNIT and case.party_name == "钦州市教育局" and case.status == Case.Status.OPEN
    assert audited(case, action="create")
    assert Notification.objects.filter(recipient=staff, url__endswith=f"/cases/{case.pk}/").exists()

    # Art. 15: bank measures do not apply to a budget unit; a unit cannot act for finance
    with pytest.raises(WorkflowError):
        services.case_act(by=finance, case=case, kind=K.BANK_REFUND, text="退回")
    with pytest.raises(PermissionDenied):
        services.case_act(by=staff, case=case, kind=K.PHONE_NOTICE, text="x")

    notice = services.case_act(by=finance, case=case, kind=K.PHONE_NOTICE, text="电话通知单位补办大额审批手续。")
    assert audited(notice, action="decision")
    with pytest.raises(WorkflowError):  # a written opinion needs a deadline after today
        services.case_act(by=finance, case=case, kind=K.WRITTEN_OPINION, text="限期整改", deadline=today)
    deadline = today + timedelta(days=10)
    opinion = services.case_act(by=finance, case=case, kind=K.WRITTEN_OPINION, text="请补办大额审批并调整账目。",
                                deadline=deadline)
    case.refresh_from_db()
    assert case.deadline == deadline and audited(opinion) and audited(case, action="update")

    # Art. 15 (四): refused before the deadline passes, allowed after it
    with pytest.raises(WorkflowError, match="第十五条第四项"):
        services.case_act(by=finance, case=case, kind=K.SUSPEND_PLAN, text="暂缓批复用款计划")
    assert not services.overdue_cases(today).filter(pk=case.pk).exists()
    late = deadline + timedelta(days=1)
    assert services.overdue_cases(late).filter(pk=case.pk).exists()
    suspend = services.case_act(by=finance, case=case, kind=K.SUSPEND_PLAN, text="暂缓批复用款计划", on=late)
    assert audited(suspend)

    # the unit answers its own case; another unit cannot; evidence is required
    with pytest.raises(PermissionDenied):
        services.case_submit_result(by=people["other"], case=case, text="x", files=[pdf()])
    with pytest.raises(WorkflowError):
        services.case_submit_result(by=staff, case=case, text="已整改", files=[])
    case = services.case_submit_result(by=staff, case=case, text="已补办审批手续。", files=[pdf("审批单.pdf")])
    assert case.status == Case.Status.SUBMITTED and audited(case, after__step="submit_result")
    result = case.actions.get(kind=K.RESULT)
    assert audited(result) and audited(result.attachments.get(), action="upload")

    with pytest.raises(PermissionDenied):
        services.case_review(by=staff, case=case, accepted=True, note="自己通过")
    case = services.case_review(by=finance, case=case, accepted=False, note="审批单缺少分管领导签字。")
    assert case.status == Case.Status.OPEN and audited(case, after__step="return")
    case = services.case_submit_result(by=people["head"], case=case, text="已补签字。", files=[pdf("审批单2.pdf")])
    case = services.case_review(by=finance, case=case, accepted=True, note="整改到位。")
    assert case.status == Case.Status.CLOSED and case.closed_at and case.closing_note == "整改到位。"
    assert audited(case, after__step="close")
    with pytest.raises(WorkflowError):
        services.case_act(by=finance, case=case, kind=K.CIRCULATE, text="通报")
    kinds = list(case.actions.values_list("kind", flat=True))  # by date: the measure was taken after the deadline
    assert kinds == [K.PHONE_NOTICE, K.WRITTEN_OPINION, K.RESULT, K.REVIEW, K.RESULT, K.REVIEW, K.SUSPEND_PLAN]
    assert all(audited(a) for a in case.actions.all())


def test_dismissed_doubt_opens_no_case(people):
    finance = people["finance"]
    doubt = make_doubt(large_payment(), finance)
    with pytest.raises(WorkflowError):  # only a doubt under verification can be dismissed
        services.doubt_conclude(by=finance, doubt=doubt, confirmed=False, conclusion="排除")
    services.doubt_verify(by=finance, doubt=doubt, method="materials", record="调阅审批单，审批手续齐全，系统漏录单号。",
                          files=[pdf("审批单.pdf")])
    with pytest.raises(WorkflowError):
        services.doubt_conclude(by=finance, doubt=doubt, confirmed=False, conclusion="  ")
    doubt = services.doubt_conclude(by=finance, doubt=doubt, confirmed=False, conclusion="审批手续齐全，排除疑点。")
    assert doubt.status == Doubt.Status.DISMISSED and doubt.concluded_at
    assert not Case.objects.filter(doubt=doubt).exists()
    assert audited(doubt, after__step="dismiss")
    with pytest.raises(WorkflowError):
        services.doubt_verify(by=finance, doubt=doubt, method="phone", record="再核实")


def test_business_dates_number_the_case_and_date_the_review(people):
    """A doubt confirmed on the last day of 2025 is a 2025 case, whenever the clerk types it in."""
    finance, staff = people["finance"], people["staff"]
    doubt = make_doubt(large_payment(), finance)
    services.doubt_verify(by=finance, doubt=doubt, method="phone", record="电话核实", on=date(2025, 12, 30))
    services.doubt_conclude(by=finance, doubt=doubt, confirmed=True, conclusion="确认违规", on=date(2025, 12, 31))
    case = Case.objects.get(doubt=doubt)
    assert case.number == f"JK2025-{doubt.pk:06d}"
    case = services.case_submit_result(by=staff, case=case, text="已补办审批手续。", files=[pdf("审批单.pdf")],
                                       on=date(2026, 1, 9))
    case = services.case_review(by=finance, case=case, accepted=False, note="缺少审批单原件", on=date(2026, 1, 12))
    assert case.actions.get(kind=HandlingAction.Kind.REVIEW).on == date(2026, 1, 12)


def test_bank_case_takes_article_16_actions_only(people):
    finance = people["finance"]
    voucher = pay(amount="2000.00", agent_bank="中国工商银行钦州分行")
    # the bank executed the instruction two days late: the real late_payment finder raises the doubt
    add(Kind.FEEDBACK, {"voucher": voucher, "amount": "2000.00", "executed_at": "2024-03-07 11:00:00"})
    case = confirmed_case(people, voucher, rule="late_payment")
    assert case.party == Case.Party.BANK and case.party_name == "中国工商银行钦州分行"
    for kind in (K.PHONE_NOTICE, K.CORRECT, K.WRITTEN_OPINION, K.SUSPEND_PLAN, K.SUSPEND_FUNDS, K.REVOKE_ACCOUNT):
        with pytest.raises(WorkflowError):
            services.case_act(by=finance, case=case, kind=kind, text="不适用", deadline=timezone.localdate() + timedelta(5))
    services.case_act(by=finance, case=case, kind=K.BANK_REFUND, text="按原渠道退回后重新办理。")
    services.case_act(by=finance, case=case, kind=K.BANK_TRANSMISSION, text="立即整改信息传输。")
    with pytest.raises(WorkflowError):
        services.case_act(by=finance, case=case, kind=K.BANK_SCORE, text="纳入考评")
    score = services.case_act(by=finance, case=case, kind=K.BANK_SCORE, text="纳入服务质量考评。", score=Decimal("2.0"))
    assert score.score == Decimal("2.0") and audited(score)
    assert not services.can_answer(people["staff"], case)  # a bank case is not the unit's to answer
    case = services.case_submit_result(by=finance, case=case, text="银行来函：已重新办理。")  # received on paper
    case = services.case_review(by=finance, case=case, accepted=True, note="已整改。")
    assert case.status == Case.Status.CLOSED


def test_overdue_cases_escalate_once_a_day_and_show_in_todos(people):
    finance, staff = people["finance"], people["staff"]
    case = confirmed_case(people)
    today = timezone.localdate()
    assert any(str(case.number) in t.title for t in todos_for(staff))
    services.case_act(by=finance, case=case, kind=K.WRITTEN_OPINION, text="限期整改", deadline=today + timedelta(3))
    later = today + timedelta(days=5)
    sent = services.escalate_overdue(later)
    assert sent >= 2 and services.escalate_overdue(later) == 0
    assert Notification.objects.filter(recipient=staff, title__contains="已超过整改期限").exists()
    call_command("remind", "--date", (later + timedelta(days=1)).isoformat())
    assert Notification.objects.filter(recipient=finance, dedupe_key__endswith=(later + timedelta(1)).isoformat()).exists()

    Case.objects.filter(pk=case.pk).update(deadline=today - timedelta(days=1))
    finance_todos = todos_for(finance)
    assert any(t.overdue and case.number in t.title for t in finance_todos)
    unit_todos = todos_for(staff)
    assert any(t.overdue and case.number in t.title for t in unit_todos)
    assert not any(case.number in t.title for t in todos_for(people["other"]))
    services.case_submit_result(by=staff, case=case, text="已整改", files=[pdf()])
    assert any("审核整改结果" in t.title and case.number in t.title for t in todos_for(finance))


def test_task_runs_the_escalation(people, monkeypatch):
    from govproj.monitoring import tasks

    calls = []
    monkeypatch.setattr(tasks, "escalate_overdue", lambda day: calls.append(day) or 3)
    assert tasks.escalate_overdue_cases.delay().get() == 3 and calls == [timezone.localdate()]


def test_pending_doubts_are_a_todo_for_finance(people):
    make_doubt(large_payment(), people["finance"])
    assert any("待分配核实" in t.title for t in todos_for(people["finance"]))
    assert not any("待分配核实" in t.title for t in todos_for(people["staff"]))
