"""Two people moving the same money at the same instant, each in its own thread and database connection.

PostgreSQL serialises the racers on the row locks and the conditional updates, so the first round is decided.
The SQLite test database (an in-memory shared cache) has table locks that refuse at once instead of waiting:
both racers may be refused in a round (both roll back, nothing is written), and the round is run again, as
``_race_until_decided`` in the lifecycle tests does. In every round: never more paid than the bound allows,
and the ledger holds exactly one payment per success.
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum

from govproj.common.errors import WorkflowError
from govproj.funds import services
from govproj.funds.models import Allocation, Contract, Payment
from govproj.projects import services as project_services
from govproj.projects.models import Event
from govproj.testing.projects import (
    D24,
    race,
    refused_by_race,
    thread_users,
)

ROUNDS = 1 if connection.vendor == "postgresql" else 6


@pytest.fixture
def paying(cast, constructing, money_path):
    """A contract whose fund part is 200,000.00, with progress and spending plan allowing all of it."""
    project = constructing()
    allocation = money_path(project)
    contract = services.contract_register(by=cast["staff"], allocation=allocation, number="HT-001", title="平台开发",
                                          supplier="广西某科技有限公司", amount=Decimal("200000"), fund_amount=None,
                                          signed_on=D24, on=D24)
    project_services.progress_report(by=cast["staff"], project=project, period="2025-03", percent=100,
                                     summary="主体完成", on=D24)
    services.spending_plan_set(by=cast["staff"], allocation=allocation, month=D24, amount=Decimal("1000000"), on=D24)
    return project, contract


def race_payments(cast, project, contract, amounts, *, vouchers=None, until_won=True):
    """Race one payment per amount; check the ledger after every round; return the results of the last round."""
    results = []
    for n in range(ROUNDS):
        paid_before = Contract.objects.get(pk=contract.pk).paid
        count_before = Payment.objects.count()
        names = vouchers or [f"R{n}-{i}" for i in range(len(amounts))]

        def call(amount, voucher):
            (by,) = thread_users(cast["staff"])
            return lambda: services.payment_record(by=by, contract=Contract.objects.get(pk=contract.pk),
                                                   amount=amount, paid_on=D24, voucher=voucher, purpose="进度款")

        results = race([call(Decimal(a), v) for a, v in zip(amounts, names, strict=True)])
        assert all(r == "ok" or refused_by_race(r) for r in results), results
        won = [Decimal(a) for a, r in zip(amounts, results, strict=True) if r == "ok"]
        c = Contract.objects.get(pk=contract.pk)
        a = Allocation.objects.get(pk=c.allocation_id)
        assert c.paid == paid_before + sum(won, Decimal("0"))
        assert c.paid <= c.fund_amount and a.paid <= a.contracted
        assert Payment.objects.count() == count_before + len(won)
        assert c.paid == (Payment.objects.filter(contract=c).aggregate(t=Sum("amount"))["t"] or 0) == a.paid
        assert Event.objects.filter(project=project, step="funds:pay").count() == Payment.objects.count()
        if "ok" in results or not until_won:
            return results
    pytest.fail(f"no racer ever paid: {results}")


@pytest.mark.django_db(transaction=True)
def test_two_payments_for_the_same_remaining_money_never_both_pass(cast, paying):
    project, contract = paying
    results = race_payments(cast, project, contract, ["150000", "150000"])
    assert results.count("ok") == 1
    loser = next(r for r in results if r != "ok")
    assert isinstance(loser, WorkflowError) or "locked" in str(loser)
    assert Contract.objects.get(pk=contract.pk).paid == Decimal("150000")
    # Tried again now, the loser is refused by the rule with the amount it may still pay.
    with pytest.raises(WorkflowError) as info:
        services.payment_record(by=cast["staff"], contract=contract, amount=Decimal("150000"), paid_on=D24,
                                voucher="R-again", purpose="进度款")
    assert {f["key"] for f in info.value.findings} >= {"payment_over_contract"}
    assert all(f["rule"] == "F9" for f in info.value.findings)
    assert Contract.objects.get(pk=contract.pk).paid == Decimal("150000")


@pytest.mark.django_db(transaction=True)
def test_payments_racing_within_the_bound_lose_no_update(cast, paying):
    """Both fit (2 × 100,000.00 of 200,000.00): whoever succeeds is counted once, none is lost or doubled."""
    project, contract = paying
    race_payments(cast, project, contract, ["100000", "100000"])
    c = Contract.objects.get(pk=contract.pk)
    assert c.paid in (Decimal("100000"), Decimal("200000"))


@pytest.mark.django_db(transaction=True)
def test_the_same_voucher_sent_twice_at_once_is_one_payment(cast, paying):
    """A double click: both may report success (the second gets the first's payment back), but one is recorded."""
    project, contract = paying
    for n in range(ROUNDS):
        voucher = f"PZ-dup-{n}"

        def call():
            (by,) = thread_users(cast["staff"])
            return lambda: services.payment_record(by=by, contract=Contract.objects.get(pk=contract.pk),
                                                   amount=Decimal("50000"), paid_on=D24, voucher=voucher,
                                                   purpose="进度款")

        results = race([call(), call()])
        assert all(r == "ok" or refused_by_race(r) for r in results), results
        recorded = Payment.objects.filter(voucher=voucher).count()
        assert recorded == (1 if "ok" in results else 0)
        c = Contract.objects.get(pk=contract.pk)
        assert c.paid == Decimal("50000") * recorded
        if recorded:
            break
    else:
        pytest.fail(f"no racer ever paid: {results}")
    assert Payment.objects.count() == 1
    assert Event.objects.filter(project=project, step="funds:pay").count() == 1
