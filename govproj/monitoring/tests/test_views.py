"""Monitoring pages over real HTTP: finance reaches everything, a unit only its own records, others get 403."""

import os
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from govproj.audit.models import AuditRecord
from govproj.common.staging import STAGING
from govproj.monitoring import services
from govproj.monitoring.models import (
    Case,
    Doubt,
    HandlingAction,
    ImportBatch,
    Payment,
    RuleSetting,
)

from .conftest import (
    Kind,
    confirmed_case,
    csv_bytes,
    large_payment,
    make_doubt,
    pdf,
    record,
    table,
)

K = HandlingAction.Kind


@pytest.fixture
def world(people):
    """A confirmed case of the education bureau (with an opinion) and a pending doubt of the public security bureau."""
    case = confirmed_case(people)
    services.case_act(by=people["finance"], case=case, kind=K.WRITTEN_OPINION, text="限期补办审批手续。",
                      deadline=timezone.localdate() + timedelta(days=10))
    other = make_doubt(large_payment(payer_name="钦州市公安局"), people["finance"])
    return {"case": case, "doubt": case.doubt, "other_doubt": other,
            "attachment": case.doubt.verifications.get().attachments.get()}


def own_pages(w):
    case, doubt = w["case"], w["doubt"]
    return [reverse("monitoring:overview"), reverse("monitoring:payments"), reverse("monitoring:doubts"),
            reverse("monitoring:doubt", args=[doubt.pk]), reverse("monitoring:cases"),
            reverse("monitoring:case", args=[case.pk]), reverse("monitoring:case_form", args=[case.pk]),
            reverse("monitoring:case_docx", args=[case.pk]),
            reverse("monitoring:case_docx", args=[case.pk]) + "?doc=opinion",
            reverse("monitoring:attachment", args=[w["attachment"].pk]), reverse("monitoring:rules")]


EXPORTS = ["monitoring:payments", "monitoring:doubts", "monitoring:cases"]


def test_finance_reaches_every_page_and_export(client, people, world):
    client.force_login(people["finance"])
    for url in own_pages(world) + [reverse("monitoring:imports"),
                                   reverse("monitoring:doubt", args=[world["other_doubt"].pk])]:
        assert client.get(url).status_code == 200, url
    for name in EXPORTS:
        response = client.get(reverse(name) + "?_export=xlsx")
        assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml"), name
    assert AuditRecord.objects.filter(action="export", object_type="monitoring.payment").exists()
    home = client.get("/").content.decode()
    assert 'href="/monitoring/"' in home


def test_oversight_reads_and_exports_but_cannot_operate(client, people, world):
    client.force_login(people["oversight"])
    for url in own_pages(world):
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("monitoring:payments") + "?_export=xlsx").status_code == 200
    assert client.get(reverse("monitoring:imports")).status_code == 403
    page = client.get(reverse("monitoring:case", args=[world["case"].pk])).content.decode()
    assert 'id="op-' not in page
    response = client.post(reverse("monitoring:case", args=[world["case"].pk]), {"_op": "phone_notice",
                                                                                  "phone_notice-text": "x"})
    assert response.status_code == 403


def test_unit_sees_only_its_own(client, people, world):
    client.force_login(people["staff"])
    for url in own_pages(world):
        assert client.get(url).status_code == 200, url
    payments = client.get(reverse("monitoring:payments")).content.decode()
    assert world["doubt"].payment.voucher in payments and world["other_doubt"].payment.voucher not in payments
    doubts = client.get(reverse("monitoring:doubts")).content.decode()
    assert world["other_doubt"].payment.voucher not in doubts
    assert client.get(reverse("monitoring:doubt", args=[world["other_doubt"].pk])).status_code == 404
    for name in EXPORTS:
        assert client.get(reverse(name) + "?_export=xlsx").status_code == 403
    for url in (reverse("monitoring:imports"),):
        assert client.get(url).status_code == 403

    client.force_login(people["other"])
    case, doubt = world["case"], world["doubt"]
    for url in (reverse("monitoring:doubt", args=[doubt.pk]), reverse("monitoring:case", args=[case.pk]),
                reverse("monitoring:case_form", args=[case.pk]), reverse("monitoring:case_docx", args=[case.pk]),
                reverse("monitoring:attachment", args=[world["attachment"].pk])):
        assert client.get(url).status_code == 404, url
    assert doubt.payment.voucher not in client.get(reverse("monitoring:payments")).content.decode()
    assert case.number not in client.get(reverse("monitoring:cases")).content.decode()


def test_users_without_the_permission_get_403(client, people, world):
    client.force_login(people["expert"])
    for url in own_pages(world) + [reverse("monitoring:imports")]:
        assert client.get(url).status_code == 403, url
    assert 'href="/monitoring/"' not in client.get("/").content.decode()
    client.logout()
    assert client.get(reverse("monitoring:overview")).status_code == 302


def test_import_preview_then_confirm_then_screen(client, people):
    client.force_login(people["finance"])
    rows = [record(Kind.PAYMENTS, amount="1200000.00"), record(Kind.PAYMENTS, amount="88.00")]
    data = csv_bytes(table(Kind.PAYMENTS, rows))
    upload = pdf("支付数据.csv", data)
    response = client.post(reverse("monitoring:imports"), {"_op": "preview", "kind": "payments", "file": upload})
    page = response.content.decode()
    assert response.status_code == 200 and 'id="preview-table"' in page
    assert '<strong id="preview-new">2</strong>' in page and rows[0]["voucher"] in page
    assert not Payment.objects.exists()  # nothing imported before confirmation
    token = page.split('name="token" value="')[1].split('"')[0]
    response = client.post(reverse("monitoring:imports"), {"_op": "confirm", "kind": "payments", "token": token,
                                                           "filename": "支付数据.csv"})
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert (batch.rows, batch.created, batch.imported_by) == (2, 2, people["finance"])
    assert Payment.objects.count() == 2
    # the staged copy is gone: confirming again imports nothing
    client.post(reverse("monitoring:imports"), {"_op": "confirm", "kind": "payments", "token": token,
                                                "filename": "支付数据.csv"})
    assert ImportBatch.objects.count() == 1
    # re-uploading the same file previews as already present
    response = client.post(reverse("monitoring:imports"), {"_op": "preview", "kind": "payments",
                                                           "file": pdf("支付数据.csv", data)})
    assert '<strong id="preview-existing">2</strong>' in response.content.decode()
    history = client.get(reverse("monitoring:imports")).content.decode()
    assert "支付数据.csv" in history


def test_an_unconfirmed_preview_is_removed_by_a_later_upload_after_a_day(client, people):
    client.force_login(people["finance"])

    def preview(amount):
        data = csv_bytes(table(Kind.PAYMENTS, [record(Kind.PAYMENTS, amount=amount)]))
        page = client.post(reverse("monitoring:imports"), {"_op": "preview", "kind": "payments",
                                                           "file": pdf("支付数据.csv", data)}).content.decode()
        return page.split('name="token" value="')[1].split('"')[0]

    abandoned, recent = preview("10.00"), preview("20.00")
    day_old = (timezone.now() - timedelta(days=1, minutes=1)).timestamp()
    os.utime(default_storage.path(STAGING + abandoned), (day_old, day_old))
    kept = preview("30.00")
    assert not default_storage.exists(STAGING + abandoned)
    assert default_storage.exists(STAGING + recent) and default_storage.exists(STAGING + kept)


def test_a_bad_file_is_rejected_with_its_errors(client, people):
    client.force_login(people["finance"])
    bad = record(Kind.PAYMENTS, amount="abc", paid_at="昨天")
    data = csv_bytes(table(Kind.PAYMENTS, [record(Kind.PAYMENTS), bad]))
    response = client.post(reverse("monitoring:imports"), {"_op": "preview", "kind": "payments",
                                                           "file": pdf("坏数据.csv", data)})
    page = response.content.decode()
    assert response.status_code == 400 and 'id="import-errors"' in page
    assert "第 3 行" in page and "支付金额" in page and "支付时间" in page
    assert 'id="preview"' not in page
    response = client.post(reverse("monitoring:imports"), {"_op": "preview", "kind": "payments",
                                                           "file": pdf("材料.pdf")})
    assert response.status_code == 400
    assert not Payment.objects.exists()


def test_screen_button_runs_screening(client, people, monkeypatch):
    calls = []
    monkeypatch.setattr(services, "screen", lambda by: calls.append(by) or {"findings": 3, "new_doubts": 2})
    client.force_login(people["finance"])
    response = client.post(reverse("monitoring:imports"), {"_op": "screen"}, follow=True)
    assert calls == [people["finance"]] and "新增疑点 2 个" in response.content.decode()
    client.force_login(people["staff"])
    assert client.post(reverse("monitoring:imports"), {"_op": "screen"}).status_code == 403


def test_doubt_operations_through_the_page(client, people):
    finance = people["finance"]
    doubt = make_doubt(large_payment(), finance)
    url = reverse("monitoring:doubt", args=[doubt.pk])
    client.force_login(finance)
    page = client.get(url).content.decode()
    assert "大额资金支付未按规定程序办理手续" in page and "/rulebook/" in page and "#art-9" in page
    assert 'id="op-confirm"' not in page  # nothing to conclude on before a verification
    response = client.post(url, {"_op": "assign", "assign-assignee": people["finance2"].pk})
    assert response.status_code == 302
    response = client.post(url, {"_op": "verify", "verify-method": "phone", "verify-on": timezone.localdate(),
                                 "verify-contact": "财务科", "verify-record": "电话核实情况",
                                 "verify-files": [pdf("通话.pdf"), pdf("说明.pdf")]})
    assert response.status_code == 302
    doubt.refresh_from_db()
    assert doubt.status == Doubt.Status.VERIFYING and doubt.assignee == people["finance2"]
    assert doubt.verifications.get().attachments.count() == 2
    response = client.post(url, {"_op": "confirm", "confirm-conclusion": ""})
    assert response.status_code == 400
    response = client.post(url, {"_op": "confirm", "confirm-conclusion": "确认违规"})
    case = Case.objects.get(doubt=doubt)
    assert response.status_code == 302 and response["Location"] == reverse("monitoring:case", args=[case.pk])
    page = client.get(url).content.decode()
    assert 'id="trail"' in page and "状态变更" in page and case.number in page
    client.force_login(people["staff"])
    assert client.post(url, {"_op": "dismiss", "dismiss-conclusion": "x"}).status_code == 403


def test_case_operations_through_the_page(client, people):
    finance, staff = people["finance"], people["staff"]
    case = confirmed_case(people)
    url = reverse("monitoring:case", args=[case.pk])
    client.force_login(finance)
    page = client.get(url).content.decode()
    for kind in services.UNIT_ACTIONS:
        assert f'id="op-{kind}"' in page
    assert 'id="op-bank_refund"' not in page and 'id="op-review"' not in page
    response = client.post(url, {"_op": "written_opinion", "written_opinion-text": "限期整改",
                                 "written_opinion-deadline": timezone.localdate() + timedelta(days=7)})
    assert response.status_code == 302
    response = client.post(url, {"_op": "suspend_funds", "suspend_funds-text": "暂缓拨付资金"})
    assert response.status_code == 400 and 'id="refused"' in response.content.decode()
    assert "第十五条第四项" in response.content.decode()

    client.force_login(staff)
    page = client.get(url).content.decode()
    assert 'id="op-result"' in page and 'id="op-phone_notice"' not in page
    assert client.post(url, {"_op": "phone_notice", "phone_notice-text": "x"}).status_code == 403
    response = client.post(url, {"_op": "result", "result-text": "已整改"})
    assert response.status_code == 400  # evidence required
    response = client.post(url, {"_op": "result", "result-text": "已整改", "result-files": [pdf("佐证.pdf")]})
    assert response.status_code == 302
    client.force_login(people["head"])
    assert 'id="op-result"' not in client.get(url).content.decode()  # already submitted

    client.force_login(finance)
    response = client.post(url, {"_op": "review", "review-decision": "accept", "review-note": "整改到位"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    page = client.get(url).content.decode()
    assert 'id="ops"' not in page and "整改到位" in page


def test_case_form_shows_the_overdue_badge(client, people):
    case = confirmed_case(people)
    services.case_act(by=people["finance"], case=case, kind=K.WRITTEN_OPINION, text="限期整改",
                      deadline=timezone.localdate() + timedelta(days=3))
    Case.objects.filter(pk=case.pk).update(deadline=timezone.localdate() - timedelta(days=1))
    client.force_login(people["finance"])
    assert 'id="overdue-badge"' in client.get(reverse("monitoring:case", args=[case.pk])).content.decode()
    assert "逾期" in client.get(reverse("monitoring:cases") + "?overdue=on").content.decode()
    assert case.number in client.get(reverse("monitoring:overview")).content.decode()
    printable = client.get(reverse("monitoring:case_form", args=[case.pk])).content.decode()
    assert "钦州市本级财政预算执行动态监控处理单" in printable and "@media print" in printable


def test_rule_settings_add_a_version(client, people):
    client.force_login(people["finance"])
    url = reverse("monitoring:rules")
    page = client.get(url).content.decode()
    assert page.count('<tr id="rule-') == 14 and 'id="op-rule_large_amount"' in page
    on = timezone.localdate() + timedelta(days=1)
    response = client.post(url, {"_op": "rule_large_amount", "rule_large_amount-valid_from": on,
                                 "rule_large_amount-severity": "warn", "rule_large_amount-enabled": "on",
                                 "rule_large_amount-p_threshold": "500000", "rule_large_amount-note": "下调大额标准"})
    assert response.status_code == 302
    setting = RuleSetting.objects.get(rule="large_amount", valid_from=on)
    assert setting.params["threshold"] == "500000" and setting.severity == "warn" and setting.created_by
    response = client.post(url, {"_op": "rule_prohibited_use", "rule_prohibited_use-valid_from": on,
                                 "rule_prohibited_use-severity": "intercept",
                                 "rule_prohibited_use-p_keywords": "烟酒、礼品，购物卡 高尔夫",
                                 "rule_prohibited_use-note": "收窄关键词"})
    assert response.status_code == 302
    setting = RuleSetting.objects.get(rule="prohibited_use", valid_from=on)
    assert setting.params["keywords"] == ["烟酒", "礼品", "购物卡", "高尔夫"] and not setting.enabled
    response = client.post(url, {"_op": "rule_large_amount", "rule_large_amount-valid_from": on,
                                 "rule_large_amount-severity": "warn", "rule_large_amount-p_threshold": "1",
                                 "rule_large_amount-note": ""})
    assert response.status_code == 400
    page = client.get(url).content.decode()
    assert "下调大额标准" in page
    client.force_login(people["staff"])
    page = client.get(url).content.decode()
    assert 'id="op-rule_' not in page
    assert client.post(url, {"_op": "rule_large_amount"}).status_code == 403
