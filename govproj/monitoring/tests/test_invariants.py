"""The records' own rules (``clean()``) hold whichever way a step arrives: page, API, CLI or demo."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from govproj.common.errors import WorkflowError
from govproj.monitoring import forms, services
from govproj.monitoring.models import HandlingAction, Verification

from .conftest import Kind, add, confirmed_case, large_payment, make_doubt, pay

K = HandlingAction.Kind


def test_a_verification_cannot_be_dated_after_today(people):
    finance = people["finance"]
    doubt = make_doubt(large_payment(), finance)
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(WorkflowError) as refused:
        services.doubt_verify(by=finance, doubt=doubt, method="phone", record="电话核实", on=tomorrow)
    assert refused.value.messages == ["核实日期不能晚于今天。"]
    assert not Verification.objects.filter(doubt=doubt).exists()
    entry = services.doubt_verify(by=finance, doubt=doubt, method="phone", record="电话核实", on=timezone.localdate())
    assert entry.on == timezone.localdate()


def test_the_form_shows_the_date_rule_beside_the_date():
    tomorrow = timezone.localdate() + timedelta(days=1)
    form = forms.VerifyForm({"method": "phone", "on": tomorrow.isoformat(), "record": "电话核实"})
    assert not form.is_valid()
    assert form.errors["on"] == ["核实日期不能晚于今天。"]


def test_a_written_opinion_needs_a_deadline_after_its_date(people):
    finance = people["finance"]
    case = confirmed_case(people)
    today = timezone.localdate()
    for deadline in (None, today):
        with pytest.raises(WorkflowError) as refused:
            services.case_act(by=finance, case=case, kind=K.WRITTEN_OPINION, text="限期整改", deadline=deadline)
        assert refused.value.messages == ["书面整改意见须规定晚于今天的整改期限（第十五条第三项）。"]
    assert not case.actions.exists()
    opinion = services.case_act(by=finance, case=case, kind=K.WRITTEN_OPINION, text="限期整改",
                                deadline=today + timedelta(days=10))
    case.refresh_from_db()
    assert case.deadline == opinion.deadline == today + timedelta(days=10)


def test_a_bank_score_needs_the_deduction(people):
    finance = people["finance"]
    voucher = pay(amount="2000.00", agent_bank="中国工商银行钦州分行")
    add(Kind.FEEDBACK, {"voucher": voucher, "amount": "2000.00", "executed_at": "2024-03-07 11:00:00"})
    case = confirmed_case(people, voucher, rule="late_payment")
    with pytest.raises(WorkflowError) as refused:
        services.case_act(by=finance, case=case, kind=K.BANK_SCORE, text="纳入考评")
    assert refused.value.messages == ["请填写考评扣分。"]
    assert not case.actions.filter(kind=K.BANK_SCORE).exists()
    assert services.case_act(by=finance, case=case, kind=K.BANK_SCORE, text="纳入考评", score=Decimal("1.5")).score \
        == Decimal("1.5")
