from datetime import date
from decimal import Decimal

from govproj.funds import services
from govproj.funds.models import FundReport, FundYear
from govproj.projects import services as project_services
from govproj.testing.projects import (
    D24,
)


def test_money_path_from_pool_to_payment_and_report(cast, constructing, money_path):
    project = constructing()
    allocation = money_path(project)
    assert allocation.amount == Decimal("1000000.00")
    fund = FundYear.objects.get(year=2025)
    assert (fund.budget, fund.allocated) == (Decimal("5000000.00"), Decimal("1000000.00"))
    staff = cast["staff"]
    contract = services.contract_register(by=staff, allocation=allocation, number="HT-001", title="平台开发",
                                          supplier="广西某科技公司", amount=Decimal("900000"), fund_amount=None,
                                          signed_on=D24, advance_percent=Decimal("30"), on=D24)
    services.spending_plan_set(by=staff, allocation=allocation, month=date(2025, 3, 1), amount=Decimal("400000"))
    payment = services.payment_record(by=staff, contract=contract, amount=Decimal("270000"), paid_on=D24,
                                      voucher="PZ-1", purpose="预付款")
    assert payment.progress_percent == 0
    report = FundReport.objects.get(project=project, year=2025, period="Q1")
    services.report_submit(by=staff, report=report, used_amount=Decimal("270000"), summary="支付预付款",
                           on=date(2025, 4, 3))
    project_services.progress_report(by=staff, project=project, period="2025-Q1", percent=50, summary="过半",
                                     on=date(2025, 4, 1))
