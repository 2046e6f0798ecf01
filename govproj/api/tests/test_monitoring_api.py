"""/api/monitoring/payments/ and /api/monitoring/doubts/: read-only, scoped like the monitoring pages.

The data goes in the way the treasury's does: a CSV through ``common.importing.import_data``, then
``services.screen`` (one payment of each unit breaks the large-payment rule).
"""

import csv
import io

import pytest

from govproj.common.importing import import_data
from govproj.common.roles import Role
from govproj.monitoring import services
from govproj.monitoring.importing import COLUMNS
from govproj.monitoring.models import Doubt, ImportBatch, Payment
from govproj.testing.queries import ROWS, clones, flat

HEADERS = [c.header for c in COLUMNS[ImportBatch.Kind.PAYMENTS]]


def row(voucher, payer, amount, approval=""):
    values = {"凭证号": voucher, "付款人名称": payer, "付款人账号": "2107000000000000001", "预算指标": "2025450700001001",
              "用款计划": "", "预算科目": "2050101", "支付时间": "2025-03-05 10:00:00", "支付金额": amount,
              "支付方式": "直接支付", "支付类型": "普通支付", "结算方式": "转账", "用途": "校舍维修工程进度款",
              "项目名称": "", "收款人名称": "钦州市海湾建筑工程有限公司", "收款人账号": "45050000000000000001",
              "收款人开户银行": "中国建设银行钦州分行营业部", "大额审批单号": approval, "代理银行": "中国工商银行钦州分行"}
    return [values[h] for h in HEADERS]


@pytest.fixture
def monitored(make_user):
    people = {
        "finance": make_user("czj_finance", Role.FINANCE, "czj"),
        "jyj": make_user("jyj_staff", Role.UNIT_STAFF, "jyj"),
        "gaj": make_user("gaj_staff", Role.UNIT_STAFF, "gaj"),
        "oversight": make_user("sjj_oversight", Role.OVERSIGHT, "sjj"),
        "member": make_user("wxb_member", Role.MEMBER_DEPT, "wxb"),
    }
    out = io.StringIO()
    csv.writer(out).writerows([HEADERS, row("ZF-JYJ-1", "钦州市教育局", "1200000.00"),
                               row("ZF-JYJ-2", "钦州市教育局", "5000.00"),
                               row("ZF-GAJ-1", "钦州市公安局", "2000000.00"),
                               row("ZF-GAJ-2", "钦州市公安局", "1500000.00", approval="钦财国库〔2025〕大额审批001号")])
    import_data(ImportBatch.Kind.PAYMENTS, by=people["finance"], filename="payments.csv",
                         data=out.getvalue().encode("utf-8-sig"))
    services.screen(by=people["finance"])
    return people


def ids(response, key="voucher"):
    assert response.status_code == 200, response.content
    return sorted(r[key] for r in response.json()["results"])


def test_finance_and_oversight_see_every_payment_and_doubt(client, monitored):
    for who in ("finance", "oversight"):
        client.force_login(monitored[who])
        assert ids(client.get("/api/monitoring/payments/")) == ["ZF-GAJ-1", "ZF-GAJ-2", "ZF-JYJ-1", "ZF-JYJ-2"]
        large = ids(client.get("/api/monitoring/doubts/?rule=large_amount"))
        assert large == ["ZF-GAJ-1", "ZF-JYJ-1"]
    doubt = client.get("/api/monitoring/doubts/?rule=large_amount&payment__payer__code=jyj").json()["results"][0]
    assert doubt["payer"] == "jyj" and doubt["amount"] == "1200000.00" and doubt["status"] == "pending"
    assert doubt["severity"] == "intercept" and doubt["case_number"] is None and doubt["assignee"] is None
    payment = client.get(f"/api/monitoring/payments/{doubt['payment']}/").json()
    assert payment["voucher"] == "ZF-JYJ-1" and payment["payer"] == "jyj" and payment["amount"] == "1200000.00"


def test_a_unit_sees_its_own_payments_and_doubts_only(client, monitored):
    client.force_login(monitored["jyj"])
    assert ids(client.get("/api/monitoring/payments/")) == ["ZF-JYJ-1", "ZF-JYJ-2"]
    assert ids(client.get("/api/monitoring/doubts/?rule=large_amount")) == ["ZF-JYJ-1"]
    other = Payment.objects.get(voucher="ZF-GAJ-1")
    assert client.get(f"/api/monitoring/payments/{other.pk}/").status_code == 404
    other_doubt = Doubt.objects.get(payment=other, rule="large_amount")
    assert client.get(f"/api/monitoring/doubts/{other_doubt.pk}/").status_code == 404
    client.force_login(monitored["gaj"])
    assert ids(client.get("/api/monitoring/payments/?voucher=ZF-JYJ-1")) == []


def test_outsiders_are_refused_and_the_api_is_read_only(client, monitored):
    client.force_login(monitored["member"])  # 评估成员部门: no monitoring permission at all
    assert client.get("/api/monitoring/payments/").status_code == 403
    assert client.get("/api/monitoring/doubts/").status_code == 403
    client.logout()
    assert client.get("/api/monitoring/doubts/").status_code in (401, 403)
    client.force_login(monitored["finance"])
    doubt = Doubt.objects.filter(rule="large_amount").first()
    assert client.post("/api/monitoring/doubts/", {"rule": "large_amount"}).status_code == 405
    assert client.delete(f"/api/monitoring/doubts/{doubt.pk}/").status_code == 405
    assert client.get("/api/payments/").status_code == 200  # the funds ledger's route is untouched


def test_openapi_schema_lists_the_monitoring_endpoints(client, monitored):
    client.force_login(monitored["finance"])
    response = client.get("/api/schema/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "/api/monitoring/doubts/" in text and "/api/monitoring/payments/{id}/" in text
    assert "/api/payments/" in text and "/api/allocations/" in text


def test_payment_and_doubt_lists_stay_flat_with_30_rows(client, monitored):
    """House rule (no N+1, ≥ 30 rows): copies of a screened payment, then of its doubt, inserted at once."""
    payment = Payment.objects.get(voucher="ZF-JYJ-1")
    doubt = Doubt.objects.get(payment=payment, rule="large_amount")
    client.force_login(monitored["finance"])
    copies = []
    payments = flat(client, "/api/monitoring/payments/",
                    lambda: copies.extend(clones(payment, ROWS, voucher=lambda i: f"ZF-JYJ-X{i:02d}")))
    assert payments.json()["count"] == Payment.objects.count() > ROWS
    doubts = flat(client, "/api/monitoring/doubts/", lambda: clones(doubt, ROWS, payment_id=lambda i: copies[i].pk))
    assert doubts.json()["count"] == Doubt.objects.count() > ROWS
